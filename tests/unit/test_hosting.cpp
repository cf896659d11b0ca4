#include <catch2/catch.hpp>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/util/error.hpp"

using namespace ftcost;

namespace {

// A 7B Llama-2-shaped model: 32 layers, hidden 4096, full multi-head attention (kv_dim 4096).
ModelSpec test_model() {
  ModelSpec m;
  m.id = "test-7b";
  m.params = 7e9;
  m.layers = 32;
  m.hidden_size = 4096;
  m.attention_heads = 32;
  m.kv_heads = 32;
  m.head_dim = 128;
  return m;
}

GpuSpec test_gpu() {
  GpuSpec g;
  g.id = "test-gpu";
  g.memory_gb = 80e9 / 1073741824.0;  // 80 decimal GB, the unit of the values below (catalog GB are GiB)
  g.memory_bandwidth_gb_s = 2000;
  g.peak_dense_tflops[Precision::fp16] = 300;
  return g;
}

// Every assumption set (the struct has no defaults of their own: the catalog is their source).
ServingAssumptions test_assumptions() {
  ServingAssumptions a;
  a.bandwidth_efficiency = 0.8;
  a.compute_efficiency = 0.5;
  a.tensor_parallel_efficiency = 0.9;
  a.step_overhead_ms = 0;
  a.layer_overhead_ms = 0;
  a.adapter_efficiency = 1;
  a.memory_usable_share = 0.9;
  a.memory_reserved_gb = 2;
  a.max_batch = 256;
  a.cold_start_fixed_s = 60;
  a.cold_start_load_gb_s = 1;
  a.min_billed_s = 300;
  a.gpus_per_node = 8;
  a.network_gb_s_per_gpu = 50;
  a.cross_node_allreduce_latency_us = 20;
  return a;
}

HostingPlan test_plan() {
  HostingPlan plan;
  plan.queries_per_month = 10e6;
  plan.input_tokens = 500;
  plan.output_tokens = 200;
  plan.peak_factor = 3;
  plan.gpu = test_gpu();
  plan.gpu_hour = {2.0, {}};
  plan.precision = Precision::fp16;
  plan.min_replicas = 1;
  plan.adapters = 1;
  plan.target_utilization = 0.7;
  plan.monitoring_per_month = {500, {}};
  plan.ops_fte = 0.5;
  plan.ops_rate = {100, {}};
  plan.assumptions = test_assumptions();
  return plan;
}

}  // namespace

TEST_CASE("serving roofline: memory, batch, decode and prefill", "[hosting]") {
  const ServingShape shape = serving_shape_for(test_model(), Precision::fp16, 500, 200);
  const ServingPerformance perf = serving_performance(shape, test_gpu(), 1, test_assumptions());
  // Weights: 7e9 × 2 bytes = 14 GB. KV per token: 2 × 32 layers × 4096 × 2 bytes = 524,288 bytes.
  CHECK(perf.weights_gb == Approx(14));
  CHECK(perf.kv_bytes_per_token == Approx(524288));
  // Usable 80 × 0.9 − 2 = 70 GB; KV room (70 − 14) GB / 524,288 = 106,811.5 tokens; each sequence
  // holds on average its prompt and half its answer, 500 + 200/2 = 600 tokens → 178 sequences
  CHECK(perf.max_concurrency == 178);
  CHECK(perf.batch == 178);
  // Decode step at batch 178, mean context 600 tokens:
  //   weights: max(14e9 / (2000e9 × 0.8) = 8.75 ms, 178 × 2 × 7e9 / (300e12 × 0.5) = 16.6133 ms) → compute-bound
  //   KV cache: 178 × 600 × 524,288 / 1.6e12 = 34.99622 ms (attention FLOPs 178 × 4 × 32 × 4096 × 600
  //   / 1.5e14 = 0.373 ms are less) → step 51.60956 ms
  CHECK(perf.step_weights_ms == Approx(16.613333).epsilon(1e-6));
  CHECK(perf.step_kv_ms == Approx(34.996224).epsilon(1e-6));
  CHECK(perf.decode_step_ms == Approx(51.609557).epsilon(1e-6));
  CHECK(perf.decode_compute_bound);
  // Prefill: 500 × (14e9 + 4 × 32 × 4096 × 250) = 7.065536e12 FLOP / 1.5e14 = 47.1036 ms
  CHECK(perf.prefill_ms == Approx(47.10357).epsilon(1e-6));
  // Per request: 0.04710357 + 200 × 0.051609557 / 178 = 0.10509223 s → 9.515487 requests/s
  CHECK(perf.requests_per_s == Approx(9.515487).epsilon(1e-5));
  CHECK(perf.output_tokens_per_s == Approx(1903.097).epsilon(1e-5));
}

