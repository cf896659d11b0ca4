#include "ftcost/models/hosting.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ftcost/models/expert_split.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/models/units.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

constexpr double flops_per_param_per_token = 2.0;  // one multiply-add per weight per token
// Attention reads every cached key and value: 2 matmuls × 2 FLOPs per (layer, cached token, dim).
constexpr double attention_flops_factor = 4.0;
constexpr double kv_tensors = 2.0;  // a key and a value per layer per token
constexpr double ms_per_second = 1000.0;
constexpr double fp16_bytes = 2.0;
constexpr double us_per_second = 1e6;
// Megatron-style tensor parallelism all-reduces the activations twice per layer (attention, MLP).
constexpr double allreduces_per_layer = 2.0;
// A ring all-reduce sends and receives ~2× the buffer per GPU (2(n−1)/n).
constexpr double ring_allreduce_factor = 2.0;

// KV cache follows fp8 weights (FP8 KV cache), fp16 otherwise.
double kv_bytes(Precision weights) { return weights == Precision::fp8 ? 1.0 : 2.0; }
// Expert parallelism sends tokens to their experts in fp8 with fp8 weights (as DeepEP does), else 16-bit.
double dispatch_bytes(Precision weights) { return weights == Precision::fp8 ? 1.0 : 2.0; }
// The queries' width (attention heads × head size), which the scores and weighted sum run over.
double attention_width(const ServingShape& shape) {
  return shape.attention_dim > 0 ? shape.attention_dim : shape.hidden_size;
}

double scaling_efficiency(double per_doubling, int gpus) {
  return gpus > 1 ? std::pow(per_doubling, std::log2(gpus)) : 1.0;
}

// A ring all-reduce over g GPUs passes the buffer around the ring twice (reduce-scatter, then
// all-gather): 2(g − 1) hops, each a fixed latency, and 2(g − 1)/g × the buffer through each GPU's
// link in one direction.
double ring_allreduce_s(double bytes, int gpus, double link_bytes_per_s, const ServingAssumptions& assumptions) {
  if (gpus <= 1 || link_bytes_per_s <= 0) return 0.0;
  const double hops = 2.0 * (gpus - 1);
  const double latency_us = assumptions.allreduce_base_latency_us + hops * assumptions.allreduce_hop_latency_us;
  return latency_us / us_per_second + hops / gpus * bytes / link_bytes_per_s;
}

}  // namespace

ServingShape serving_shape_for(const ModelSpec& model, Precision weights, double input_tokens, double output_tokens) {
  ServingShape shape;
  shape.params = model.params;
  shape.active_params = model.active_touched();
  shape.lookup_params = model.lookup_params();
  shape.layers = model.layers;
  shape.hidden_size = model.hidden_size;
  shape.kv_dim = model.kv_dim();
  shape.attention_dim = model.attention_dim();
  shape.kv_values = model.kv_cache_dim.value_or(static_cast<int>(kv_tensors) * shape.kv_dim);
  shape.kv_heads = model.kv_heads;
  shape.latent_kv = model.kv_cache_dim.has_value();
  shape.latent_query = shape.latent_kv && !model.query_projected_directly;
  if (model.moe()) {
    shape.experts = *model.experts;
    shape.experts_per_token = *model.experts_per_token;
    shape.moe_layers = model.moe_layers.value_or(model.layers);
    shape.shared_experts = model.shared_expert_intermediate_size.value_or(0) > 0;
  }
  shape.weights = weights;
  shape.input_tokens = input_tokens;
  shape.output_tokens = output_tokens;
  return shape;
}

LayerMatrices layer_matrices(const ServingShape& shape) {
  constexpr int dense_attention = 2, latent_attention = 5, latent_query = 1, dense_mlp = 2, routed_mlp = 3,
                shared_mlp = 2;
  LayerMatrices m;
  m.dense_layer = dense_attention + dense_mlp;
  m.attention = shape.latent_kv ? latent_attention + (shape.latent_query ? latent_query : 0) : dense_attention;
  m.dense_mlp = dense_mlp;
  m.moe_mlp = shape.experts > 0 ? routed_mlp + (shape.shared_experts ? shared_mlp : 0) : 0;
  m.moe_layers = shape.experts > 0 ? std::min(shape.moe_layers, shape.layers) : 0;
  const double matrices = static_cast<double>(shape.layers) * m.attention +
                          static_cast<double>(shape.layers - m.moe_layers) * m.dense_mlp +
                          static_cast<double>(m.moe_layers) * m.moe_mlp;
  m.dense_layer_equivalents = matrices / m.dense_layer;
  return m;
}

namespace {

// "32 layers", or for layers that multiply more matrices than a dense one "165.5 dense layers' worth of
// weight matrices ((61 attentions × 6 + 3 dense MLPs × 2 + 58 mixture-of-experts MLPs × 5) / a dense
// layer's 4)".
std::string overhead_layers_text(const ServingShape& shape) {
  const LayerMatrices m = layer_matrices(shape);
  if (m.dense_layer_equivalents == shape.layers) return fmt::format("{} layers", shape.layers);
  std::string sum = fmt::format("{} attentions × {}", shape.layers, m.attention);
  if (shape.layers > m.moe_layers)
    sum += fmt::format(" + {} dense MLPs × {}", shape.layers - m.moe_layers, m.dense_mlp);
  if (m.moe_layers > 0) sum += fmt::format(" + {} mixture-of-experts MLPs × {}", m.moe_layers, m.moe_mlp);
  return fmt::format("{:.4g} dense layers' worth of weight matrices (({}) / a dense layer's {})",
                     m.dense_layer_equivalents, sum, m.dense_layer);
}

}  // namespace

double kv_bytes_per_token(const ServingShape& shape) {
  const double values = shape.kv_values > 0 ? shape.kv_values : kv_tensors * shape.kv_dim;
  return values * shape.layers * kv_bytes(shape.weights);
}

// Tensor parallelism splits attention by KV head: over more GPUs than KV heads, each GPU still holds
// at least one whole head, so every head is stored gpus / kv_heads times (vLLM, TensorRT-LLM and
// SGLang replicate them so); an MLA latent is one vector per token, held whole by every GPU. Expert
// parallelism runs attention data-parallel: each GPU caches only its own sequences.
double kv_copies(const ServingShape& shape, int gpus, bool expert_parallel) {
  if (expert_parallel || gpus <= 1) return 1.0;
  if (shape.latent_kv) return gpus;
  return shape.kv_heads > 0 && gpus > shape.kv_heads ? static_cast<double>(gpus) / shape.kv_heads : 1.0;
}

