#include <catch2/catch.hpp>

#include "ftcost/models/training.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

// An 8B Llama-3-shaped model: 32 layers, hidden 4096, FFN 14336, 8 KV heads × 128 = kv_dim 1024.
ModelSpec test_model() {
  ModelSpec m;
  m.id = "test-8b";
  m.params = 8e9;
  m.layers = 32;
  m.hidden_size = 4096;
  m.intermediate_size = 14336;
  m.attention_heads = 32;
  m.kv_heads = 8;
  m.head_dim = 128;
  m.vocab_size = 128256;
  return m;
}

GpuSpec test_gpu() {
  GpuSpec g;
  g.id = "test-gpu";
  g.memory_gb = 80;
  g.memory_bandwidth_gb_s = 2000;
  g.peak_dense_tflops[Precision::bf16] = 1000;
  return g;
}

TrainingPlan test_plan(TrainingMethod method) {
  TrainingPlan plan;
  plan.method = method;
  plan.epochs = 2;
  plan.seq_len = 1000;
  plan.gpu = test_gpu();
  plan.gpu_hour = {2.0, {"test", "", ""}};
  plan.precision = Precision::bf16;
  plan.mfu_from_user = true;
  plan.assumptions.mfu = 0.5;
  plan.assumptions.memory_usable_share = 0.9;
  plan.assumptions.memory_reserved_gb = 2;
  plan.trials = 2;
  plan.validation_overhead = 0.1;
  plan.lora_rank = 16;
  return plan;
}

DataPlan test_data() {
  DataPlan data;
  data.examples = 10000;
  data.tokens_per_example = 1000;
  return data;
}

}  // namespace

TEST_CASE("training FLOPs per token by method", "[training]") {
  const TrainingPlan full = test_plan(TrainingMethod::full);
  const TrainingShape shape = shape_for(test_model(), full);
  const auto speed = training_throughput(shape, full.gpu, Precision::bf16, 1, full.assumptions, 0.5);
  // Full: 6 × 8e9 = 48e9, attention 12 × 32 × 4096 × 1000 = 1.572864e9; total 49.572864e9
  CHECK(speed.dense_flops_per_token == Approx(48e9));
  CHECK(speed.attention_flops_per_token == Approx(1.572864e9));
  CHECK(speed.flops_per_token == Approx(49.572864e9));
  // 1000 TFLOP/s × 0.5 / 49.572864e9 = 10,086.16 tokens/s per GPU
  CHECK(speed.tokens_per_s_per_gpu == Approx(10086.16).epsilon(1e-6));

  TrainingShape lora = shape;
  lora.method = TrainingMethod::lora;
  // Adapters: 16 × (9·4096 + 2·1024 + 3·14336) × 32 = 16 × 81,920 × 32 = 41,943,040
  CHECK(trainable_params(lora) == Approx(41943040));
  const auto lora_speed = training_throughput(lora, full.gpu, Precision::bf16, 1, full.assumptions, 0.5);
  // 4 × 8e9 + 6 × 41,943,040 + 1.572864e9 = 33.82452224e9
  CHECK(lora_speed.flops_per_token == Approx(33.82452224e9));
}

TEST_CASE("QLoRA pays a dequantisation overhead on the same FLOPs", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::qlora);
  plan.assumptions.qlora_dequant_overhead = 0.25;
  const TrainingShape shape = shape_for(test_model(), plan);
  const auto speed = training_throughput(shape, plan.gpu, Precision::bf16, 1, plan.assumptions, 0.5);
  // 1000e12 × 0.5 / 1.25 / 33.82452224e9 = 4e14 / 33.82452224e9 = 11,825.74 tokens/s
  CHECK(speed.tokens_per_s_per_gpu == Approx(11825.74).epsilon(1e-6));
}

TEST_CASE("default MFU: PEFT factor and multi-node penalty", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.assumptions.mfu = 0.4;
  plan.assumptions.peft_mfu_factor = 0.9;
  plan.assumptions.multi_node_efficiency = 0.95;
  plan.assumptions.gpus_per_node = 8;
  const TrainingShape shape = shape_for(test_model(), plan);
  // 8 GPUs = one node: 0.4 × 0.9 = 0.36
  CHECK(training_throughput(shape, plan.gpu, Precision::bf16, 8, plan.assumptions).mfu == Approx(0.36));
  // 32 GPUs = 4 nodes = 2 doublings: 0.36 × 0.95² = 0.3249
  CHECK(training_throughput(shape, plan.gpu, Precision::bf16, 32, plan.assumptions).mfu == Approx(0.3249));
}