TEST_CASE("a decode step pays its engine's overhead once and a floor per layer", "[hosting]") {
  // The roofline case above with 2 ms per step and 0.13 ms per layer: 51.609557 + 2 + 32 × 0.13 =
  // 57.769557 ms. Batch 1 (bandwidth-bound): 14e9 / 1.6e12 = 8.75 ms of weights + 600 × 524,288 /
  // 1.6e12 = 0.196608 ms of KV + 6.16 ms = 15.106608 ms a token.
  ServingAssumptions a = test_assumptions();
  a.step_overhead_ms = 2;
  a.layer_overhead_ms = 0.13;
  const ServingShape shape = serving_shape_for(test_model(), Precision::fp16, 500, 200);
  CHECK(serving_performance(shape, test_gpu(), 1, a).decode_step_ms == Approx(57.769557).epsilon(1e-6));
  CHECK(serving_performance(shape, test_gpu(), 1, a, std::nullopt, 1.0).decode_step_ms ==
        Approx(15.106608).epsilon(1e-6));
  // A deeper model of the same size pays the floor for each layer: 64 layers, 8.32 ms.
  ModelSpec deep = test_model();
  deep.layers = 64;
  deep.hidden_size = 2896;
  const ServingPerformance deeper =
      serving_performance(serving_shape_for(deep, Precision::fp16, 500, 200), test_gpu(), 1, a, std::nullopt, 1.0);
  CHECK(deeper.decode_step_ms - deeper.step_weights_ms - deeper.step_kv_ms == Approx(2 + 64 * 0.13).epsilon(1e-9));
}

TEST_CASE("the per-layer floor follows the weight matrices a layer multiplies", "[hosting]") {
  // Dense: qkv, output, gate-up, down = 4 a layer, the unit: 32 layers are 32.
  ServingShape dense;
  dense.layers = 32;
  CHECK(layer_matrices(dense).dense_layer_equivalents == 32);
  // Mixtral-like: 32 layers of attention (2) and routed experts (router, gate-up, down = 3): 32 × 5 / 4 = 40.
  ServingShape mixtral = dense;
  mixtral.experts = 8;
  mixtral.experts_per_token = 2;
  mixtral.moe_layers = 32;
  CHECK(layer_matrices(mixtral).dense_layer_equivalents == 40);
  // DeepSeek-V3-like: 61 layers of latent attention (6), 3 dense MLPs (2), 58 MoE MLPs with shared
  // experts (3 + 2): (61 × 6 + 3 × 2 + 58 × 5) / 4 = 662 / 4 = 165.5.
  ServingShape deepseek;
  deepseek.layers = 61;
  deepseek.latent_kv = true;
  deepseek.latent_query = true;
  deepseek.experts = 256;
  deepseek.experts_per_token = 8;
  deepseek.moe_layers = 58;
  deepseek.shared_experts = true;
  CHECK(layer_matrices(deepseek).dense_layer_equivalents == 165.5);
  // DeepSeek-V2-Lite projects its query directly (config.json q_lora_rank null): 5 attention
  // matrices, not 6. 27 layers, 1 dense MLP, 26 MoE MLPs with shared experts:
  // (27 × 5 + 1 × 2 + 26 × 5) / 4 = 267 / 4 = 66.75.
  const ServingShape lite =
      serving_shape_for(*shipped_catalog().find_model("deepseek-v2-lite"), Precision::bf16, 500, 200);
  CHECK(lite.latent_kv);
  CHECK_FALSE(lite.latent_query);
  CHECK(layer_matrices(lite).attention == 5);
  CHECK(layer_matrices(lite).moe_layers == 26);
  CHECK(layer_matrices(lite).dense_layer_equivalents == 66.75);
  // The step pays the floor for each: 0.13 ms × 165.5 = 21.515 ms beside 0.13 × 61 = 7.93 for a
  // dense stack of the same depth.
  ServingAssumptions a = test_assumptions();
  a.step_overhead_ms = 0;
  a.layer_overhead_ms = 0.13;
  ModelSpec model = test_model();
  model.layers = 61;
  model.active_params = model.params / 4;
  model.experts = 256;
  model.experts_per_token = 8;
  model.moe_layers = 58;
  model.kv_cache_dim = 576;
  model.shared_expert_intermediate_size = 2048;
  const ServingShape shape = serving_shape_for(model, Precision::fp16, 500, 200);
  CHECK(shape.shared_experts);
  CHECK(shape.latent_kv);
  CHECK(shape.latent_query);  // a latent model compresses its query unless it says otherwise
  const ServingPerformance perf = serving_performance(shape, test_gpu(), 1, a, std::nullopt, 1.0);
  CHECK(perf.overhead_layers == 165.5);
  CHECK(perf.decode_step_ms - perf.step_weights_ms - perf.step_kv_ms - perf.step_allreduce_ms ==
        Approx(21.515).epsilon(1e-9));
}