namespace {

double weights_bytes(const ServingShape& shape) {
  // Unmerged adapters stay in 16-bit beside the (possibly quantised) base.
  const double adapter_bytes = shape.adapters > 1 ? shape.adapters * shape.adapter_params * fp16_bytes : 0.0;
  return shape.params * bytes_per_value(shape.weights) + adapter_bytes;
}

double usable_bytes(const GpuSpec& gpu, int gpus, const ServingAssumptions& assumptions) {
  return gpus * (gpu.memory_gb * units::bytes_per_gpu_memory_gb * assumptions.memory_usable_share -
                 assumptions.memory_reserved_gb * units::bytes_per_gb);
}

std::optional<ExpertSplit> expert_split(const ServingShape& shape) {
  return ftcost::expert_split(shape.params, shape.active_params, shape.experts, shape.experts_per_token);
}

// Probability that a given expert is picked by at least one of `tokens` tokens routed independently.
double expert_touched(const ServingShape& shape, double tokens) {
  return 1.0 - std::pow(1.0 - static_cast<double>(shape.experts_per_token) / shape.experts, std::max(tokens, 1.0));
}

// Share of the weights one decode step reads. Dense models read them all. A mixture-of-experts
// model always reads its shared part (attention, embeddings, shared experts) and each routed expert
// that at least one of the batch's B tokens picks: with k of E experts per token, routed
// independently, an expert is touched with probability 1 − (1 − k/E)^B (all of them once the batch
// is large). Expert sizes follow from the parameter counts: total = shared + E·e, active = shared + k·e.
// Without expert counts, every weight counts as routed with probability active/total.
double touched_weight_share(const ServingShape& shape, double batch) {
  if (shape.params <= 0 || shape.active_params >= shape.params) return 1.0;
  const double tokens = std::max(batch, 1.0);
  if (const auto split = expert_split(shape)) {
    return std::min(1.0,
                    (split->shared + shape.experts * split->expert * expert_touched(shape, tokens)) / shape.params);
  }
  const double per_token = shape.active_params / shape.params;
  return 1.0 - std::pow(1.0 - per_token, tokens);
}

}  // namespace

std::optional<int> min_gpus_for_serving(const ServingShape& shape, const GpuSpec& gpu,
                                        const ServingAssumptions& assumptions) {
  const double sequence_bytes = kv_bytes_per_token(shape) * (shape.input_tokens + shape.output_tokens);
  for (int gpus = 1; gpus <= 64; gpus *= 2) {
    // Across nodes a mixture of experts goes expert-parallel (as serving_performance decides).
    const bool expert_parallel = expert_split(shape) && gpus > std::max(1, assumptions.gpus_per_node);
    const double copies = kv_copies(shape, gpus, expert_parallel);
    if (weights_bytes(shape) + sequence_bytes * copies <= usable_bytes(gpu, gpus, assumptions)) return gpus;
  }
  return std::nullopt;
}

