#pragma once
// The catalog: hardware, models, prices and default assumptions, each entry with its source and
// as-of date. Plain data; loading lives in catalog/load.hpp.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ftcost/util/shared_list.hpp"
#include "ftcost/util/shared_string.hpp"

namespace ftcost {

// Where a number came from: shown beside every price and default the tool uses.
struct Source {
  SharedString text;  // e.g. "AWS EC2 On-Demand pricing page, p5.48xlarge"; shared by the price refs
  std::string as_of;  // ISO date YYYY-MM-DD
  std::string note;   // how it was derived, caveats
  // Trust and lifecycle: `estimate` warns when it uses an entry that is unverified (recalled, assumed
  // or derived rather than read from a maintained or primary source), deprecated or past its sunset,
  // and `catalog validate --strict` fails on them. Dates are ISO YYYY-MM-DD, "" = none.
  bool verified = true;
  std::string deprecated = {};  // the seller announced its end (or the price was superseded)
  std::string sunset = {};      // the day it stops being sold

  bool operator==(const Source&) const = default;
};

// Trouble with an entry's trust or lifecycle, as one phrase ("unverified; deprecated 2025-08-01"),
// "" when there is none. A sunset on or before `today` (YYYY-MM-DD, "" = not checked) reads "sunset
// (gone since …)".
std::string trust_flags(const Source& source, const std::string& today = "");

enum class Precision { fp32, tf32, fp16, bf16, fp8, int8, int4, fp4 };
std::string to_string(Precision precision);
// A precision by its name or another name for the same format ("bfloat16", "AWQ", "w8a8").
std::optional<Precision> parse_precision(const std::string& text);
// The same, or the one format a phrase names ("BF16 AMP", "torch.bfloat16", "FP8 (E4M3)", "GPTQ-Int8",
// "8 bit"): none when it names none or several ("bf16 weights, fp8 KV cache"). For measurements
// written by others (calibrate), not for scenarios, whose fields take names.
std::optional<Precision> precision_in_words(const std::string& text);
// Bytes to store one weight (or KV-cache element) at this precision.
double bytes_per_value(Precision precision);

struct GpuSpec {
  std::string id;
  std::vector<std::string> aliases;
  std::string name;
  std::string vendor;
  std::string architecture;  // ampere, ada, hopper, blackwell, cdna3, ...
  // geforce, workstation, datacenter: the product line, which selects utilisation defaults measured on
  // it (GeForce boards differ from datacenter parts of the same architecture in clocks and tensor rates).
  std::string product_line;
  double memory_gb = 0;
  double memory_bandwidth_gb_s = 0;
  std::map<Precision, double> peak_dense_tflops;  // absent = unsupported
  std::string interconnect_kind;
  double interconnect_gb_s = 0;
  // GPUs one NVLink connection joins: 2 for a bridge between two cards (A40, RTX A6000, H100 PCIe
  // and NVL); 0 for every GPU of a node (NVSwitch, or a PCIe-only card). Collectives over more GPUs
  // than that cross the host's PCIe, at `pcie_gb_s` (both directions, as `interconnect_gb_s`).
  int interconnect_peers = 0;
  double pcie_gb_s = 0;
  // Board power (datasheet TDP) and, for a SKU that runs its architecture's silicon on less power than
  // the full-power part it shares a datasheet peak with, that part's id and its tensor rates per watt
  // (filled from the catalog when the GPU section is merged). A dense GEMM draws about the same energy
  // per operation at a given precision on the same silicon, so a board with less power sustains at
  // most power × rate per watt (sustained_tflops). 0 / "" / empty = not known, no ceiling.
  double tdp_w = 0;
  std::string power_reference;
  std::map<Precision, double> reference_tflops_per_w;
  // How the sustained rate follows the power share r = power × rate per watt / peak: peak × r^exponent
  // (1 = energy per operation fixed; below 1, lower clocks run at lower voltage). From the catalog's
  // default gpu.power_scaling_exponent, filled when it is merged.
  double power_exponent = 1;
  // A power cap below the TDP (a site's `nvidia-smi -pl`, a power-capped fleet); 0 = the TDP.
  double power_limit_w = 0;
  // The share of its fp8 peak the GPU's best fp8 matmuls reach, over the share of its bf16 peak its
  // best bf16 ones reach (measured maximum achievable GEMM rates): the datasheet doubles the rate,
  // the silicon delivers less than double. 1 = the datasheet ratio. Training uses it; serving keeps
  // the datasheet ratio under its own fitted compute efficiency: inference engines' fp8 GEMMs
  // (TensorRT-LLM, vLLM's CUTLASS kernels) accumulate fast where training's gradient GEMMs
  // accumulate in higher precision, and the share made the serving measurements' errors worse.
  double fp8_matmul_share = 1;
  Source source;

