#include <catch2/catch.hpp>

#include <limits>
#include <tuple>

#include "ftcost/catalog/load.hpp"
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
  m.tied_embeddings = true;  // every parameter multiplied: the hand-worked FLOPs below are 6 × 8e9 per token
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
  // Every assumption set (the struct has no defaults of their own: the catalog is their source).
  TrainingAssumptions& a = plan.assumptions;
  a.mfu = 0.5;
  a.multi_node_efficiency = 1;
  a.run_goodput = 1;
  a.gpus_per_node = 8;
  a.optimizer_bytes_per_param = 12;
  a.gradient_bytes_per_param = 2;
  a.qlora_bytes_per_param = 0.5625;
  a.memory_usable_share = 0.9;
  a.memory_reserved_gb = 2;
  a.max_gpus = 1024;
  a.activation_traffic_bytes = 140;
  a.adapter_traffic_bytes = 6;
  a.optimizer_step_bytes = 28;
  a.dequant_bytes_per_param = 4.5625;
  a.tokens_per_step_per_gpu = 16384;
  a.max_micro_batch = 8;
  a.recompute_cost = 1.0;  // every recomputed FLOP at full price: the hand-worked figures below
  a.moe_efficiency = 1;
  a.network_gb_s_per_gpu = 50;
  a.host_link_gb_s = 25;
  a.cpu_optimizer_gb_s = 50;
  a.low_memory_state_bytes_per_param = 4;
  a.low_memory_step_bytes = 10;
  a.flash_attention_2_rate = 1;  // the fused kernel's rate unless a test asks otherwise
  a.spot_interruption_overhead = 0;
  // No job start unless a test asks for one (its own test below prices it).
  a.run_start_fixed_s = 0;
  a.run_start_load_gb_s = std::numeric_limits<double>::infinity();
  plan.trials = 2;
  plan.validation_overhead = 0.1;
  plan.lora_rank = 16;
  plan.lora_target_share = 1;
  plan.prompt_virtual_tokens = 20;
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
  // Full: 6 × 8e9 = 48e9, causal attention 12 × ½ × 32 × 4096 × 1000 = 0.786432e9; total 48.786432e9
  CHECK(speed.dense_flops_per_token == Approx(48e9));
  CHECK(speed.attention_flops_per_token == Approx(0.786432e9));
  CHECK(speed.flops_per_token == Approx(48.786432e9));
  // 1000 TFLOP/s × 0.5 / 48.786432e9 = 10,248.75 tokens/s per GPU
  CHECK(speed.tokens_per_s_per_gpu == Approx(10248.75).epsilon(1e-6));

  TrainingShape lora = shape;
  lora.method = TrainingMethod::lora;
  // Adapters: 16 × (9·4096 + 2·1024 + 3·14336) × 32 = 16 × 81,920 × 32 = 41,943,040
  CHECK(trainable_params(lora) == Approx(41943040));
  const auto lora_speed = training_throughput(lora, full.gpu, Precision::bf16, 1, full.assumptions, 0.5);
  // 4 × 8e9 + 6 × 41,943,040 + 0.786432e9 = 33.03809024e9
  CHECK(lora_speed.flops_per_token == Approx(33.03809024e9));
}

TEST_CASE("LoRA on a mixture of experts adapts every expert and runs the routed ones", "[training]") {
  const ModelSpec* mixtral = shipped_catalog().find_model("mixtral-8x7b");
  REQUIRE(mixtral != nullptr);
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  TrainingShape shape = shape_for(*mixtral, plan);
  shape.lora_rank = 16;
  shape.lora_target_share = 1;
  // A routed expert: (46.7B − 12.9B) / (8 − 2) = 5.6333B parameters over 32 layers × 3 projections ×
  // 4096 = 14,326.3 wide. Attention 16 × (6 × 4096 + 2 × 1024) × 32 = 13,631,488; one expert's
  // adapters in one layer 16 × 3 × (4096 + 14,326.3) = 884,270.
  const double expert_layer = 16 * 3 * (4096 + 5.63333333e9 / (3.0 * 4096 * 32));
  CHECK(trainable_params(shape) == Approx(13631488 + expert_layer * 32 * 8));         // 240.0M stored
  CHECK(active_trainable_params(shape) == Approx(13631488 + expert_layer * 32 * 2));  // 70.2M run per token
  CHECK(trainable_params(shape) == Approx(240.0e6).epsilon(1e-3));
  CHECK(lora_active_adapter_params(*mixtral, 16, 1) == Approx(70.22e6).epsilon(1e-3));
}