ServingPerformance serving_performance(const ServingShape& shape, const GpuSpec& gpu, int gpus,
                                       const ServingAssumptions& assumptions,
                                       std::optional<double> max_ms_per_output_token,
                                       std::optional<double> concurrency) {
  ServingPerformance perf;
  perf.gpus = gpus;
  const int per_node = std::max(1, assumptions.gpus_per_node);
  perf.nodes = (gpus + per_node - 1) / per_node;
  // Across nodes a mixture of experts is served expert-parallel (no engine all-reduces every layer
  // over the network for one): attention data-parallel, the shared weights on every GPU.
  const std::optional<ExpertSplit> split = expert_split(shape);
  perf.expert_parallel = split && perf.nodes > 1;
  const double value_bytes = bytes_per_value(shape.weights);
  // Expert parallelism stores the shared weights once per GPU instead of once per replica.
  const double weight_bytes =
      weights_bytes(shape) + (perf.expert_parallel ? (gpus - 1) * split->shared * value_bytes : 0.0);
  perf.weights_gb = weight_bytes / units::bytes_per_gb;
  perf.kv_copies = kv_copies(shape, gpus, perf.expert_parallel);
  perf.kv_bytes_per_token = kv_bytes_per_token(shape) * perf.kv_copies;
  perf.kv_capacity_tokens =
      std::max(0.0, (usable_bytes(gpu, gpus, assumptions) - weight_bytes) / perf.kv_bytes_per_token);
  // Continuous batching keeps requests at every stage of their answer: on average each holds its
  // prompt plus half its answer in the (paged) KV cache.
  const double mean_context = shape.input_tokens + shape.output_tokens / 2.0;
  perf.max_concurrency = std::floor(perf.kv_capacity_tokens / mean_context);

  // Tensor parallelism shards every kernel over the replica's GPUs; expert parallelism keeps each
  // GPU's kernels whole and works on its own share of the batch.
  perf.tensor_parallel_factor =
      perf.expert_parallel ? 1.0 : scaling_efficiency(assumptions.tensor_parallel_efficiency, gpus);
  const int sharded_over = perf.expert_parallel ? 1 : gpus;
  const double gpu_bandwidth = gpu.memory_bandwidth_gb_s * units::bytes_per_gb * assumptions.bandwidth_efficiency;
  const double gpu_compute = gpu.sustained_tflops(serving_compute_precision(shape.weights, gpu)).value_or(0.0) *
                             units::flops_per_tflop * assumptions.compute_efficiency;
  const double bandwidth = sharded_over * gpu_bandwidth * perf.tensor_parallel_factor;
  const double compute = sharded_over * gpu_compute * perf.tensor_parallel_factor;
  const double adapter_flops = shape.adapters > 1 ? flops_per_param_per_token * shape.adapter_active_params : 0.0;
  // An untied input embedding is a lookup: no FLOPs, and a decode step reads B of its rows, not all.
  const double multiplied_params = std::max(0.0, shape.active_params - shape.lookup_params);
  const double dense_flops_per_token = flops_per_param_per_token * multiplied_params + adapter_flops;
  const double attention_flops_per_token =
      attention_flops_factor * shape.layers * attention_width(shape) * mean_context;
  const double adapter_factor = shape.adapters > 1 ? assumptions.adapter_efficiency : 1.0;
  // The engine's own work per step, plus a floor per layer: a decode step runs some ten kernels a
  // layer, each taking microseconds however little it moves (launch, synchronisation, a tail); a
  // layer with more weight matrices (latent attention, routed and shared experts) runs more of them.
  perf.overhead_layers = layer_matrices(shape).dense_layer_equivalents;
  const double overhead_s =
      (assumptions.step_overhead_ms + assumptions.layer_overhead_ms * perf.overhead_layers) / ms_per_second;
  // Inside one node the same two all-reduces per layer cross NVLink, or the PCIe bus on cards
  // without it (the catalog's interconnect figure counts both directions).
  const bool tensor_parallel_in_node = gpus > 1 && perf.nodes <= 1;
  // A bridge joins two cards: four or eight of them all-reduce over the host's PCIe.
  perf.allreduce_link_gb_s = tensor_parallel_in_node ? node_link_gb_s(gpu, gpus) : 0.0;
  auto in_node_s = [&](double tokens) {
    if (!tensor_parallel_in_node) return 0.0;
    return shape.layers * allreduces_per_layer *
           ring_allreduce_s(tokens * shape.hidden_size * fp16_bytes, gpus,
                            perf.allreduce_link_gb_s * units::bytes_per_gb, assumptions);
  };
  // Tensor parallelism across nodes: every layer's two all-reduces of the activations (after
  // attention and after the MLP) cross the network, each a latency plus ring traffic of 2 × tokens ×
  // hidden × 2 bytes per GPU at the network's per-GPU bandwidth.
  auto network_s = [&](double tokens) {
    if (perf.nodes <= 1 || perf.expert_parallel) return 0.0;
    const double bytes = ring_allreduce_factor * tokens * shape.hidden_size * fp16_bytes;
    return shape.layers * allreduces_per_layer *
           (assumptions.cross_node_allreduce_latency_us / us_per_second +
            bytes / (assumptions.network_gb_s_per_gpu * units::bytes_per_gb));
  };
  // Expert parallelism: per MoE layer each GPU sends its tokens' hidden states to the k experts they
  // are routed to (dispatch, in the weights' precision) and gets the results back (combine, 16-bit).
  // Experts on other nodes are reached over the network, the rest over NVLink.
  auto all_to_all_s = [&](double tokens_per_gpu) {
    if (!perf.expert_parallel) return 0.0;
    const double bytes =
        tokens_per_gpu * shape.experts_per_token * shape.hidden_size * (dispatch_bytes(shape.weights) + fp16_bytes);
    const double off_node = static_cast<double>(perf.nodes - 1) / perf.nodes;
    const double nvlink = node_link_gb_s(gpu, std::min(gpus, per_node)) * units::bytes_per_gb;
    return shape.moe_layers * (2.0 * assumptions.cross_node_allreduce_latency_us / us_per_second +
                               off_node * bytes / (assumptions.network_gb_s_per_gpu * units::bytes_per_gb) +
                               (nvlink > 0 ? (1.0 - off_node) * bytes / nvlink : 0.0));
  };
  // Bytes one GPU reads per decode step for the weights: everything it holds under tensor
  // parallelism (dense) or the experts the batch touches; its shared copy plus its touched experts
  // under expert parallelism.
  auto weights_read_bytes = [&](double batch) {
    const double held =
        perf.expert_parallel
            ? (split->shared + shape.experts * split->expert * expert_touched(shape, batch) / gpus) * value_bytes
            : weight_bytes * touched_weight_share(shape, batch);
    return std::max(0.0, held - shape.lookup_params * value_bytes);
  };

  // One decode step: the weight matmuls (bandwidth-bound at small batch, compute-bound at large),
  // then attention reading each sequence's KV cache (bandwidth-bound at any batch), then the
  // engine's fixed per-step work. Under expert parallelism each GPU handles batch / g sequences.
  struct Step {
    double weights_s = 0;
    double kv_s = 0;
    double allreduce_s = 0;
    double all_to_all_s = 0;
    double total_s = 0;
    bool compute_bound = false;
    double expert_weights_s = 0;  // a mixture of experts' routed experts (inside weights_s)
    bool experts_compute_bound = false;
  };
  auto step = [&](double batch) {
    Step out;
    const double local = perf.expert_parallel ? batch / gpus : batch;
    const double read_s = weights_read_bytes(batch) / bandwidth;
    const double matmul_s = local * dense_flops_per_token / compute;
    out.compute_bound = matmul_s > read_s;
    out.weights_s = std::max(read_s, matmul_s);
    if (split) {
      // A mixture of experts' two kinds of matmul meet the roofline apart: the shared weights' run over
      // every token of the batch, each routed expert's over the few tokens routed to it (B·k/E), so
      // the experts can be bandwidth-bound while the shared part is compute-bound.
      const double expert_read_s = shape.experts * split->expert * expert_touched(shape, batch) * value_bytes /
                                   (perf.expert_parallel ? gpus : 1) / bandwidth;
      const double expert_matmul_s =
          local * flops_per_param_per_token * shape.experts_per_token * split->expert / compute;
      // (At least nothing: a custom model whose looked-up embedding outweighs its shared weights.)
      const double shared_read_s = std::max(0.0, read_s - expert_read_s);
      const double shared_matmul_s = std::max(0.0, matmul_s - expert_matmul_s);
      out.compute_bound = shared_matmul_s > shared_read_s;
      out.experts_compute_bound = expert_matmul_s > expert_read_s;
      out.expert_weights_s = std::max(expert_read_s, expert_matmul_s);
      out.weights_s = std::max(shared_read_s, shared_matmul_s) + out.expert_weights_s;
    }
    out.kv_s = std::max(local * mean_context * perf.kv_bytes_per_token / bandwidth,
                        local * attention_flops_per_token / compute);
    out.allreduce_s = in_node_s(batch);
    out.all_to_all_s = all_to_all_s(local);
    out.total_s = (out.weights_s + out.kv_s) / adapter_factor + out.allreduce_s + network_s(batch) + out.all_to_all_s +
                  overhead_s;
    return out;
  };

  // Prefill: the whole prompt in one pass, attention quadratic in its length. Batched with decode
  // steps (continuous batching) it costs the replica its compute, the weights being streamed for the
  // decode step anyway — all but the experts of a mixture that its tokens touch and the decode batch
  // does not: the step that carries the prompt reads those too, and the prompt costs the larger of
  // its compute and that extra read. A prompt's own time to first token cannot beat reading the
  // weights its tokens touch (all of a dense model's, most of a mixture's experts). Under expert parallelism
  // one attention rank takes the prompt (its time to first token) while the others prefill other
  // requests: the replica's throughput sees 1/g of it.
  const double prefill_flops =
      shape.input_tokens * (dense_flops_per_token +
                            attention_flops_factor * shape.layers * attention_width(shape) * shape.input_tokens / 2.0);
  const double prefill_comms_s =
      in_node_s(shape.input_tokens) + network_s(shape.input_tokens) + all_to_all_s(shape.input_tokens);
  const double prefill_compute_s = prefill_flops / compute / adapter_factor;
  // A lone prompt runs one adapter, not every one served beside the base (expert parallelism keeps
  // adapters out of its reads, as its decode step does).
  const double other_adapters =
      shape.adapters > 1 && !perf.expert_parallel
          ? (shape.adapters - 1) * shape.adapter_params * fp16_bytes * touched_weight_share(shape, shape.input_tokens)
          : 0.0;
  auto prefill_extra_read_s = [&](double batch) {
    return std::max(0.0, weights_read_bytes(batch + shape.input_tokens) - weights_read_bytes(batch)) / bandwidth /
           adapter_factor;
  };
  auto prefill_s = [&](double batch) {
    return std::max(prefill_compute_s, prefill_extra_read_s(batch)) + prefill_comms_s;
  };
  // What one request's prefill costs the replica beside a decode batch of `batch`.
  auto prefill_share_s = [&](double batch) {
    return shape.decode_only ? 0.0 : perf.expert_parallel ? prefill_s(batch) / gpus : prefill_s(batch);
  };
  // Continuous batching interleaves prefills with decode steps: while a request answers, each of the
  // batch's other sequences finishes and is replaced once (a slot cycles through a prefill and the
  // answer's steps), so batch − 1 prefills run between its output tokens. Its time per output token
  // is the step plus (batch − 1) / output tokens prefills; its own prefill is its time to first token.
  auto ms_per_output_token = [&](double batch) {
    const double others = std::max(0.0, batch - 1.0);
    return (step(batch).total_s + others / shape.output_tokens * prefill_share_s(batch)) * ms_per_second;
  };

  // Each data-parallel attention rank schedules its own batch.
  perf.batch_cap = assumptions.max_batch * (perf.expert_parallel ? gpus : 1);
  double batch = concurrency.value_or(std::min(perf.max_concurrency, perf.batch_cap));
  // Requests beyond what the KV cache holds wait in the queue: they add no throughput.
  batch = std::min(batch, perf.max_concurrency);
  if (!concurrency && max_ms_per_output_token && batch >= 1) {
    // Largest batch whose time per output token stays within the target; it grows with the batch.
    if (ms_per_output_token(batch) > *max_ms_per_output_token) {
      double low = 0;
      double high = batch;
      for (int i = 0; i < 60; ++i) {
        const double mid = (low + high) / 2;
        (ms_per_output_token(mid) <= *max_ms_per_output_token ? low : high) = mid;
      }
      batch = std::floor(low);
    }
  }
  perf.batch = std::max(batch, 0.0);
  if (perf.batch < 1) return perf;  // nothing fits: callers report it

  const Step s = step(perf.batch);
  perf.decode_compute_bound = s.compute_bound;
  perf.experts_compute_bound = s.experts_compute_bound;
  perf.step_weights_ms = s.weights_s * ms_per_second;
  perf.step_expert_weights_ms = s.expert_weights_s * ms_per_second;
  perf.step_kv_ms = s.kv_s * ms_per_second;
  perf.step_allreduce_ms = s.allreduce_s * ms_per_second;
  perf.step_all_to_all_ms = s.all_to_all_s * ms_per_second;
  perf.decode_step_ms = s.total_s * ms_per_second;
  const double prefill_work_s = prefill_s(perf.batch);
  perf.prefill_read_ms = std::max(0.0, weights_read_bytes(shape.input_tokens) - other_adapters) / bandwidth /
                         adapter_factor * ms_per_second;
  perf.prefill_extra_read_ms = prefill_extra_read_s(perf.batch) * ms_per_second;
  perf.step_network_ms = network_s(perf.batch) * ms_per_second;
  perf.prefill_network_ms = (network_s(shape.input_tokens) + all_to_all_s(shape.input_tokens)) * ms_per_second;
  perf.prefill_links_ms = prefill_comms_s * ms_per_second;
  perf.prefill_work_ms = prefill_work_s * ms_per_second;
  perf.prefill_compute_ms = prefill_compute_s * ms_per_second;
  perf.prefill_ms = std::max(perf.prefill_compute_ms, perf.prefill_read_ms) + prefill_comms_s * ms_per_second;
  perf.ms_per_output_token = ms_per_output_token(perf.batch);
  // Each request costs its prefill plus its share of the decode steps it takes part in.
  const double seconds_per_request = prefill_share_s(perf.batch) + shape.output_tokens * s.total_s / perf.batch;
  perf.requests_per_s = 1.0 / seconds_per_request;
  perf.output_tokens_per_s = perf.requests_per_s * shape.output_tokens;
  return perf;
}