TEST_CASE("decode neither multiplies nor streams an untied input embedding", "[hosting]") {
  // The same 7B with a 32,000-word untied vocabulary: 32,000 × 4,096 = 131,072,000 parameters
  // looked up. Memory still holds them (14 GB of weights); a step reads the other 13.737856 GB.
  ModelSpec model = test_model();
  model.vocab_size = 32000;
  const ServingShape shape = serving_shape_for(model, Precision::fp16, 500, 200);
  CHECK(shape.lookup_params == Approx(131072000));
  const ServingPerformance perf = serving_performance(shape, test_gpu(), 1, test_assumptions(), std::nullopt, 8.0);
  CHECK(perf.weights_gb == Approx(14));
  // Batch 8: max(13.737856e9 / 1.6e12 = 8.58616 ms, 8 × 2 × 6.868928e9 / 1.5e14 = 0.7327 ms)
  CHECK(perf.step_weights_ms == Approx(8.58616).epsilon(1e-6));
  CHECK_FALSE(perf.decode_compute_bound);
  // Tied, the output layer is that matrix: every parameter multiplied and streamed (14e9 / 1.6e12).
  model.tied_embeddings = true;
  const ServingPerformance tied = serving_performance(serving_shape_for(model, Precision::fp16, 500, 200), test_gpu(),
                                                      1, test_assumptions(), std::nullopt, 8.0);
  CHECK(tied.step_weights_ms == Approx(8.75).epsilon(1e-6));
}

TEST_CASE("a latency target shrinks the batch", "[hosting]") {
  const ServingShape shape = serving_shape_for(test_model(), Precision::fp16, 500, 200);
  // 20 ms per output token, each sequence's: the decode step, bandwidth-bound at small batches,
  // (14e9 + B × 600 × 524,288) / 1.6e12 = 8.75 + 0.196608·B ms, plus the prefills of the B − 1
  // requests that replace the others while it answers its 200 tokens, each 500 × (2 × 7e9 + 4 × 32 ×
  // 4096 × 250) / 1.5e14 = 47.10357 ms: 8.75 + 0.196608·B + (B − 1) × 0.2355179 ≤ 20 → B ≤ 26.58 →
  // 26. (The decode step alone would allow 57.)
  const ServingPerformance perf = serving_performance(shape, test_gpu(), 1, test_assumptions(), 20.0);
  CHECK(perf.batch == 26);
  CHECK(perf.prefill_work_ms == Approx(47.10357).epsilon(1e-6));
  CHECK(perf.ms_per_output_token == Approx(8.75 + 0.196608 * 26 + 25 * 47.10357 / 200).epsilon(1e-6));
  CHECK(perf.ms_per_output_token <= 20.0);
  // The replica's throughput adds each request's own prefill: 26 sequences' tokens over
  // 200 × step + 26 × prefill.
  CHECK(perf.output_tokens_per_s ==
        Approx(26 * 200 / ((200 * perf.decode_step_ms + 26 * perf.prefill_work_ms) / 1000)).epsilon(1e-9));
}

TEST_CASE("hosting cost: replicas for the peak hour, monitoring and staff", "[hosting]") {
  const HostingResult result = estimate_hosting(test_plan(), test_model());
  // One replica carries 9.515487 req/s × 0.7 × 2,628,000 s = 17.504689M queries/month at full load;
  // provisioned for a 3× peak: 5.834896M queries/month of average traffic.
  CHECK(result.curve.queries_per_replica_month == Approx(5.834896e6).epsilon(1e-5));
  // 10M queries → ceil(10 / 5.834896) = 2 replicas × 1 GPU × 730 h × $2 = $2,920
  CHECK(result.replicas == 2);
  // Monitoring $500 + 0.5 FTE × 173.333 h × $100 = $8,666.67; total $2,920 + $500 + $8,666.67
  CHECK(result.model.monthly() == Approx(2920 + 500 + 8666.6667).epsilon(1e-6));
  CHECK(result.curve.monthly(10e6) == Approx(result.model.monthly()));
}