  // The datasheet's dense tensor peak.
  std::optional<double> peak_tflops(Precision precision) const;
  // The peak the board's power sustains: peak × min(1, r)^power_exponent with r = power × the reference
  // part's peak per watt / peak, where power is the limit or the TDP and the reference is
  // power_reference, else the GPU itself (so only a limit below the TDP lowers it). Every model's
  // compute rate is a share of this.
  std::optional<double> sustained_tflops(Precision precision) const;
  // The rate training's time model runs a precision's matmuls from: the sustained peak, ×
  // fp8_matmul_share for fp8.
  std::optional<double> matmul_tflops(Precision precision) const;
  // The share matmul_tflops takes of the sustained rate: fp8_matmul_share for fp8, else 1.
  double matmul_share(Precision precision) const { return precision == Precision::fp8 ? fp8_matmul_share : 1.0; }
  // The watts and TFLOP/s per watt behind sustained_tflops, for explanations; per_watt 0 = no ceiling.
  struct PowerCeiling {
    double board_w = 0;
    bool limited = false;  // board_w is a power limit below the TDP
    double per_watt = 0;
    std::string reference;  // the part whose rate per watt it is
  };
  PowerCeiling power_ceiling(Precision precision) const;

  bool operator==(const GpuSpec&) const = default;
};

// What is wrong with running `gpu` at `limit_w` ("" when nothing): a limit at or above its TDP does
// nothing, and one below a quarter of it lies far outside the pairs the power rule was measured on
// (65-85% of a part's power).
std::string power_limit_problem(const GpuSpec& gpu, double limit_w);

// Why sustained_tflops is below the datasheet peak, as a phrase ("350 W × 1.41 TFLOP/s per W of
// h100-sxm's 989.4 at 700 W, below the datasheet 756"); "" when the peak is sustained.
std::string power_ceiling_text(const GpuSpec& gpu, Precision precision);

// The precision serving computes in: fp8/fp4 weights use those tensor cores where the GPU has them;
// elsewhere, and for int8/int4, the kernels are weight-only and compute in fp16 (e.g. vLLM's Marlin
// FP8 kernels on Ampere).
Precision serving_compute_precision(Precision weights, const GpuSpec& gpu);

// What a GPU-hour price covers. Only prices of one kind are comparable: a GPU component billed on top
// of a VM, or a per-second serverless worker, is not a cheaper instance.
//   instance    — the GPU with its share of the host's CPUs, memory and disk (a VM, pod or bare metal)
//   gpu_only    — the accelerator component only; the VM it is attached to is billed on top (GCP)
//   serverless  — a per-second worker billed while it runs (RunPod Serverless, Modal, Replicate)
//   marketplace — a host-set price on a marketplace or community cloud (Vast.ai, RunPod Community)
inline const std::vector<std::string>& gpu_price_kinds() {
  static const std::vector<std::string> kinds = {"instance", "gpu_only", "serverless", "marketplace"};
  return kinds;
}
// A GPU's product line, which selects utilisation defaults measured on it (training.mfu.geforce):
//   geforce     — consumer boards (RTX 3090, RTX 4090), tensor rate halved with FP32 accumulation
//   workstation — professional RTX boards (RTX A5000, RTX A6000)
//   datacenter  — accelerators sold for servers (A100, H100, L40S, MI300X, ...)
inline const std::vector<std::string>& gpu_product_lines() {
  static const std::vector<std::string> lines = {"geforce", "workstation", "datacenter"};
  return lines;
}
// How the price is bought. capacity_block (AWS EC2 Capacity Blocks for ML) is a short reservation.
inline const std::vector<std::string>& gpu_price_bases() {
  static const std::vector<std::string> bases = {"on_demand",   "spot",       "reserved_1y",   "reserved_3y",
                                                 "marketplace", "serverless", "capacity_block"};
  return bases;
}

struct GpuPrice {
  std::string gpu;       // GpuSpec id
  std::string provider;  // aws, gcp, lambda, ...
  std::string offering;  // instance type
  std::string region;
  std::string basis;              // one of gpu_price_bases()
  std::string kind = "instance";  // one of gpu_price_kinds()
  double usd_per_gpu_hour = 0;
  Source source;

