// Formulas of the refined training and serving models against hand-worked values.
#include <catch2/catch.hpp>

#include <limits>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/hosting.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/scenario/assumptions.hpp"

using namespace ftcost;

namespace {

// `memory_gb` in decimal GB, the unit of the expected values below (the catalog's GB are GiB).
GpuSpec test_gpu(double memory_gb) {
  GpuSpec gpu;
  gpu.id = "test";
  gpu.architecture = "test";
  gpu.memory_gb = memory_gb * 1e9 / 1073741824.0;
  gpu.memory_bandwidth_gb_s = 1000;
  gpu.peak_dense_tflops = {{Precision::bf16, 100}, {Precision::fp16, 100}, {Precision::fp8, 200}};
  gpu.interconnect_kind = "nvlink4";
  return gpu;
}

// Every assumption set here (the structs have no defaults of their own: the catalog is their source),
// to neutral values so each case below shows one effect.
TrainingAssumptions plain_training() {
  TrainingAssumptions a;
  a.mfu = 0.5;
  a.multi_node_efficiency = 1;
  a.run_goodput = 1;
  a.gpus_per_node = 8;
  a.memory_usable_share = 1.0;
  a.memory_reserved_gb = 0;
  a.optimizer_bytes_per_param = 12;
  a.gradient_bytes_per_param = 2;
  a.qlora_bytes_per_param = 0.5625;
  a.max_gpus = 1024;
  // Only the matmuls take time here, so utilisation reads as the matmul efficiency.
  a.activation_traffic_bytes = 0;
  a.adapter_traffic_bytes = 0;
  a.optimizer_step_bytes = 0;
  a.dequant_bytes_per_param = 0;
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
  return a;
}

TrainingShape small_shape() {
  TrainingShape s;
  s.params = 1e9;
  s.active_params = 1e9;
  s.layers = 2;
  s.hidden_size = 100;
  s.seq_len = 10;
  s.method = TrainingMethod::full;
  s.lora_target_share = 1;  // adapters, when a case uses LoRA, on every linear layer
  return s;
}

ServingAssumptions plain_serving() {
  ServingAssumptions a;
  a.bandwidth_efficiency = 1;
  a.compute_efficiency = 1;
  a.tensor_parallel_efficiency = 0.9;
  a.allreduce_base_latency_us = 0;  // all-reduces cost nothing here: each case shows one effect
  a.allreduce_hop_latency_us = 0;
  a.step_overhead_ms = 0;
  a.layer_overhead_ms = 0;
  a.adapter_efficiency = 1;
  a.memory_usable_share = 1;
  a.memory_reserved_gb = 0;
  a.max_batch = 256;
  a.cold_start_fixed_s = 60;
  a.cold_start_load_gb_s = 1;
  a.min_billed_s = 300;
  a.gpus_per_node = 8;
  a.network_gb_s_per_gpu = 50;
  a.cross_node_allreduce_latency_us = 20;
  return a;
}

ServingShape serving_shape() {
  ServingShape s;
  s.params = 1e9;
  s.active_params = 1e9;
  s.layers = 10;
  s.hidden_size = 1000;
  s.kv_dim = 1000;
  s.weights = Precision::fp16;
  s.input_tokens = 100;
  s.output_tokens = 100;
  return s;
}

// 4e9 parameters, 1e9 active, 8 experts with one per token: expert e = (4e9 − 1e9) / (8 − 1) =
// 0.428571e9, shared = 1e9 − 1 × e = 0.571429e9.
ServingShape moe_serving_shape() {
  ServingShape s = serving_shape();
  s.params = 4e9;
  s.active_params = 1e9;
  s.experts = 8;
  s.experts_per_token = 1;
  return s;
}

}  // namespace

TEST_CASE("training FLOPs: 6N dense + 12·½·L·d·T causal attention — forward pass 2N + 2·L·d·T") {
  const TrainingFlops f = training_flops(small_shape());
  CHECK(f.dense == Approx(6e9));           // 6 × 1e9
  CHECK(f.attention == Approx(12000));     // 12 × ½ (causal) × 2 × 100 × 10
  CHECK(f.forward == Approx(2e9 + 4000));  // 2 × 1e9 + 12000 / 3
}

