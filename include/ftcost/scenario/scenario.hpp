#pragma once
// A scenario after loading: every name resolved against the catalog, every default filled in and
// recorded. The cost models read only these plain structs.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/catalog/price_ref.hpp"
#include "ftcost/util/distribution.hpp"
#include "ftcost/util/error.hpp"

namespace ftcost {

// An hourly labour rate: a catalog role or the user's own number.
struct Rate {
  double usd_per_hour = 0;
  PriceRef ref;
};

// An amount of money per unit given by the user or taken from defaults.
struct UnitPrice {
  double usd = 0;
  PriceRef ref;
};

struct SyntheticData {
  double examples = 0;
  ApiPrice api;  // the API that generates them
  double input_tokens_per_example = 0;
  double output_tokens_per_example = 0;
};

struct DataPlan {
  double examples = 0;               // human or collected examples
  double tokens_per_example = 0;     // prompt + completion, as trained
  UnitPrice collection_per_example;  // licensing or collection, USD per example
  double cleaning_hours_per_1k = 0;
  Rate cleaning_rate;
  double annotation_share = 0;  // share of examples labelled by people, 0..1
  double minutes_per_label = 0;
  Rate annotation_rate;
  double review_share = 0;  // share of labels given a second QA review, 0..1
  double review_minutes_per_label = 0;
  Rate review_rate;
  SyntheticData synthetic;
  double pipeline_hours = 0;  // data pipeline engineering, one-time
  Rate engineering_rate;
  double refresh_every_months = 0;  // 0 = never
  double refresh_share = 0;         // share of the per-example work redone at each refresh