  bool operator==(const GpuPrice&) const = default;
};

// The dimensions a model entry (data/models.json, a price book) and a scenario's `model` section
// may give, in that order.
inline const std::vector<std::string>& model_dimension_keys() {
  static const std::vector<std::string> keys = {"params",
                                                "active_params",
                                                "layers",
                                                "hidden_size",
                                                "intermediate_size",
                                                "attention_heads",
                                                "kv_heads",
                                                "head_dim",
                                                "vocab_size",
                                                "context_length",
                                                "experts",
                                                "experts_per_token",
                                                "moe_layers",
                                                "shared_expert_intermediate_size",
                                                "dense_intermediate_size",
                                                "kv_cache_dim",
                                                "query_projected_directly",
                                                "tied_embeddings",
                                                "active_params_exclude_input_embedding"};
  return keys;
}

struct ModelSpec {
  std::string id;
  std::vector<std::string> aliases;
  std::string family;
  double params = 0;
  std::optional<double> active_params;  // mixture-of-experts: parameters used per token
  int layers = 0;
  int hidden_size = 0;
  int intermediate_size = 0;
  int attention_heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int vocab_size = 0;
  int context_length = 0;
  std::optional<int> experts;
  std::optional<int> experts_per_token;
  std::optional<int> moe_layers;  // layers with routed experts, when not all of them are
  // A mixture of experts' always-active shared experts, their summed width per MoE layer (DeepSeek:
  // n_shared_experts × moe_intermediate_size; Qwen MoE: shared_expert_intermediate_size).
  std::optional<int> shared_expert_intermediate_size;
  // The MLP width of a mixture of experts' layers without routed experts (DeepSeek's first dense
  // layers, Llama 4 Maverick's every other one), when it differs from an expert's.
  std::optional<int> dense_intermediate_size;
  std::optional<int> kv_cache_dim;  // values cached per token and layer when not 2 × kv_dim (MLA: latent + rope)
  // Latent attention whose query is projected straight from the hidden state (config.json
  // `q_lora_rank` null: DeepSeek-V2-Lite) rather than through a low-rank latent of its own
  // (DeepSeek-V2, V3, Kimi K2): one weight matrix fewer per layer.
  bool query_projected_directly = false;
  // The output layer reuses the input embedding (config.json `tie_word_embeddings`): one matrix,
  // and it is multiplied. Untied, the input embedding is a second vocabulary × hidden matrix.
  bool tied_embeddings = false;
  // The published active count leaves the (untied) input embedding out, as gpt-oss's and
  // DeepSeek-V2's do; Mixtral's, Qwen's and most others count it.
  bool active_params_exclude_input_embedding = false;
  Source source;