TEST_CASE("LoRA: frozen base costs 4N, adapters r·(9d + 2kv + 3ff)·L cost 6 each") {
  TrainingShape s = small_shape();
  s.method = TrainingMethod::lora;
  s.lora_rank = 2;
  // kv_dim 0 → hidden 100, intermediate 0 → 4 × 100: 2 × (900 + 200 + 1200) × 2 layers = 9200
  CHECK(trainable_params(s) == Approx(9200));
  CHECK(training_flops(s).dense == Approx(4e9 + 6 * 9200));
}

TEST_CASE("training throughput = peak × MFU / FLOPs per token — nodes cost a factor per doubling") {
  const GpuSpec gpu = test_gpu(1000);
  TrainingAssumptions a = plain_training();
  const TrainingThroughput one = training_throughput(small_shape(), gpu, Precision::bf16, 1, a);
  CHECK(one.mfu == Approx(0.5));
  CHECK(one.tokens_per_s_per_gpu == Approx(100e12 * 0.5 / 6.000024e9));  // ≈ 8333.3
  a.multi_node_efficiency = 0.9;
  a.gpus_per_node = 8;
  const TrainingThroughput two_nodes = training_throughput(small_shape(), gpu, Precision::bf16, 16, a);
  CHECK(two_nodes.mfu == Approx(0.45));  // 0.5 × 0.9^log2(2 nodes)
  // fp8 runs against the fp8 peak: twice the throughput at the same utilisation.
  CHECK(training_throughput(small_shape(), gpu, Precision::fp8, 1, a).tokens_per_s_per_gpu ==
        Approx(2 * one.tokens_per_s_per_gpu));
}

TEST_CASE("activation recomputation: MFU counts model FLOPs only, HFU the recomputed forward too") {
  TrainingShape s = small_shape();
  s.layers = 10;
  s.hidden_size = 1000;
  s.seq_len = 100000;
  // states 16 GB on a 40 GB GPU leave 24 GB. All activations: 1e5 × 1000 × 34 × 10 = 34 GB;
  // fully checkpointed: 1e5 × 1000 × (2 × 10 + 34) = 5.4 GB → recompute (34 − 24) / (34 − 5.4) = 0.34965.
  const TrainingAssumptions a = plain_training();
  const TrainingMemory m = training_memory(s, test_gpu(40), Precision::bf16, 1, a);
  CHECK(m.weights_gb == Approx(16));
  CHECK(m.recompute_share == Approx(10.0 / 28.6));
  CHECK(m.fits());
  // F = 6e9 + 12 × ½ × 10 × 1000 × 1e5 = 1.2e10 (causal); forward = 2e9 + 2e9 = 4e9.
  const TrainingThroughput t = training_throughput(s, test_gpu(40), Precision::bf16, 1, a);
  const double efficiency = 1.2e10 / (1.2e10 + 10.0 / 28.6 * 4e9);  // 0.89562
  CHECK(t.mfu == Approx(0.5 * efficiency));
  CHECK(t.hfu == Approx(0.5));
}