TEST_CASE("LoRA on a mixture of experts adapts its shared experts and its dense layers at their widths", "[training]") {
  // Qwen1.5-MoE-A2.7B: 24 MoE layers of hidden 2048, 60 routed experts (4 per token) and one shared
  // expert 5632 wide; multi-head attention (kv_dim 2048). A routed expert: (14.32B − 2.689B) / 56 =
  // 207,696,428.6 parameters over 24 layers × 3 × 2048 = 1,408.53 wide.
  const ModelSpec* qwen = shipped_catalog().find_model("qwen1.5-moe-a2.7b");
  REQUIRE(qwen != nullptr);
  const double attention = (6.0 * 2048 + 2.0 * 2048) * 24;                      // 393,216
  const double routed = 3.0 * (2048 + 11.631e9 / 56 / (3.0 * 2048 * 24)) * 24;  // one expert, all layers
  const double shared = 3.0 * (2048 + 5632) * 24;                               // 552,960
  CHECK(lora_adapter_params(*qwen, 16, 1) == Approx(16 * (attention + 60 * routed + shared)));  // 254.1M
  CHECK(lora_adapter_params(*qwen, 16, 1) == Approx(254.05e6).epsilon(1e-3));
  CHECK(lora_active_adapter_params(*qwen, 16, 1) == Approx(16 * (attention + 4 * routed + shared)));  // 31.1M
  CHECK(lora_active_adapter_params(*qwen, 16, 1) == Approx(31.07e6).epsilon(1e-3));

  // DeepSeek-V3: 3 dense layers 18432 wide and 58 MoE layers with a 2048-wide shared expert. Their
  // MLP adapters: 16 × 3 × (7168 + 18432) × 3 + 16 × 3 × (7168 + 2048) × 58; without the two fields
  // the dense layers took an expert's width and the shared experts had none.
  ModelSpec without = *shipped_catalog().find_model("deepseek-v3");
  const ModelSpec with = without;
  without.shared_expert_intermediate_size.reset();
  without.dense_intermediate_size.reset();
  const double dense_delta = 16 * 3.0 * (18432 - 2048) * 3;  // the dense layers' width, 2,359,296
  const double shared_v3 = 16 * 3.0 * (7168 + 2048) * 58;    // 25,657,344
  CHECK(lora_adapter_params(with, 16, 1) - lora_adapter_params(without, 16, 1) == Approx(dense_delta + shared_v3));
  CHECK(lora_active_adapter_params(with, 16, 1) - lora_active_adapter_params(without, 16, 1) ==
        Approx(dense_delta + shared_v3));
}

TEST_CASE("an untied input embedding is looked up, not multiplied", "[training]") {
  // Llama 3 8B holds two 128,256 × 4,096 matrices: the input embedding (a row looked up per token)
  // and the output layer (a matmul). Untied, N = 8e9 − 525,336,576 = 7,474,663,424.
  const TrainingPlan full = test_plan(TrainingMethod::full);
  ModelSpec untied = test_model();
  untied.tied_embeddings = false;
  CHECK(untied.lookup_params() == Approx(525336576));
  CHECK(untied.multiplied_params() == Approx(7474663424));
  const TrainingShape shape = shape_for(untied, full);
  const auto speed = training_throughput(shape, full.gpu, Precision::bf16, 1, full.assumptions, 0.5);
  // 6 × 7,474,663,424 = 44.847980544e9 (tied: 48e9); attention unchanged
  CHECK(speed.dense_flops_per_token == Approx(44.847980544e9));
  CHECK(speed.attention_flops_per_token == Approx(0.786432e9));
  TrainingShape lora = shape;
  lora.method = TrainingMethod::lora;
  const auto lora_speed = training_throughput(lora, full.gpu, Precision::bf16, 1, full.assumptions, 0.5);
  // 4 × 7,474,663,424 + 6 × 41,943,040 + 0.786432e9 = 30.936743936e9
  CHECK(lora_speed.flops_per_token == Approx(30.936743936e9));
}

TEST_CASE("time model: matmuls at the matmul efficiency, the rest at memory speed", "[training]") {
  // LoRA on one 80 GB / 2,000 GB/s / 1,000 TFLOP/s GPU, default time model (no MFU from the user).
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  TrainingAssumptions& a = plan.assumptions;
  a.mfu = 0.5;  // matmul efficiency
  a.activation_traffic_bytes = 140;
  a.adapter_traffic_bytes = 6;
  a.optimizer_step_bytes = 28;
  a.tokens_per_step_per_gpu = 16384;
  a.dequant_bytes_per_param = 4.5625;
  a.max_micro_batch = 8;
  a.recompute_cost = 1.0;  // every recomputed FLOP at full price: the hand-worked figures below
  const TrainingShape shape = shape_for(test_model(), plan);
  const auto speed = training_throughput(shape, plan.gpu, Precision::bf16, 1, a);
  // Usable memory: 80 GiB × 0.9 = 77.309 GB; states 16 GB bf16 base + 41.9M adapters × 16 bytes =
  // 16.671 GB; 58.638 GB free holds 10 sequences of 5.482 GB: nothing recomputed, micro-batch 8 (cap).
  CHECK(speed.memory.capacity_gb == Approx(77.309411));
  CHECK(speed.memory.recompute_share == 0);
  CHECK(speed.micro_batch == 8);
  // Matmuls: 33.03809024e9 FLOPs / (1000e12 × 0.5) = 66.076 µs
  CHECK(speed.time.matmul_s * 1e6 == Approx(66.07618048));
  // Activations: (140 × 4096 × 32 + 16 × 128,256 vocabulary) bytes / 2e12 B/s = 10.201 µs
  CHECK(speed.time.activation_s * 1e6 == Approx(10.201088));
  // Adapters: inputs 6·4096 + 14,336 = 38,912, outputs 3·4096 + 2·1024 + 2·14,336 = 43,008 read and
  // written: 124,928 elements × 6 bytes × 32 layers / 2e12 = 11.993 µs
  CHECK(speed.time.adapter_s * 1e6 == Approx(11.993088));
  // Adam: 28 bytes × 41,943,040 / 2e12 / 16,384 tokens per step = 0.03584 µs
  CHECK(speed.time.optimizer_s * 1e6 == Approx(0.03584));
  // 88.306 µs per token → 11,324.23 tokens/s; achieved MFU 11,324.23 × 33.0381e9 / 1e15 = 37.4%
  CHECK(speed.tokens_per_s_per_gpu == Approx(11324.234).epsilon(1e-6));
  CHECK(speed.mfu == Approx(0.374131).epsilon(1e-5));

  // QLoRA: the same, plus the 4-bit base dequantised on each of two passes per micro-batch of
  // 8 × 1,000 tokens. The (tied) 128,256 × 4,096 vocabulary matrix stays in bf16: 8e9 − 525,336,576
  // = 7,474,663,424 quantised parameters × 4.5625 bytes × 2 / 2e12 / 8,000 = 4.262894 µs →
  // 92.569 µs per token, 10,802.74 tokens/s.
  TrainingShape qlora = shape;
  qlora.method = TrainingMethod::qlora;
  const auto q = training_throughput(qlora, plan.gpu, Precision::bf16, 1, a);
  CHECK(q.time.dequant_s * 1e6 == Approx(4.262893984));
  CHECK(q.tokens_per_s_per_gpu == Approx(10802.742).epsilon(1e-6));
  // Its memory: 7,474,663,424 × 0.5625 + 525,336,576 × 2 bytes of base = 5.25517 GB.
  CHECK(q.memory.weights_gb == Approx((7474663424.0 * 0.5625 + 525336576.0 * 2 + 41943040.0 * 16) / 1e9));
}