  // Layers without routed experts: a mixture's moe_layers short of all of them (none when unset).
  bool has_dense_layers() const { return moe_layers.value_or(layers) < layers; }
  double active() const { return active_params.value_or(params); }
  // Parameters a token looks up rather than multiplies: an untied input embedding (a row read per
  // token, no FLOPs, and not streamed by a decode step). A tied one is the output layer's matmul.
  double lookup_params() const { return tied_embeddings ? 0.0 : static_cast<double>(vocab_size) * hidden_size; }
  // Every parameter a token touches, its input embedding included whatever the published count's
  // convention: what the models take as active.
  double active_touched() const {
    return active() + (active_params && active_params_exclude_input_embedding ? lookup_params() : 0.0);
  }
  // The vocabulary matrices: the input embedding and the output layer, one matrix when tied. QLoRA
  // keeps them in 16 bits (bitsandbytes quantises the blocks' linear layers, not these).
  double vocabulary_params() const {
    return static_cast<double>(vocab_size) * hidden_size * (tied_embeddings ? 1.0 : 2.0);
  }
  // The parameters a token's matmuls multiply: 2 × this many FLOPs per token forward.
  double multiplied_params() const { return std::max(0.0, active_touched() - lookup_params()); }
  // Width of the keys (and of the values) per token and layer: KV heads × head size. Grouped-query
  // attention makes it smaller than hidden_size; without head counts, hidden_size is assumed.
  int kv_dim() const {
    const int head = head_dim > 0 ? head_dim : attention_heads > 0 ? hidden_size / attention_heads : 0;
    return kv_heads > 0 && head > 0 ? kv_heads * head : hidden_size;
  }
  // Width of the queries per token and layer: attention heads × head size, which the attention
  // scores and weighted sum run over. Often hidden_size, but wider in Qwen3 (32 × 128 over 2048),
  // gpt-oss and DeepSeek-V3; without head counts, hidden_size is assumed.
  int attention_dim() const {
    const int head = head_dim > 0 ? head_dim : attention_heads > 0 ? hidden_size / attention_heads : 0;
    return attention_heads > 0 && head > 0 ? attention_heads * head : hidden_size;
  }
  bool moe() const { return active_params && *active_params < params && experts && experts_per_token; }

  bool operator==(const ModelSpec&) const = default;
};

struct ApiPrice {
  std::string id;
  std::vector<std::string> aliases;
  std::string vendor;
  std::string name;
  double usd_per_1m_input = 0;
  std::optional<double> usd_per_1m_cached_input;
  double usd_per_1m_output = 0;
  Source source;

  bool operator==(const ApiPrice&) const = default;
};

struct FinetunePrice {
  std::string id;
  std::vector<std::string> aliases;
  std::string vendor;
  std::string base_model;
  // The model sizes an offer priced by size covers, in parameters (total, a mixture's every expert):
  // more than params_above, at most params_up_to (Together's and Fireworks' tiers). Unset: any size.
  std::optional<double> params_above;
  std::optional<double> params_up_to;
  // Some vendors publish only part of the price list; a scenario must then supply the rest.
  std::optional<double> usd_per_1m_training_tokens;
  std::optional<double> usd_per_1m_input;
  std::optional<double> usd_per_1m_cached_input;
  std::optional<double> usd_per_1m_output;
  std::optional<double> hosting_usd_per_hour;
  // When set, hosting_usd_per_hour is per GPU of a dedicated deployment on this catalog GPU, and the
  // deployment is sized by the hosting model like a self-hosted fleet (Fireworks' tuned LoRAs).
  std::string hosting_gpu;
  std::optional<double> min_charge_usd;
  Source source;

  // Whether a model of `params` parameters falls in the offer's size band.
  bool covers(double params) const {
    return (!params_above || params > *params_above) && (!params_up_to || params <= *params_up_to);
  }
  bool operator==(const FinetunePrice&) const = default;
};

struct LaborRate {
  std::string id;
  std::string name;
  double usd_per_hour = 0;
  std::string basis;
  Source source;