  double total_examples() const { return examples + synthetic.examples; }
};

enum class TrainingMethod { full, lora, qlora, prompt_tuning };
std::string to_string(TrainingMethod method);

// The attention kernel a training stack runs. `fused`: the GPU's own fused kernel at the rate of
// its GEMMs (FlashAttention-2 on Ampere and Ada, FlashAttention-3 or cuDNN's fused attention on
// Hopper, cuDNN's or FlashAttention-4 on datacenter Blackwell). `flash_attention_2`: FlashAttention-2
// (or FlexAttention, of its class) where it is not the native kernel (on Hopper it uses no wgmma, on
// datacenter Blackwell no tcgen05), at training.flash_attention_2_rate.<architecture> of that.
enum class AttentionKernel { fused, flash_attention_2 };
std::string to_string(AttentionKernel kernel);
// "fused", "flash-attention-2" and their common spellings ("fa2", "flash_attention_2", "fa3",
// "cudnn", "flash-attention-3", "transformer-engine"); empty when the text names neither.
std::optional<AttentionKernel> parse_attention_kernel(std::string_view text);
// How to write a kernel `text` did not name: the two values, and which one PyTorch's SDPA was on
// Hopper when `text` says sdpa (it depends on the release).
std::string attention_kernel_fix(std::string_view text);

// A number that has no default of its own here: the catalog (data/defaults.json) is its one source,
// and the loader or the assumptions filler (scenario/assumptions.hpp) always sets it. NaN, so a value
// that was never filled poisons every result it reaches instead of passing for a plausible default
// (tests/unit/catalog_defaults_test.cpp checks every one is filled from the catalog).
inline constexpr double from_catalog = std::numeric_limits<double>::quiet_NaN();

// Numbers the training model needs beyond the plan; filled from data/defaults.json by
// training_assumptions() (scenario/assumptions.hpp), the catalog id of each in a comment.
struct TrainingAssumptions {
  double mfu = from_catalog;                        // training.mfu.<gpu>|<architecture>|default: matmul efficiency
  std::string mfu_default_id;                       // the catalog default it came from ("" = the user's own)
  double multi_node_efficiency = from_catalog;      // training.multi_node_efficiency: per doubling of nodes
  double run_goodput = from_catalog;                // training.run_goodput: share of GPU-hours that advance
  int gpus_per_node = 0;                            // training.gpus_per_node
  double optimizer_bytes_per_param = from_catalog;  // training.optimizer_bytes_per_param (Adam)
  double gradient_bytes_per_param = from_catalog;   // training.gradient_bytes_per_param
  double qlora_bytes_per_param = from_catalog;      // training.qlora_bytes_per_param (NF4 + constants)
  double memory_usable_share = from_catalog;        // training.memory_usable_share
  double memory_reserved_gb = from_catalog;         // training.memory_reserved_gb: CUDA context, buffers
  int max_gpus = 0;                                 // training.max_gpus
  // Memory traffic the matmul peak does not cover (docs/models.md, 'How the numbers are computed', training):
  double activation_traffic_bytes = from_catalog;  // training.activation_traffic_bytes
  double adapter_traffic_bytes = from_catalog;     // training.adapter_traffic_bytes
  double optimizer_step_bytes = from_catalog;      // training.optimizer_step_bytes
  double dequant_bytes_per_param = from_catalog;   // training.dequant_bytes_per_param (QLoRA)
  double tokens_per_step_per_gpu = from_catalog;   // training.tokens_per_step_per_gpu
  double max_micro_batch = from_catalog;           // training.max_micro_batch
  double recompute_cost = from_catalog;            // training.recompute_cost: a recomputed forward's share
  double moe_efficiency = from_catalog;            // training.moe_efficiency
  double network_gb_s_per_gpu = from_catalog;      // training.network_gb_s_per_gpu: between nodes
  double host_link_gb_s = from_catalog;            // training.host_link_gb_s: GPU <-> host (PCIe)
  double cpu_optimizer_gb_s = from_catalog;        // training.cpu_optimizer_gb_s: CPU Adam step
  // One GPU, full fine-tune: bf16 weights updated in place with 8-bit Adam moments, each layer's step
  // taken in its backward (single-device low-memory recipes).
  double low_memory_state_bytes_per_param = from_catalog;  // training.low_memory_state_bytes_per_param
  double low_memory_step_bytes = from_catalog;             // training.low_memory_step_bytes
  double spot_interruption_overhead = from_catalog;        // training.spot_interruption_overhead
  // FlashAttention-2's rate on this GPU as a share of the fused kernel's:
  // training.flash_attention_2_rate.<gpu, product line or architecture> (1 where FA2 is the fused one).
  double flash_attention_2_rate = from_catalog;
  std::string flash_attention_2_rate_id;
  // Each run's start, billed on every GPU: the same physics as a serving cold start.
  double run_start_fixed_s = from_catalog;    // serving.cold_start_fixed_s: container, framework, NCCL
  double run_start_load_gb_s = from_catalog;  // serving.cold_start_load_gb_s: the base weights read in
};

// The plans' numbers hold 0 until the loader fills them: a scenario field's default is written only
// in src/scenario/load.cpp (README 'Scenario reference'), an assumption's only in the catalog.
struct TrainingPlan {
  TrainingMethod method = TrainingMethod::lora;
  double epochs = 0;
  double seq_len = 0;
  GpuSpec gpu;
  std::optional<int> gpu_count;  // empty = auto (smallest count that fits)
  UnitPrice gpu_hour;            // USD per GPU-hour
  bool spot = false;             // bought as spot capacity: interruptions add GPU-hours
  // Catalog defaults marked verified: false that this plan's cost rests on (the spot interruption
  // overhead when spot): the report warns about each, as it does about an unverified price.
  std::vector<DefaultValue> unverified_assumptions;
  Precision precision = Precision::bf16;
  bool mfu_from_user = false;
  // The recipe checkpoints every layer's activations (gradient checkpointing on); otherwise the memory
  // plan recomputes only what memory forces.
  bool activation_checkpointing = false;
  // The recipe computes the loss in chunks (torchtune's CEWithChunkedOutputLoss, Liger's or Unsloth's
  // fused cross-entropy): the logits stay bf16 and are never upcast whole to fp32.
  bool chunked_loss = false;
  // Tokens a token's attention spans when examples are packed into a sequence with document masking
  // (flash-attention's variable-length kernels, a flex-attention block mask); unset: the whole
  // sequence (one example per sequence, or packing without masks).
  std::optional<double> attention_span;
  // The attention kernel the stack runs (AttentionKernel); written, or fused.
  AttentionKernel attention_kernel = AttentionKernel::fused;
  // Sequences per GPU in one forward/backward pass, as the recipe sets it (its per-device batch
  // size); unset: as many as fit, up to training.max_micro_batch. Per-pass costs (QLoRA
  // dequantisation, FSDP gathers, the low-memory optimizer step) spread over it.
  std::optional<double> micro_batch;
  // Written, or training.lora_rank, training.lora_target_share and training.prompt_virtual_tokens of
  // the catalog; the loader sets all three whatever the method (a served adapter follows the first two).
  double lora_rank = from_catalog;
  double lora_target_share = from_catalog;  // share of linear layers with adapters (1 = all)
  double prompt_virtual_tokens = from_catalog;
  double trials = 0;                // full-length training runs per round, the final one included
  double validation_overhead = 0;   // evaluation compute as a share of training compute
  double retrain_every_months = 0;  // 0 = train once
  double checkpoints_kept = 0;
  UnitPrice storage_per_gb_month;
  double engineering_hours = 0;
  Rate engineering_rate;
  TrainingAssumptions assumptions;
};

// Numbers the serving model needs beyond the plan; filled from data/defaults.json by
// serving_assumptions() (scenario/assumptions.hpp), the catalog id of each in a comment.
struct ServingAssumptions {
  double bandwidth_efficiency = from_catalog;  // serving.bandwidth_efficiency: decode's share of peak
  double compute_efficiency = from_catalog;    // serving.compute_efficiency[.<gpu>|.<architecture>]
  std::string compute_efficiency_id;           // the catalog default it came from
  double tensor_parallel_efficiency =
      from_catalog;  // serving.tensor_parallel_efficiency: per doubling, sharded kernels
  // Tensor-parallel all-reduce inside a node (ring): base + 2(g − 1) hops × hop latency, besides the bytes.
  double allreduce_base_latency_us = from_catalog;  // serving.allreduce_base_latency_us
  double allreduce_hop_latency_us = from_catalog;   // serving.allreduce_hop_latency_us.{nvlink,pcie}: per hop
  double step_overhead_ms = from_catalog;           // serving.step_overhead_ms[.<engine>]: per decode step
  std::string step_overhead_id;                     // the catalog default it came from
  double layer_overhead_ms = from_catalog;          // serving.layer_overhead_ms: per layer per decode step
  double api_server_share_removed = 0;              // offline measurement: serving.api_server_share.<engine> taken off
  double adapter_efficiency = from_catalog;         // serving.multi_adapter_efficiency: several LoRA adapters
  double memory_usable_share = from_catalog;        // serving.memory_usable_share
  double memory_reserved_gb = from_catalog;         // serving.memory_reserved_gb
  double max_batch = from_catalog;                  // serving.max_batch
  std::string max_batch_id = "serving.max_batch";   // or serving.max_batch_large_gpu: the one that applied
  // Scale to zero (min_replicas 0 with autoscaling): each start's cold start and minimum billed time.
  double cold_start_fixed_s = from_catalog;    // serving.cold_start_fixed_s: engine and container start
  double cold_start_load_gb_s = from_catalog;  // serving.cold_start_load_gb_s: weights into GPU memory
  double min_billed_s = from_catalog;          // serving.scale_to_zero_min_billed_s: least billed per start
  // A replica whose tensor parallelism spans nodes: its all-reduces cross the network.
  int gpus_per_node = 0;                                  // training.gpus_per_node
  double network_gb_s_per_gpu = from_catalog;             // training.network_gb_s_per_gpu: one direction
  double cross_node_allreduce_latency_us = from_catalog;  // serving.cross_node_allreduce_latency_us
};

struct HostingPlan {
  double queries_per_month = 0;
  double input_tokens = 0;                        // per query
  double output_tokens = 0;                       // per query
  double peak_factor = 0;                         // peak-hour traffic / average traffic
  std::optional<double> max_ms_per_output_token;  // latency target (inter-token)
  std::optional<double> max_time_to_first_token_ms;
  GpuSpec gpu;
  std::optional<int> gpus_per_replica;  // empty = auto
  UnitPrice gpu_hour;
  Precision precision = Precision::fp16;
  std::string engine;  // serving engine (serving_engines()); "" = not stated
  double min_replicas = 0;
  double adapters = 0;  // LoRA adapters served together on one base (multi-LoRA); 1 = one merged model
  // One served adapter's LoRA rank and share of adapted layers: the training plan's (derive_defaults).
  double adapter_rank = from_catalog;
  double adapter_target_share = from_catalog;
  bool autoscaling = false;
  std::optional<double> cold_start_s;  // the scenario's own cold start (scale to zero); else from the weights
  std::optional<double> min_billed_s;  // the scenario's own minimum billed time per start
  double target_utilization = 0;       // headroom kept on each replica
  UnitPrice monitoring_per_month;
  double ops_fte = 0;  // share of one engineer's time
  Rate ops_rate;
  ServingAssumptions assumptions;
};

struct ApiAlternative {
  std::string id;     // option id, unique in the scenario (assign_option_ids): "api:gpt-4o-mini"
  std::string label;  // as written; "" = none
  ApiPrice api;
  double few_shot_tokens = 0;  // extra prompt tokens on every query
  double cached_share = 0;     // share of the few-shot prefix billed at the cached-input price
  double prompt_engineering_hours = 0;
  Rate engineering_rate;
};

struct FinetuneAlternative {
  std::string id;     // option id, unique in the scenario (assign_option_ids): "finetune:<offer>"
  std::string label;  // as written; "" = none
  FinetunePrice offer;
  double epochs = 0;
  double trials = 0;
  bool epochs_written = false;  // else training.epochs (derive_defaults)
  bool trials_written = false;  // else training.hyperparameter_trials
  double engineering_hours = 0;
  Rate engineering_rate;
  // How many of the offer's hourly hosting units run all month: GPUs of a dedicated deployment
  // (Fireworks bills a fine-tuned LoRA's deployment per GPU-hour), or deployments (Azure).
  double hosting_units = 1;
  // The offer's `hosting_gpu`, when the scenario leaves hosting_units out: the deployment is then
  // sized by the hosting model (dedicated_deployment) at every volume, with that GPU's serving
  // assumptions and no engine of the scenario's.
  std::optional<GpuSpec> deployment_gpu;
  ServingAssumptions deployment_assumptions;
  // The serving choices the scenario wrote, kept apart so a plan's self-hosting candidates (another
  // precision, autoscaling) do not change the vendor's deployment.
  Precision deployment_precision = Precision::fp16;
  bool deployment_autoscaling = false;
  std::string field;  // "alternatives.managed_finetune[i]": where its errors point
};

// Which of the values that default to another field the scenario wrote itself. derive_defaults()
// (scenario/resolve.hpp) sets every other one from the field it follows, after loading and after every
// override (--set, a sweep point, a Monte Carlo sample, a plan candidate), so none goes stale.
struct WrittenFields {
  bool review_minutes = false;           // else half of data.annotation.minutes_per_example
  bool review_rate = false;              // else data.annotation.rate
  bool synthetic_input_tokens = false;   // else data.tokens_per_example
  bool synthetic_output_tokens = false;  // else data.tokens_per_example
  bool seq_len = false;                  // else data.tokens_per_example
  bool hosting_price = false;            // hosting names its own GPU, provider, basis or price; else training's
};

// A default the loader applied because the scenario left a field out.
struct AppliedDefault {
  std::string field;  // "training.mfu"
  std::string value;  // as shown: "time model", "0.05", "data-engineer ($93.53/h)"
  std::string why;    // "catalog default for hopper GPUs (data/defaults.json)"
  // The same value as data, for the JSON output: a number (in `unit` when it has one), a yes/no, or
  // else a name (`value`, or `name` when the shown text adds a price to it). A default that picked a
  // priced entry (a labour role, a GPU provider) keeps that price in USD per `price_per`.
  std::optional<double> number;
  std::string unit;
  std::optional<bool> flag;
  std::string name;
  std::optional<double> price_usd;
  std::string price_per;  // "hour", "GPU-hour"
  bool operator==(const AppliedDefault&) const = default;
};

// The defaults a load filled in, shared rather than copied by the scenario, its copies (Monte
// Carlo, sweeps) and every report built from it.
class AppliedDefaults {
 public:
  AppliedDefaults() = default;
  explicit AppliedDefaults(std::vector<AppliedDefault> list)
      : list_(std::make_shared<const std::vector<AppliedDefault>>(std::move(list))) {}