TEST_CASE("activations shard over a node's GPUs when their all-reduces cost less than recomputation") {
  TrainingShape s = small_shape();
  s.layers = 10;
  s.hidden_size = 1000;
  s.seq_len = 100000;
  TrainingAssumptions a = plain_training();
  GpuSpec gpu = test_gpu(40);
  // 2 GPUs: states 8 GB each, 32 GB free. Unsharded, 34 GB of activations need recomputing
  // (34 − 32) / 28.6 = 0.06993 of the layers: efficiency 1.2e10 / (1.2e10 + 0.06993 × 4e9) = 0.97722.
  // Sharded over 2, 17 GB fit with no recomputation; each token's activations cross the link in
  // 4 all-reduces × 10 layers × 2 × (2 − 1) × 1000 hidden × 2 bytes = 160 kB. The model's matmuls take
  // 1.2e10 / (100 TFLOP/s × 0.5) = 240 µs per token.
  gpu.interconnect_gb_s = 900;  // NVLink: 450 GB/s one way, 0.356 µs per token
  const TrainingMemory sharded = training_memory(s, gpu, Precision::bf16, 2, a);
  CHECK(sharded.activation_shards == 2);
  CHECK(sharded.recompute_share == 0);
  CHECK(sharded.efficiency == Approx(240e-6 / (240e-6 + 160e3 / 450e9)));
  const TrainingThroughput t = training_throughput(s, gpu, Precision::bf16, 2, a);
  CHECK(t.time.activation_comm_s == Approx(160e3 / 450e9));
  CHECK(t.scale_factor == 1);  // no per-doubling factor: the link time is the cost

  gpu.interconnect_kind = "pcie4";  // no NVLink: the host's PCIe link, here a slow 5 GB/s (32 µs)
  a.host_link_gb_s = 5;
  const TrainingMemory recomputed = training_memory(s, gpu, Precision::bf16, 2, a);
  CHECK(recomputed.activation_shards == 1);
  CHECK(recomputed.recompute_share == Approx(2.0 / 28.6));
  CHECK(recomputed.efficiency == Approx(1.2e10 / (1.2e10 + 2.0 / 28.6 * 4e9)));
  CHECK(activation_comm_s(s, gpu, a, 2) == Approx(160e3 / 5e9));
  CHECK(activation_comm_s(s, gpu, a, 1) == 0);
  // Every layer recomputed at half the price: (4 + 2 × 0.5) / 4 of the all-reduce bytes.
  CHECK(activation_comm_s(s, gpu, a, 2, 0.5) == Approx(160e3 * 5.0 / 4.0 / 5e9));
}

TEST_CASE("a layout the memory planner finds fits, and `auto` takes the count whose layout the run uses") {
  // Checkpointing just enough layers fills the free memory exactly; the sum of states, activations
  // and reserve may then round a few ulps past the capacity, which read as not fitting: "needs
  // 15.5 GB per GPU ... each GPU offers 15.5 GB" (llama-3.2-1b, full, seq 8192 on T4s in fp16).
  TrainingShape s = small_shape();
  s.layers = 10;
  s.hidden_size = 1000;
  s.vocab_size = 1000;
  TrainingAssumptions a = plain_training();
  a.memory_usable_share = 0.9;
  a.memory_reserved_gb = 2;
  GpuSpec gpu = test_gpu(40);
  gpu.memory_gb = 24;  // GiB: 23.2 GB usable, 5.2 GB free beside 16 GB of states
  int partial = 0;
  for (int i = 0; i < 100; ++i) {
    s.seq_len = 64000 + 97.0 * i;
    const TrainingMemory m = training_memory(s, gpu, Precision::bf16, 1, a, false);
    if (m.recompute_share > 0 && m.recompute_share < 1) ++partial;
    CHECK(m.fits() == (m.recompute_share < 1));
    for (Precision p : {Precision::bf16, Precision::fp8}) {
      const auto count = auto_gpu_count(s, gpu, p, a);
      REQUIRE(count);
      CHECK(training_memory(s, gpu, p, *count, a, false).fits());
    }
  }
  CHECK(partial > 50);
}

TEST_CASE("whole-run GPU-hours divide by goodput") {
  TrainingAssumptions a = plain_training();
  a.run_goodput = 0.9;
  CHECK(run_gpu_hours(3.6e9, 1000, a) == Approx(1000 / 0.9));  // 3.6e9 / 1000 / 3600 = 1000 h
}

TEST_CASE("decode step = max(weights read, matmuls) + KV read + overhead — request = prefill + share of steps") {
  const ServingShape s = serving_shape();
  CHECK(kv_bytes_per_token(s) == Approx(40000));  // 2 × 10 layers × 1000 × 2 bytes
  ServingAssumptions a = plain_serving();
  const ServingPerformance p = serving_performance(s, test_gpu(80), 1, a, std::nullopt, 1.0);
  // weights 2e9 B / 1e12 B/s = 2 ms; KV 150 tokens × 40000 B / 1e12 = 0.006 ms
  CHECK(p.decode_step_ms == Approx(2.006));
  // prefill: 100 × (2e9 + 4 × 10 × 1000 × 50) / 1e14 = 2.002 ms
  CHECK(p.prefill_ms == Approx(2.002));
  CHECK(p.output_tokens_per_s == Approx(100 / 0.202602));  // 100 tokens / (2.002 + 100 × 2.006 ms)
  a.step_overhead_ms = 3;
  const ServingPerformance slow = serving_performance(s, test_gpu(80), 1, a, std::nullopt, 1.0);
  CHECK(slow.decode_step_ms == Approx(5.006));
}