double HostingCurve::warm_share(double queries_per_month) const {
  if (!scales_to_zero()) return 0;
  return -std::expm1(-queries_per_month / units::seconds_per_month * wake_seconds);
}

double HostingCurve::replicas(double queries_per_month) const {
  const double needed = queries_per_replica_month > 0 ? queries_per_month / queries_per_replica_month : 0;
  if (scales_to_zero()) return std::max(needed, warm_share(queries_per_month));
  return std::max(min_replicas, autoscaling ? needed : std::ceil(needed));
}

void add_served_adapters(ServingShape& shape, const ModelSpec& model, double adapters, double rank,
                         double target_share) {
  shape.adapters = adapters;
  shape.adapter_params = lora_adapter_params(model, rank, target_share);
  shape.adapter_active_params = lora_active_adapter_params(model, rank, target_share);
}

ReplicaSizing size_replica(const HostingPlan& plan, const ModelSpec& model) {
  ReplicaSizing core;
  core.shape = serving_shape_for(model, plan.precision, plan.input_tokens, plan.output_tokens);
  add_served_adapters(core.shape, model, plan.adapters, plan.adapter_rank, plan.adapter_target_share);
  const ServingShape& shape = core.shape;
  const ServingAssumptions& assume = plan.assumptions;

  int gpus = 0;
  if (plan.gpus_per_replica) {
    gpus = *plan.gpus_per_replica;
  } else if (auto fit = min_gpus_for_serving(shape, plan.gpu, assume)) {
    gpus = *fit;
  } else {
    throw InputError({}, "hosting.gpu",
                     fmt::format("{} in {} ({:.0f} GB of weights) does not fit on up to 64 × {}", model.id,
                                 to_string(plan.precision),
                                 shape.params * bytes_per_value(plan.precision) / units::bytes_per_gb, plan.gpu.id),
                     "choose a GPU with more memory or a lower precision (fp8, int4)");
  }

  ServingPerformance perf = serving_performance(shape, plan.gpu, gpus, assume, plan.max_ms_per_output_token);
  if (perf.max_concurrency < 1) {
    throw InputError({}, "hosting.gpus_per_replica",
                     fmt::format("{} × {} cannot hold {} in {} plus one {:g}-token sequence", gpus, plan.gpu.id,
                                 model.id, to_string(plan.precision), plan.input_tokens + plan.output_tokens),
                     "use `gpus_per_replica: auto`, more GPUs or a lower precision");
  }
  if (perf.batch < 1) {
    const ServingPerformance single = serving_performance(shape, plan.gpu, gpus, assume, std::nullopt, 1.0);
    throw InputError(
        {}, "hosting.max_ms_per_output_token",
        fmt::format("the latency target of {:g} ms per output token cannot be met: {} on {} × {} "
                    "takes {:.1f} ms per token even one request at a time",
                    *plan.max_ms_per_output_token, model.id, gpus, plan.gpu.id, single.ms_per_output_token),
        "relax the target, use a faster GPU, more GPUs per replica or a lower precision");
  }
  if (plan.max_time_to_first_token_ms && perf.prefill_ms > *plan.max_time_to_first_token_ms) {
    throw InputError(
        {}, "hosting.max_time_to_first_token_ms",
        fmt::format("a {:g}-token prompt takes {:.3g} ms to its first token on {} × {} ({}), above the {:g} ms "
                    "target",
                    plan.input_tokens, perf.prefill_ms, gpus, plan.gpu.id,
                    perf.prefill_read_ms > perf.prefill_compute_ms
                        ? "reading the weights its tokens touch sets it, not its length"
                        : "its compute sets it",
                    *plan.max_time_to_first_token_ms),
        perf.prefill_read_ms > perf.prefill_compute_ms
            ? "relax the target, or use more GPUs per replica, a lower precision or a GPU with more bandwidth"
            : "relax the target, shorten prompts, or use more GPUs per replica");
  }
  core.performance = perf;
  core.gpus = gpus;
  return core;
}

