#pragma once
// Training compute: FLOPs per trained token by method, a memory plan (sharding, activation
// recomputation) that picks the GPU count, throughput from the GPU's peak and a utilisation (MFU vs
// HFU), whole-run GPU-hours with goodput, and the cost of every run.
#include <optional>
#include <string>

#include "ftcost/models/cost_line.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

// The physics of one training configuration, shared by `estimate` and `calibrate`.
struct TrainingShape {
  double params = 0;             // total parameters (memory)
  double active_params = 0;      // parameters per token (compute); = params for dense models
  double lookup_params = 0;      // of those, an untied input embedding: looked up, never multiplied
  double vocabulary_params = 0;  // input embedding and output layer (one matrix if tied): 16-bit under QLoRA
  int layers = 0;
  int hidden_size = 0;
  int intermediate_size = 0;  // 0 = 4 × hidden
  int kv_dim = 0;             // kv_heads × head_dim; 0 = hidden
  int attention_dim = 0;      // attention heads × head_dim: what the scores run over; 0 = hidden
  int vocab_size = 0;
  double seq_len = 0;
  TrainingMethod method = TrainingMethod::full;
  bool pretraining = false;  // a calibration "pretrain" case: modelled exactly as full training
  // The plan's (shape_for); its defaults are the catalog's (training.lora_rank, ...), none here.
  double lora_rank = 0;
  double lora_target_share = 0;
  double prompt_virtual_tokens = 0;
  // Mixture of experts: routed experts and those each token uses; 0 for a dense model.
  int experts = 0;
  int experts_per_token = 0;
  int moe_layers = 0;        // layers with routed experts (all of them unless the catalog says otherwise)
  int shared_expert_ff = 0;  // summed width of the always-active shared experts per MoE layer; 0: none
  int dense_ff = 0;          // MLP width of a mixture's layers without routed experts; 0: intermediate_size
  // Share of the layers recomputed whatever the memory needs (a recipe that turns gradient
  // checkpointing on); the memory plan may recompute more, never less.
  double min_recompute_share = 0;
  // The recipe's sequences per pass (TrainingPlan::micro_batch); 0: as many as fit, up to
  // training.max_micro_batch.
  double micro_batch = 0;
  // The loss is computed chunk by chunk from bf16 logits (TrainingPlan::chunked_loss): a token
  // holds and moves 16-bit logits, not fp32 ones.
  bool chunked_loss = false;
  // Tokens attention spans (TrainingPlan::attention_span); 0: the sequence.
  double attention_span = 0;
  AttentionKernel attention_kernel = AttentionKernel::fused;  // TrainingPlan::attention_kernel
  bool moe() const { return active_params < params && experts > 0 && experts_per_token > 0; }
};

// Trainable (adapter) parameters of a PEFT method; all parameters for full fine-tuning. A mixture of
// experts' LoRA adapts every expert's MLP projections (stored, trained), and a token runs those of
// the k experts it is routed to (active_trainable_params: what its FLOPs multiply).
double trainable_params(const TrainingShape& shape);
double active_trainable_params(const TrainingShape& shape);

// Model FLOPs of one trained token, split the way the formulas in docs/models.md 'How the numbers are computed',
// training are.
struct TrainingFlops {
  double dense = 0;      // 6·N (full) or 4·N + 6·trainable (frozen base, PEFT)
  double attention = 0;  // 12 · ½ · layers · hidden · seq (PaLM appendix B, causal half), forward + backward
  double forward = 0;    // one forward pass: 2·N + 2 · layers · hidden · seq (what recomputation repeats)
  double total() const { return dense + attention; }
};
TrainingFlops training_flops(const TrainingShape& shape);

// Memory per GPU and the cheapest way to make activations fit: shard them over `activation_shards`
// GPUs of a node (tensor/sequence parallelism) and/or recompute a share of the layers' activations
// in the backward pass (gradient checkpointing).
struct TrainingMemory {
  double weights_gb = 0;  // weights + gradients + optimizer states, per GPU after sharding
  double activations_gb = 0;
  double reserved_gb = 0;
  double total_gb = 0;
  double capacity_gb = 0;  // usable memory of one GPU
  int activation_shards = 1;
  double recompute_share = 0;  // 0 = activations all kept, 1 = full gradient checkpointing
  // One sequence's activations on one GPU at the two ends the recompute share interpolates between,
  // and the fp32 logits (and their gradient) inside both.
  double activations_all_kept_gb = 0, activations_checkpointed_gb = 0, logits_gb = 0;
  double efficiency = 1;              // model matmul time / (it + recomputation + activation all-reduces) of this plan
  double micro_batch = 1;             // sequences that fit at once with this plan (up to max_micro_batch)
  bool optimizer_offloaded = false;   // full fine-tune whose Adam states live in host memory (ZeRO-Offload)
  bool low_memory_optimizer = false;  // one GPU: bf16 weights, 8-bit Adam moments, step in the backward
  bool optimizer_paged = false;       // ... with the 8-bit moments paged in from host memory (they do not fit)
  double host_gb = 0;                 // host memory those states take
  // The planner solves the recompute share so that the activations fill the free memory exactly;
  // the sum of the parts may then round a few ulps above the capacity, which is not a shortfall.
  bool fits() const { return total_gb <= capacity_gb * (1 + 1e-12); }
  // The most sequences any layout holds at once (every layer recomputed, activations over as many
  // GPUs of a node as help), up to the most a pass may hold: a smaller micro_batch is the time model's
  // choice, not the memory's limit.
  double most_sequences = 0;
};