TEST_CASE("large batches turn decode compute-bound — tensor parallelism loses a factor per doubling") {
  const ServingShape s = serving_shape();
  const ServingAssumptions a = plain_serving();
  // batch 200: matmuls 200 × 2e9 / 1e14 = 4 ms > weights 2 ms; KV 200 × 150 × 40000 / 1e12 = 1.2 ms
  const ServingPerformance p = serving_performance(s, test_gpu(80), 1, a, std::nullopt, 200.0);
  CHECK(p.decode_compute_bound);
  CHECK(p.decode_step_ms == Approx(5.2));
  // two GPUs at 0.9: twice the bandwidth and compute × 0.9 → 5.2 / 1.8 ms
  const ServingPerformance tp = serving_performance(s, test_gpu(80), 2, a, std::nullopt, 200.0);
  CHECK(tp.decode_step_ms == Approx(5.2 / 1.8));
}

TEST_CASE("concurrency is limited by KV-cache memory at prompt + half the answer per sequence") {
  const ServingShape s = serving_shape();
  // 10 GB GPU, 2 GB weights: 8e9 / 40000 = 200k tokens / 150 per sequence = 1333 sequences
  const ServingPerformance p = serving_performance(s, test_gpu(10), 1, plain_serving(), std::nullopt, 5000.0);
  CHECK(p.max_concurrency == 1333);
  CHECK(p.batch == 1333);
}

TEST_CASE("several LoRA adapters: 16-bit adapter weights and a throughput share") {
  ServingShape s = serving_shape();
  s.adapters = 10;
  s.adapter_params = 1e7;
  ServingAssumptions a = plain_serving();
  a.adapter_efficiency = 0.9;
  const ServingPerformance p = serving_performance(s, test_gpu(80), 1, a, std::nullopt, 1.0);
  CHECK(p.weights_gb == Approx(2.2));  // 2 GB base + 10 × 1e7 × 2 bytes
  // (2.2e9 / 1e12 s + 0.006 ms) / 0.9
  CHECK(p.decode_step_ms == Approx((2.2 + 0.006) / 0.9));
}

TEST_CASE("weight quantisation: int4 halves the bytes of int8, fp8 KV cache uses 1 byte") {
  ServingShape s = serving_shape();
  s.weights = Precision::int4;
  CHECK(serving_performance(s, test_gpu(80), 1, plain_serving(), std::nullopt, 1.0).weights_gb == Approx(0.5));
  s.weights = Precision::fp8;
  CHECK(kv_bytes_per_token(s) == Approx(20000));
}

TEST_CASE("mixture-of-experts decode reads only the experts a batch touches") {
  ServingShape s = serving_shape();
  s.params = 4e9;
  s.active_params = 1e9;  // a token uses a quarter of the weights
  const ServingAssumptions a = plain_serving();
  // batch 1: 8e9 bytes × 0.25 / 1e12 = 2 ms + KV 0.006 ms
  CHECK(serving_performance(s, test_gpu(80), 1, a, std::nullopt, 1.0).decode_step_ms == Approx(2.006));
  // batch 2: touched 1 − 0.75² = 0.4375 → 3.5 ms; matmuls 2 × 2e9 / 1e14 = 0.04 ms; KV 0.012 ms
  CHECK(serving_performance(s, test_gpu(80), 1, a, std::nullopt, 2.0).decode_step_ms == Approx(3.512));
}

