#pragma once
// Hosting the fine-tuned model on your own GPUs: per-replica serving throughput from prefill
// (compute-bound) and batched decode steps (weights: bandwidth- or compute-bound; KV cache:
// bandwidth-bound; plus a per-step overhead), replicas sized from peak traffic and the latency
// target, plus monitoring and operations staff.
#include <optional>

#include "ftcost/models/cost_line.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

// The physics of serving one model replica, shared by `estimate` and `calibrate`.
struct ServingShape {
  double params = 0;         // total parameters (memory)
  double active_params = 0;  // per token (compute)
  double lookup_params = 0;  // of those, an untied input embedding: a row looked up per token, not streamed
  int layers = 0;
  int hidden_size = 0;
  int kv_dim = 0;             // kv_heads × head_dim
  int attention_dim = 0;      // attention heads × head_dim: what the scores run over; 0 = hidden
  int kv_values = 0;          // values cached per token and layer: 2 × kv_dim, or an MLA latent
  int kv_heads = 0;           // heads kv_dim splits into (0 = unknown); tensor parallelism wider copies them
  bool latent_kv = false;     // an MLA latent: one vector per token that no head split can shard
  bool latent_query = false;  // an MLA whose query has a latent of its own (not DeepSeek-V2-Lite's)
  int experts = 0;            // mixture of experts: routed experts, and those each token uses (0 = dense)
  int experts_per_token = 0;
  int moe_layers = 0;           // layers with routed experts (all of them unless the model says otherwise)
  bool shared_experts = false;  // its MoE layers also run always-active shared experts
  Precision weights = Precision::fp16;
  double input_tokens = 0;
  double output_tokens = 0;
  double adapters = 1;               // LoRA adapters served unmerged on one base when > 1
  double adapter_params = 0;         // parameters of one adapter (every expert's, for a mixture)
  double adapter_active_params = 0;  // of those, what a token runs (the attention's and k experts')
  // Prefill runs on other GPUs (prefill/decode disaggregation): the replica only decodes, and its
  // requests arrive with their prompt already in the KV cache.
  bool decode_only = false;
};

struct ServingPerformance {
  int gpus = 0;                   // per replica
  double weights_gb = 0;          // per replica
  double kv_bytes_per_token = 0;  // across the replica, copies included
  double kv_copies = 1;           // each token's KV stored this many times (tensor parallelism wider than the KV heads)
  double kv_capacity_tokens = 0;  // KV-cache room left after the weights
  double max_concurrency = 0;     // sequences that fit in memory
  double batch_cap = 0;           // the engine's batch limit (per attention rank × GPUs under expert parallelism)
  double batch = 0;               // sequences decoded together (after the latency target)
  double decode_step_ms = 0;      // time per output token for each sequence
  double overhead_layers = 0;     // layers the per-layer floor is charged for, in dense layers (layer_matrices)
  double step_weights_ms = 0;     // the weight-bound part: max(weights read, dense FLOPs)
  // A mixture of experts: the routed experts' part of step_weights_ms, max(touched experts' bytes,
  // their FLOPs), apart from the shared weights' max (each meets the roofline on its own batch).
  double step_expert_weights_ms = 0;
  bool experts_compute_bound = false;
  double step_kv_ms = 0;              // reading every sequence's KV cache
  double tensor_parallel_factor = 1;  // sharded kernels; the all-reduces are counted apart
  double step_allreduce_ms = 0;       // tensor-parallel all-reduces inside one node per decode step
  double allreduce_link_gb_s = 0;     // the link they cross, one direction (NVLink or PCIe)
  int nodes = 1;                      // nodes the replica spans (tensor parallelism across them)
  // A mixture of experts spanning nodes runs data-parallel attention and expert parallelism: each GPU
  // keeps the shared weights and 1/g of the experts, decodes batch / g sequences, and sends each
  // token's hidden state to its experts' GPUs and back (two all-to-alls per MoE layer).
  bool expert_parallel = false;
  double step_all_to_all_ms = 0;     // expert parallelism: dispatch + combine per decode step
  double step_network_ms = 0;        // cross-node all-reduces per decode step (0 inside one node)
  double prefill_network_ms = 0;     // the same for one prefill
  double prefill_links_ms = 0;       // one prefill's collectives: in-node, network and all-to-all
  double prefill_extra_read_ms = 0;  // weights a prompt touches beyond the decode batch's (MoE experts)
  double prefill_ms = 0;             // time to first token of one request: max(compute, read) + links
  double prefill_work_ms = 0;        // what one prefill costs a replica batching it with decode: compute + links
  double prefill_compute_ms = 0;     // the prompt's FLOPs at the replica's compute
  double prefill_read_ms = 0;        // reading the weights the prompt's tokens touch, the latency's floor
  // Time per output token each sequence sees: the decode step plus the prefills interleaved with
  // it (batch / output tokens of them), what hosting.max_ms_per_output_token bounds.
  double ms_per_output_token = 0;
  double output_tokens_per_s = 0;  // replica throughput, output tokens
  double requests_per_s = 0;       // replica throughput, whole requests
  bool decode_compute_bound = false;
};