double cold_start_s(const HostingPlan& plan, const ServingPerformance& perf) {
  const ServingAssumptions& a = plan.assumptions;
  return plan.cold_start_s.value_or(a.cold_start_fixed_s + perf.weights_gb / a.cold_start_load_gb_s);
}

double min_billed_s(const HostingPlan& plan) { return plan.min_billed_s.value_or(plan.assumptions.min_billed_s); }

HostingCore hosting_core(const HostingPlan& plan, const ModelSpec& model) {
  return hosting_core(plan, size_replica(plan, model));
}

namespace {

// Monitoring and operations staff: the hosting lines that do not grow with volume, priced once for
// both the lines and the curve's fixed part.
void add_fixed_lines(HostingLines& lines, const HostingPlan& plan) {
  if (plan.monitoring_per_month.usd > 0) lines.add(LineKind::serving_monitoring, 1, plan.monitoring_per_month.usd);
  if (plan.ops_fte > 0) {
    lines.add(LineKind::serving_operations, plan.ops_fte * units::fte_hours_per_month, plan.ops_rate.usd_per_hour);
  }
}

}  // namespace

HostingCore hosting_core(const HostingPlan& plan, const ReplicaSizing& sizing) {
  HostingCore core;
  static_cast<ReplicaSizing&>(core) = sizing;
  const ServingPerformance& perf = core.performance;
  const int gpus = core.gpus;

  // Replicas carry the peak hour at the target utilisation; autoscaling follows the average.
  const double capacity_per_replica_month = perf.requests_per_s * plan.target_utilization * units::seconds_per_month;
  HostingCurve& curve = core.curve;
  curve.autoscaling = plan.autoscaling;
  curve.min_replicas = plan.min_replicas;
  curve.queries_per_replica_month =
      plan.autoscaling ? capacity_per_replica_month : capacity_per_replica_month / plan.peak_factor;
  curve.replica_monthly = gpus * units::hours_per_month * plan.gpu_hour.usd;
  HostingLines fixed;
  add_fixed_lines(fixed, plan);
  curve.fixed_monthly = fixed.monthly();
  if (plan.autoscaling && plan.min_replicas <= 0) curve.wake_seconds = cold_start_s(plan, perf) + min_billed_s(plan);
  core.replicas = curve.replicas(plan.queries_per_month);
  return core;
}

PricedLine serving_gpus_line(double replicas, int gpus, double usd_per_gpu_hour) {
  return {LineKind::serving_gpus, replicas * gpus * units::hours_per_month, usd_per_gpu_hour};
}

HostingLines hosting_lines(const HostingPlan& plan, const HostingCore& core) {
  HostingLines lines;
  lines.add(serving_gpus_line(core.replicas, core.gpus, plan.gpu_hour.usd));
  add_fixed_lines(lines, plan);
  return lines;
}

namespace {

// Where a hosting line's price comes from and how its quantity was worked out.
void describe(CostLine& line, const HostingPlan& plan, const HostingCore& core) {
  switch (line.kind) {
    case LineKind::serving_gpus:
      line.price = plan.gpu_hour.ref;
      line.formula = lazy_format("{:.4g} replicas × {} × {} × 730 h", core.replicas, core.gpus, plan.gpu.id);
      return;
    case LineKind::serving_monitoring:
      line.price = plan.monitoring_per_month.ref;
      line.formula = "flat monthly";
      return;
    case LineKind::serving_operations:
      line.price = plan.ops_rate.ref;
      line.formula = lazy_format("{:g} FTE × 2,080 h / 12", plan.ops_fte);
      return;
    default:
      return;  // not a hosting line
  }
}

}  // namespace

