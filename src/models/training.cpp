#include "ftcost/models/training.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "ftcost/models/expert_split.hpp"
#include "ftcost/models/units.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

// Forward pass: 2 FLOPs (multiply + add) per parameter per token. The backward pass costs twice
// the forward: once for activation gradients, once for weight gradients (Kaplan et al. 2020).
constexpr double forward_flops_per_param = 2.0;
constexpr double activation_grad_flops_per_param = 2.0;
constexpr double weight_grad_flops_per_param = 2.0;
// Attention scores and weighted sum: 2 matmuls of seq × width per token per layer (width = heads ×
// head size), 2 FLOPs each; × 3 for forward + backward: 12 · layers · width · seq (PaLM, Chowdhery
// et al. 2022, appendix B). A causal model's token attends only to the tokens before it, seq / 2 of
// them on average, and fused attention kernels (FlashAttention) skip the masked half, as in
// hosting's prefill.
constexpr double attention_train_flops_factor = 12.0;
constexpr double causal_share = 0.5;
// Of those 12, the forward pass is 4 (QK^T and the weighted sum of V); the backward twice that.
constexpr double attention_passes = 3.0;
// Linear layers that take LoRA adapters in a Llama-style block: q, k, v, o, gate, up, down.
// Parameters with adapters on all of them: r × (9·d + 2·kv_dim + 3·ff) per layer.
constexpr double bf16_bytes = 2.0;
constexpr double fp32_bytes = 4.0;
// Activations kept per token per layer with gradient checkpointing: the layer input in bf16.
constexpr double checkpointed_bytes_per_hidden = 2.0;
// One layer's activations, kept for the backward pass (Korthikanti et al. 2022, 34·s·b·h bytes, with
// FlashAttention removing the 5·a·s² term).
constexpr double layer_activation_bytes_per_hidden = 34.0;

int ff_size(const TrainingShape& shape) {
  return shape.intermediate_size > 0 ? shape.intermediate_size : 4 * shape.hidden_size;
}
int kv_size(const TrainingShape& shape) { return shape.kv_dim > 0 ? shape.kv_dim : shape.hidden_size; }
int attention_size(const TrainingShape& shape) {
  return shape.attention_dim > 0 ? shape.attention_dim : shape.hidden_size;
}

// Where LoRA's adapters sit. PEFT's target modules name projections (q, k, v, o, gate, up, down),
// so a mixture of experts gets an adapter on each expert's copy of gate, up and down: all of them
// stored and trained, those of the k experts a token is routed to run for it. A routed expert's
// width comes from the catalog's counts: its three projections over the MoE layers hold
// (total − active) / (E − k) parameters = 3 · hidden · width · MoE layers. Shared experts (DeepSeek,
// Qwen MoE, Llama 4) are projections too: each MoE layer's get one adapter set, run by every token.
int moe_layer_count(const TrainingShape& shape) { return shape.moe_layers > 0 ? shape.moe_layers : shape.layers; }

struct LoraLayout {
  double dense_mlp_layers = 0;
  double dense_ff = 0;
  double moe_layers = 0;
  double expert_ff = 0;
  double shared_ff = 0;
};
LoraLayout lora_layout(const TrainingShape& shape) {
  LoraLayout layout;
  layout.dense_mlp_layers = shape.layers;
  layout.dense_ff = ff_size(shape);
  const auto split = expert_split(shape.params, shape.active_params, shape.experts, shape.experts_per_token);
  if (!split || !shape.moe() || shape.hidden_size <= 0) return layout;
  layout.moe_layers = std::clamp(moe_layer_count(shape), 1, shape.layers);
  layout.dense_mlp_layers = shape.layers - layout.moe_layers;
  if (shape.dense_ff > 0) layout.dense_ff = shape.dense_ff;
  layout.expert_ff = split->expert / (3.0 * shape.hidden_size * layout.moe_layers);
  layout.shared_ff = shape.shared_expert_ff;
  return layout;
}

// The attention projections' adapter width per layer in a LoRA formula: q, k, v and o take 6·d +
// 2·kv_dim where the attention width is the hidden size, 4·d + 2·w + 2·kv_dim where it is not.
std::string attention_adapter_text(const TrainingShape& shape) {
  return attention_size(shape) == shape.hidden_size
             ? "6·d + 2·kv_dim"
             : fmt::format("4·d + 2·w + 2·kv_dim, w = {} heads × head size", attention_size(shape));
}

// rank × (in + out) of a gated MLP's three projections (gate, up: d → ff; down: ff → d).
double mlp_adapter_width(double d, double ff) { return 3.0 * (d + ff); }

// LoRA parameters with `experts` adapted routed experts per MoE layer (E stored, k run per token):
// rank × (in + out) of each adapted projection.
double lora_params(const TrainingShape& shape, double experts) {
  const double d = shape.hidden_size;
  const LoraLayout layout = lora_layout(shape);
  // q: d → w, k and v: d → kv, o: w → d, with w the attention width (heads × head size, which
  // Qwen3-235B's 64 heads of 128 make twice its hidden size).
  const double attention = (4.0 * d + 2.0 * attention_size(shape) + 2.0 * kv_size(shape)) * shape.layers;
  double mlp = mlp_adapter_width(d, layout.dense_ff) * layout.dense_mlp_layers +
               mlp_adapter_width(d, layout.expert_ff) * layout.moe_layers * experts;
  if (layout.shared_ff > 0) mlp += mlp_adapter_width(d, layout.shared_ff) * layout.moe_layers;
  return shape.lora_rank * (attention + mlp) * shape.lora_target_share;
}

// Elements LoRA's unfused adapter kernels move per token: each reads its module's input and adds into
// its output, read and written. Attention (q,k,v,o) reads 3d + w and writes w + 2·kv + d (w the
// attention width); an MLP (gate, up, down) reads 2d + ff and writes d + 2·ff; a token runs the MLP
// adapters of its k experts (and of the shared experts) in a MoE layer.
double adapter_traffic_elements(const TrainingShape& shape) {
  const double d = shape.hidden_size;
  const double w = attention_size(shape);
  const double kv = kv_size(shape);
  const LoraLayout layout = lora_layout(shape);
  const double attention = 3.0 * d + w + 2.0 * (w + 2.0 * kv + d);
  const auto mlp = [&](double width) { return (2.0 * d + width) + 2.0 * (d + 2.0 * width); };
  const double shared = layout.shared_ff > 0 ? mlp(layout.shared_ff) * layout.moe_layers : 0.0;
  return (attention * shape.layers + mlp(layout.dense_ff) * layout.dense_mlp_layers +
          mlp(layout.expert_ff) * layout.moe_layers * shape.experts_per_token + shared) *
         shape.lora_target_share;
}

// Tensor/sequence parallelism over s GPUs: per layer the forward all-gathers and reduce-scatters the
// activations before and after attention and the MLP (two all-reduces' worth), the backward the same.
constexpr double activation_allreduces_per_layer = 4.0;
constexpr double forward_allreduces_per_layer = 2.0;

// Share of a mixture of experts' multiplied parameters in its routed experts: k·e / (active − an
// untied input embedding, which is looked up).
double routed_expert_share(const TrainingShape& shape) {
  const auto split = expert_split(shape.params, shape.active_params, shape.experts, shape.experts_per_token);
  const double multiplied = shape.active_params - shape.lookup_params;
  if (!split || multiplied <= 0) return 1.0;
  return std::clamp(shape.experts_per_token * split->expert / multiplied, 0.0, 1.0);
}

// A dispatched token and its combined result, forward and backward: 4 transfers of k × d values.
constexpr double all_to_all_transfers = 4.0;
// Forward, and backward through the frozen weights (activation gradients need W once more).
constexpr double dequant_passes = 2.0;

// Link one GPU uses to the `group` peers of a collective inside a node, bytes/s one way: NVLink (the
// catalog counts both directions), or the host's PCIe link on cards without it and beyond what a
// bridge joins (two A40s share a bridge; four talk over the host).
double peer_link_bytes_per_s(const GpuSpec& gpu, const TrainingAssumptions& a, int group) {
  return (collectives_over_pcie(gpu, group) ? a.host_link_gb_s : gpu.interconnect_gb_s / 2.0) * units::bytes_per_gb;
}

// Machines of training.gpus_per_node GPUs a run of `gpu_count` spans.
int machines_for(int gpu_count, const TrainingAssumptions& a) {
  const int per_node = std::max(1, a.gpus_per_node);
  return (gpu_count + per_node - 1) / per_node;
}

// Utilisation lost per doubling of 8-GPU nodes beyond one (training.multi_node_efficiency).
double multi_node_factor(int gpu_count, const TrainingAssumptions& a) {
  const int nodes = machines_for(gpu_count, a);
  return nodes > 1 ? std::pow(a.multi_node_efficiency, std::log2(nodes)) : 1.0;
}

// Tokens a token's attention runs over: the sequence, or only its own example when packed examples
// are document-masked (training.attention_span); prompt tuning's virtual tokens on top.
double attended_tokens(const TrainingShape& shape) {
  const double span = shape.attention_span > 0 ? std::min(shape.attention_span, shape.seq_len) : shape.seq_len;
  return span + (shape.method == TrainingMethod::prompt_tuning ? shape.prompt_virtual_tokens : 0.0);
}

bool attention_spans_examples(const TrainingShape& shape) {
  return shape.attention_span > 0 && shape.attention_span < shape.seq_len;
}