TEST_CASE("an fp8 recipe runs the linear layers at the fp8 rate, attention and the output layer at the bf16 rate",
          "[training]") {
  // The LoRA run above on the same GPU with a 2,000 TFLOP/s fp8 peak. Attention: 12 × ½ (causal) × 32
  // layers × 4,096 wide × 1,000 tokens = 786,432,000 FLOPs and the frozen output layer 4 × 128,256 ×
  // 4,096 = 2,101,346,304, both at the bf16 1,000 × 0.5 = 500 TFLOP/s: 5.775556608 µs; the other
  // 30,150,311,936 at the fp8 2,000 × 0.5: 30.150311936 µs. Total 35.925868544 µs (66.076 at bf16).
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  plan.gpu.peak_dense_tflops[Precision::fp8] = 2000;
  plan.assumptions.mfu = 0.5;
  const TrainingShape shape = shape_for(test_model(), plan);
  const auto fp8 = training_throughput(shape, plan.gpu, Precision::fp8, 1, plan.assumptions);
  REQUIRE(fp8.memory.recompute_share == 0);
  CHECK(fp8.attention_flops_per_token == Approx(786432000.0));
  CHECK(fp8.time.attention_rate_share == Approx(0.5));
  CHECK(fp8.time.output_layer_flops == Approx(2101346304.0));
  CHECK(fp8.time.matmul_s * 1e6 == Approx(30.150311936 + 5.775556608));
  // A GPU whose fp8 matmuls reach 0.9 of twice its bf16 ones: the gradients' linear FLOPs run at 2,000 ×
  // 0.9 × 0.5 = 900 TFLOP/s, the forward's (2 × 8e9 − 2 × 128,256 × 4,096 = 14,949,326,848, fast
  // accumulation) at 1,000: 15,200,985,088 / 900e12 + 14.949326848 µs + the same 5.775556608 µs at bf16
  // (500 TFLOP/s = 900 × 1,000 / 1,800) = 37.614866887 µs.
  TrainingPlan slower = plan;
  slower.gpu.fp8_matmul_share = 0.9;
  const auto shared = training_throughput(shape, slower.gpu, Precision::fp8, 1, slower.assumptions);
  CHECK(shared.matmul_tflops == Approx(1800));
  CHECK(shared.time.matmul_s * 1e6 == Approx(15.200985088 / 0.9 + 14.949326848 + 5.775556608));
  // A share so low that the gradients' fp8 rate (2,000 × 0.4 = 800) falls below the bf16 1,000:
  // attention and the output layer still run at bf16's 500 TFLOP/s (share 1,000 / 800 = 1.25), the
  // gradients at 400: 15,200,985,088 / 400e12 = 38.00246272 µs.
  slower.gpu.fp8_matmul_share = 0.4;
  const auto low = training_throughput(shape, slower.gpu, Precision::fp8, 1, slower.assumptions);
  CHECK(low.time.attention_rate_share == Approx(1.25));
  CHECK(low.time.matmul_s * 1e6 == Approx(38.00246272 + 14.949326848 + 5.775556608));
  // A vocabulary larger than the model (a custom 100M model with a 128k vocabulary at hidden 4,096):
  // the output layer is capped at the dense FLOPs and nothing is counted twice, so every matmul runs
  // at the bf16 rate.
  ModelSpec tiny = test_model();
  tiny.params = 100e6;
  tiny.layers = 4;
  const TrainingShape tiny_shape = shape_for(tiny, plan);
  const auto capped = training_throughput(tiny_shape, plan.gpu, Precision::fp8, 1, plan.assumptions);
  CHECK(capped.time.gradient_linear_flops == Approx(0).margin(1));
  CHECK(capped.time.forward_linear_flops == Approx(0).margin(1));
  CHECK(capped.time.matmul_s == Approx(capped.flops_per_token / 500e12));
  const auto bf16 = training_throughput(shape, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(bf16.time.attention_rate_share == 1.0);
  CHECK(bf16.time.matmul_s * 1e6 == Approx(66.07618048));
}

TEST_CASE("LoRA beats a full fine-tune on one GPU: no weight gradients, no optimizer over the base", "[training]") {
  // Same card and recipe. On one 32 GB GPU an 8B full fine-tune fits neither its standard states
  // (8e9 × 16 = 128 GB) nor the low-memory layout (8e9 × 4 = 32 GB): only its bf16 weights (16 GB),
  // with the 8-bit Adam moments (16 GB) paged in from host memory for each step, transfers the
  // matmuls wait for; LoRA keeps everything on the GPU.
  // Issue 11: published benchmarks measure LoRA at ~1.8× full on the same card.
  TrainingPlan plan = test_plan(TrainingMethod::full);
  plan.mfu_from_user = false;
  plan.assumptions.mfu = 0.5;
  plan.gpu.memory_gb = 32;
  const TrainingShape full = shape_for(test_model(), plan);
  TrainingShape lora = full;
  lora.method = TrainingMethod::lora;
  const auto full_speed = training_throughput(full, plan.gpu, Precision::bf16, 1, plan.assumptions);
  const auto lora_speed = training_throughput(lora, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK_FALSE(full_speed.memory.optimizer_offloaded);
  CHECK(full_speed.memory.low_memory_optimizer);
  CHECK(full_speed.memory.optimizer_paged);
  CHECK(full_speed.memory.weights_gb == Approx(16));
  CHECK(full_speed.memory.host_gb == Approx(16));
  // Usable 32 GiB × 0.9 = 30.924 GB − 16 − 2 reserved leaves 12.924 GB. The moments cross the 25 GB/s
  // host link once per micro-batch (in and out at once), 2 bytes × 8e9 / 25e9 = 0.64 s, none of it
  // hidden (bitsandbytes synchronises the device after each parameter's paged update), plus the step,
  // 10 bytes × 8e9 / 2e12 = 0.04 s. Two sequences of 5.482 GB fit with nothing recomputed: 340 µs per
  // token over 2,000 tokens. The planner also weighs recomputing layers to hold more: the eight-sequence
  // cap fits at 1.615 GB each, with (5.482496 − 1.615471) / (5.482496 − 1.427456) = 95.36% of the
  // layers recomputed, and the transfer spreads over 8,000 tokens, 85 µs each: the time model rates
  // that fastest.
  CHECK(full_speed.micro_batch == 8);
  CHECK(full_speed.memory.recompute_share == Approx(0.9536343).epsilon(1e-6));
  CHECK(full_speed.time.optimizer_s * 1e6 == Approx((0.64 + 0.04) / 8000 * 1e6).epsilon(1e-6));
  CHECK_FALSE(lora_speed.memory.optimizer_offloaded);
  CHECK(lora_speed.tokens_per_s_per_gpu > 1.5 * full_speed.tokens_per_s_per_gpu);
  // `gpus: auto` never picks an offloaded or low-memory plan: 8 GPUs hold the standard states
  // (16 GB each, with activations of 5.48 GB and 2 GB reserved, under 30.9 GB usable).
  CHECK(auto_gpu_count(full, plan.gpu, Precision::bf16, plan.assumptions) == 8);
}

TEST_CASE("a LoRA run's explain compares it with a full fine-tune on the same GPUs, or says it would not fit",
          "[training]") {
  auto find = [](const TrainingResult& r, std::string_view id) -> const Derivation* {
    for (const Derivation& d : r.model.derivations)
      if (d.name == id) return &d;
    return nullptr;
  };
  // The 32 GB card of the test above: the comparison is the two throughputs the time model gives.
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  plan.assumptions.mfu = 0.5;
  plan.gpu.memory_gb = 32;
  plan.gpu_count = 1;
  const TrainingShape lora = shape_for(test_model(), plan);
  TrainingShape full = lora;
  full.method = TrainingMethod::full;
  const double ratio = training_throughput(lora, plan.gpu, Precision::bf16, 1, plan.assumptions).tokens_per_s_per_gpu /
                       training_throughput(full, plan.gpu, Precision::bf16, 1, plan.assumptions).tokens_per_s_per_gpu;
  const TrainingResult result = estimate_training(plan, test_model(), test_data());
  const Derivation* against = find(result, "training.speed_vs_full");
  REQUIRE(against);
  CHECK(against->value == Approx(ratio).epsilon(1e-9));
  CHECK(against->value > 1.5);
  // The full run's optimizer term shows what it rests on, and the LoRA run steps its adapters only.
  CHECK_THAT(against->formula.text(),
             Catch::Contains("(8-bit moments, 2 B a parameter paged over the 25 GB/s host link, and a 10 B step") &&
                 Catch::Contains("sequences a pass 2 | 8") && Catch::Contains("the optimizer steps only the"));
  CHECK_FALSE(find(result, "training.full_finetune_gb_per_gpu"));
  // QLoRA on a 16 GB card: the 4-bit base fits, a full fine-tune's bf16 weights alone (16 GB) do not.
  plan.method = TrainingMethod::qlora;
  plan.gpu.memory_gb = 16;
  const TrainingResult qlora = estimate_training(plan, test_model(), test_data());
  CHECK_FALSE(find(qlora, "training.speed_vs_full"));
  const Derivation* need = find(qlora, "training.full_finetune_gb_per_gpu");
  REQUIRE(need);
  CHECK(need->value > 16);
  CHECK_THAT(need->formula.text(), Catch::Contains("would not fit on 1 ×"));
}

TEST_CASE("one GPU: a full fine-tune that needs 16 bytes per parameter fits in 4 with 8-bit Adam", "[training]") {
  // 8B on one 80 GB GPU: standard states 128 GB do not fit; bf16 weights updated in place plus two
  // 8-bit moments take 8e9 × 4 = 32 GB. Usable 80 GiB × 0.9 = 77.309 GB − 2 reserved − 32 = 43.309 GB
  // free; one sequence keeps 1000 × 4096 × 34 × 32 = 4.456448 GB + logits 1.026048 GB = 5.482496 GB,
  // so 7 sequences fit with nothing recomputed. The eighth (the cap) fits at 43.309 / 8 = 5.413676 GB
  // each, recomputing (5.482496 − 5.413676) / (5.482496 − 1.427456) = 1.70% of the layers (1.427456 GB
  // a sequence with every layer checkpointed: 1000 × 4096 × (2 × 32 + 34) + the logits), and the time
  // model rates that faster: the optimizer step spreads over 8,000 tokens instead of 7,000.
  TrainingPlan plan = test_plan(TrainingMethod::full);
  plan.mfu_from_user = false;
  const TrainingShape full = shape_for(test_model(), plan);
  const TrainingMemory memory = training_memory(full, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(memory.low_memory_optimizer);
  CHECK_FALSE(memory.optimizer_offloaded);
  CHECK(memory.weights_gb == Approx(32));
  CHECK(memory.recompute_share == Approx((5.482496 - 43.309411328 / 8) / (5.482496 - 1.427456)).epsilon(1e-6));
  CHECK(memory.micro_batch == 8);
  // The peak holds the 8 sequences: the whole 77.309 GB usable.
  CHECK(memory.total_gb == Approx(77.309411328));
  // The step runs in the backward of every micro-batch: 10 bytes × 8e9 / 2,000 GB/s / (8 × 1,000
  // tokens) = 5 µs per token.
  const auto speed = training_throughput(full, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(speed.time.optimizer_s * 1e6 == Approx(5.0).epsilon(1e-6));
  // Not for several GPUs (they shard the standard states), nor for `gpus: auto`.
  CHECK_FALSE(training_memory(full, plan.gpu, Precision::bf16, 2, plan.assumptions).low_memory_optimizer);
  CHECK_FALSE(training_memory(full, plan.gpu, Precision::bf16, 1, plan.assumptions, false).low_memory_optimizer);
  // LoRA on the same card is still faster: 4·N instead of 6·N, no step over the base (~1.28× here).
  TrainingShape lora = full;
  lora.method = TrainingMethod::lora;
  CHECK(training_throughput(lora, plan.gpu, Precision::bf16, 1, plan.assumptions).tokens_per_s_per_gpu >
        1.25 * speed.tokens_per_s_per_gpu);
}

TEST_CASE("default MFU: multi-node penalty on the matmul efficiency", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.assumptions.mfu = 0.4;
  plan.assumptions.multi_node_efficiency = 0.95;
  plan.assumptions.gpus_per_node = 8;
  const TrainingShape shape = shape_for(test_model(), plan);
  // 8 GPUs = one node: the matmuls run at 0.4 of peak.
  const auto one_node = training_throughput(shape, plan.gpu, Precision::bf16, 8, plan.assumptions);
  CHECK(one_node.matmul_efficiency * one_node.scale_factor == Approx(0.4));
  // 32 GPUs = 4 nodes = 2 doublings: 0.4 × 0.95² = 0.361
  const auto four_nodes = training_throughput(shape, plan.gpu, Precision::bf16, 32, plan.assumptions);
  CHECK(four_nodes.matmul_efficiency * four_nodes.scale_factor == Approx(0.361));
  CHECK(four_nodes.tokens_per_s_per_gpu < one_node.tokens_per_s_per_gpu);
}

TEST_CASE("memory check picks the smallest GPU count that fits", "[training]") {
  const TrainingPlan plan = test_plan(TrainingMethod::full);
  const TrainingShape shape = shape_for(test_model(), plan);
  // Full fine-tune: 8e9 × 16 bytes = 128 GB of states; activations with full checkpointing
  // 1000 × 4096 × (2·32 + 34) = 0.401408 GB plus logits 2 × 1000 × 128256 × 4 = 1.026048 GB;
  // reserved 2 GB; usable 80 GiB × 0.9 = 77.3 GB. (Offloading the optimizer is not considered here.)
  const TrainingMemory one = training_memory(shape, plan.gpu, Precision::bf16, 1, plan.assumptions, false);
  CHECK(one.weights_gb == Approx(128));
  CHECK(one.activations_gb == Approx(1.427456));
  CHECK_FALSE(one.fits());
  const TrainingMemory two = training_memory(shape, plan.gpu, Precision::bf16, 2, plan.assumptions);
  // Two GPUs: 64 GB of states leave 11.3 GB, enough to keep every layer's activations:
  // 1000 × 4096 × 34 × 32 = 4.456448 GB + logits 1.026048 GB = 5.482496 GB, nothing recomputed.
  // 11.3 / 5.482496 = 2 sequences at once: 64 + 2 × 5.482496 + 2 = 76.964992 GB.
  CHECK(two.recompute_share == 0);
  CHECK(two.micro_batch == 2);
  CHECK(two.total_gb == Approx(64 + 2 * 5.482496 + 2));
  CHECK(two.fits());

  const TrainingResult result = estimate_training(plan, test_model(), test_data());
  CHECK(result.gpu_count == 2);
  // Tokens per run: 10,000 × 1,000 × 2 epochs = 2e7; / 10,248.75 tok/s = 1,951.46 GPU-s = 0.542071 GPU-h
  CHECK(result.gpu_hours_per_run == Approx(0.542071).epsilon(1e-5));
  CHECK(result.wall_clock_hours_per_run == Approx(0.271036).epsilon(1e-5));
  // Compute line: 0.542071 × 2 trials × 1.1 = 1.192557 GPU-h × $2 = $2.38511
  CHECK(result.model.one_time() == Approx(2.38511).epsilon(1e-5));
}

TEST_CASE("a model that cannot fit is an input error naming training.gpus", "[training]") {
  // Even with its Adam states offloaded, a 70B full fine-tune's bf16 weights (140 GB) exceed one GPU.
  TrainingPlan plan = test_plan(TrainingMethod::full);
  plan.gpu_count = 1;
  ModelSpec big = test_model();
  big.params = 70e9;
  try {
    estimate_training(plan, big, test_data());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.field() == "training.gpus");
    CHECK_THAT(error.problem(), Catch::Contains("does not fit"));
    CHECK_THAT(error.fix(), Catch::EndsWith("or qlora"));
  }
  // Already QLoRA (a 1T model's 4-bit base alone is 500 GB): the fix does not suggest it again.
  plan.method = TrainingMethod::qlora;
  big.params = 1e12;
  try {
    estimate_training(plan, big, test_data());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.fix() == "use `gpus: auto`, more GPUs or a GPU with more memory");
  }
}

TEST_CASE("re-training and checkpoints are monthly lines", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.retrain_every_months = 4;
  plan.checkpoints_kept = 3;
  plan.storage_per_gb_month = {0.02, {}};
  const TrainingResult result = estimate_training(plan, test_model(), test_data());
  // LoRA on one GPU: 2e7 tokens × 33.03809024e9 FLOP / (1000e12 × 0.5) = 1,321.52 GPU-s = 0.367090 GPU-h
  CHECK(result.gpu_count == 1);
  CHECK(result.gpu_hours_per_run == Approx(0.367090).epsilon(1e-5));
  // Re-training every 4 months: 0.367090 × 2 × 1.1 / 4 = 0.201900 GPU-h/month × $2 = $0.403799
  // Checkpoints: 41,943,040 adapter params × 2 bytes = 0.0838861 GB × 3 × $0.02 = $0.00503316
  CHECK(result.model.monthly() == Approx(0.403799 + 0.00503316).epsilon(1e-5));
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

TEST_CASE("spot capacity adds the interruption overhead to every run's GPU-hours", "[training]") {
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.assumptions.spot_interruption_overhead = 0.1;
  const TrainingResult on_demand = estimate_training(plan, test_model(), test_data());
  plan.spot = true;
  const TrainingResult spot = estimate_training(plan, test_model(), test_data());
  // LoRA: 2e7 tokens × 33.03809024e9 / (1000e12 × 0.5) = 1,321.52 GPU-s = 0.367090 GPU-h; × 1.1 on spot.
  CHECK(on_demand.gpu_hours_per_run == Approx(0.367090).epsilon(1e-5));
  CHECK(spot.gpu_hours_per_run == Approx(0.367090 * 1.1).epsilon(1e-5));
}

TEST_CASE("every GPU of a run is billed for the job's start", "[training]") {
  // The start: 60 s (container, framework, NCCL) + the base weights read in: 8e9 × 2 bytes / 1 GB/s
  // = 16 s → 76 s, on every GPU; over 8 machines of 8 GPUs each reads its share of a sharded
  // checkpoint at once: 60 + 16 / 8 = 62 s. The LoRA run itself is 0.367090 GPU-h (test above) on any
  // count, as this plan's MFU is the user's (all costs included).
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.assumptions.run_start_fixed_s = 60;
  plan.assumptions.run_start_load_gb_s = 1;
  plan.assumptions.gpus_per_node = 8;
  for (const auto& [gpus, machines, start_s] : {std::tuple{1, 1, 76.0}, {8, 1, 76.0}, {64, 8, 62.0}}) {
    plan.gpu_count = gpus;
    const TrainingCore core = training_core(plan, test_model(), test_data());
    CHECK(core.start_machines == machines);
    CHECK(core.start_s_per_run == Approx(start_s));
    CHECK(core.gpu_hours_per_run == Approx(0.367090 + gpus * start_s / 3600.0).epsilon(1e-5));
    CHECK(core.wall_clock_hours_per_run == Approx(0.367090 / gpus + start_s / 3600.0).epsilon(1e-5));
  }
}

TEST_CASE("a recipe that checkpoints every layer recomputes it even when memory would hold it", "[training]") {
  // 8B LoRA on one 80 GB GPU keeps every layer's activations; with min_recompute_share = 1 the memory
  // plan recomputes all of them: one more forward, 2 × 8e9 + 4 × ½ × 32 × 4096 × 1,000 = 16.262144e9 FLOPs.
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  TrainingShape shape = shape_for(test_model(), plan);
  const TrainingMemory kept = training_memory(shape, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(kept.recompute_share == 0);
  shape.min_recompute_share = 1;
  const TrainingMemory checkpointed = training_memory(shape, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(checkpointed.recompute_share == 1);
  CHECK(checkpointed.activations_gb < kept.activations_gb);
  const TrainingFlops flops = training_flops(shape);
  CHECK(flops.forward == Approx(16.262144e9));
  const auto speed = training_throughput(shape, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(speed.time.matmul_s == Approx((flops.total() + flops.forward) / (1000e12 * 0.5)));
}

TEST_CASE("a recomputed forward is charged training.recompute_cost of a first one, and HFU counts it whole",
          "[training]") {
  // The same checkpointed 8B LoRA as above at recompute cost 0.55: matmuls (total + 0.55 × 16.262144e9)
  // / (1000e12 × 0.5); the activation traffic's recomputed third likewise × 0.55.
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  TrainingShape shape = shape_for(test_model(), plan);
  shape.min_recompute_share = 1;
  TrainingAssumptions cheap = plan.assumptions;
  cheap.recompute_cost = 0.55;
  const TrainingFlops flops = training_flops(shape);
  const auto full_price = training_throughput(shape, plan.gpu, Precision::bf16, 1, plan.assumptions);
  const auto measured = training_throughput(shape, plan.gpu, Precision::bf16, 1, cheap);
  CHECK(measured.time.matmul_s == Approx((flops.total() + 0.55 * flops.forward) / (1000e12 * 0.5)));
  // Activations: 140 × 4096 × 32 × (1 + 0.55 / 3) + 16 × 128,256 bytes at 2e12 B/s.
  CHECK(measured.time.activation_s == Approx((140.0 * 4096 * 32 * (1 + 0.55 / 3) + 16.0 * 128256) / 2e12));
  CHECK(measured.tokens_per_s_per_gpu > full_price.tokens_per_s_per_gpu);
  // Hardware FLOPs: every recomputed FLOP is executed, whatever it costs in time.
  CHECK(measured.hfu == Approx(measured.tokens_per_s_per_gpu * (flops.total() + flops.forward) / 1000e12));
}

TEST_CASE("a recipe's micro-batch is the most sequences a pass holds: per-pass costs spread over it", "[training]") {
  // QLoRA on the 80 GB test GPU holds 8 sequences of 1,000 tokens (the cap); a recipe at batch 1
  // dequantises the whole base for every sequence: 7,474,663,424 × 4.5625 bytes × 2 passes / 2e12
  // / 1,000 tokens = 34.103 µs per token, eight times the 4.263 µs at batch 8.
  TrainingPlan plan = test_plan(TrainingMethod::qlora);
  plan.mfu_from_user = false;
  plan.assumptions.mfu = 0.5;
  plan.assumptions.dequant_bytes_per_param = 4.5625;
  plan.assumptions.max_micro_batch = 8;
  const TrainingShape free_batch = shape_for(test_model(), plan);
  const auto eight = training_throughput(free_batch, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(eight.micro_batch == 8);
  CHECK(eight.time.dequant_s * 1e6 == Approx(4.262893984));
  plan.micro_batch = 1;
  const TrainingShape batch_one = shape_for(test_model(), plan);
  const auto one = training_throughput(batch_one, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(one.micro_batch == 1);
  CHECK(one.time.dequant_s * 1e6 == Approx(34.103151872));
  // A stated batch larger than memory holds runs at what fits (here the cap of the memory, 8+).
  plan.micro_batch = 1000;
  const auto big = training_throughput(shape_for(test_model(), plan), plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(big.micro_batch < 1000);
  CHECK(big.micro_batch >= 8);
}

TEST_CASE("prompt tuning's virtual tokens take activation memory, as they take FLOPs", "[training]") {
  // 1,000 tokens + 20 virtual ones through every layer: 1,020 × 4096 × 34 × 32 = 4.545577 GB kept,
  // plus fp32 logits and their gradient 1,020 × 128,256 × 8 = 1.046569 GB; LoRA's sequence is 1,000.
  TrainingPlan plan = test_plan(TrainingMethod::prompt_tuning);
  plan.prompt_virtual_tokens = 20;
  const TrainingShape prompt = shape_for(test_model(), plan);
  const TrainingMemory memory = training_memory(prompt, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(memory.recompute_share == 0);
  CHECK(memory.activations_gb == Approx(4.545577 + 1.046569));
  const TrainingShape lora = shape_for(test_model(), test_plan(TrainingMethod::lora));
  CHECK(training_memory(lora, plan.gpu, Precision::bf16, 1, plan.assumptions).activations_gb == Approx(5.482496));
}

TEST_CASE("a chunked loss holds and moves bf16 logits: half the fp32 bytes", "[training]") {
  // LoRA on the 80 GB test GPU, 1,000 tokens: all activations kept, 1,000 × 4096 × 34 × 32 =
  // 4.456448 GB, plus the logits and their gradient: 1,000 × 128,256 × 8 = 1.026048 GB in fp32,
  // × 4 = 0.513024 GB in bf16.
  TrainingPlan plan = test_plan(TrainingMethod::lora);
  plan.mfu_from_user = false;
  const TrainingShape fp32 = shape_for(test_model(), plan);
  plan.chunked_loss = true;
  const TrainingShape chunked = shape_for(test_model(), plan);
  CHECK(chunked.chunked_loss);
  const TrainingMemory whole = training_memory(fp32, plan.gpu, Precision::bf16, 1, plan.assumptions);
  const TrainingMemory chunks = training_memory(chunked, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(whole.logits_gb == Approx(1.026048));
  CHECK(chunks.logits_gb == Approx(0.513024));
  CHECK(whole.activations_gb == Approx(4.456448 + 1.026048));
  CHECK(chunks.activations_gb == Approx(4.456448 + 0.513024));
  // The loss's memory traffic: four passes over the vocabulary (logits written and read, their
  // gradient written and read), 4 × 4 × 128,256 bytes in fp32 and 4 × 2 × 128,256 in bf16, at
  // 2,000 GB/s: 1.026048 µs against 0.513024 µs per token; the layers' 140 × 4096 × 32 bytes are
  // 9.175040 µs either way.
  const auto slow = training_throughput(fp32, plan.gpu, Precision::bf16, 1, plan.assumptions);
  const auto fast = training_throughput(chunked, plan.gpu, Precision::bf16, 1, plan.assumptions);
  CHECK(slow.time.activation_s * 1e6 == Approx(9.175040 + 1.026048));
  CHECK(fast.time.activation_s * 1e6 == Approx(9.175040 + 0.513024));
}

TEST_CASE("packed, document-masked examples attend within themselves: attention over the span", "[training]") {
  // 1,000-token sequences of packed 250-token examples: causal attention 12 × ½ × 32 × 4096 × 250 =
  // 0.196608e9 per token instead of 0.786432e9; the dense FLOPs (6 × 8e9) and memory do not change.
  TrainingPlan plan = test_plan(TrainingMethod::full);
  const TrainingShape whole = shape_for(test_model(), plan);
  plan.attention_span = 250;
  const TrainingShape packed = shape_for(test_model(), plan);
  CHECK(training_flops(whole).attention == Approx(0.786432e9));
  CHECK(training_flops(packed).attention == Approx(0.196608e9));
  CHECK(training_flops(packed).dense == Approx(48e9));
  // One forward pass (what recomputation repeats) carries a third of it.
  CHECK(training_flops(packed).forward == Approx(16e9 + 0.196608e9 / 3));
  CHECK(training_memory(packed, plan.gpu, Precision::bf16, 1, plan.assumptions).activations_gb ==
        Approx(training_memory(whole, plan.gpu, Precision::bf16, 1, plan.assumptions).activations_gb));
  // A span longer than the sequence is the sequence.
  plan.attention_span = 4000;
  CHECK(training_flops(shape_for(test_model(), plan)).attention == Approx(0.786432e9));
}

TEST_CASE("FlashAttention-2 where it is not the fused kernel: attention at that share of its rate", "[training]") {
  // Full fine-tune of the test model on 8 GPUs, 1,000 tokens, nothing recomputed: attention 12 × ½ × 32 × 4096 ×
  // 1000 = 0.786432e9 FLOP per token, at the matmul rate 1000 TFLOP/s × 0.5 = 5e14 FLOP/s in 1.572864 µs
  // with the fused kernel. FlashAttention-2 at 0.57 of that rate takes 1.572864 / 0.57 µs: 1.186546 µs
  // more (× (1 / 0.57 − 1)); nothing else moves.
  TrainingPlan plan = test_plan(TrainingMethod::full);
  plan.assumptions.flash_attention_2_rate = 0.57;
  const TrainingShape fused = shape_for(test_model(), plan);
  plan.attention_kernel = AttentionKernel::flash_attention_2;
  const TrainingShape flash2 = shape_for(test_model(), plan);
  const auto fused_speed = training_throughput(fused, plan.gpu, Precision::bf16, 8, plan.assumptions);
  const auto flash2_speed = training_throughput(flash2, plan.gpu, Precision::bf16, 8, plan.assumptions);
  REQUIRE(fused_speed.memory.recompute_share == 0);
  REQUIRE(flash2_speed.memory.recompute_share == 0);
  CHECK(fused_speed.time.flash_attention_2_s == 0);
  CHECK(flash2_speed.time.flash_attention_2_s * 1e6 == Approx(1.186546).epsilon(1e-6));
  CHECK(flash2_speed.time.total() - fused_speed.time.total() == Approx(flash2_speed.time.flash_attention_2_s));
  CHECK(flash2_speed.time.matmul_s == Approx(fused_speed.time.matmul_s));
  // Where FlashAttention-2 is the fused kernel (rate 1: Ampere, Ada), the kernel changes nothing.
  plan.assumptions.flash_attention_2_rate = 1;
  CHECK(training_throughput(flash2, plan.gpu, Precision::bf16, 8, plan.assumptions).time.flash_attention_2_s == 0);
}

TEST_CASE("LoRA's q and o adapters span the attention width where it is not the hidden size", "[training][lora]") {
  // Qwen3-235B-A22B: hidden 4096, 64 heads of 128 = an attention width of 8192, 94 layers. q (d → w)
  // and o (w → d) take rank × 2·(d + w) each layer, not rank × 4·d: at rank 16 that is
  // 16 × 94 × 2 × (8192 − 4096) = 12,320,768 more than a model whose width were its hidden size.
  const ModelSpec& qwen = *shipped_catalog().find_model("qwen3-235b-a22b");
  REQUIRE(qwen.attention_dim() == 8192);
  REQUIRE(qwen.hidden_size == 4096);
  ModelSpec narrow = qwen;
  narrow.attention_heads = 32;  // 32 × 128 = 4096, the hidden size
  CHECK(lora_adapter_params(qwen, 16, 1) - lora_adapter_params(narrow, 16, 1) == Approx(12320768));
  CHECK(lora_active_adapter_params(qwen, 16, 1) - lora_active_adapter_params(narrow, 16, 1) == Approx(12320768));
}