HostingResult estimate_hosting(const HostingPlan& plan, const ModelSpec& model) {
  HostingResult result;
  const HostingCore core = hosting_core(plan, model);
  const ServingShape& shape = core.shape;
  const ServingAssumptions& assume = plan.assumptions;
  const int gpus = core.gpus;
  const ServingPerformance& perf = core.performance;
  result.performance = perf;
  result.curve = core.curve;
  result.replicas = core.replicas;

  const double average_qps = plan.queries_per_month / units::seconds_per_month;
  auto& d = result.model.derivations;
  d.reserve(16);
  const std::optional<ExpertSplit> split = expert_split(shape);
  // A mixture of experts: how its experts are laid out, which the lines below price.
  const char* layout = !split || gpus <= 1    ? ""
                       : perf.expert_parallel ? "; expert parallel across nodes: attention data-parallel, each GPU "
                                                "holding the shared weights and 1/GPUs of the experts"
                                              : "; tensor parallel within the node: every expert split over the "
                                                "GPUs (expert parallelism only across nodes)";
  d.push_back({"hosting.gpus_per_replica", static_cast<double>(gpus), "GPUs",
               lazy_format("{}{}",
                           plan.gpus_per_replica ? "from the scenario"
                                                 : "smallest power of two holding the weights and one full sequence",
                           layout)});
  const Formula adapters_text = plan.adapters > 1 ? lazy_format(" + {:g} adapters × {} parameters × 2 bytes",
                                                                plan.adapters, ShortQuantity{shape.adapter_params})
                                                  : Formula("");
  if (perf.expert_parallel && split) {
    d.push_back({"hosting.weights_gb", perf.weights_gb, "GB",
                 lazy_format("expert parallel: ({} GPUs × {} shared parameters + {} experts × {} parameters) × {:g} "
                             "bytes ({}){}",
                             gpus, ShortQuantity{split->shared}, shape.experts, ShortQuantity{split->expert},
                             bytes_per_value(plan.precision), to_string(plan.precision), adapters_text)});
  } else {
    d.push_back({"hosting.weights_gb", perf.weights_gb, "GB",
                 lazy_format("{} parameters × {:g} bytes ({}){}", ShortQuantity{shape.params},
                             bytes_per_value(plan.precision), to_string(plan.precision), adapters_text)});
  }
  // Tensor parallelism wider than the KV heads stores each head on several GPUs.
  const std::string copies_text =
      perf.kv_copies <= 1 ? std::string{}
      : shape.latent_kv
          ? fmt::format(
                " × {:g} copies (the latent is one vector per token: each of the {} tensor-parallel GPUs holds it "
                "whole)",
                perf.kv_copies, gpus)
          : fmt::format(" × {:g} copies ({} KV heads over {} tensor-parallel GPUs: each head is held by {:g})",
                        perf.kv_copies, shape.kv_heads, gpus, perf.kv_copies);
  d.push_back(
      {"hosting.kv_bytes_per_token", perf.kv_bytes_per_token, "bytes",
       model.kv_cache_dim
           ? lazy_format("{} layers × {} cached values (latent attention) × {:g} bytes{}", shape.layers,
                         *model.kv_cache_dim, kv_bytes(plan.precision), copies_text)
           : lazy_format("2 (key, value) × {} layers × {} ({}) × {:g} bytes{}", shape.layers, shape.kv_dim,
                         model.kv_heads > 0 && shape.kv_dim % model.kv_heads == 0
                             ? lazy_format("{} KV heads × head size {}", model.kv_heads, shape.kv_dim / model.kv_heads)
                             : std::string("KV width"),
                         kv_bytes(plan.precision), copies_text)});
  if (shape.experts > 0) {
    d.push_back({"hosting.moe_weights_read_share", touched_weight_share(shape, perf.batch), "share of weights",
                 split ? lazy_format("(shared {} + {} experts × {} each × (1 − (1 − {}/{})^batch {:g})) / {} "
                                     "parameters: the experts a decode step's tokens are routed to{}",
                                     ShortQuantity{split->shared}, shape.experts, ShortQuantity{split->expert},
                                     shape.experts_per_token, shape.experts, perf.batch, ShortQuantity{shape.params},
                                     perf.expert_parallel
                                         ? lazy_format("; under expert parallelism each GPU reads its shared copy "
                                                       "and the touched ones of its {:g} experts",
                                                       static_cast<double>(shape.experts) / gpus)
                                         : "")
                       : lazy_format("1 − (1 − {} active / {} parameters)^batch {:g}: the expert counts do not split "
                                     "shared from routed weights, so every weight is routed with the active share",
                                     ShortQuantity{shape.active_params}, ShortQuantity{shape.params}, perf.batch)});
  }
  d.push_back(
      {"hosting.max_concurrency", perf.max_concurrency, "sequences",
       lazy_format("{} KV tokens free ({} × ({:g} GiB = {:.1f} GB × {:g} (serving.memory_usable_share) − {:g} GB "
                   "(serving.memory_reserved_gb)) − {:.1f} GB of weights, / KV bytes per token) / {:g} tokens held per "
                   "sequence on average (prompt + half the answer)",
                   ShortQuantity{perf.kv_capacity_tokens}, gpus, plan.gpu.memory_gb,
                   plan.gpu.memory_gb * units::bytes_per_gpu_memory_gb / units::bytes_per_gb,
                   assume.memory_usable_share, assume.memory_reserved_gb, perf.weights_gb,
                   plan.input_tokens + plan.output_tokens / 2)});
  // Which of the three limits set the batch: the KV cache, the engine's cap, the latency target.
  const std::string cap_text = perf.expert_parallel
                                   ? fmt::format("{:g} per attention rank × {} GPUs", assume.max_batch, gpus)
                                   : fmt::format("{:g}", assume.max_batch);
  const std::string batch_limit =
      perf.batch >= perf.max_concurrency ? "the KV cache sets it"
      : perf.batch >= perf.batch_cap
          ? "the engine's cap sets it"
          : fmt::format("the {:g} ms per-output-token target sets it", plan.max_ms_per_output_token.value_or(0.0));
  d.push_back(
      {"hosting.batch", perf.batch, "sequences",
       plan.max_ms_per_output_token
           ? lazy_format("min(KV cache {:g}, engine cap {} ({}), largest batch within {:g} ms per output "
                         "token (decode step + (batch − 1) / output tokens × prefill, see tokens_per_s_per_user)): {}",
                         perf.max_concurrency, cap_text, assume.max_batch_id, *plan.max_ms_per_output_token,
                         batch_limit)
           : lazy_format("min(KV cache {:g}, engine cap {} ({})): {}", perf.max_concurrency, cap_text,
                         assume.max_batch_id, batch_limit)});
  // Under tensor parallelism the replica's GPUs share every kernel; under expert parallelism each
  // GPU runs its own batch / g sequences against its own memory.
  const Formula step_batch = perf.expert_parallel ? lazy_format("batch / {}", gpus) : Formula("batch");
  const Formula per_gpus = perf.expert_parallel ? Formula("one GPU's")
                                                : lazy_format(
                                                      "{} GPU{} × tensor parallel {:.4g} ({:g} per doubling, "
                                                      "serving.tensor_parallel_efficiency) ×",
                                                      gpus, gpus == 1 ? "" : "s", perf.tensor_parallel_factor,
                                                      assume.tensor_parallel_efficiency);
  const Precision compute_precision = serving_compute_precision(plan.precision, plan.gpu);
  const double peak_tflops = plan.gpu.sustained_tflops(compute_precision).value_or(0.0);
  if (const std::string power_bound = power_ceiling_text(plan.gpu, compute_precision); !power_bound.empty()) {
    d.push_back(
        {"hosting.sustained_tflops", peak_tflops, "TFLOP/s",
         lazy_format("the rate {} sustains at {}: {}", plan.gpu.id, to_string(compute_precision), power_bound)});
  }
  const char* const bytes_read =
      shape.lookup_params > 0 ? "(weight bytes read − the untied input embedding's)" : "weight bytes read";
  // A mixture of experts with expert counts: the shared weights and the routed experts meet the
  // roofline apart (hosting.decode_expert_weights_ms).
  const Formula weights_text =
      split
          ? lazy_format(
                "weights {:.2f} ms: shared max(({} − the routed experts') / ({} {:g} GB/s × {:g} "
                "serving.bandwidth_efficiency), {} × 2·N FLOPs / ({} {:g} TFLOP/s × {:g} {})) = {:.2f} ms with N = {} "
                "shared (active − {} × {} per "
                "expert{}{}), {}-bound, + routed experts {:.2f} ms",
                perf.step_weights_ms, bytes_read, per_gpus, plan.gpu.memory_bandwidth_gb_s, assume.bandwidth_efficiency,
                step_batch, per_gpus, peak_tflops, assume.compute_efficiency, assume.compute_efficiency_id,
                perf.step_weights_ms - perf.step_expert_weights_ms,
                ShortQuantity{
                    std::max(0.0, shape.active_params - shape.lookup_params - shape.experts_per_token * split->expert)},
                shape.experts_per_token, ShortQuantity{split->expert},
                shape.lookup_params > 0 ? ", − the untied input embedding" : "",
                plan.adapters > 1 ? ", + the adapters' FLOPs" : "", perf.decode_compute_bound ? "compute" : "bandwidth",
                perf.step_expert_weights_ms)
          : lazy_format(
                "weights {:.2f} ms: max({} / ({} {:g} GB/s × {:g} serving.bandwidth_efficiency), {} × 2·N "
                "FLOPs / ({} {:g} TFLOP/s × {:g} {})) with N = {}, {}-bound",
                perf.step_weights_ms, bytes_read, per_gpus, plan.gpu.memory_bandwidth_gb_s, assume.bandwidth_efficiency,
                step_batch, per_gpus, peak_tflops, assume.compute_efficiency, assume.compute_efficiency_id,
                MultipliedParams{shape.active_params, shape.lookup_params, shape.active_params < shape.params,
                                 model.active_params_exclude_input_embedding},
                perf.decode_compute_bound ? "compute" : "bandwidth");
  d.push_back(
      {"hosting.decode_step_ms", perf.decode_step_ms, "ms per decode step (one token for each sequence)",
       lazy_format("({}; + KV cache {:.2f} ms: max({} × context {:g} tokens (prompt + half "
                   "the answer) × KV bytes / that bandwidth, the same sequences' attention FLOPs / that compute))"
                   "{}{}{} + {:g} ms per-step overhead ({}) + {} × {:g} ms per layer "
                   "(serving.layer_overhead_ms; {:.2f} ms in all)",
                   weights_text, perf.step_kv_ms, step_batch, plan.input_tokens + plan.output_tokens / 2.0,
                   plan.adapters > 1 ? lazy_format(" / multi-adapter {:g}", assume.adapter_efficiency) : "",
                   perf.step_allreduce_ms > 0 ? lazy_format(" + all-reduces {:.2f} ms", perf.step_allreduce_ms) : "",
                   perf.expert_parallel ? lazy_format(" + expert all-to-alls {:.2f} ms", perf.step_all_to_all_ms)
                   : perf.nodes > 1     ? lazy_format(" + cross-node all-reduces {:.2f} ms", perf.step_network_ms)
                                        : "",
                   assume.step_overhead_ms,
                   plan.engine.empty() ? lazy_format("{}: engine not stated", assume.step_overhead_id)
                   : assume.step_overhead_id == "serving.step_overhead_ms"
                       ? lazy_format("{}: no entry of {}'s own", assume.step_overhead_id, plan.engine)
                       : lazy_format("{}", assume.step_overhead_id),
                   overhead_layers_text(shape), assume.layer_overhead_ms,
                   perf.overhead_layers * assume.layer_overhead_ms)});
  if (split) {
    d.push_back(
        {"hosting.decode_expert_weights_ms", perf.step_expert_weights_ms, "ms per decode step",
         lazy_format("max({} experts × {} parameters × (1 − (1 − {}/{})^batch {:g}) × {:g} bytes{} / ({} "
                     "bandwidth), {} × 2 FLOPs × {} experts per token × {} parameters / ({} compute)): each routed "
                     "expert multiplies only the tokens routed to it (batch × {}/{} = {:.3g} on average), "
                     "so its matmuls meet the roofline apart from the shared weights'; {}-bound",
                     shape.experts, ShortQuantity{split->expert}, shape.experts_per_token, shape.experts, perf.batch,
                     bytes_per_value(shape.weights),
                     perf.expert_parallel ? lazy_format(" / {} GPUs", gpus) : Formula(""), per_gpus, step_batch,
                     shape.experts_per_token, ShortQuantity{split->expert}, per_gpus, shape.experts_per_token,
                     shape.experts, perf.batch * shape.experts_per_token / shape.experts,
                     perf.experts_compute_bound ? "compute" : "bandwidth")});
  }
  if (perf.step_allreduce_ms > 0) {
    d.push_back({"hosting.allreduce_ms_per_step", perf.step_allreduce_ms, "ms per decode step",
                 lazy_format("{} layers × 2 ring all-reduces × ({:g} µs + 2·({} − 1) hops × {:g} µs + 2·({} − 1)/{} × "
                             "batch {:g} × hidden {} × 2 bytes / {:g} GB/s {} link, one direction)",
                             shape.layers, assume.allreduce_base_latency_us, gpus, assume.allreduce_hop_latency_us,
                             gpus, gpus, perf.batch, shape.hidden_size, perf.allreduce_link_gb_s,
                             collectives_over_pcie(plan.gpu, gpus) && !pcie_only(plan.gpu)
                                 ? std::string("PCIe (more GPUs than one NVLink bridge joins)")
                                 : plan.gpu.interconnect_kind)});
  }
  if (perf.expert_parallel) {
    const int in_node = std::min(gpus, std::max(1, assume.gpus_per_node));  // the GPUs NVLink joins
    d.push_back(
        {"hosting.expert_parallel_all_to_all_ms", perf.step_all_to_all_ms, "ms per decode step",
         lazy_format("the mixture of experts spans {} nodes: attention data-parallel (every GPU keeps the "
                     "shared weights and decodes batch / {} sequences), the {} experts split over {} GPUs; "
                     "{} MoE layers × (2 × {:g} µs + batch {:g} / {} × {} experts per token × hidden {} × "
                     "({:g} + 2) bytes: {:.0f}% to other nodes at {:g} GB/s per GPU, the rest over {:g} GB/s {})",
                     perf.nodes, gpus, shape.experts, gpus, shape.moe_layers, assume.cross_node_allreduce_latency_us,
                     perf.batch, gpus, shape.experts_per_token, shape.hidden_size, kv_bytes(plan.precision),
                     100.0 * (perf.nodes - 1) / perf.nodes, assume.network_gb_s_per_gpu,
                     node_link_gb_s(plan.gpu, in_node),
                     collectives_over_pcie(plan.gpu, in_node) ? std::string("PCIe") : plan.gpu.interconnect_kind)});
  }
  if (perf.nodes > 1 && !perf.expert_parallel) {
    d.push_back({"hosting.cross_node_ms_per_step", perf.step_network_ms, "ms per decode step",
                 lazy_format("the replica spans {} nodes of {} GPUs: {} layers × 2 all-reduces × ({:g} µs + 2 × batch "
                             "{:g} × hidden {} × 2 bytes / {:g} GB/s per GPU between nodes); prefill adds {:.1f} ms",
                             perf.nodes, assume.gpus_per_node, shape.layers, assume.cross_node_allreduce_latency_us,
                             perf.batch, shape.hidden_size, assume.network_gb_s_per_gpu, perf.prefill_network_ms)});
  }
  if (plan.adapters > 1) {
    d.push_back({"hosting.adapter_params", shape.adapter_params, "parameters per adapter",
                 lazy_format("{:g} LoRA adapters kept unmerged in 16-bit beside the base; each token also runs its "
                             "adapter (2 FLOPs per adapter parameter)",
                             plan.adapters)});
  }
  const Formula prompt_flops_text =
      plan.adapters <= 1 ? Formula("2·N")
      : shape.adapter_active_params < shape.adapter_params
          ? lazy_format("2·N + 2 × the {} adapter parameters a token runs", ShortQuantity{shape.adapter_active_params})
          : Formula("2·N + 2 × adapter parameters");
  const Formula prefill_compute =
      perf.expert_parallel ? lazy_format("one GPU's {:g} TFLOP/s × {} {:g}", peak_tflops, assume.compute_efficiency_id,
                                         assume.compute_efficiency)
      : gpus > 1
          ? lazy_format("{} GPUs × tensor parallel {:.4g} × {:g} TFLOP/s × {} {:g}", gpus, perf.tensor_parallel_factor,
                        peak_tflops, assume.compute_efficiency_id, assume.compute_efficiency)
          : lazy_format("{:g} TFLOP/s × {} {:g}", peak_tflops, assume.compute_efficiency_id, assume.compute_efficiency);
  d.push_back(
      {"hosting.time_to_first_token_ms", perf.prefill_ms, "ms",
       lazy_format(
           "max({:g} prompt tokens × FLOPs per prompt token ({} + attention 4 × {} layers × width {:g} × {:g} / 2 "
           "earlier tokens = {}) / ({}){} = {:.2f} ms, the weight bytes its tokens touch{} / the decode step's "
           "bandwidth{} = {:.2f} ms){}",
           plan.input_tokens, prompt_flops_text, shape.layers, attention_width(shape), plan.input_tokens,
           ShortQuantity{attention_flops_factor * shape.layers * attention_width(shape) * plan.input_tokens / 2.0},
           prefill_compute, plan.adapters > 1 ? lazy_format(" / multi-adapter {:g}", assume.adapter_efficiency) : "",
           perf.prefill_compute_ms, plan.adapters > 1 ? " (one adapter's)" : "",
           plan.adapters > 1 ? lazy_format(" / multi-adapter {:g}", assume.adapter_efficiency) : "",
           perf.prefill_read_ms,
           perf.expert_parallel
               ? lazy_format(" + its all-to-alls and all-reduces, {:.2f} ms; the replica prefills one prompt per "
                             "attention rank at a time",
                             perf.prefill_links_ms)
           : gpus > 1
               ? lazy_format(" + the all-reduces of a decode step's layers for the prompt's tokens, {:.2f} ms{}",
                             perf.prefill_links_ms,
                             perf.nodes > 1 ? lazy_format(" (across nodes: {:.1f} ms)", perf.prefill_network_ms) : "")
               : Formula(""))});
  d.push_back(
      {"hosting.tokens_per_s_per_user", perf.ms_per_output_token > 0 ? ms_per_second / perf.ms_per_output_token : 0,
       "tokens/s",
       shape.decode_only
           ? lazy_format("1000 / decode step {:.2f} ms (prompts are prefilled elsewhere)", perf.decode_step_ms)
           : lazy_format("1000 / (decode step {:.2f} ms + (batch {:g} − 1) / {:g} output tokens × prefill {:.2f} "
                         "ms{}) = 1000 / {:.2f} ms, while it answers: the requests that replace the batch's other "
                         "sequences meanwhile are prefilled between its steps",
                         perf.decode_step_ms, perf.batch, plan.output_tokens, perf.prefill_work_ms,
                         perf.expert_parallel ? lazy_format(" / {} ranks", gpus) : "", perf.ms_per_output_token)});
  // What a prefill costs a replica that batches it with decode steps, in words.
  const Formula prefill_cost =
      perf.prefill_extra_read_ms > 0
          ? lazy_format(
                "max(its compute {:.2f} ms, the experts its tokens touch beyond the decode batch's {:.2f} ms) "
                "+ its links {:.2f} ms; the rest of the weights are read for the decode step anyway",
                perf.prefill_compute_ms, perf.prefill_extra_read_ms, perf.prefill_links_ms)
          : Formula("its compute and links, not another read of the weights");
  d.push_back({"hosting.requests_per_s_per_replica", perf.requests_per_s, "requests/s",
               perf.expert_parallel
                   ? lazy_format("1 / (prefill {:.2f} ms / {} ranks + output tokens × step / batch): batched with "
                                 "decode steps, a prefill costs {}",
                                 perf.prefill_work_ms, gpus, prefill_cost)
                   : lazy_format("1 / (prefill {:.2f} ms + output tokens × step / batch): batched with decode steps, "
                                 "a prefill costs {}{}",
                                 perf.prefill_work_ms, prefill_cost,
                                 perf.prefill_links_ms > 0 && perf.prefill_extra_read_ms <= 0
                                     ? lazy_format(" ({:.2f} ms compute + {:.2f} ms links)", perf.prefill_compute_ms,
                                                   perf.prefill_links_ms)
                                     : "")});
  d.push_back(
      {"hosting.output_tokens_per_s_per_replica", perf.output_tokens_per_s, "tokens/s", "requests/s × output tokens"});
  d.push_back({"hosting.peak_qps", average_qps * plan.peak_factor, "requests/s",
               lazy_format("{} queries / 730 h / 3600 s × peak factor {:g}", ShortQuantity{plan.queries_per_month},
                           plan.peak_factor)});
  if (core.curve.scales_to_zero()) {
    const double cold = cold_start_s(plan, perf);
    d.push_back({"hosting.cold_start_s", cold, "s per start",
                 plan.cold_start_s
                     ? Formula("from the scenario")
                     : lazy_format("{:g} s engine start + {:.1f} GB of weights / {:g} GB/s", assume.cold_start_fixed_s,
                                   perf.weights_gb, assume.cold_start_load_gb_s)});
    d.push_back({"hosting.warm_share", core.curve.warm_share(plan.queries_per_month), "share of the month",
                 lazy_format("scale to zero: each request that finds no replica up starts one and keeps it billed "
                             "{:g} s (cold start {:.0f} s + minimum billed {:g} s); random arrivals keep one up "
                             "1 − e^(−{} queries / 2,628,000 s × {:g} s) of the time",
                             core.curve.wake_seconds, cold, min_billed_s(plan), ShortQuantity{plan.queries_per_month},
                             core.curve.wake_seconds)});
  }
  d.push_back({"hosting.replicas", result.replicas, "replicas",
               core.curve.scales_to_zero()
                   ? lazy_format("max(average load / ({:.2f} req/s × {:g} utilisation), warm share): scales to zero",
                                 perf.requests_per_s, plan.target_utilization)
               : plan.autoscaling
                   ? lazy_format("average load / ({:.2f} req/s × {:g} utilisation), at least {:g}", perf.requests_per_s,
                                 plan.target_utilization, plan.min_replicas)
                   : lazy_format("ceil(peak {:.2f} req/s / ({:.2f} req/s × {:g} utilisation)), at least {:g}",
                                 average_qps * plan.peak_factor, perf.requests_per_s, plan.target_utilization,
                                 plan.min_replicas)});

  const HostingLines priced = hosting_lines(plan, core);
  result.model.lines.reserve(priced.size());
  for (const PricedLine& line : priced) describe(result.model.lines.emplace_back(line), plan, core);
  return result;
}

}  // namespace ftcost