// Bytes of one logit as the loss holds it: fp32 when the whole output is upcast for the loss (the
// default of most trainers), bf16 when a chunked loss upcasts one chunk at a time inside a fused
// kernel and keeps only 16-bit logits for the backward.
double logits_element_bytes(const TrainingShape& shape) { return shape.chunked_loss ? bf16_bytes : fp32_bytes; }

// The matmul efficiency the time model runs at: the default × the MoE factor.
double matmul_efficiency(const TrainingShape& shape, const TrainingAssumptions& a) {
  return a.mfu * (shape.moe() ? a.moe_efficiency : 1.0);
}

// The output layer's FLOPs per token: vocabulary × hidden multiplied forward (2), its activation
// gradient (2) and, when it trains, its weight gradient (2); a PEFT method freezes it. Never more
// than the run's dense FLOPs (a custom model whose vocabulary outweighs its count).
double output_layer_flops_per_param(const TrainingShape& shape) {
  return shape.method == TrainingMethod::full
             ? forward_flops_per_param + activation_grad_flops_per_param + weight_grad_flops_per_param
             : forward_flops_per_param + activation_grad_flops_per_param;
}
double output_layer_flops(const TrainingShape& shape, double dense_flops) {
  const double output_params = static_cast<double>(shape.vocab_size) * shape.hidden_size;
  return std::min(output_layer_flops_per_param(shape) * output_params, dense_flops);
}

// fp8 (and fp4) training recipes quantise the transformer blocks' linear layers and keep attention
// (Transformer Engine's fused attention, FlashAttention) and the output layer in bf16: Megatron's
// output layer is not a Transformer Engine module, torchao's float8 conversion filters it out, and
// llm-foundry converts only te.Linear. Those matmuls run at the bf16 rate; the same share of that
// peak is assumed for both. The ratio of the bf16 rate to the precision's matmul rate, or
// 0 when the run is no low-precision recipe (or the GPU lacks either rate): everything at one rate.
// Not capped at 1: a GPU whose measured fp8 share leaves its gradient GEMMs below its bf16 rate runs
// attention and the output layer faster than them.
double attention_rate_share(const GpuSpec& gpu, Precision precision) {
  if (precision != Precision::fp8 && precision != Precision::fp4 && precision != Precision::int8) return 0.0;
  const auto low = gpu.matmul_tflops(precision);
  const auto bf16 = gpu.sustained_tflops(Precision::bf16);
  if (!low || !bf16 || *low <= 0 || *bf16 <= 0) return 0.0;
  return *bf16 / *low;
}

}  // namespace

double activation_comm_s(const TrainingShape& shape, const GpuSpec& gpu, const TrainingAssumptions& assumptions,
                         int shards, double recomputed) {
  const double link = peer_link_bytes_per_s(gpu, assumptions, shards);
  if (shards <= 1 || link <= 0) return 0.0;
  // A ring all-reduce of m bytes sends 2·(s − 1)/s · m from each GPU; the s GPUs share each token
  // (m = hidden × 2 bytes), so one GPU's time per token of its own is s times the group's. A
  // recomputed forward repeats its two, charged like the rest of it (`recomputed` = share × cost).
  const double allreduces = activation_allreduces_per_layer + forward_allreduces_per_layer * recomputed;
  const double bytes =
      allreduces * shape.layers * 2.0 * (shards - 1.0) * static_cast<double>(shape.hidden_size) * bf16_bytes;
  return bytes / link;
}

// QLoRA's base: the blocks' linear layers in NF4, the vocabulary matrices left in bf16.
double qlora_quantised_params(const TrainingShape& shape) {
  return std::max(0.0, shape.params - shape.vocabulary_params);
}
double qlora_base_bytes(const TrainingShape& shape, const TrainingAssumptions& a) {
  const double quantised = qlora_quantised_params(shape);
  return quantised * a.qlora_bytes_per_param + (shape.params - quantised) * bf16_bytes;
}

double active_trainable_params(const TrainingShape& shape) {
  const bool lora = shape.method == TrainingMethod::lora || shape.method == TrainingMethod::qlora;
  return lora ? lora_params(shape, shape.experts_per_token) : trainable_params(shape);
}

double trainable_params(const TrainingShape& shape) {
  const double d = shape.hidden_size;
  switch (shape.method) {
    case TrainingMethod::full:
      return shape.params;
    case TrainingMethod::lora:
    case TrainingMethod::qlora:
      return lora_params(shape, shape.experts);
    case TrainingMethod::prompt_tuning:
      return shape.prompt_virtual_tokens * d;
  }
  return shape.params;
}

TrainingFlops training_flops(const TrainingShape& shape) {
  TrainingFlops flops;
  // The matmuls multiply every active parameter but an untied input embedding's (a lookup).
  const double n = std::max(0.0, shape.active_params - shape.lookup_params);
  const double seq = attended_tokens(shape);
  if (shape.method == TrainingMethod::full) {
    flops.dense = (forward_flops_per_param + activation_grad_flops_per_param + weight_grad_flops_per_param) * n;
  } else {
    // Frozen base: no weight gradients for its N parameters, only for the small adapters.
    flops.dense = (forward_flops_per_param + activation_grad_flops_per_param) * n +
                  (forward_flops_per_param + activation_grad_flops_per_param + weight_grad_flops_per_param) *
                      active_trainable_params(shape);
  }
  // The MoE router is a d × experts matmul in every routed layer, trained with the model (full) or
  // frozen (PEFT): counted like the other weights.
  if (shape.moe()) {
    const double router_params = static_cast<double>(shape.hidden_size) * shape.experts * moe_layer_count(shape);
    flops.dense += (shape.method == TrainingMethod::full ? 6.0 : 4.0) * router_params;
  }
  // Attention has no weights: its backward needs activation gradients even with a frozen base.
  flops.attention = attention_train_flops_factor * causal_share * shape.layers * attention_size(shape) * seq;
  flops.forward = forward_flops_per_param * n + flops.attention / attention_passes;
  return flops;
}