  const std::vector<AppliedDefault>& list() const {
    static const std::vector<AppliedDefault> none;
    return list_ ? *list_ : none;
  }
  auto begin() const { return list().begin(); }
  auto end() const { return list().end(); }
  std::size_t size() const { return list().size(); }
  bool empty() const { return list().empty(); }

 private:
  std::shared_ptr<const std::vector<AppliedDefault>> list_;

 public:
  // By content; one shared list needs no walk.
  bool operator==(const AppliedDefaults& other) const { return list_ == other.list_ || list() == other.list(); }
};

// What the loader knows about a catalog price it used, beyond the line's PriceRef: the kind and basis
// of a GPU price and why that provider, and any entry's trust and lifecycle flags. Keyed by the
// PriceRef id the lines carry ("h100-sxm@lambda/on_demand", "labor:ml-engineer"); API and fine-tune
// prices by their id followed by ':' ("gpt-4.1:"), which prefixes the ids of their lines.
struct PriceFact {
  std::string id;
  std::string kind = {};   // GPU prices: instance, gpu_only, serverless, marketplace; "" for others
  std::string basis = {};  // GPU prices: on_demand, spot, ...
  std::string why = {};    // GPU prices: why this provider ("cheapest on_demand instance price …")
  bool verified = true;
  std::string deprecated = {};
  std::string sunset = {};
  bool operator==(const PriceFact&) const = default;
};

// "unverified; deprecated …" for a price the report used (catalog trust_flags); "" without facts.
std::string trust_flags(const PriceFact* fact);

// Shared, like AppliedDefaults, by a scenario's copies and its reports.
class PriceFacts {
 public:
  PriceFacts() = default;
  explicit PriceFacts(std::vector<PriceFact> list)
      : list_(std::make_shared<const std::vector<PriceFact>>(std::move(list))) {}