  bool operator==(const LaborRate&) const = default;
};

// A GPU VM size as its provider documents it: which GPU it carries and how many (a fraction for a
// share of one GPU, e.g. 1/6 of an A10). `catalog import --from skypilot` checks catalog rows of that
// instance type against it, since a catalog can only repeat what the provider's API reports.
struct GpuVm {
  std::string provider;       // azure, aws, ...
  std::string instance_type;  // as the provider spells it, e.g. Standard_NC40ads_H100_v5
  std::string gpu;            // a catalog GPU id, or a description of a GPU the catalog lacks ("v100-16gb")
  double gpus = 0;            // per VM; below 1 for a share of one GPU; 0 = not documented
  Source source;

  bool operator==(const GpuVm&) const = default;
};

// A default assumption (utilisation, efficiency, storage price, ...), itself sourced.
struct DefaultValue {
  std::string id;
  double value = 0;
  std::string unit;
  std::string description;
  Source source;
  // A fitted default's value before any measurement: a physical estimate that cross-validation
  // starts every fold from, so a held-out source cannot leak into its own prediction.
  std::optional<double> prior;

  bool operator==(const DefaultValue&) const = default;
};

// Copies share their lists until one is changed (SharedList): merging a price book over the shipped
// catalog copies only the sections the book touches.
struct Catalog {
  SharedList<GpuSpec> gpus;
  SharedList<GpuPrice> gpu_prices;
  SharedList<ModelSpec> models;
  SharedList<ApiPrice> apis;
  SharedList<FinetunePrice> finetunes;
  SharedList<LaborRate> labor;
  SharedList<DefaultValue> defaults;
  SharedList<GpuVm> gpu_vms;

  // Entry for entry; a section two catalogs still share compares by identity, in O(1).
  bool operator==(const Catalog&) const = default;

  // Look-ups by id or alias, case-insensitive. nullptr when absent.
  const GpuSpec* find_gpu(const std::string& name) const;
  const ModelSpec* find_model(const std::string& name) const;
  const ApiPrice* find_api(const std::string& name) const;
  const FinetunePrice* find_finetune(const std::string& name) const;
  const LaborRate* find_labor(const std::string& name) const;
  const DefaultValue* find_default(const std::string& id) const;
  const GpuVm* find_gpu_vm(const std::string& provider, const std::string& instance_type) const;

  // Prices of one GPU; the preferred one follows the rules in select_gpu_price.
  std::vector<const GpuPrice*> prices_for(const std::string& gpu_id) const;

  std::vector<std::string> gpu_names() const;
  std::vector<std::string> model_names() const;
  std::vector<std::string> api_names() const;
  std::vector<std::string> finetune_names() const;
  std::vector<std::string> labor_names() const;
};

// Choose a GPU price: the given provider and basis when named, otherwise the cheapest price of that
// basis (a buyer shops around) among prices of the kind that basis compares (see comparable_kind),
// leaving out unverified prices unless no verified one of that kind exists.
// nullptr when nothing matches.
// "on_demand instance", but "serverless" once where a price's basis and kind share the name.
std::string basis_kind_text(const std::string& basis, const std::string& kind);

const GpuPrice* select_gpu_price(const Catalog& catalog, const std::string& gpu_id, const std::string& provider,
                                 const std::string& basis);

// The kind of price a default choice compares for a basis: serverless → serverless, marketplace →
// marketplace, every other basis → instance.
std::string comparable_kind(const std::string& basis);

// A chosen price and why it was chosen, in words for "Prices used" and --explain.
struct GpuPriceChoice {
  const GpuPrice* price = nullptr;
  std::string why;          // "cheapest on_demand instance price for h100-sxm of 4 (…); not compared: …"
  bool other_kind = false;  // no price of the comparable kind existed: one of another kind was used
};
GpuPriceChoice choose_gpu_price(const Catalog& catalog, const std::string& gpu_id, const std::string& provider,
                                const std::string& basis);

// A default the models cannot run without; throws std::logic_error when the catalog lacks it.
const DefaultValue& required_default(const Catalog& catalog, const std::string& id);

}  // namespace ftcost