TrainingMemory training_memory(const TrainingShape& shape, const GpuSpec& gpu, Precision precision, int gpu_count,
                               const TrainingAssumptions& assumptions, bool allow_offload) {
  TrainingMemory memory;
  const double trainable = trainable_params(shape);
  // A trained parameter holds its bf16 weight, its gradient and Adam's states, whether it is the
  // whole model (full) or an adapter beside a frozen base.
  const double trained_bytes =
      bf16_bytes + assumptions.gradient_bytes_per_param + assumptions.optimizer_bytes_per_param;
  double state_bytes = 0;  // sharded across GPUs (FSDP / ZeRO-3)
  switch (shape.method) {
    case TrainingMethod::full:
      state_bytes = shape.params * trained_bytes;
      break;
    case TrainingMethod::lora:
    case TrainingMethod::prompt_tuning:
      state_bytes = shape.params * bf16_bytes + trainable * trained_bytes;
      break;
    case TrainingMethod::qlora:
      state_bytes = qlora_base_bytes(shape, assumptions) + trainable * trained_bytes;
      break;
  }
  memory.reserved_gb = assumptions.memory_reserved_gb;
  memory.capacity_gb =
      gpu.memory_gb * units::bytes_per_gpu_memory_gb / units::bytes_per_gb * assumptions.memory_usable_share;

  // Activations of one sequence: every layer's (34·d bytes per token) when all are kept; only the
  // layer inputs (2·d) plus one layer being recomputed with full checkpointing. The logits and
  // their gradient either way: fp32 (8 bytes per vocabulary entry per token), or bf16 (4) under a
  // chunked loss. Prompt tuning's virtual tokens go through every layer with the sequence, as its
  // FLOPs count them.
  const double d = shape.hidden_size;
  const double seq =
      shape.seq_len + (shape.method == TrainingMethod::prompt_tuning ? shape.prompt_virtual_tokens : 0.0);
  const double logits = seq * shape.vocab_size * 2.0 * logits_element_bytes(shape);
  const double kept_all = seq * d * layer_activation_bytes_per_hidden * shape.layers + logits;
  const double checkpointed =
      seq * d * (checkpointed_bytes_per_hidden * shape.layers + layer_activation_bytes_per_hidden) + logits;
  const TrainingFlops flops = training_flops(shape);
  // Recomputation and sharding are weighed by the time they add to a token's matmuls, at the run's
  // matmul rate (the same terms training_time charges).
  const double matmul_flops_per_s = gpu.matmul_tflops(precision).value_or(0.0) * units::flops_per_tflop *
                                    matmul_efficiency(shape, assumptions) * multi_node_factor(gpu_count, assumptions);
  const int max_shards = std::max(1, std::min(assumptions.gpus_per_node, gpu_count));

  // The fastest way to fit the activations beside `states_gb` per GPU, if any: every layout that
  // fits (activations sharded over 1, 2, 4 … GPUs of a node; 1, 2 … sequences per pass, each at the
  // fewest recomputed layers that hold them) is timed by training_time itself, so the plan is the one
  // the time model rates fastest — recomputation, activation all-reduces and every per-pass cost
  // included.
  const auto plan = [&](double states_gb, bool low_memory, bool paged, bool offloaded) {
    TrainingMemory best = memory;
    best.weights_gb = states_gb;
    best.low_memory_optimizer = low_memory;
    best.optimizer_paged = paged;
    best.optimizer_offloaded = offloaded;
    const double free_gb = memory.capacity_gb - states_gb - memory.reserved_gb;
    bool found = false;
    double best_seconds = 0;
    // The most sequences a pass may hold: a recipe's own batch, or ftcost's cap.
    const double most = std::max(1.0, shape.micro_batch > 0 ? shape.micro_batch : assumptions.max_micro_batch);
    const auto consider = [&](int shards, double recompute, int sequences) {
      TrainingMemory candidate = best;
      candidate.activation_shards = shards;
      candidate.recompute_share = recompute;
      candidate.activations_all_kept_gb = kept_all / shards / units::bytes_per_gb;
      candidate.activations_checkpointed_gb = checkpointed / shards / units::bytes_per_gb;
      candidate.logits_gb = logits / shards / units::bytes_per_gb;
      candidate.activations_gb = (kept_all - recompute * (kept_all - checkpointed)) / shards / units::bytes_per_gb;
      // As many sequences as the memory holds at this recomputation, up to the most a pass may hold;
      // at least the count the recomputation was solved for (free / activations lands a rounding
      // error below it).
      candidate.micro_batch =
          std::clamp(std::max<double>(sequences, std::floor(free_gb / candidate.activations_gb)), 1.0, most);
      // Without a matmul rate (no peak at this precision) only the FLOPs can rank.
      const double model_s = matmul_flops_per_s > 0 ? flops.total() / matmul_flops_per_s : flops.total();
      const double seconds =
          matmul_flops_per_s > 0
              ? training_time(shape, gpu, precision, matmul_flops_per_s, gpu_count, assumptions, candidate).total()
              : flops.total() + recompute * assumptions.recompute_cost * flops.forward;
      candidate.efficiency = seconds > 0 ? model_s / seconds : 1.0;
      if (!found || seconds < best_seconds) {
        found = true;
        best_seconds = seconds;
        best = candidate;
      }
    };
    double most_sequences = 0;
    for (int shards = 1; shards <= max_shards; shards *= 2) {
      const double full_gb = kept_all / shards / units::bytes_per_gb;
      const double min_gb = checkpointed / shards / units::bytes_per_gb;
      if (min_gb > 0 && min_gb <= free_gb) {
        // The same test the loop below makes (min_gb against free / s), so rounding cannot split them.
        double fit = std::floor(free_gb / min_gb);
        if (min_gb <= free_gb / (fit + 1)) ++fit;
        most_sequences = std::max(most_sequences, std::min(most, fit));
      }
      // Every number of sequences per pass that fits is a layout of its own, at the fewest
      // recomputed layers that hold that many: more sequences spread the per-pass costs (a paged or
      // in-backward optimizer step, weight gathers, QLoRA's dequantisation) over more tokens at the
      // price of recomputing more layers. Memory falls linearly from full_gb (nothing recomputed)
      // to min_gb (every layer).
      for (int sequences = 1; sequences <= most; ++sequences) {
        const double per_sequence_gb = free_gb / sequences;
        if (min_gb > per_sequence_gb) break;
        const double needed = full_gb > min_gb ? (full_gb - per_sequence_gb) / (full_gb - min_gb) : 0.0;
        const double recompute = std::clamp(needed, shape.min_recompute_share, 1.0);
        // At the recipe's own recomputation the first layout already holds every sequence that fits.
        if (sequences > 1 && recompute <= shape.min_recompute_share) continue;
        consider(shards, recompute, sequences);
      }
    }
    best.most_sequences = most_sequences;
    if (!found) {  // does not fit: report the smallest need
      best.activation_shards = max_shards;
      best.recompute_share = 1;
      best.activations_all_kept_gb = kept_all / max_shards / units::bytes_per_gb;
      best.activations_checkpointed_gb = checkpointed / max_shards / units::bytes_per_gb;
      best.logits_gb = logits / max_shards / units::bytes_per_gb;
      best.activations_gb = checkpointed / max_shards / units::bytes_per_gb;
    }
    // The peak holds every sequence of the micro-batch (one when nothing fits).
    best.total_gb = best.weights_gb + best.micro_batch * best.activations_gb + best.reserved_gb;
    return best;
  };

  memory = plan(state_bytes / gpu_count / units::bytes_per_gb, false, false, false);
  if (allow_offload && !memory.fits() && shape.method == TrainingMethod::full && gpu_count == 1) {
    // Single-device low-memory recipes (torchtune's *_full_single_device, bitsandbytes' 8-bit Adam):
    // bf16 weights updated in place (no fp32 master copy), Adam moments in 8 bits, and each layer's
    // step taken as its gradient is produced, so no gradient buffer is kept.
    TrainingMemory low =
        plan(shape.params * assumptions.low_memory_state_bytes_per_param / units::bytes_per_gb, true, false, false);
    if (low.fits()) {
      memory = low;
    } else {
      // The same recipe when only the bf16 weights fit (an 8B model on a 24 GB card): the 8-bit
      // moments live in pinned host memory (bitsandbytes' paged optimizers) and cross the host link
      // layer by layer as the backward reaches each layer's step.
      TrainingMemory paged = plan(shape.params * bf16_bytes / units::bytes_per_gb, true, true, false);
      if (paged.fits()) {
        paged.host_gb =
            shape.params * (assumptions.low_memory_state_bytes_per_param - bf16_bytes) / units::bytes_per_gb;
        memory = paged;
      }
    }
  }
  if (allow_offload && !memory.fits() && shape.method == TrainingMethod::full) {
    // ZeRO-Offload: gradients stream to host memory as they are produced, the fp32 master weights
    // and Adam moments live there and the optimizer step runs on the CPU; the GPU keeps bf16 weights.
    const double on_gpu = shape.params * bf16_bytes;
    TrainingMemory offloaded = plan(on_gpu / gpu_count / units::bytes_per_gb, false, false, true);
    if (offloaded.fits()) {
      offloaded.host_gb = shape.params * assumptions.optimizer_bytes_per_param / units::bytes_per_gb;
      memory = offloaded;
    }
  }
  return memory;
}

TrainingThroughput training_throughput(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                       int gpu_count, const TrainingAssumptions& assumptions,
                                       std::optional<double> mfu_override) {
  return training_throughput(shape, gpu, precision, gpu_count, assumptions, mfu_override,
                             training_memory(shape, gpu, precision, gpu_count, assumptions));
}