ServingShape serving_shape_for(const ModelSpec& model, Precision weights, double input_tokens, double output_tokens);
// The plan's LoRA adapters served unmerged beside the base: how many, and one's stored and run size.
void add_served_adapters(ServingShape& shape, const ModelSpec& model, double adapters, double rank,
                         double target_share);

// KV-cache bytes per token: 2 (key and value) × layers × kv_heads × head size × bytes per element.
double kv_bytes_per_token(const ServingShape& shape);

// The weight matrices a decode step multiplies in one layer of each kind, and the layers a step's
// per-layer floor (serving.layer_overhead_ms) is charged for, counted in dense layers: a dense
// layer multiplies four (fused qkv, output, fused gate-up, down); latent attention six (the query's
// down- and up-projection, the latent's projection, its two absorbed up-projections, the output),
// five when the query is projected directly;
// a mixture-of-experts MLP three (router, the experts' gate-up, their down) and two more with shared
// experts. Each matrix comes with the small kernels around it (norm, rotary, activation, top-k,
// dispatch), so the floor follows the count.
struct LayerMatrices {
  int attention = 0, dense_mlp = 0, moe_mlp = 0;
  int moe_layers = 0;   // layers whose MLP is a mixture of experts (the rest are dense)
  int dense_layer = 0;  // what a dense layer multiplies: the unit of dense_layer_equivalents
  double dense_layer_equivalents = 0;
};
LayerMatrices layer_matrices(const ServingShape& shape);

// Smallest power-of-two GPU count whose memory holds the weights plus one full sequence's KV cache.
std::optional<int> min_gpus_for_serving(const ServingShape& shape, const GpuSpec& gpu,
                                        const ServingAssumptions& assumptions);

// Throughput of one replica. `concurrency` fixes the batch (calibration); otherwise the largest
// batch that fits memory, the latency target and the batch cap is used.
ServingPerformance serving_performance(const ServingShape& shape, const GpuSpec& gpu, int gpus,
                                       const ServingAssumptions& assumptions,
                                       std::optional<double> max_ms_per_output_token = std::nullopt,
                                       std::optional<double> concurrency = std::nullopt);

// How the self-hosted monthly bill grows with volume; break-even is solved on it.
struct HostingCurve {
  double fixed_monthly = 0;              // monitoring + operations
  double replica_monthly = 0;            // one replica, always on
  double queries_per_replica_month = 0;  // monthly volume one replica can carry
  double min_replicas = 1;
  bool autoscaling = false;
  // Scale to zero (autoscaling, min_replicas 0): the time one request keeps a replica billed when it
  // finds none up, cold start + minimum billed time. 0 = not scaling to zero.
  double wake_seconds = 0;

  bool scales_to_zero() const { return autoscaling && min_replicas <= 0 && wake_seconds > 0; }
  // Share of the month at least one replica is billed when scaling to zero: each request keeps one up
  // for wake_seconds, and the windows of randomly (Poisson) arriving requests cover 1 − e^(−λ·w) of
  // the time (λ = requests per second); 0 when not scaling to zero.
  double warm_share(double queries_per_month) const;
  double replicas(double queries_per_month) const;
  double monthly(double queries_per_month) const {
    return fixed_monthly + replica_monthly * replicas(queries_per_month);
  }
  bool operator==(const HostingCurve&) const = default;
};

struct HostingResult {
  ModelResult model;
  ServingPerformance performance;
  HostingCurve curve;
  double replicas = 0;
};

// The numbers of one hosting plan without any text: shared by estimate_hosting (which adds the lines
// and derivations) and the numeric fast path of Monte Carlo. Throws like estimate_hosting.
// One replica: GPUs, throughput, checked against the latency targets. It depends only on the model,
// GPU, precision, token counts and latency targets, so Monte Carlo reuses it when none of those vary.
struct ReplicaSizing {
  ServingShape shape;
  int gpus = 0;  // per replica
  ServingPerformance performance;
};
ReplicaSizing size_replica(const HostingPlan& plan, const ModelSpec& model);

struct HostingCore : ReplicaSizing {
  HostingCurve curve;
  double replicas = 0;
};
HostingCore hosting_core(const HostingPlan& plan, const ModelSpec& model);
// Scale to zero: one start's cold start (the scenario's, else engine start + weights / load rate) and
// its minimum billed time (the scenario's, else the catalog default).
double cold_start_s(const HostingPlan& plan, const ServingPerformance& performance);
double min_billed_s(const HostingPlan& plan);
HostingCore hosting_core(const HostingPlan& plan, const ReplicaSizing& sizing);

// The hosting lines of a plan, priced: estimate_hosting describes them, the fast path sums them.
using HostingLines = LineTable<3>;
HostingLines hosting_lines(const HostingPlan& plan, const HostingCore& core);
// The serving-GPU line of `replicas` replicas of `gpus` GPUs each at `usd_per_gpu_hour`, always on for
// the month: hosting_lines' first line, and each type's line of a `plan --mix` fleet.
PricedLine serving_gpus_line(double replicas, int gpus, double usd_per_gpu_hour);

// Throws InputError when the model cannot be served on the GPU or the latency target is unreachable.
HostingResult estimate_hosting(const HostingPlan& plan, const ModelSpec& model);

}  // namespace ftcost