TEST_CASE("autoscaling pays for the average load, never below the minimum", "[hosting]") {
  HostingPlan plan = test_plan();
  plan.autoscaling = true;
  plan.min_replicas = 1;
  const HostingResult result = estimate_hosting(plan, test_model());
  // Average load only: 10M / 17.504689M = 0.5713 → the minimum of 1 replica
  CHECK(result.replicas == 1);
  CHECK(result.curve.replicas(40e6) == Approx(40e6 / 17.504689e6).epsilon(1e-5));
}

TEST_CASE("an unreachable latency target is an input error with the best achievable", "[hosting]") {
  HostingPlan plan = test_plan();
  // One request: (14e9 weights + 600 × 524,288 KV bytes) / 1.6e12 = 8.946 ms per step
  plan.max_ms_per_output_token = 5;
  try {
    estimate_hosting(plan, test_model());
    FAIL("expected an InputError");
  } catch (const InputError& error) {
    CHECK(error.field() == "hosting.max_ms_per_output_token");
    CHECK_THAT(error.problem(), Catch::Contains("8.9 ms"));
  }
}

TEST_CASE("tensor-parallel all-reduces: ring latency per hop plus bytes over the GPU's link", "[hosting]") {
  const ServingShape shape = serving_shape_for(test_model(), Precision::fp16, 128, 128);
  GpuSpec pcie = test_gpu();
  pcie.interconnect_kind = "pcie4";
  pcie.interconnect_gb_s = 64;  // both directions: 32 GB/s each way
  ServingAssumptions a = test_assumptions();
  a.allreduce_base_latency_us = 3.6;
  a.allreduce_hop_latency_us = 1.0;
  // One GPU: nothing to reduce.
  CHECK(serving_performance(shape, pcie, 1, a, std::nullopt, 1.0).step_allreduce_ms == 0);
  // Four GPUs, one sequence: 32 layers × 2 all-reduces × (3.6 µs + 2·3 hops × 1.0 µs + 2·3/4 × 1 × 4096
  // × 2 bytes / 32e9 B/s = 0.384 µs) = 64 × 9.984 µs = 0.638976 ms per decode step.
  const ServingPerformance four = serving_performance(shape, pcie, 4, a, std::nullopt, 1.0);
  CHECK(four.allreduce_link_gb_s == 32);
  CHECK(four.step_allreduce_ms == Approx(0.638976).epsilon(1e-9));
  // Batch 64: the bytes grow with the batch, 64 × 0.384 µs = 24.576 µs per all-reduce
  // → 64 × (9.6 + 24.576) µs = 2.187264 ms.
  CHECK(serving_performance(shape, pcie, 4, a, std::nullopt, 64.0).step_allreduce_ms == Approx(2.187264).epsilon(1e-9));
  // The decode step carries them on top of weights, KV cache and the fixed overhead.
  CHECK(four.decode_step_ms ==
        Approx(four.step_weights_ms + four.step_kv_ms + four.step_allreduce_ms + a.step_overhead_ms).epsilon(1e-9));
}

TEST_CASE("tensor parallelism wider than the KV heads stores each head on several GPUs", "[hosting]") {
  // The test 7B with grouped-query attention: 4 KV heads of 128 (kv_dim 512). KV per token
  // 2 × 32 × 512 × 2 bytes = 65,536. On 2 GPUs each holds 2 heads: one copy. On 8 GPUs each holds
  // one whole head, so every head is stored twice: 131,072 bytes per token across the replica.
  ModelSpec gqa = test_model();
  gqa.kv_heads = 4;
  const ServingShape shape = serving_shape_for(gqa, Precision::fp16, 500, 200);
  const ServingPerformance two = serving_performance(shape, test_gpu(), 2, test_assumptions());
  CHECK(two.kv_copies == 1);
  CHECK(two.kv_bytes_per_token == Approx(65536));
  const ServingPerformance eight = serving_performance(shape, test_gpu(), 8, test_assumptions());
  CHECK(eight.kv_copies == 2);
  CHECK(eight.kv_bytes_per_token == Approx(131072));
  // KV room: 8 × 70 GB − 14 GB = 546 GB / 131,072 = 4,165,649 tokens (not twice that).
  CHECK(eight.kv_capacity_tokens == Approx(546e9 / 131072));
  // An MLA latent (one vector of 576 values per token and layer) is held whole by every GPU.
  ModelSpec mla = test_model();
  mla.kv_cache_dim = 576;
  const ServingShape latent = serving_shape_for(mla, Precision::fp16, 500, 200);
  const ServingPerformance four = serving_performance(latent, test_gpu(), 4, test_assumptions());
  CHECK(four.kv_copies == 4);
  CHECK(four.kv_bytes_per_token == Approx(4 * 32 * 576 * 2));
}