TrainingTime training_time(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                           double matmul_flops_per_s, int gpu_count, const TrainingAssumptions& a,
                           const TrainingMemory& memory) {
  TrainingTime time;
  const TrainingFlops flops = training_flops(shape);
  const double bandwidth = gpu.memory_bandwidth_gb_s * units::bytes_per_gb;
  const double d = shape.hidden_size;
  const double layers = shape.layers;
  // A recomputed layer repeats its forward pass; measured, that costs less than a first forward
  // (training.recompute_cost: the share of it the time model charges).
  const double recomputed = memory.recompute_share * a.recompute_cost;
  const double bf16_share = attention_rate_share(gpu, precision);
  time.low_precision_recipe = bf16_share > 0;
  time.attention_rate_share = time.low_precision_recipe ? bf16_share : 1.0;
  const double attention = flops.attention * (1.0 + recomputed / attention_passes);
  // Under a low-precision recipe the output layer stays bf16 with attention (attention_rate_share).
  time.output_layer_flops = time.low_precision_recipe ? output_layer_flops(shape, flops.dense) : 0.0;
  const double bf16_flops = attention + time.output_layer_flops;
  // fp8 recipes accumulate the forward GEMMs fast and the gradient GEMMs in higher precision
  // (Transformer Engine's split accumulator for dgrad and wgrad, torchao's use_fast_accum for the
  // output only): the forward's linear FLOPs run at the datasheet fp8 rate, the gradients' at
  // fp8_matmul_share of it (matmul_flops_per_s).
  const double fp8_share = gpu.matmul_share(precision);
  // The output layer's forward share of its FLOPs (2 of 6, or of 4 frozen), from the capped count.
  const double output_forward = time.output_layer_flops * forward_flops_per_param / output_layer_flops_per_param(shape);
  time.forward_linear_flops = std::max(0.0, flops.forward - flops.attention / attention_passes - output_forward);
  time.gradient_linear_flops =
      std::max(0.0, flops.total() - flops.attention - time.output_layer_flops - time.forward_linear_flops);
  time.matmul_s = time.gradient_linear_flops / matmul_flops_per_s +
                  time.forward_linear_flops * (1.0 + recomputed) * fp8_share / matmul_flops_per_s +
                  bf16_flops / (matmul_flops_per_s * time.attention_rate_share);
  // FlashAttention-2 on a GPU whose fused kernel it is not (Hopper, datacenter Blackwell): its attention runs at a
  // share of that kernel's rate; the time beyond the fused kernel's is its own term.
  if (shape.attention_kernel == AttentionKernel::flash_attention_2 && a.flash_attention_2_rate > 0 &&
      a.flash_attention_2_rate < 1) {
    time.flash_attention_2_rate = a.flash_attention_2_rate;
    time.flash_attention_2_s =
        attention / (matmul_flops_per_s * time.attention_rate_share) * (1.0 / a.flash_attention_2_rate - 1.0);
  }

  // Norms, rotary, SwiGLU, residual adds and the loss move activations at memory speed: a fixed
  // number of bytes per hidden unit per layer (the forward third again for recomputed layers),
  // plus the logits written and read and their gradient written and read (four passes over the
  // vocabulary: 16 bytes per entry in fp32, 8 under a chunked loss's bf16).
  constexpr double forward_share = 1.0 / 3.0;
  constexpr double logits_passes = 4.0;
  const double activation_bytes = a.activation_traffic_bytes * d * layers * (1.0 + recomputed * forward_share) +
                                  logits_passes * logits_element_bytes(shape) * shape.vocab_size;
  time.activation_s = activation_bytes / bandwidth;

  if (shape.method == TrainingMethod::lora || shape.method == TrainingMethod::qlora) {
    time.adapter_s = a.adapter_traffic_bytes * adapter_traffic_elements(shape) / bandwidth;
  }

  // The optimizer step reads and writes every trained parameter's states once per step; each GPU
  // updates its shard. Offloaded, the step runs on the host CPU, shared by the GPUs of one machine,
  // after the bf16 gradients come down and before the bf16 weights go back up.
  const double tokens_per_step = std::max(1.0, a.tokens_per_step_per_gpu);
  const double shard = trainable_params(shape) / gpu_count;
  if (memory.low_memory_optimizer) {
    // The step runs inside the backward of every micro-batch (no gradient accumulation).
    const double tokens_per_micro_batch = std::max(1.0, memory.micro_batch * shape.seq_len);
    time.optimizer_s = a.low_memory_step_bytes * shard / bandwidth / tokens_per_micro_batch;
    if (memory.optimizer_paged) {
      // Paged moments come in and go back out once per step, the two directions of the full-duplex
      // host link at once. Nothing hides the transfer: bitsandbytes prefetches a parameter's pages,
      // runs its update and synchronises the device before the backward goes on (Optimizer8bit.step
      // calls torch.cuda.synchronize() per parameter), so the link and the matmuls take turns.
      const double moment_bytes = a.low_memory_state_bytes_per_param - bf16_bytes;
      time.optimizer_s += moment_bytes * shard / (a.host_link_gb_s * units::bytes_per_gb) / tokens_per_micro_batch;
    }
  } else if (memory.optimizer_offloaded) {
    const double gpus_per_host = std::min(gpu_count, a.gpus_per_node);
    const double cpu_s = a.optimizer_step_bytes * shard * gpus_per_host / (a.cpu_optimizer_gb_s * units::bytes_per_gb);
    const double link_s = 2.0 * bf16_bytes * shard / (a.host_link_gb_s * units::bytes_per_gb);
    time.optimizer_s = (cpu_s + link_s) / tokens_per_step;
  } else {
    time.optimizer_s = a.optimizer_step_bytes * shard / bandwidth / tokens_per_step;
  }

  if (shape.method == TrainingMethod::qlora) {
    // Every pass over a micro-batch dequantises the whole quantised base, layer by layer (sharded
    // weights are gathered first, so each GPU dequantises all of them for its own micro-batch);
    // recomputed layers once more. The vocabulary matrices are bf16 already.
    const double passes = dequant_passes + memory.recompute_share * a.recompute_cost;
    const double tokens_per_micro_batch = memory.micro_batch * shape.seq_len;
    time.dequant_s = qlora_quantised_params(shape) * a.dequant_bytes_per_param * passes / bandwidth /
                     std::max(1.0, tokens_per_micro_batch);
  }

  const double peer_link_gb_s =
      peer_link_bytes_per_s(gpu, a, std::min(gpu_count, a.gpus_per_node)) / units::bytes_per_gb;
  if (gpu_count > 1 && shape.method != TrainingMethod::prompt_tuning && peer_link_gb_s > 0) {
    // Sharded weights (FSDP / ZeRO-3) are gathered for the forward and again for the backward of
    // every micro-batch, and trained ones' gradients reduce-scattered: 2 or 3 transfers of the bf16
    // weights, each GPU receiving (s − 1)/s of them from the s peers of its node. (Beyond a node,
    // clusters shard inside the NVLink domain and replicate across nodes, or use tensor and pipeline
    // parallelism: the cross-node share is the multi-node factor's.) Prefetching hides what the
    // micro-batch's matmuls cover.
    const double shards = std::min(gpu_count, a.gpus_per_node);
    const double transfers = shape.method == TrainingMethod::full ? 3.0 : 2.0;
    // A mixture of experts keeps its routed experts on their expert-parallel ranks: only the shared
    // weights (attention, embeddings, shared experts) are gathered. total = shared + E·e and
    // active = shared + k·e give shared = active − k·e.
    const auto split = expert_split(shape.params, shape.active_params, shape.experts, shape.experts_per_token);
    const double gathered = split ? split->shared : shape.params;
    // QLoRA gathers NF4 blocks and the bf16 vocabulary matrices, which are all in the shared part.
    const double vocabulary = std::min(shape.vocabulary_params, gathered);
    const double gathered_bytes = shape.method == TrainingMethod::qlora
                                      ? vocabulary * bf16_bytes + (gathered - vocabulary) * a.qlora_bytes_per_param
                                      : gathered * bf16_bytes;
    const double bytes = shards > 1 ? transfers * gathered_bytes * (shards - 1.0) / shards : 0.0;
    const double link_gb_s = peer_link_gb_s;
    const double tokens_per_micro_batch = std::max(1.0, memory.micro_batch * shape.seq_len);
    const double transfer_s = bytes / (link_gb_s * units::bytes_per_gb) / tokens_per_micro_batch;
    // Gathers overlap the pass's matmuls and, when it runs slower, FlashAttention-2's attention.
    time.gather_s = std::max(0.0, transfer_s - time.matmul_s - time.flash_attention_2_s);
    time.gather_bytes = bytes;
    time.gather_shards = shards;
    time.gather_tokens = tokens_per_micro_batch;
    time.gather_link_gb_s = link_gb_s;
  }
  time.activation_comm_s = activation_comm_s(shape, gpu, a, memory.activation_shards, recomputed);

  if (shape.moe() && gpu_count > 1) {
    // Expert parallelism: each token's k expert inputs go out and come back, forward and backward,
    // over NVLink inside a node and the cluster network beyond it.
    // Experts spread evenly over the nodes: (nodes − 1) / nodes of a token's expert inputs leave its
    // node, the rest stay on the peer link (as serving's expert parallelism counts them).
    const int per_node = std::max(1, std::min(gpu_count, a.gpus_per_node));
    const int nodes = (gpu_count + per_node - 1) / per_node;
    const double off_node = static_cast<double>(nodes - 1) / nodes;
    const double peer_gb_s = peer_link_bytes_per_s(gpu, a, per_node) / units::bytes_per_gb;
    // Frameworks overlap the transfers with the other micro-batch's expert matmuls: only what
    // outlasts those shows. The routed experts' share of the matmuls is k·e of the active
    // parameters (e = one expert, from total = shared + E·e and active = shared + k·e).
    const double bytes = all_to_all_transfers * shape.experts_per_token * d * bf16_bytes * moe_layer_count(shape);
    const double network_s = off_node > 0 ? off_node * bytes / (a.network_gb_s_per_gpu * units::bytes_per_gb) : 0.0;
    const double peer_s =
        off_node < 1 && peer_gb_s > 0 ? (1.0 - off_node) * bytes / (peer_gb_s * units::bytes_per_gb) : 0.0;
    const double transfer_s = network_s + peer_s;
    // The link the bytes would cross at the same time, for the explanation.
    const double link = transfer_s > 0 ? bytes / transfer_s / units::bytes_per_gb : 0.0;
    time.all_to_all_s = std::max(0.0, transfer_s - time.matmul_s * routed_expert_share(shape));
    time.all_to_all_bytes_per_token = bytes;
    time.all_to_all_link_gb_s = link;
  }
  return time;
}

TrainingThroughput training_throughput(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                       int gpu_count, const TrainingAssumptions& assumptions,
                                       std::optional<double> mfu_override, const TrainingMemory& memory) {
  TrainingThroughput out;
  out.trainable_params = trainable_params(shape);
  const TrainingFlops flops = training_flops(shape);
  out.dense_flops_per_token = flops.dense;
  out.attention_flops_per_token = flops.attention;
  out.flops_per_token = flops.total();
  out.memory = memory;
  out.micro_batch = memory.micro_batch;
  // MFU is a share of the datasheet peak, as runs report it; the time model runs at what the board's
  // power sustains.
  out.peak_tflops = gpu.peak_tflops(precision).value_or(0.0);
  out.sustained_tflops = gpu.sustained_tflops(precision).value_or(0.0);
  out.matmul_tflops = gpu.matmul_tflops(precision).value_or(0.0);
  const double peak = out.peak_tflops * units::flops_per_tflop;
  const double matmul_rate = out.matmul_tflops * units::flops_per_tflop;

  if (mfu_override) {
    // The scenario's MFU is what the run achieves, all costs included.
    out.from_user_mfu = true;
    out.mfu = *mfu_override;
    out.matmul_efficiency = *mfu_override;
    out.tokens_per_s_per_gpu = out.flops_per_token > 0 ? peak * out.mfu / out.flops_per_token : 0;
    out.hfu = out.mfu * (flops.total() + memory.recompute_share * flops.forward) / flops.total();
    return out;
  }

  out.matmul_efficiency = matmul_efficiency(shape, assumptions);
  out.scale_factor *= multi_node_factor(gpu_count, assumptions);
  out.time = training_time(shape, gpu, precision, matmul_rate * out.matmul_efficiency * out.scale_factor, gpu_count,
                           assumptions, memory);
  const double seconds = out.time.total();
  out.tokens_per_s_per_gpu = seconds > 0 && peak > 0 ? 1.0 / seconds : 0;
  out.mfu = peak > 0 ? out.tokens_per_s_per_gpu * flops.total() / peak : 0;
  out.hfu = peak > 0 ? out.tokens_per_s_per_gpu * (flops.total() + memory.recompute_share * flops.forward) / peak : 0;
  return out;
}