TEST_CASE("memory check picks the smallest GPU count that fits", "[training]") {
  const TrainingPlan plan = test_plan(TrainingMethod::full);
  const TrainingShape shape = shape_for(test_model(), plan);
  // Full fine-tune: 8e9 × 16 bytes = 128 GB of states; activations with full checkpointing
  // 1000 × 4096 × (2·32 + 34) = 0.401408 GB plus logits 2 × 1000 × 128256 × 4 = 1.026048 GB;
  // reserved 2 GB; usable 72 GB.
  const TrainingMemory one = training_memory(shape, plan.gpu, 1, plan.assumptions);
  CHECK(one.weights_gb == Approx(128));
  CHECK(one.activations_gb == Approx(1.427456));
  CHECK_FALSE(one.fits());
  const TrainingMemory two = training_memory(shape, plan.gpu, 2, plan.assumptions);
  // Two GPUs: 64 GB of states leave 6 GB, enough to keep every layer's activations:
  // 1000 × 4096 × 34 × 32 = 4.456448 GB + logits 1.026048 GB = 5.482496 GB, nothing recomputed.
  CHECK(two.recompute_share == 0);
  CHECK(two.total_gb == Approx(64 + 5.482496 + 2));
  CHECK(two.fits());

  const TrainingResult result = estimate_training(plan, test_model(), test_data());
  CHECK(result.gpu_count == 2);
  // Tokens per run: 10,000 × 1,000 × 2 epochs = 2e7; / 10,086.16 tok/s = 1,982.92 GPU-s = 0.550811 GPU-h
  CHECK(result.gpu_hours_per_run == Approx(0.550811).epsilon(1e-5));
  CHECK(result.wall_clock_hours_per_run == Approx(0.275406).epsilon(1e-5));
  // Compute line: 0.550811 × 2 trials × 1.1 = 1.211785 GPU-h × $2 = $2.42357
  CHECK(result.model.one_time() == Approx(2.42357).epsilon(1e-5));
}

TEST_CASE("a model that cannot fit is an input error naming training.gpus", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::full);
  plan.gpu_count = 1;
  try {
    estimate_training(plan, test_model(), test_data());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.field() == "training.gpus");
    CHECK_THAT(error.problem(), Catch::Contains("does not fit"));
  }
}

TEST_CASE("re-training and checkpoints are monthly lines", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.retrain_every_months = 4;
  plan.checkpoints_kept = 3;
  plan.storage_per_gb_month = {0.02, {}};
  const TrainingResult result = estimate_training(plan, test_model(), test_data());
  // LoRA on one GPU: 2e7 tokens × 33.82452224e9 FLOP / (1000e12 × 0.5) = 1,352.98 GPU-s = 0.375828 GPU-h
  CHECK(result.gpu_count == 1);
  CHECK(result.gpu_hours_per_run == Approx(0.375828).epsilon(1e-5));
  // Re-training every 4 months: 0.375828 × 2 × 1.1 / 4 = 0.206705 GPU-h/month × $2 = $0.413411
  // Checkpoints: 41,943,040 adapter params × 2 bytes = 0.0838861 GB × 3 × $0.02 = $0.00503316
  CHECK(result.model.monthly() == Approx(0.413411 + 0.00503316).epsilon(1e-5));
}

TEST_CASE("KV width per token and layer follows the attention layout", "[training][hosting]") {
  ModelSpec m;
  m.hidden_size = 4096;
  CHECK(m.kv_dim() == 4096);  // no head counts: assume full multi-head attention
  m.attention_heads = 32;
  m.kv_heads = 8;
  CHECK(m.kv_dim() == 1024);  // Llama 3 8B: 8 KV heads × (4096 / 32 = 128)
  m.hidden_size = 3072;
  m.attention_heads = 16;
  m.kv_heads = 16;
  m.head_dim = 256;
  CHECK(m.kv_dim() == 4096);  // Gemma 7B: an explicit head size wider than hidden / heads
}