  const std::vector<PriceFact>& list() const {
    static const std::vector<PriceFact> none;
    return list_ ? *list_ : none;
  }
  // The fact for a line's price id: an exact match, or the API/fine-tune entry whose "id:" prefixes it.
  const PriceFact* find(const std::string& price_id) const {
    for (const auto& fact : list()) {
      if (fact.id == price_id) return &fact;
      if (!fact.id.empty() && fact.id.back() == ':' && price_id.rfind(fact.id, 0) == 0) return &fact;
    }
    return nullptr;
  }

 private:
  std::shared_ptr<const std::vector<PriceFact>> list_;

 public:
  // By content; one shared list needs no walk.
  bool operator==(const PriceFacts& other) const { return list_ == other.list_ || list() == other.list(); }
};

struct Scenario;

// A field the scenario gave as a range or distribution. The resolved Scenario holds its
// deterministic value; Monte Carlo and sensitivity write other values back through `set`.
struct UncertainInput {
  std::string field;  // dotted path: "training.mfu", "alternatives.managed_api[0].few_shot_tokens"
  Distribution distribution;
  double min = 0;  // the field's valid range: samples are clamped into it
  double max = 1e15;
  std::function<void(Scenario&, double)> set;
  bool whole = false;  // a count that comes whole (replicas, GPUs): samples are rounded
  // A drawn value made valid for the field: clamped into its range, rounded when it comes whole.
  double bound(double value) const {
    const double clamped = std::clamp(value, min, max);
    return whole ? std::round(clamped) : clamped;
  }
};

// What the recommendation weighs besides cost (scenario section `decision:`).
struct DecisionPlan {
  std::optional<double> expected_accuracy_gain;  // of fine-tuning over the base model, 0..1
  double accuracy_gain_threshold = 0.10;         // the gain that justifies fine-tuning
  std::optional<double> value_per_query_usd;     // what one answered query is worth, for ROI
};

// CI budget limits (the scenario's `budget:` section and the --max-* flags). Empty = no limit.
struct BudgetLimits {
  std::string option = "self-hosted";  // option id the limits apply to
  SourceLocation option_where;         // where `option:` was written, for errors
  std::optional<double> max_total_usd;
  std::optional<double> max_monthly_usd;
  std::optional<double> max_one_time_usd;
  std::optional<double> max_training_usd;
  std::optional<double> max_cost_per_1k_queries_usd;
  std::optional<double> require_break_even_within_months;