std::optional<int> auto_gpu_count(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                  const TrainingAssumptions& assumptions) {
  // Offloading is slow: `auto` takes enough GPUs to keep everything on them.
  for (int gpus = 1; gpus <= assumptions.max_gpus; gpus *= 2) {
    if (training_memory(shape, gpu, precision, gpus, assumptions, false).fits()) return gpus;
  }
  return std::nullopt;
}

double run_gpu_hours(double tokens, double tokens_per_s_per_gpu, const TrainingAssumptions& assumptions) {
  if (tokens_per_s_per_gpu <= 0) return 0;
  return tokens / tokens_per_s_per_gpu / units::seconds_per_hour / assumptions.run_goodput;
}

TrainingShape shape_for(const ModelSpec& model, const TrainingPlan& plan) {
  TrainingShape shape;
  shape.params = model.params;
  shape.active_params = model.active_touched();
  shape.lookup_params = model.lookup_params();
  shape.vocabulary_params = model.vocabulary_params();
  shape.layers = model.layers;
  shape.hidden_size = model.hidden_size;
  shape.intermediate_size = model.intermediate_size;
  shape.kv_dim = model.kv_dim();
  shape.attention_dim = model.attention_dim();
  shape.vocab_size = model.vocab_size;
  shape.seq_len = plan.seq_len;
  shape.method = plan.method;
  shape.lora_rank = plan.lora_rank;
  shape.lora_target_share = plan.lora_target_share;
  shape.prompt_virtual_tokens = plan.prompt_virtual_tokens;
  shape.min_recompute_share = plan.activation_checkpointing ? 1.0 : 0.0;
  shape.micro_batch = plan.micro_batch.value_or(0.0);
  shape.chunked_loss = plan.chunked_loss;
  shape.attention_span = plan.attention_span.value_or(0.0);
  shape.attention_kernel = plan.attention_kernel;
  shape.experts = model.experts.value_or(0);
  shape.experts_per_token = model.experts_per_token.value_or(0);
  shape.moe_layers = model.moe_layers.value_or(0);
  shape.shared_expert_ff = model.shared_expert_intermediate_size.value_or(0);
  shape.dense_ff = model.dense_intermediate_size.value_or(0);
  return shape;
}

namespace {
TrainingShape lora_shape(const ModelSpec& model, double rank, double target_share) {
  TrainingPlan lora;
  lora.method = TrainingMethod::lora;
  lora.lora_rank = rank;
  lora.lora_target_share = target_share;
  return shape_for(model, lora);
}
}  // namespace

double lora_adapter_params(const ModelSpec& model, double rank, double target_share) {
  return trainable_params(lora_shape(model, rank, target_share));
}
double lora_active_adapter_params(const ModelSpec& model, double rank, double target_share) {
  return active_trainable_params(lora_shape(model, rank, target_share));
}

TrainingCore training_core(const TrainingPlan& plan, const ModelSpec& model, const DataPlan& data,
                           std::optional<int> known_gpu_count) {
  TrainingCore core;
  core.shape = shape_for(model, plan);
  const TrainingShape& shape = core.shape;
  const TrainingAssumptions& assume = plan.assumptions;

  int gpus = plan.gpu_count.value_or(known_gpu_count.value_or(1));
  if (!plan.gpu_count && !known_gpu_count) {
    // Nothing fits: report the largest count tried.
    gpus = auto_gpu_count(shape, plan.gpu, plan.precision, assume).value_or(std::max(1, assume.max_gpus));
  }
  // Offloading is for a GPU count the user fixed; `auto` sizes the run to fit on its GPUs.
  const TrainingMemory memory =
      training_memory(shape, plan.gpu, plan.precision, gpus, assume, plan.gpu_count.has_value());
  if (!memory.fits()) {
    const bool fixed = plan.gpu_count.has_value();
    throw InputError(
        {}, "training.gpus",
        fmt::format("{} {} training of {} does not fit on {} × {}: it needs {:.1f} GB per GPU "
                    "(states {:.1f} + activations {:.1f} with every layer recomputed + reserved {:.1f}) and each GPU "
                    "offers {:.1f} GB ({:g} GiB × training.memory_usable_share {:g}){}",
                    model.id, to_string(plan.method), short_quantity(model.params), gpus, plan.gpu.id, memory.total_gb,
                    memory.weights_gb, memory.activations_gb, memory.reserved_gb, memory.capacity_gb,
                    plan.gpu.memory_gb, assume.memory_usable_share,
                    plan.method == TrainingMethod::full && fixed
                        ? fmt::format("; even with the Adam states offloaded to host memory its bf16 weights "
                                      "take {:.1f} GB per GPU",
                                      model.params * bf16_bytes / gpus / units::bytes_per_gb)
                        : ""),
        // QLoRA already keeps the base in 4 bits: nothing smaller to suggest.
        plan.method == TrainingMethod::qlora ? (fixed ? "use `gpus: auto`, more GPUs or a GPU with more memory"
                                                      : "choose a GPU with more memory or a shorter seq_len")
                                             : (fixed ? "use `gpus: auto`, more GPUs, a GPU with more memory, or qlora"
                                                      : "choose a GPU with more memory, a shorter seq_len, or qlora"));
  }
  core.gpu_count = gpus;
  core.memory = memory;

  const std::optional<double> mfu_override = plan.mfu_from_user ? std::optional<double>(assume.mfu) : std::nullopt;
  core.speed = training_throughput(shape, plan.gpu, plan.precision, gpus, assume, mfu_override, memory);
  const TrainingThroughput& speed = core.speed;

  core.tokens_per_run = data.total_examples() * data.tokens_per_example * plan.epochs;
  core.gpu_hours_per_run = run_gpu_hours(core.tokens_per_run, speed.tokens_per_s_per_gpu, assume);
  if (plan.spot) core.gpu_hours_per_run *= 1.0 + assume.spot_interruption_overhead;
  // Every GPU of the run is billed while the job starts and reads the base weights (bf16 on storage),
  // so a wider run is not free: without this, rented GPUs × hours would not depend on the count. A
  // run over several machines reads a sharded checkpoint, each machine its own GPUs' share at once.
  core.start_machines = machines_for(gpus, assume);
  core.start_s_per_run = assume.run_start_fixed_s + model.params * bf16_bytes / units::bytes_per_gb /
                                                        assume.run_start_load_gb_s / core.start_machines;
  core.gpu_hours_per_run += gpus * core.start_s_per_run / units::seconds_per_hour;
  core.wall_clock_hours_per_run = core.gpu_hours_per_run / gpus;
  const double runs = plan.trials * (1.0 + plan.validation_overhead);
  core.round_gpu_hours = core.gpu_hours_per_run * runs;
  core.checkpoint_gb =
      (plan.method == TrainingMethod::full ? model.params : speed.trainable_params) * bf16_bytes / units::bytes_per_gb;
  return core;
}

TrainingLines training_lines(const TrainingPlan& plan, const TrainingCore& core) {
  TrainingLines lines;
  lines.add(LineKind::training_compute, core.round_gpu_hours, plan.gpu_hour.usd);
  if (plan.engineering_hours > 0) {
    lines.add(LineKind::training_engineering, plan.engineering_hours, plan.engineering_rate.usd_per_hour);
  }
  if (plan.retrain_every_months > 0) {
    lines.add(LineKind::training_retraining, core.round_gpu_hours / plan.retrain_every_months, plan.gpu_hour.usd);
  }
  if (plan.checkpoints_kept > 0 && plan.storage_per_gb_month.usd > 0) {
    lines.add(LineKind::training_checkpoint_storage, core.checkpoint_gb * plan.checkpoints_kept,
              plan.storage_per_gb_month.usd);
  }
  return lines;
}