// `allow_offload`: a full fine-tune whose states do not fit may, on one GPU, keep bf16 weights and
// 8-bit Adam moments only, and else keep its Adam states in host memory. `precision` sets the matmul
// rate that recomputation and activation sharding are weighed against.
TrainingMemory training_memory(const TrainingShape& shape, const GpuSpec& gpu, Precision precision, int gpu_count,
                               const TrainingAssumptions& assumptions, bool allow_offload = true);

// Seconds per token one GPU spends in the activation all-reduces of tensor/sequence parallelism over
// `shards` GPUs of a node: (4 + 2 × recomputed) per layer × 2·(shards − 1) × hidden × 2 bytes over the
// peer link (NVLink one way, or PCIe on cards without it), `recomputed` the share of layers recomputed
// × training.recompute_cost (their forward's two all-reduces again). 0 for one shard.
double activation_comm_s(const TrainingShape& shape, const GpuSpec& gpu, const TrainingAssumptions& assumptions,
                         int shards, double recomputed = 0.0);

// Time one GPU spends per trained token, by what bounds it: the matmuls run at a share of the tensor
// peak, everything else is memory traffic at the GPU's bandwidth (docs/models.md, 'How the numbers are computed',
// training).
struct TrainingTime {
  double matmul_s = 0;           // (model FLOPs + recomputed forward) / (peak × matmul efficiency × scaling)
  double activation_s = 0;       // non-matmul kernels (norms, rotary, SwiGLU, residuals, loss) over bandwidth
  double adapter_s = 0;          // unfused LoRA kernels re-reading activations
  double optimizer_s = 0;        // Adam step over the trained parameters, spread over the step's tokens
  double dequant_s = 0;          // QLoRA: NF4 weights dequantised on every pass of every micro-batch
  double all_to_all_s = 0;       // MoE: tokens sent to their experts and back
  double gather_s = 0;           // sharded weights gathered per micro-batch, beyond what the matmuls hide
  double activation_comm_s = 0;  // activations sharded over GPUs: their all-reduces over the peer link
  // FlashAttention-2 where it is not the GPU's native kernel: the attention time beyond what the
  // fused kernel (counted in matmul_s) takes, × (1 / training.flash_attention_2_rate − 1).
  double flash_attention_2_s = 0;
  double flash_attention_2_rate = 1;  // the rate applied (1: the fused kernel)
  // What the two transfers above moved, as `--explain` shows it: bytes per GPU and micro-batch
  // (gathering) or per token (all-to-all), over a link of so many GB/s.
  double gather_bytes = 0;
  double gather_shards = 0;
  double gather_tokens = 0;  // per micro-batch
  double gather_link_gb_s = 0;
  double all_to_all_bytes_per_token = 0;
  double all_to_all_link_gb_s = 0;
  // Attention's rate as a share of the linear layers' matmul rate: below 1 when those run in fp8 (or
  // fp4) and attention in bf16.
  double attention_rate_share = 1;
  bool low_precision_recipe = false;  // fp8 (fp4, int8) linear layers, attention and the output layer bf16
  double output_layer_flops = 0;      // per token, run with attention at the bf16 rate under such a recipe
  // Under an fp8 recipe: the forward's linear FLOPs (fast accumulation, the datasheet fp8 rate;
  // recomputed layers repeat them) and the gradients' (at fp8_matmul_share of it). 0 otherwise.
  double forward_linear_flops = 0;
  double gradient_linear_flops = 0;
  double total() const {
    return matmul_s + activation_s + adapter_s + optimizer_s + dequant_s + all_to_all_s + gather_s + activation_comm_s +
           flash_attention_2_s;
  }
};