  bool empty() const {
    return !max_total_usd && !max_monthly_usd && !max_one_time_usd && !max_training_usd &&
           !max_cost_per_1k_queries_usd && !require_break_even_within_months;
  }
};

struct Scenario {
  std::string name;
  std::string file;
  double horizon_months = 0;
  DataPlan data;
  ModelSpec model;
  TrainingPlan training;
  HostingPlan hosting;
  std::vector<ApiAlternative> apis;
  std::vector<FinetuneAlternative> finetunes;
  WrittenFields written;  // which defaulted values were written (the rest follow their source)
  AppliedDefaults defaults_applied;
  PriceFacts price_facts;                 // the catalog prices used: kind, why, trust flags
  std::vector<UncertainInput> uncertain;  // in the order they appear in the file
  DecisionPlan decision;
  BudgetLimits budget;
};

// The id of the self-hosted option, always first.
inline constexpr const char* self_hosted_option_id = "self-hosted";

// Gives every alternative an option id that is unique in the scenario and does not depend on the
// other entries' labels: `api:<model>` / `finetune:<offer>` when only one entry uses that model or
// offer; when several do, each gets `<base>/<slug of its label>` (lower-case letters, digits and
// '-'), or `<base>/<n>` (its 1-based place among them) when it has no label or its slug is taken.
void assign_option_ids(Scenario& scenario);

// Every option id of the scenario, self-hosted first, in report order.
std::vector<std::string> option_ids(const Scenario& scenario);

// The option `wanted` names: an exact id, or a base id (`api:gpt-4o-mini`) that only one option
// carries. Throws InputError (at `where`, naming `field`) when none or several match, listing the ids.
std::string resolve_option_id(const Scenario& scenario, const std::string& wanted, const SourceLocation& where,
                              const std::string& field);

// "Short prompt (v2)" -> "short-prompt-v2"; "" when nothing is left.
std::string slug(const std::string& text);

}  // namespace ftcost