TEST_CASE("several GPUs without NVLink gather their sharded weights over PCIe") {
  GpuSpec gpu = test_gpu(1000);
  gpu.interconnect_kind = "pcie4";
  TrainingAssumptions a = plain_training();
  a.host_link_gb_s = 25;
  a.max_micro_batch = 8;
  a.recompute_cost = 1.0;  // every recomputed FLOP at full price: the hand-worked figures below
  CHECK(training_throughput(small_shape(), gpu, Precision::bf16, 1, a).mfu == Approx(0.5));
  // 4 GPUs: each micro-batch (8 sequences × 10 tokens) gathers 3 × 2 bytes × 1e9 × 3/4 = 4.5e9 bytes
  // over 25 GB/s = 180 ms = 2,250 µs per token, of which the matmuls (6e9 + 12 × 2 × 100 × 10 =
  // 6.000024e9 FLOPs / 5e13 = 120.0005 µs) hide their own length: 120.0005 + 2,129.9995 = 2,250 µs
  // → 444.44 tokens/s, MFU 444.44 × 6.000024e9 / 1e14 = 2.667%.
  const TrainingThroughput four = training_throughput(small_shape(), gpu, Precision::bf16, 4, a);
  CHECK(four.time.gather_s * 1e6 == Approx(2129.99952));
  CHECK(four.tokens_per_s_per_gpu == Approx(444.444).epsilon(1e-5));
  CHECK(four.mfu == Approx(0.0266667733).epsilon(1e-5));

  // QLoRA of a mixture of experts: only the shared weights are gathered (2 transfers), its bf16
  // vocabulary matrices among them. 4e9 total, 2e9 active, 8 experts, 2 per token: expert =
  // 2e9 / 6, shared = 2e9 − 2 × 2e9 / 6 = 1.3333e9, of which 0.2e9 vocabulary in bf16 and 1.1333e9
  // in NF4: 0.2e9 × 2 + 1.1333e9 × 0.5625 = 1.0375e9 bytes; × 2 transfers × 3/4 = 1.55625e9 bytes
  // per micro-batch, over 25 GB/s = 62.25 ms / (8 × 10 tokens) = 778.125 µs per token, less what
  // the matmuls hide. (Averaged over all 4e9 parameters, the vocabulary's bf16 would count for a
  // twentieth of what it is.)
  TrainingShape moe = small_shape();
  moe.method = TrainingMethod::qlora;
  moe.params = 4e9;
  moe.active_params = 2e9;
  moe.experts = 8;
  moe.experts_per_token = 2;
  moe.vocabulary_params = 0.2e9;
  const TrainingThroughput q = training_throughput(moe, gpu, Precision::bf16, 4, a);
  const double matmul_us = q.time.matmul_s * 1e6;
  CHECK(q.time.gather_s * 1e6 == Approx(778.125 - matmul_us).epsilon(1e-6));
}

TEST_CASE("mixture of experts with expert counts: shared weights always, routed experts as the batch touches them") {
  ServingShape s = moe_serving_shape();
  const ServingAssumptions a = plain_serving();
  // Expert e = (4e9 − 1e9) / (8 − 1) = 0.428571e9; shared = 1e9 − 1 × e = 0.571429e9.
  // Batch 1 reads shared + 8 × e × (1 − 7/8) = exactly the 1e9 active weights: 2e9 bytes / 1e12 = 2 ms
  // + KV 0.006 ms.
  CHECK(serving_performance(s, test_gpu(80), 1, a, std::nullopt, 1.0).decode_step_ms == Approx(2.006));
  // Batch 4: each expert is touched with probability 1 − (7/8)⁴ = 0.413818 → 0.571429e9 + 3.428571e9 ×
  // 0.413818 = 1.990234e9 weights = 3.980469 ms; matmuls 4 × 2e9 / 1e14 = 0.08 ms are less; KV
  // 4 × 150 × 40,000 / 1e12 = 0.024 ms → 4.004469 ms.
  CHECK(serving_performance(s, test_gpu(80), 1, a, std::nullopt, 4.0).decode_step_ms == Approx(4.004469));
  // A large batch touches every expert: all 4e9 weights are read, 8 ms in all, but the two kinds of
  // matmul meet the roofline apart. Batch 200: the shared weights read 1.142857e9 bytes (1.143 ms)
  // and multiply 200 × 2 × 0.571429e9 = 2.285714e11 FLOPs (2.286 ms): compute-bound, 2.285714 ms;
  // the experts read 6.857143e9 bytes (6.857 ms) for 200 × 2 × 1 × 0.428571e9 = 1.714286e11 FLOPs
  // (1.714 ms), each multiplying ~25 tokens: bandwidth-bound, 6.857143 ms. 9.142857 ms, where one
  // max over the whole step (max(8, 4) = 8 ms) would let the shared matmuls hide under the experts' reads.
  const ServingPerformance big = serving_performance(s, test_gpu(80), 1, a, std::nullopt, 200.0);
  CHECK(big.step_weights_ms == Approx(9.142857).epsilon(1e-5));
  CHECK(big.step_expert_weights_ms == Approx(6.857143).epsilon(1e-5));
  CHECK(big.decode_compute_bound);
  CHECK_FALSE(big.experts_compute_bound);
  // A custom model whose looked-up input embedding (0.8e9) outweighs its shared weights (0.571e9):
  // the shared term is nothing, never negative, and the step is at least the experts' term.
  ServingShape lookup_heavy = s;
  lookup_heavy.lookup_params = 0.8e9;
  const ServingPerformance odd = serving_performance(lookup_heavy, test_gpu(80), 1, a, std::nullopt, 200.0);
  CHECK(odd.step_weights_ms == Approx(odd.step_expert_weights_ms));
  CHECK(odd.step_expert_weights_ms == Approx(6.857143).epsilon(1e-5));
}