struct TrainingThroughput {
  double flops_per_token = 0;        // model FLOPs, forward + backward
  double dense_flops_per_token = 0;  // the parameter part (4 or 6 × N)
  double attention_flops_per_token = 0;
  double trainable_params = 0;
  double peak_tflops = 0;        // the datasheet's: MFU is a share of it
  double sustained_tflops = 0;   // what the board's power sustains (GpuSpec::sustained_tflops)
  double matmul_tflops = 0;      // the time model's: sustained × fp8_matmul_share for fp8 (GpuSpec::matmul_tflops)
  double matmul_efficiency = 0;  // share of peak the matmuls reach (catalog default × MoE factor)
  double mfu = 0;                // achieved: model FLOPs × tokens/s / peak
  double hfu = 0;                // achieved, counting recomputed forward passes too
  double scale_factor = 1;       // multi-node communication (per doubling of nodes)
  double micro_batch = 1;        // sequences per GPU per pass (amortises QLoRA dequantisation)
  bool from_user_mfu = false;    // the scenario gave the achieved MFU: no time breakdown
  TrainingTime time;             // per token
  TrainingMemory memory;
  double tokens_per_s_per_gpu = 0;
};

// Seconds per token on one GPU whose matmuls at `precision` run at `matmul_flops_per_s`.
TrainingTime training_time(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                           double matmul_flops_per_s, int gpu_count, const TrainingAssumptions& assumptions,
                           const TrainingMemory& memory);

// Model FLOPs per token and tokens per second per GPU on `gpu_count` GPUs.
// `mfu_override` replaces the default utilisation when set.
TrainingThroughput training_throughput(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                       int gpu_count, const TrainingAssumptions& assumptions,
                                       std::optional<double> mfu_override = std::nullopt);
// The same with the memory plan for `gpu_count` already worked out (training_memory).
TrainingThroughput training_throughput(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                       int gpu_count, const TrainingAssumptions& assumptions,
                                       std::optional<double> mfu_override, const TrainingMemory& memory);

// Smallest power-of-two GPU count whose memory holds the run (`gpus: auto`); nullopt when none up
// to assumptions.max_gpus does.
// `precision` ranks the layouts as training_memory does for the run, so the count found fits the
// layout the run then takes.
std::optional<int> auto_gpu_count(const TrainingShape& shape, const GpuSpec& gpu, Precision precision,
                                  const TrainingAssumptions& assumptions);

// GPU-hours a whole run of `tokens` takes: steady-state throughput, divided by the run's goodput
// (checkpoint saves, restarts after failures, evaluation stalls).
double run_gpu_hours(double tokens, double tokens_per_s_per_gpu, const TrainingAssumptions& assumptions);

struct TrainingResult {
  ModelResult model;
  int gpu_count = 0;
  double gpu_hours_per_run = 0;
  double wall_clock_hours_per_run = 0;
  double round_cost = 0;  // one round of training: trials × run, with validation
};

TrainingShape shape_for(const ModelSpec& model, const TrainingPlan& plan);
// Parameters of one LoRA adapter of `rank` on `target_share` of the model's linear layers.
// One LoRA adapter of `model` at `rank`: the parameters stored (every expert's, for a mixture of
// experts) and those a token runs (the attention's and its k experts').
double lora_adapter_params(const ModelSpec& model, double rank, double target_share);
double lora_active_adapter_params(const ModelSpec& model, double rank, double target_share);

// The numbers of one training plan without any text: shared by estimate_training (which adds the
// lines and derivations) and the numeric fast path of Monte Carlo. Throws like estimate_training.
struct TrainingCore {
  TrainingShape shape;
  int gpu_count = 0;
  TrainingMemory memory;
  TrainingThroughput speed;
  double tokens_per_run = 0;
  double gpu_hours_per_run = 0;
  double wall_clock_hours_per_run = 0;
  double start_s_per_run = 0;  // the job's start (container, framework, base weights), on every GPU
  int start_machines = 1;      // machines that read the base weights' shares at the start, at once
  double round_gpu_hours = 0;  // trials × run, with validation
  double checkpoint_gb = 0;
};
// `known_gpu_count` skips the search for the smallest GPU count that fits (a caller that already
// found it for the same memory inputs).
TrainingCore training_core(const TrainingPlan& plan, const ModelSpec& model, const DataPlan& data,
                           std::optional<int> known_gpu_count = std::nullopt);

// The training lines of a plan, priced: estimate_training describes them, the fast path sums them.
using TrainingLines = LineTable<4>;
TrainingLines training_lines(const TrainingPlan& plan, const TrainingCore& core);

// Throws InputError (field training.gpus) when the model cannot fit.
TrainingResult estimate_training(const TrainingPlan& plan, const ModelSpec& model, const DataPlan& data);

}  // namespace ftcost