namespace {

// Where a training line's price comes from and how its quantity was worked out.
void describe(CostLine& line, const TrainingPlan& plan, const TrainingCore& core) {
  switch (line.kind) {
    case LineKind::training_compute:
      line.price = plan.gpu_hour.ref;
      line.formula = lazy_format("{:.4g} GPU-h per run × {:g} runs × (1 + {:g} validation)", core.gpu_hours_per_run,
                                 plan.trials, plan.validation_overhead);
      return;
    case LineKind::training_engineering:
      line.price = plan.engineering_rate.ref;
      line.formula = lazy_format("{:g} hours", plan.engineering_hours);
      return;
    case LineKind::training_retraining:
      line.price = plan.gpu_hour.ref;
      line.formula =
          lazy_format("{:.1f} GPU-h per round every {:g} months", core.round_gpu_hours, plan.retrain_every_months);
      return;
    case LineKind::training_checkpoint_storage:
      line.price = plan.storage_per_gb_month.ref;
      line.formula = lazy_format("{:.3g} GB × {:g} checkpoints kept", core.checkpoint_gb, plan.checkpoints_kept);
      return;
    default:
      return;  // not a training line
  }
}

// A PEFT run against a full fine-tune of the same model on the same GPUs, term by term: why adapters
// train faster (the frozen base has no weight gradients and no optimizer step; a full fine-tune
// recomputes or pages more to fit), or that a full fine-tune does not fit there at all.
void add_speed_against_full(std::vector<Derivation>& d, const TrainingPlan& plan, const ModelSpec& model,
                            const TrainingCore& core) {
  TrainingPlan full_plan = plan;
  full_plan.method = TrainingMethod::full;
  const TrainingShape full_shape = shape_for(model, full_plan);
  const TrainingMemory full_memory =
      training_memory(full_shape, plan.gpu, plan.precision, core.gpu_count, plan.assumptions, true);
  const std::string where = fmt::format("{} × {}", core.gpu_count, plan.gpu.id);
  if (!full_memory.fits()) {
    d.push_back({"training.full_finetune_gb_per_gpu", full_memory.total_gb, "GB",
                 lazy_format("a full fine-tune of {} would not fit on {}: {:.1f} GB a GPU of states, activations "
                             "and reserve against {:.1f} usable, and no low-memory or offloaded optimizer brings its "
                             "bf16 weights within that; no speed to compare",
                             model.id, where, full_memory.total_gb, full_memory.capacity_gb)});
    return;
  }
  const TrainingThroughput full = training_throughput(full_shape, plan.gpu, plan.precision, core.gpu_count,
                                                      plan.assumptions, std::nullopt, full_memory);
  const TrainingTime& mine = core.speed.time;
  const TrainingTime& theirs = full.time;
  // The terms either run has, µs per token: this run's | the full fine-tune's.
  std::string terms =
      fmt::format("matmuls {:.1f} | {:.1f} at {:.0f}% | {:.0f}% of layers recomputed", mine.matmul_s * 1e6,
                  theirs.matmul_s * 1e6, 100 * core.memory.recompute_share, 100 * full_memory.recompute_share);
  // What the full run's optimizer term rests on, as its own explanation would say.
  const TrainingAssumptions& a = plan.assumptions;
  const std::string optimizer =
      full_memory.optimizer_paged
          ? fmt::format(
                " (8-bit moments, {:g} B a parameter paged over the {:g} GB/s host link, and a {:g} B step "
                "(training.low_memory_step_bytes), per micro-batch)",
                a.low_memory_state_bytes_per_param - bf16_bytes, a.host_link_gb_s, a.low_memory_step_bytes)
      : full_memory.low_memory_optimizer
          ? fmt::format(" (8-bit, a {:g} B step per micro-batch, training.low_memory_step_bytes)",
                        a.low_memory_step_bytes)
      : full_memory.optimizer_offloaded ? std::string(" (on the CPU)")
                                        : std::string();
  for (const auto& [name, mine_s, full_s, note] :
       {std::tuple{"activations", mine.activation_s, theirs.activation_s, ""},
        {"adapters", mine.adapter_s, theirs.adapter_s, ""},
        {"optimizer", mine.optimizer_s, theirs.optimizer_s, optimizer.c_str()},
        {"dequantisation", mine.dequant_s, theirs.dequant_s, ""},
        {"weight gathering", mine.gather_s, theirs.gather_s, ""},
        {"all-to-all", mine.all_to_all_s, theirs.all_to_all_s, ""},
        {"activation all-reduces", mine.activation_comm_s, theirs.activation_comm_s, ""},
        {"FlashAttention-2", mine.flash_attention_2_s, theirs.flash_attention_2_s, ""}}) {
    if (mine_s > 0 || full_s > 0)
      terms += fmt::format(", {} {:.1f} | {:.1f}{}", name, mine_s * 1e6, full_s * 1e6, note);
  }
  d.push_back(
      {"training.speed_vs_full", core.speed.tokens_per_s_per_gpu / full.tokens_per_s_per_gpu, "× a full fine-tune",
       lazy_format("{:.5g} tokens/s against {:.5g} for a full fine-tune of {} on the same {} (this run | "
                   "full: sequences a pass {:g} | {:g}; µs per token: {}): the frozen base multiplies 4 "
                   "FLOPs a parameter, not 6 (no weight gradients), and the optimizer steps only the {} "
                   "trained parameters",
                   core.speed.tokens_per_s_per_gpu, full.tokens_per_s_per_gpu, model.id, where, core.memory.micro_batch,
                   full_memory.micro_batch, terms, ShortQuantity{core.speed.trainable_params})});
}

}  // namespace