TEST_CASE("latent attention caches kv_cache_dim values per layer instead of 2 × kv_dim") {
  ServingShape s = serving_shape();
  s.kv_values = 576;                                     // DeepSeek-V3: kv_lora_rank 512 + rope 64
  CHECK(kv_bytes_per_token(s) == Approx(576 * 10 * 2));  // × 10 layers × 2 bytes
}

TEST_CASE("training a mixture of experts: active FLOPs, a router, and the all-to-all beyond what matmuls hide") {
  TrainingShape s = small_shape();
  s.params = 4e9;
  s.active_params = 1e9;
  s.experts = 8;
  s.experts_per_token = 2;
  // Router: 6 × hidden 100 × 8 experts × 2 layers = 9,600 FLOPs on top of 6 × 1e9.
  CHECK(training_flops(s).dense == Approx(6e9 + 9600));
  TrainingAssumptions a = plain_training();
  a.moe_efficiency = 0.5;
  a.network_gb_s_per_gpu = 1e-6;  // a link so slow that the all-to-all shows
  a.gpus_per_node = 8;
  const TrainingThroughput t = training_throughput(s, test_gpu(1000), Precision::bf16, 16, a);
  CHECK(t.matmul_efficiency == Approx(0.25));  // 0.5 × MoE 0.5
  // 4 transfers × 2 experts × 100 hidden × 2 bytes × 2 layers = 3,200 bytes per token; 16 GPUs are two
  // nodes, so half of them leave the node at 1,000 B/s (1.6 s) and half stay on the peer link (a
  // microsecond). Every active parameter is a routed expert's here (shared = 1e9 − 2 × 0.5e9 = 0), so
  // all the matmuls can hide the transfer.
  CHECK(t.time.all_to_all_s == Approx(1.6 - t.time.matmul_s).margin(1e-5));
  // --explain shows the bytes and the link they effectively crossed: 3,200 B / 1.6 s = 2,000 B/s.
  CHECK(t.time.all_to_all_bytes_per_token == Approx(3200));
  CHECK(t.time.all_to_all_link_gb_s == Approx(2e-6).epsilon(1e-4));
  // With shared weights only the routed experts' matmuls hide it: active 1.5e9, expert
  // e = 2.5e9 / 6, routed 2e = 0.833e9 = 5/9 of the active parameters.
  s.active_params = 1.5e9;
  const TrainingThroughput shared = training_throughput(s, test_gpu(1000), Precision::bf16, 16, a);
  CHECK(shared.time.all_to_all_s == Approx(1.6 - shared.time.matmul_s * 5.0 / 9.0).margin(1e-5));
}

