#pragma once
// A scenario after loading: every name resolved against the catalog, every default filled in and
// recorded. The cost models read only these plain structs.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/catalog/price_ref.hpp"
#include "ftcost/uncertainty/distribution.hpp"
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

// Numbers the training model needs beyond the plan; filled from data/defaults.json.
struct TrainingAssumptions {
  double mfu = 0;                         // matmul efficiency: share of the tensor peak matmuls reach
  std::string mfu_default_id;             // the catalog default it came from ("" = the user's own)
  double multi_node_efficiency = 1;       // per doubling of nodes beyond one (communication)
  double pcie_multi_gpu_efficiency = 1;   // several GPUs that talk over PCIe only
  double tensor_parallel_efficiency = 1;  // per doubling of GPUs sharding activations
  double run_goodput = 1;                 // share of a whole run's GPU-hours that advance training
  int gpus_per_node = 8;
  double optimizer_bytes_per_param = 12;  // Adam: fp32 master weights, m and v
  double gradient_bytes_per_param = 2;
  double qlora_bytes_per_param = 0.5625;  // NF4 + double-quantised constants
  double memory_usable_share = 0.9;
  double memory_reserved_gb = 2;  // CUDA context, allocator slack, buffers
  int max_gpus = 1024;
  // Memory traffic the matmul peak does not cover (docs/models.md, 'How the numbers are computed', training):
  double activation_traffic_bytes = 140;    // non-matmul kernels, bytes per hidden unit per layer per token
  double adapter_traffic_bytes = 6;         // unfused LoRA kernels, bytes per adapter input/output element
  double optimizer_step_bytes = 28;         // Adam step: bytes read and written per trained parameter
  double dequant_bytes_per_param = 4.5625;  // QLoRA: NF4 read, bf16 written and read back, per pass
  double tokens_per_step_per_gpu = 16384;   // tokens between optimizer steps on one GPU
  double max_micro_batch = 8;               // sequences one GPU processes at once, when memory allows
  double moe_efficiency = 1;                // MoE: share of the dense matmul efficiency (routing, imbalance)
  double network_gb_s_per_gpu = 50;         // inter-node bandwidth per GPU, one direction
  double host_link_gb_s = 25;               // GPU ↔ host (PCIe), one direction, achieved
  double cpu_optimizer_gb_s = 50;           // host memory bandwidth a CPU Adam step reaches
  double spot_interruption_overhead = 0;    // spot runs: share of GPU-hours redone after interruptions
};

struct TrainingPlan {
  TrainingMethod method = TrainingMethod::lora;
  double epochs = 0;
  double seq_len = 0;
  GpuSpec gpu;
  std::optional<int> gpu_count;  // empty = auto (smallest count that fits)
  UnitPrice gpu_hour;            // USD per GPU-hour
  bool spot = false;             // bought as spot capacity: interruptions add GPU-hours
  Precision precision = Precision::bf16;
  bool mfu_from_user = false;
  double lora_rank = 16;
  double lora_target_share = 1.0;  // share of linear layers with adapters (1 = all)
  double prompt_virtual_tokens = 20;
  double trials = 1;                // full-length training runs per round, the final one included
  double validation_overhead = 0;   // evaluation compute as a share of training compute
  double retrain_every_months = 0;  // 0 = train once
  double checkpoints_kept = 0;
  UnitPrice storage_per_gb_month;
  double engineering_hours = 0;
  Rate engineering_rate;
  TrainingAssumptions assumptions;
};

// Numbers the serving model needs beyond the plan; filled from data/defaults.json.
struct ServingAssumptions {
  double bandwidth_efficiency = 0.8;        // share of peak memory bandwidth reached in decode
  double compute_efficiency = 0.5;          // share of peak tensor throughput reached
  std::string compute_efficiency_id;        // the catalog default it came from
  double tensor_parallel_efficiency = 0.9;  // per doubling of GPUs in a replica: sharded kernels
  // Tensor-parallel all-reduce inside a node (ring): base + 2(g − 1) hops × hop latency, besides the bytes.
  double allreduce_base_latency_us = 3.6;
  double allreduce_hop_latency_us = 0.47;  // per hop over the GPU's link (NVLink, or PCIe without it)
  double step_overhead_ms = 0;              // scheduler, sampling and kernel launches per decode step
  double adapter_efficiency = 1;            // throughput kept when batching requests for several LoRA adapters
  double memory_usable_share = 0.9;
  double memory_reserved_gb = 2;
  double max_batch = 256;
  // Scale to zero (min_replicas 0 with autoscaling): each start's cold start and minimum billed time.
  double cold_start_fixed_s = 60;       // engine and container start, whatever the model
  double cold_start_load_gb_s = 1;      // reading the weights into GPU memory
  double min_billed_s = 300;            // least time billed per start
  // A replica whose tensor parallelism spans nodes: its all-reduces cross the network.
  int gpus_per_node = 8;
  double network_gb_s_per_gpu = 50;     // between nodes, per GPU, one direction
  double cross_node_allreduce_latency_us = 20;
};

struct HostingPlan {
  double queries_per_month = 0;
  double input_tokens = 0;                        // per query
  double output_tokens = 0;                       // per query
  double peak_factor = 1;                         // peak-hour traffic / average traffic
  std::optional<double> max_ms_per_output_token;  // latency target (inter-token)
  std::optional<double> max_time_to_first_token_ms;
  GpuSpec gpu;
  std::optional<int> gpus_per_replica;  // empty = auto
  UnitPrice gpu_hour;
  Precision precision = Precision::fp16;
  double min_replicas = 1;
  double adapters = 1;  // LoRA adapters served together on one base (multi-LoRA); 1 = one merged model
  // One served adapter's LoRA rank and share of adapted layers: the training plan's (derive_defaults).
  double adapter_rank = 16;
  double adapter_target_share = 1;
  bool autoscaling = false;
  std::optional<double> cold_start_s;  // the scenario's own cold start (scale to zero); else from the weights
  std::optional<double> min_billed_s;  // the scenario's own minimum billed time per start
  double target_utilization = 0.7;     // headroom kept on each replica
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
  double trials = 1;
  bool epochs_written = false;  // else training.epochs (derive_defaults)
  bool trials_written = false;  // else training.hyperparameter_trials
  double engineering_hours = 0;
  Rate engineering_rate;
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
  std::string value;  // as shown: "0.4811", "data-engineer ($89.57/h)"
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