TrainingResult estimate_training(const TrainingPlan& plan, const ModelSpec& model, const DataPlan& data) {
  TrainingResult result;
  const TrainingCore core = training_core(plan, model, data);
  const TrainingShape& shape = core.shape;
  const TrainingAssumptions& assume = plan.assumptions;
  const int gpus = core.gpu_count;
  const TrainingMemory& memory = core.memory;
  const TrainingThroughput& speed = core.speed;
  const double tokens_per_run = core.tokens_per_run;
  const double round_gpu_hours = core.round_gpu_hours;
  result.gpu_count = gpus;
  result.gpu_hours_per_run = core.gpu_hours_per_run;
  result.wall_clock_hours_per_run = core.wall_clock_hours_per_run;
  result.round_cost = round_gpu_hours * plan.gpu_hour.usd;

  auto& d = result.model.derivations;
  d.reserve(16);
  d.push_back({"training.tokens_per_run", tokens_per_run, "tokens",
               lazy_format("{} examples × {:g} tokens × {:g} epochs", ShortQuantity{data.total_examples()},
                           data.tokens_per_example, plan.epochs)});
  const LoraLayout layout = lora_layout(shape);
  d.push_back(
      {"training.trainable_params", speed.trainable_params, "parameters",
       plan.method == TrainingMethod::full ? "all parameters"
       : plan.method == TrainingMethod::prompt_tuning
           ? lazy_format("{:g} virtual tokens × hidden {}", plan.prompt_virtual_tokens, model.hidden_size)
       : layout.moe_layers > 0
           ? lazy_format("rank {:g} × (({}) × {} layers{} + "
                         "3·(d + {:.0f}, a routed expert's width) × {:g} MoE layers × {} experts{}) × {:g} of "
                         "modules; a token runs the attention's{} and {} routed experts' ({}): "
                         "training.dense_flops_per_token's trainable",
                         plan.lora_rank, attention_adapter_text(shape), model.layers,
                         layout.dense_mlp_layers > 0 ? fmt::format(" + 3·(d + {:.0f}) × {:g} dense-MLP layers",
                                                                   layout.dense_ff, layout.dense_mlp_layers)
                                                     : std::string(),
                         layout.expert_ff, layout.moe_layers, shape.experts,
                         layout.shared_ff > 0 ? fmt::format(" + 3·(d + {:.0f}, the shared experts' width) × {:g} "
                                                            "MoE layers",
                                                            layout.shared_ff, layout.moe_layers)
                                              : std::string(),
                         plan.lora_target_share, layout.shared_ff > 0 ? ", the shared experts'" : "",
                         shape.experts_per_token, ShortQuantity{active_trainable_params(shape)})
           : lazy_format("rank {:g} × ({} + 3·(d + ff)) × {} layers × {:g} of modules (q, k, v, o, gate, up, down)",
                         plan.lora_rank, attention_adapter_text(shape), model.layers, plan.lora_target_share)});
  d.push_back(
      {"training.dense_flops_per_token", speed.dense_flops_per_token, "FLOP",
       plan.method == TrainingMethod::full
           ? lazy_format("6 × {}{}",
                         MultipliedParams{shape.active_params, shape.lookup_params, shape.moe(),
                                          model.active_params_exclude_input_embedding},
                         shape.moe() ? " + 6 × router (hidden × experts × MoE layers)" : "")
           : lazy_format("4 × {} frozen (no weight gradients) + 6 × trainable{}{}",
                         MultipliedParams{shape.active_params, shape.lookup_params, shape.moe(),
                                          model.active_params_exclude_input_embedding},
                         active_trainable_params(shape) < speed.trainable_params
                             ? lazy_format(" (the {} a token runs)", ShortQuantity{active_trainable_params(shape)})
                             : Formula(""),
                         shape.moe() ? " + 4 × router" : "")});
  d.push_back(
      {"training.attention_flops_per_token", speed.attention_flops_per_token, "FLOP",
       lazy_format("12 × ½ (causal) × {} layers × {} attention width (heads × head size) × {:g} {}", model.layers,
                   model.attention_dim(), attended_tokens(shape),
                   attention_spans_examples(shape) ? "training.attention_span (packed examples, document-masked)"
                                                   : "seq_len")});
  d.push_back({"training.peak_tflops", speed.peak_tflops, "TFLOP/s",
               lazy_format("{} dense {} peak{} ({})", plan.gpu.id, to_string(plan.precision),
                           plan.gpu.product_line != "geforce" ? ""
                           : plan.precision == Precision::bf16 || plan.precision == Precision::fp16
                               ? " at the FP32-accumulate rate (what PyTorch's half-precision matmuls use; GeForce "
                                 "cards halve it)"
                           : plan.precision == Precision::fp8 ? " at the FP32-accumulate rate (GeForce cards halve it)"
                                                              : "",
                           plan.gpu.source.text)});
  if (const std::string power_bound = power_ceiling_text(plan.gpu, plan.precision);
      !power_bound.empty() && !speed.from_user_mfu) {
    d.push_back({"training.sustained_tflops", speed.sustained_tflops, "TFLOP/s", power_bound});
  }
  if (speed.from_user_mfu) {
    d.push_back(
        {"training.mfu", speed.mfu, "share of peak", "from the scenario: the achieved MFU, all costs included"});
    d.push_back(
        {"training.tokens_per_s_per_gpu", speed.tokens_per_s_per_gpu, "tokens/s", "peak × MFU / FLOPs per token"});
  } else {
    const TrainingTime& t = speed.time;
    const double efficiency = speed.matmul_efficiency * speed.scale_factor;  // what training_time runs at
    d.push_back(
        {"training.matmul_efficiency", efficiency,
         speed.sustained_tflops < speed.peak_tflops ? "share of the sustained peak" : "share of peak",
         lazy_format("default {:.3g} ({}){}{}", assume.mfu, assume.mfu_default_id,
                     shape.moe() ? lazy_format(" × MoE {:.3g} (training.moe_efficiency)", assume.moe_efficiency) : "",
                     speed.scale_factor < 1
                         ? lazy_format(" × multi-node {:.3g} (training.multi_node_efficiency {:g} ^ log2 of {} nodes)",
                                       speed.scale_factor, assume.multi_node_efficiency, machines_for(gpus, assume))
                         : "")});
    const TrainingFlops flops = training_flops(shape);
    const double matmul_tflops = speed.matmul_tflops * efficiency;
    const char* const rate_name = speed.sustained_tflops < speed.peak_tflops ? "sustained" : "peak";
    if (speed.matmul_tflops < speed.sustained_tflops) {
      d.push_back({"training.matmul_tflops", speed.matmul_tflops, "TFLOP/s",
                   lazy_format("the gradient GEMMs' rate: {} {:g} × {:g}, {}'s fp8_matmul_share: its best fp8 matmuls "
                               "reach that share of what "
                               "twice its bf16 ones do (measured maximum achievable GEMM rates, data/gpus.json)",
                               rate_name, speed.sustained_tflops, plan.gpu.fp8_matmul_share, plan.gpu.id)});
    }
    const char* const rate_source = speed.matmul_tflops < speed.sustained_tflops ? "fp8 matmul rate" : rate_name;
    d.push_back(
        {"training.time.matmul_us", t.matmul_s * 1e6, "µs per token",
         t.low_precision_recipe
             ? lazy_format(
                   "gradient GEMMs {} / ({} {:g} × matmul efficiency {:.4g} = {:.4g} TFLOP/s) + forward GEMMs {} "
                   "× (1 + {:.4g} of layers recomputed × {:g} (training.recompute_cost)) / ({} {:g} × {:.4g} = "
                   "{:.4g} TFLOP/s: accumulated fast) + (attention FLOPs {} × (1 + {:.4g} × {:g} / 3) + output "
                   "layer {} (vocabulary × hidden × {:g})) / ({:.4g} TFLOP/s × {:.4g}: attention and the output "
                   "layer stay bf16 under an {} recipe)",
                   ShortQuantity{t.gradient_linear_flops}, rate_source, speed.matmul_tflops, efficiency, matmul_tflops,
                   ShortQuantity{t.forward_linear_flops}, speed.memory.recompute_share, assume.recompute_cost,
                   rate_name, speed.sustained_tflops, efficiency, speed.sustained_tflops * efficiency,
                   ShortQuantity{flops.attention}, speed.memory.recompute_share, assume.recompute_cost,
                   ShortQuantity{t.output_layer_flops}, plan.method == TrainingMethod::full ? 6.0 : 4.0, matmul_tflops,
                   t.attention_rate_share, to_string(plan.precision))
         : speed.memory.recompute_share > 0
             ? lazy_format("(model FLOPs {} (dense + attention) + {:.4g} of layers recomputed × {:g} "
                           "(training.recompute_cost) × forward FLOPs {} (2·N + attention / 3)) / ({} {:g} × matmul "
                           "efficiency {:.4g} "
                           "= {:.4g} TFLOP/s)",
                           ShortQuantity{flops.total()}, speed.memory.recompute_share, assume.recompute_cost,
                           ShortQuantity{flops.forward}, rate_name, speed.sustained_tflops, efficiency, matmul_tflops)
             : lazy_format("model FLOPs {} (dense + attention) / ({} {:g} × matmul efficiency {:.4g} = {:.4g} "
                           "TFLOP/s)",
                           ShortQuantity{flops.total()}, rate_name, speed.sustained_tflops, efficiency,
                           matmul_tflops)});
    if (t.flash_attention_2_s > 0) {
      d.push_back({"training.time.flash_attention_2_us", t.flash_attention_2_s * 1e6, "µs per token",
                   lazy_format("attention FLOPs {} × (1 + {:.4g} of layers recomputed × {:g} / 3) / ({:.4g} TFLOP/s{}) "
                               "× (1 / {:g} − 1): FlashAttention-2 runs at {:g} of the fused kernel's rate on {} "
                               "({}), the time beyond it",
                               ShortQuantity{flops.attention}, speed.memory.recompute_share, assume.recompute_cost,
                               matmul_tflops,
                               t.low_precision_recipe ? lazy_format(" × {:.4g} (bf16)", t.attention_rate_share) : "",
                               t.flash_attention_2_rate, t.flash_attention_2_rate, plan.gpu.id,
                               assume.flash_attention_2_rate_id)});
    }
    d.push_back(
        {"training.time.activations_us", t.activation_s * 1e6, "µs per token",
         lazy_format(
             "({:g} bytes (training.activation_traffic_bytes) × {} hidden × {} layers × (1 + {:.2g} "
             "recomputed × {:g} (training.recompute_cost) / 3) + 4 passes (logits written, read; their gradient "
             "written, read) × {:g} B {} × {} vocabulary) / {:g} GB/s",
             assume.activation_traffic_bytes, shape.hidden_size, shape.layers, speed.memory.recompute_share,
             assume.recompute_cost, logits_element_bytes(shape),
             shape.chunked_loss ? "bf16 (training.chunked_loss)" : "fp32", shape.vocab_size,
             plan.gpu.memory_bandwidth_gb_s)});
    if (t.adapter_s > 0) {
      d.push_back({"training.time.adapters_us", t.adapter_s * 1e6, "µs per token",
                   lazy_format("{:g} bytes (training.adapter_traffic_bytes) × {} elements (each adapter's input + 2 × "
                               "its output, {} layers, {:g} of "
                               "modules{}) / {:g} GB/s",
                               assume.adapter_traffic_bytes, ShortQuantity{adapter_traffic_elements(shape)},
                               shape.layers, shape.lora_target_share,
                               !shape.moe() ? ""
                               : lora_layout(shape).shared_ff > 0
                                   ? ", the MLP's for each of a token's routed experts and its shared experts"
                                   : ", the MLP's for each of a token's routed experts",
                               plan.gpu.memory_bandwidth_gb_s)});
    }
    d.push_back(
        {"training.time.optimizer_us", t.optimizer_s * 1e6, "µs per token",
         memory.low_memory_optimizer
             ? lazy_format(
                   "low-memory step in the backward: {:g} bytes (training.low_memory_step_bytes) × {} trained "
                   "parameters / {:g} GB/s / "
                   "({:g} sequences × {:g} tokens per micro-batch){}",
                   assume.low_memory_step_bytes, ShortQuantity{speed.trainable_params}, plan.gpu.memory_bandwidth_gb_s,
                   speed.micro_batch, shape.seq_len,
                   memory.optimizer_paged
                       ? lazy_format(
                             ", + the paged moments in and out at once ({:g} bytes × the parameters / "
                             "{:g} GB/s host link (training.host_link_gb_s) per micro-batch), not overlapped with the "
                             "backward",
                             assume.low_memory_state_bytes_per_param - bf16_bytes, assume.host_link_gb_s)
                       : std::string{})
         : memory.optimizer_offloaded
             ? lazy_format("offloaded: ({:g} bytes (training.optimizer_step_bytes) × {} trained parameters / {} GPUs "
                           "× {} GPUs per host / {:g} GB/s host memory (training.cpu_optimizer_gb_s) + 4 bytes × "
                           "the shard / {:g} GB/s host link (training.host_link_gb_s)) / {:g} tokens per step "
                           "(training.tokens_per_step_per_gpu)",
                           assume.optimizer_step_bytes, ShortQuantity{speed.trainable_params}, gpus,
                           std::min(gpus, assume.gpus_per_node), assume.cpu_optimizer_gb_s, assume.host_link_gb_s,
                           assume.tokens_per_step_per_gpu)
             : lazy_format("{:g} bytes (training.optimizer_step_bytes) × {} trained parameters / {} GPUs / {:g} "
                           "GB/s / {:g} tokens per step (training.tokens_per_step_per_gpu)",
                           assume.optimizer_step_bytes, ShortQuantity{speed.trainable_params}, gpus,
                           plan.gpu.memory_bandwidth_gb_s, assume.tokens_per_step_per_gpu)});
    if (t.dequant_s > 0) {
      d.push_back(
          {"training.time.dequantise_us", t.dequant_s * 1e6, "µs per token",
           lazy_format("{} quantised parameters (all but the {} of the vocabulary matrices, kept in bf16) × {:g} "
                       "bytes (training.dequant_bytes_per_param) × {:.2g} passes / {:g} GB/s / ({:g} sequences × "
                       "{:g} tokens per micro-batch)",
                       ShortQuantity{qlora_quantised_params(shape)}, ShortQuantity{shape.vocabulary_params},
                       assume.dequant_bytes_per_param, 2.0 + speed.memory.recompute_share * assume.recompute_cost,
                       plan.gpu.memory_bandwidth_gb_s, speed.micro_batch, shape.seq_len)});
    }
    if (t.gather_bytes > 0) {  // shown hidden (0) too: the term was weighed
      d.push_back({"training.time.weight_gather_us", t.gather_s * 1e6, "µs per token",
                   lazy_format("{} bytes of sharded weights gathered per GPU and micro-batch ({:g} GPUs of a node) "
                               "/ {:g} GB/s / {:g} tokens per micro-batch, beyond the {:.1f} µs of matmuls{} that "
                               "hide it",
                               ShortQuantity{t.gather_bytes}, t.gather_shards, t.gather_link_gb_s, t.gather_tokens,
                               (t.matmul_s + t.flash_attention_2_s) * 1e6,
                               t.flash_attention_2_s > 0 ? " and FlashAttention-2" : "")});
    }
    if (t.all_to_all_bytes_per_token > 0) {  // shown hidden (0) too: the term was weighed
      d.push_back({"training.time.all_to_all_us", t.all_to_all_s * 1e6, "µs per token",
                   lazy_format("4 × {} experts per token × {} hidden × 2 bytes × {} MoE layers = {} bytes / {:g} "
                               "GB/s ({}), beyond the routed experts' {:.0f}% of the {:.1f} µs of matmuls "
                               "(overlapped with the other micro-batch's expert matmuls)",
                               shape.experts_per_token, shape.hidden_size, moe_layer_count(shape),
                               ShortQuantity{t.all_to_all_bytes_per_token}, t.all_to_all_link_gb_s,
                               gpus > assume.gpus_per_node
                                   ? lazy_format("effective: (nodes − 1) / nodes of it over the {:g} GB/s cluster "
                                                 "network, the rest over the peer link",
                                                 assume.network_gb_s_per_gpu)
                                   : Formula("the peer link in a node"),
                               100.0 * routed_expert_share(shape), t.matmul_s * 1e6)});
    }
    if (t.activation_comm_s > 0) {
      d.push_back({"training.time.activation_allreduce_us", t.activation_comm_s * 1e6, "µs per token",
                   lazy_format("activations sharded over {} GPUs: (4 + 2 × {:.2g} recomputed × {:g}) all-reduces × {} "
                               "layers × 2 × ({} − 1) × {} hidden × 2 bytes / {:g} GB/s {}",
                               memory.activation_shards, memory.recompute_share, assume.recompute_cost, shape.layers,
                               memory.activation_shards, shape.hidden_size,
                               peer_link_bytes_per_s(plan.gpu, assume, memory.activation_shards) / units::bytes_per_gb,
                               collectives_over_pcie(plan.gpu, memory.activation_shards)
                                   ? (pcie_only(plan.gpu) ? "PCIe host link (training.host_link_gb_s)"
                                                          : "PCIe host link (training.host_link_gb_s): more GPUs "
                                                            "than one NVLink bridge joins")
                                   : "NVLink, one way")});
    }
    d.push_back({"training.tokens_per_s_per_gpu", speed.tokens_per_s_per_gpu, "tokens/s",
                 "1 / (sum of the times per token above)"});
    d.push_back({"training.mfu", speed.mfu, "share of peak",
                 lazy_format("achieved: {:.5g} tokens/s × model FLOPs {} per token / peak {:g} TFLOP/s (every "
                             "time term above, memory-bound ones included, enters through tokens/s)",
                             speed.tokens_per_s_per_gpu, ShortQuantity{flops.total()}, speed.peak_tflops)});
  }
  if (!speed.from_user_mfu && (plan.method == TrainingMethod::lora || plan.method == TrainingMethod::qlora))
    add_speed_against_full(d, plan, model, core);
  d.push_back({"training.hfu", speed.hfu, "share of peak",
               speed.from_user_mfu
                   ? Formula("MFU × (model FLOPs + recomputed share × forward FLOPs) / model FLOPs: what the hardware "
                             "executes")
                   : Formula("MFU × (model FLOPs + recomputed share × forward FLOPs) / model FLOPs: what the hardware "
                             "executes (every recomputed FLOP counts here, though the time model charges "
                             "recomputation at training.recompute_cost)")});
  // What the states are made of: the trained parameters carry their bf16 weight, gradient and Adam
  // states; a frozen base only its weights (NF4 for QLoRA, its vocabulary matrices kept in bf16).
  const double trained_bytes = bf16_bytes + assume.gradient_bytes_per_param + assume.optimizer_bytes_per_param;
  const std::string states_text =
      memory.low_memory_optimizer || memory.optimizer_offloaded ? std::string("see below")
      : shape.method == TrainingMethod::full
          ? fmt::format("{:g} B × {} parameters: bf16 weights and gradients, Adam's fp32 states", trained_bytes,
                        short_quantity(shape.params))
      : shape.method == TrainingMethod::qlora
          ? fmt::format("{:g} B × {} in NF4 + 2 B × {} vocabulary matrices in bf16 + {:g} B × {} trained",
                        assume.qlora_bytes_per_param, short_quantity(qlora_quantised_params(shape)),
                        short_quantity(shape.params - qlora_quantised_params(shape)), trained_bytes,
                        short_quantity(speed.trainable_params))
          : fmt::format("2 B × {} bf16 base + {:g} B × {} trained", short_quantity(shape.params), trained_bytes,
                        short_quantity(speed.trainable_params));
  d.push_back(
      {"training.memory_per_gpu", memory.total_gb, "GB",
       lazy_format(
           "states {:.2f} ({}{}) + {:g} sequence{} per micro-batch ({}) × activations {:.2f} ({}, {:.0f}% "
           "recomputed: between {:.2f} all kept and {:.2f} with every layer recomputed, each with {:.2f} of {} "
           "logits and their gradient) + reserved {:.2f}, of {:.2f} usable ({:g} GiB = {:.1f} GB × {:g} "
           "training.memory_usable_share){}",
           memory.weights_gb, states_text,
           gpus == 1 ? std::string(", one GPU") : fmt::format(", sharded over {} GPUs", gpus), memory.micro_batch,
           memory.micro_batch == 1 ? "" : "s",
           !plan.micro_batch ? lazy_format("as many as fit at the recomputation the time model rates fastest, up to "
                                           "training.max_micro_batch {:g}",
                                           assume.max_micro_batch)
           : memory.micro_batch < *plan.micro_batch
               ? memory.micro_batch < memory.most_sequences
                     ? lazy_format("training.micro_batch {:g} at most; {} {:g} fit with every layer recomputed "
                                   "(over as many GPUs as help), which the time model rates slower",
                                   *plan.micro_batch, memory.most_sequences < *plan.micro_batch ? "up to" : "all",
                                   memory.most_sequences)
                     : lazy_format("training.micro_batch {:g} at most: no more fit, even with every layer recomputed",
                                   *plan.micro_batch)
               : lazy_format("training.micro_batch {:g}", *plan.micro_batch),
           memory.activations_gb,
           memory.activation_shards == 1 ? std::string("on one GPU")
                                         : fmt::format("over {} GPUs", memory.activation_shards),
           100 * memory.recompute_share, memory.activations_all_kept_gb, memory.activations_checkpointed_gb,
           memory.logits_gb, plan.chunked_loss ? "bf16 (training.chunked_loss)" : "fp32", memory.reserved_gb,
           memory.capacity_gb, plan.gpu.memory_gb,
           plan.gpu.memory_gb * units::bytes_per_gpu_memory_gb / units::bytes_per_gb, assume.memory_usable_share,
           memory.low_memory_optimizer
               ? lazy_format(" (one GPU, low-memory: bf16 weights updated in place and 8-bit Adam "
                             "moments, {:g} bytes per parameter; no fp32 master copy, no gradient buffer{})",
                             assume.low_memory_state_bytes_per_param,
                             memory.optimizer_paged
                                 ? lazy_format("; the moments, {:.1f} GB, live in host memory and are paged in, so "
                                               "the GPU holds the 2 bytes of the bf16 weights",
                                               memory.host_gb)
                                 : std::string{})
           : memory.optimizer_offloaded
               ? lazy_format(" (Adam states offloaded to host memory: {:.0f} GB; the optimizer step runs "
                             "on the CPU)",
                             memory.host_gb)
               : "")});
  d.push_back({"training.gpu_count", static_cast<double>(gpus), "GPUs",
               plan.gpu_count ? "from the scenario" : "smallest power of two that fits in memory"});
  d.push_back({"training.start_s_per_run", core.start_s_per_run, "s per run",
               lazy_format("{:g} s to start the job + {} parameters × 2 bytes (bf16) / {:g} GB/s read in "
                           "(serving.cold_start_fixed_s, serving.cold_start_load_gb_s){}",
                           assume.run_start_fixed_s, ShortQuantity{model.params}, assume.run_start_load_gb_s,
                           core.start_machines > 1 ? lazy_format(" / {} machines reading their shares at once "
                                                                 "({} GPUs, training.gpus_per_node {})",
                                                                 core.start_machines, gpus, assume.gpus_per_node)
                                                   : "")});
  d.push_back(
      {"training.gpu_hours_per_run", result.gpu_hours_per_run, "GPU-hours",
       plan.spot
           ? lazy_format(
                 "tokens per run / tokens per second per GPU / 3600 / training.run_goodput {:.3g} × (1 + {:.3g} "
                 "spot interruptions, training.spot_interruption_overhead) + {} GPUs × {:.0f} s "
                 "start / 3600",
                 assume.run_goodput, assume.spot_interruption_overhead, gpus, core.start_s_per_run)
           : lazy_format("tokens per run / tokens per second per GPU / 3600 / training.run_goodput {:.3g} + {} GPUs × "
                         "{:.0f} s start / 3600",
                         assume.run_goodput, gpus, core.start_s_per_run)});
  d.push_back({"training.wall_clock_hours_per_run", result.wall_clock_hours_per_run, "hours",
               lazy_format("GPU-hours / {} GPUs", gpus)});

  d.push_back({"training.checkpoint_gb", core.checkpoint_gb, "GB",
               plan.method == TrainingMethod::full ? "all weights in bf16" : "adapter weights in bf16"});
  const TrainingLines priced = training_lines(plan, core);
  result.model.lines.reserve(priced.size());
  for (const PricedLine& line : priced) describe(result.model.lines.emplace_back(line), plan, core);
  return result;
}

}  // namespace ftcost