TEST_CASE("a mixture of experts across nodes: data-parallel attention, experts split, all-to-alls per MoE layer") {
  ServingShape s = moe_serving_shape();
  s.moe_layers = 10;
  GpuSpec gpu = test_gpu(80);
  gpu.interconnect_gb_s = 200;  // 100 GB/s each way inside a node
  const ServingAssumptions a = plain_serving();
  // 16 GPUs = 2 nodes of 8: expert parallel. Expert e = 0.428571e9, shared 0.571429e9 (as above).
  const ServingPerformance p = serving_performance(s, gpu, 16, a, std::nullopt, 160.0);
  CHECK(p.expert_parallel);
  CHECK(p.tensor_parallel_factor == 1.0);
  // Stored: 16 copies of the shared weights + the 8 experts once, 2 bytes each.
  CHECK(p.weights_gb == Approx((16 * 0.571429e9 + 8 * 0.428571e9) * 2 / 1e9).epsilon(1e-5));
  // Per GPU per step: shared + 8 experts × e / 16 GPUs (batch 160 touches all) = 0.785714e9 weights =
  // 1.571429 ms; its 10 sequences' matmuls 10 × 2e9 / 1e14 = 0.2 ms are less.
  CHECK(p.step_weights_ms == Approx(1.571429).epsilon(1e-5));
  // KV: 10 sequences × 150 tokens × 40,000 B / 1e12 = 0.06 ms.
  CHECK(p.step_kv_ms == Approx(0.06));
  // All-to-all: 10 MoE layers × (2 × 20 µs + 10 tokens × 1 expert × 1000 × (2 + 2) bytes = 40 kB, half to
  // the other node at 50 GB/s (0.4 µs), half over NVLink at 100 GB/s (0.2 µs)) = 0.406 ms.
  CHECK(p.step_all_to_all_ms == Approx(0.406));
  CHECK(p.decode_step_ms == Approx(2.037429).epsilon(1e-5));
  // Prefill on one attention rank: 100 × 2.002e9 FLOPs / 1e14 = 2.002 ms + all-to-alls of 100 tokens
  // 10 × (40 + 4 + 2) µs = 0.46 ms. Each request costs prefill / 16 ranks + 100 × step / 160.
  CHECK(p.prefill_ms == Approx(2.462));
  CHECK(p.output_tokens_per_s == Approx(100 / (2.462e-3 / 16 + 100 * 2.037429e-3 / 160)).epsilon(1e-5));
  // Decode-only GPUs (prefill/decode disaggregation) pay no prefill.
  s.decode_only = true;
  const ServingPerformance decode = serving_performance(s, gpu, 16, a, std::nullopt, 160.0);
  CHECK(decode.output_tokens_per_s == Approx(160 / 2.037429e-3).epsilon(1e-5));
  // Inside one node the same model stays tensor-parallel.
  CHECK_FALSE(serving_performance(s, gpu, 8, a, std::nullopt, 160.0).expert_parallel);
}

TEST_CASE("an NVLink bridge joins two cards: collectives over more of them cross the host's PCIe") {
  const Catalog& catalog = shipped_catalog();
  const GpuSpec& a40 = *catalog.find_gpu("a40");  // 2-way bridge, 112.5 GB/s; PCIe Gen4 x16, 64 GB/s
  CHECK(a40.interconnect_peers == 2);
  CHECK(node_link_gb_s(a40, 2) == Approx(56.25));  // over the bridge, one way
  CHECK(node_link_gb_s(a40, 4) == Approx(32));     // four cards: over the host, one way
  CHECK_FALSE(collectives_over_pcie(a40, 2));
  CHECK(collectives_over_pcie(a40, 8));
  const GpuSpec& h100 = *catalog.find_gpu("h100-sxm");  // NVSwitch: every GPU of the node
  CHECK(node_link_gb_s(h100, 8) == Approx(450));
  CHECK(node_link_gb_s(*catalog.find_gpu("h100-pcie"), 4) == Approx(64));  // PCIe Gen5 x16
  CHECK(node_link_gb_s(*catalog.find_gpu("l40s"), 4) == Approx(32));       // PCIe only

  // Training: activations sharded over 2 A40s cross the bridge; over 4, the host link the training
  // model assumes for PCIe (training.host_link_gb_s).
  TrainingShape s = small_shape();
  s.layers = 10;
  s.hidden_size = 1000;
  TrainingAssumptions a = plain_training();
  a.host_link_gb_s = 25;
  // 4 all-reduces × 10 layers × 2·(t − 1) × 1000 × 2 bytes = 160 kB × (t − 1).
  CHECK(activation_comm_s(s, a40, a, 2) == Approx(160e3 / 56.25e9));
  CHECK(activation_comm_s(s, a40, a, 4) == Approx(3 * 160e3 / 25e9));
}
