// One source for each default: every assumption a loaded scenario uses is its catalog entry
// (data/defaults.json), and changing that entry changes it. The assumption structs have no defaults
// of their own (`from_catalog` is NaN), so a member the filler forgot would show here as NaN.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "ftcost/catalog/load.hpp"
#include "ftcost/models/training.hpp"
#include "ftcost/scenario/assumptions.hpp"
#include "ftcost/scenario/load.hpp"

using namespace ftcost;

namespace {

// The number of members of an aggregate: the most initialisers `T{...}` accepts. Used to prove the
// lists below name every member, so a member added later without a catalog source fails here.
struct AnyMember {
  template <typename T>
  operator T() const;  // never defined: only asked about in unevaluated requires-expressions
};
template <typename T, typename... Members>
constexpr std::size_t member_count() {
  if constexpr (requires { T{Members{}..., AnyMember{}}; })
    return member_count<T, Members..., AnyMember>();
  else
    return sizeof...(Members);
}

// A catalog default and where a loaded scenario keeps it.
struct Wired {
  const char* id;
  double (*used)(const Scenario&);
};

// Every numeric member of TrainingAssumptions, by hand (not from the filler's code).
const std::vector<Wired> training_fields = {
    {"training.mfu.default", [](const Scenario& s) { return s.training.assumptions.mfu; }},
    {"training.multi_node_efficiency", [](const Scenario& s) { return s.training.assumptions.multi_node_efficiency; }},
    {"training.run_goodput", [](const Scenario& s) { return s.training.assumptions.run_goodput; }},
    {"training.gpus_per_node", [](const Scenario& s) { return double(s.training.assumptions.gpus_per_node); }},
    {"training.optimizer_bytes_per_param",
     [](const Scenario& s) { return s.training.assumptions.optimizer_bytes_per_param; }},
    {"training.gradient_bytes_per_param",
     [](const Scenario& s) { return s.training.assumptions.gradient_bytes_per_param; }},
    {"training.qlora_bytes_per_param", [](const Scenario& s) { return s.training.assumptions.qlora_bytes_per_param; }},
    {"training.memory_usable_share", [](const Scenario& s) { return s.training.assumptions.memory_usable_share; }},
    {"training.memory_reserved_gb", [](const Scenario& s) { return s.training.assumptions.memory_reserved_gb; }},
    {"training.max_gpus", [](const Scenario& s) { return double(s.training.assumptions.max_gpus); }},
    {"training.activation_traffic_bytes",
     [](const Scenario& s) { return s.training.assumptions.activation_traffic_bytes; }},
    {"training.adapter_traffic_bytes", [](const Scenario& s) { return s.training.assumptions.adapter_traffic_bytes; }},
    {"training.optimizer_step_bytes", [](const Scenario& s) { return s.training.assumptions.optimizer_step_bytes; }},
    {"training.dequant_bytes_per_param",
     [](const Scenario& s) { return s.training.assumptions.dequant_bytes_per_param; }},
    {"training.tokens_per_step_per_gpu",
     [](const Scenario& s) { return s.training.assumptions.tokens_per_step_per_gpu; }},
    {"training.max_micro_batch", [](const Scenario& s) { return s.training.assumptions.max_micro_batch; }},
    {"training.recompute_cost", [](const Scenario& s) { return s.training.assumptions.recompute_cost; }},
    {"training.moe_efficiency", [](const Scenario& s) { return s.training.assumptions.moe_efficiency; }},
    {"training.network_gb_s_per_gpu", [](const Scenario& s) { return s.training.assumptions.network_gb_s_per_gpu; }},
    {"training.host_link_gb_s", [](const Scenario& s) { return s.training.assumptions.host_link_gb_s; }},
    {"training.cpu_optimizer_gb_s", [](const Scenario& s) { return s.training.assumptions.cpu_optimizer_gb_s; }},
    {"training.low_memory_state_bytes_per_param",
     [](const Scenario& s) { return s.training.assumptions.low_memory_state_bytes_per_param; }},
    {"training.low_memory_step_bytes", [](const Scenario& s) { return s.training.assumptions.low_memory_step_bytes; }},
    {"training.spot_interruption_overhead",
     [](const Scenario& s) { return s.training.assumptions.spot_interruption_overhead; }},
    {"serving.cold_start_fixed_s", [](const Scenario& s) { return s.training.assumptions.run_start_fixed_s; }},
    {"serving.cold_start_load_gb_s", [](const Scenario& s) { return s.training.assumptions.run_start_load_gb_s; }},
    // The scenarios here train on an H100: the Hopper entry is the one used.
    {"training.flash_attention_2_rate.hopper",
     [](const Scenario& s) { return s.training.assumptions.flash_attention_2_rate; }},
};

// Every numeric member of ServingAssumptions, for a serving GPU with NVLink (h100-sxm).
const std::vector<Wired> serving_fields = {
    {"serving.bandwidth_efficiency", [](const Scenario& s) { return s.hosting.assumptions.bandwidth_efficiency; }},
    {"serving.compute_efficiency", [](const Scenario& s) { return s.hosting.assumptions.compute_efficiency; }},
    {"serving.tensor_parallel_efficiency",
     [](const Scenario& s) { return s.hosting.assumptions.tensor_parallel_efficiency; }},
    {"serving.allreduce_base_latency_us",
     [](const Scenario& s) { return s.hosting.assumptions.allreduce_base_latency_us; }},
    {"serving.allreduce_hop_latency_us.nvlink",
     [](const Scenario& s) { return s.hosting.assumptions.allreduce_hop_latency_us; }},
    {"serving.step_overhead_ms", [](const Scenario& s) { return s.hosting.assumptions.step_overhead_ms; }},
    {"serving.layer_overhead_ms", [](const Scenario& s) { return s.hosting.assumptions.layer_overhead_ms; }},
    {"serving.multi_adapter_efficiency", [](const Scenario& s) { return s.hosting.assumptions.adapter_efficiency; }},
    {"serving.memory_usable_share", [](const Scenario& s) { return s.hosting.assumptions.memory_usable_share; }},
    {"serving.memory_reserved_gb", [](const Scenario& s) { return s.hosting.assumptions.memory_reserved_gb; }},
    // The H100 (80 GiB, FP8 tensor cores) takes the large-GPU cap; the L40S case below the other.
    {"serving.max_batch_large_gpu", [](const Scenario& s) { return s.hosting.assumptions.max_batch; }},
    {"serving.cold_start_fixed_s", [](const Scenario& s) { return s.hosting.assumptions.cold_start_fixed_s; }},
    {"serving.cold_start_load_gb_s", [](const Scenario& s) { return s.hosting.assumptions.cold_start_load_gb_s; }},
    {"serving.scale_to_zero_min_billed_s", [](const Scenario& s) { return s.hosting.assumptions.min_billed_s; }},
    {"training.gpus_per_node", [](const Scenario& s) { return double(s.hosting.assumptions.gpus_per_node); }},
    {"training.network_gb_s_per_gpu", [](const Scenario& s) { return s.hosting.assumptions.network_gb_s_per_gpu; }},
    {"serving.cross_node_allreduce_latency_us",
     [](const Scenario& s) { return s.hosting.assumptions.cross_node_allreduce_latency_us; }},
};

// The plan values whose default is a catalog entry, for a scenario that does not write them.
const std::vector<Wired> plan_fields = {
    {"training.lora_rank", [](const Scenario& s) { return s.training.lora_rank; }},
    {"training.lora_target_share", [](const Scenario& s) { return s.training.lora_target_share; }},
    {"training.prompt_virtual_tokens", [](const Scenario& s) { return s.training.prompt_virtual_tokens; }},
    // The adapters a multi-LoRA endpoint serves follow the training plan (derive_defaults).
    {"training.lora_rank", [](const Scenario& s) { return s.hosting.adapter_rank; }},
    {"training.lora_target_share", [](const Scenario& s) { return s.hosting.adapter_target_share; }},
    // The planning defaults (a team may set its own in a price book).
    {"data.cleaning_hours_per_1k_examples", [](const Scenario& s) { return s.data.cleaning_hours_per_1k; }},
    {"data.annotation_share", [](const Scenario& s) { return s.data.annotation_share; }},
    {"data.annotation_minutes_per_example", [](const Scenario& s) { return s.data.minutes_per_label; }},
    {"data.annotation_review_share", [](const Scenario& s) { return s.data.review_share; }},
    {"data.pipeline_engineering_hours", [](const Scenario& s) { return s.data.pipeline_hours; }},
    {"training.epochs", [](const Scenario& s) { return s.training.epochs; }},
    {"training.hyperparameter_trials", [](const Scenario& s) { return s.training.trials; }},
    {"training.validation_overhead", [](const Scenario& s) { return s.training.validation_overhead; }},
    {"training.checkpoints_kept", [](const Scenario& s) { return s.training.checkpoints_kept; }},
    {"training.engineering_hours", [](const Scenario& s) { return s.training.engineering_hours; }},
    {"hosting.peak_factor", [](const Scenario& s) { return s.hosting.peak_factor; }},
    {"hosting.max_ms_per_output_token",
     [](const Scenario& s) { return s.hosting.max_ms_per_output_token.value_or(0); }},
    {"hosting.target_utilization", [](const Scenario& s) { return s.hosting.target_utilization; }},
    {"hosting.ops_fte", [](const Scenario& s) { return s.hosting.ops_fte; }},
};

std::string scenario_text(const std::string& method, const std::string& hosting_gpu) {
  return "version: 1\n"
         "data: {examples: 10k, tokens_per_example: 500}\n"
         "model: llama-3.1-8b\n"
         "training: {method: " +
         method +
         ", gpu: h100-sxm}\n"
         "hosting: {queries_per_month: 1M, input_tokens: 400, output_tokens: 200, adapters: 4, gpu: " +
         hosting_gpu + "}\n";
}

Scenario load_with(const Catalog& catalog, const std::string& method = "lora",
                   const std::string& hosting_gpu = "h100-sxm") {
  return load_scenario(parse_document(scenario_text(method, hosting_gpu), "defaults.yaml"), catalog);
}

double catalog_value(const Catalog& catalog, const std::string& id) {
  const DefaultValue* entry = catalog.find_default(id);
  INFO("data/defaults.json has no " << id);
  REQUIRE(entry);
  return entry->value;
}

// A copy of the shipped catalog with one default moved to a value no other default has.
Catalog with_moved_default(const std::string& id, double& moved_to) {
  Catalog catalog = shipped_catalog();
  for (DefaultValue& entry : catalog.defaults) {
    if (entry.id == id) {
      moved_to = entry.value + 3;  // whole, so the int members (GPUs per node, max GPUs) take it exactly
      entry.value = moved_to;
      return catalog;
    }
  }
  FAIL("data/defaults.json has no " << id);
  throw;
}

void check_wired(const std::vector<Wired>& fields, const std::string& method, const std::string& hosting_gpu) {
  const Scenario shipped = load_with(shipped_catalog(), method, hosting_gpu);
  for (const Wired& field : fields) {
    INFO(field.id << " (method " << method << ", serving on " << hosting_gpu << ")");
    const double used = field.used(shipped);
    CHECK_FALSE(std::isnan(used));
    CHECK(used == catalog_value(shipped_catalog(), field.id));
    double moved_to = 0;
    const Scenario moved = load_with(with_moved_default(field.id, moved_to), method, hosting_gpu);
    CHECK(field.used(moved) == moved_to);
    CHECK(field.used(moved) != used);
  }
}

}  // namespace

TEST_CASE("the lists name every member of the assumption structs", "[defaults]") {
  // Plus the text members: the ids of the defaults used (mfu_default_id, flash_attention_2_rate_id;
  // compute_efficiency_id, step_overhead_id and max_batch_id), and api_server_share_removed, which only an offline
  // measurement sets.
  CHECK(member_count<TrainingAssumptions>() == training_fields.size() + 2);
  CHECK(member_count<ServingAssumptions>() == serving_fields.size() + 4);
}

TEST_CASE("an assumption struct left unfilled has no plausible value", "[defaults]") {
  // NaN, not a number that could pass for a default (0.9 where the catalog says 0.95).
  CHECK(std::isnan(ServingAssumptions{}.tensor_parallel_efficiency));
  CHECK(std::isnan(ServingAssumptions{}.step_overhead_ms));
  CHECK(std::isnan(TrainingAssumptions{}.multi_node_efficiency));
  CHECK(std::isnan(TrainingPlan{}.lora_rank));
  CHECK(std::isnan(HostingPlan{}.adapter_rank));
}

TEST_CASE("every training assumption is its catalog entry, and moves with it", "[defaults]") {
  check_wired(training_fields, "lora", "h100-sxm");
  CHECK(load_with(shipped_catalog()).training.assumptions.mfu_default_id == "training.mfu.default");
}

TEST_CASE("every serving assumption is its catalog entry, and moves with it", "[defaults]") {
  check_wired(serving_fields, "lora", "h100-sxm");
  CHECK(load_with(shipped_catalog()).hosting.assumptions.compute_efficiency_id == "serving.compute_efficiency");
  // A serving GPU without NVLink (the L40S talks over PCIe 4.0) takes the PCIe all-reduce hop latency.
  check_wired({{"serving.allreduce_hop_latency_us.pcie",
                [](const Scenario& s) { return s.hosting.assumptions.allreduce_hop_latency_us; }}},
              "lora", "l40s");
  // Below 70 GiB (the L40S has 48) the engine keeps the smaller batch cap, FP8 or not; so does the
  // A100 80GB, which has no FP8 tensor cores.
  for (const char* gpu : {"l40s", "a100-80gb"}) {
    check_wired({{"serving.max_batch", [](const Scenario& s) { return s.hosting.assumptions.max_batch; }}}, "lora",
                gpu);
  }
}

TEST_CASE("the large-GPU batch cap follows its memory threshold", "[defaults]") {
  // Raised above the H100's 80 GiB, the H100 falls back to the smaller cap.
  Catalog catalog = shipped_catalog();
  for (DefaultValue& entry : catalog.defaults) {
    if (entry.id == "serving.max_batch_large_gpu_min_gb") entry.value = 81;
  }
  CHECK(load_with(catalog, "lora", "h100-sxm").hosting.assumptions.max_batch ==
        catalog_value(shipped_catalog(), "serving.max_batch"));
  CHECK(load_with(catalog, "lora", "h100-sxm").hosting.assumptions.max_batch_id == "serving.max_batch");
  CHECK(load_with(shipped_catalog(), "lora", "h100-sxm").hosting.assumptions.max_batch_id ==
        "serving.max_batch_large_gpu");  // the id --explain names
  CHECK(large_serving_gpu(*shipped_catalog().find_gpu("h200"), 70));
  CHECK_FALSE(large_serving_gpu(*shipped_catalog().find_gpu("a100-80gb"), 70));  // no FP8 tensor cores
}

TEST_CASE("LoRA rank, adapted share and virtual tokens default to their catalog entries", "[defaults]") {
  for (const char* method : {"lora", "qlora", "full", "prompt_tuning"}) check_wired(plan_fields, method, "h100-sxm");
}

TEST_CASE("a catalog LoRA rank reaches the cost: adapter parameters scale with it", "[defaults]") {
  // Adapter parameters are rank × (9·d + 2·kv + 3·ff) × layers × share (docs/models.md): moving the
  // catalog rank from 16 to 19 multiplies them by 19/16, in training and in the served adapters.
  double moved_to = 0;
  const Catalog moved_catalog = with_moved_default("training.lora_rank", moved_to);
  REQUIRE(moved_to == 19);
  const Scenario shipped = load_with(shipped_catalog());
  const Scenario moved = load_with(moved_catalog);
  const double before = trainable_params(shape_for(shipped.model, shipped.training));
  const double after = trainable_params(shape_for(moved.model, moved.training));
  // Llama 3.1 8B: d 4,096, kv 1,024, ff 14,336, 32 layers → 16 × 81,920 × 32 = 41,943,040 at rank 16.
  CHECK(before == Approx(41943040));
  CHECK(after == Approx(41943040.0 * 19 / 16));
  CHECK(lora_adapter_params(moved.model, moved.hosting.adapter_rank, moved.hosting.adapter_target_share) ==
        Approx(41943040.0 * 19 / 16));
}

TEST_CASE("a named serving engine takes its own per-step overhead, else the all-engine one", "[defaults]") {
  const Catalog& catalog = shipped_catalog();
  auto with_engine = [&](const std::string& engine) {
    std::string text = scenario_text("lora", "h100-sxm");
    text.insert(text.rfind('}'), ", engine: " + engine);
    return load_scenario(parse_document(text, "engine.yaml"), catalog).hosting;
  };
  const HostingPlan trt = with_engine("TensorRT-LLM");
  CHECK(trt.engine == "tensorrt-llm");
  CHECK(trt.assumptions.step_overhead_id == "serving.step_overhead_ms.tensorrt-llm");
  CHECK(trt.assumptions.step_overhead_ms == catalog_value(catalog, "serving.step_overhead_ms.tensorrt-llm"));
  const HostingPlan old_vllm = with_engine("\"vllm 0.5.4\"");
  CHECK(old_vllm.engine == "vllm-0.5");
  CHECK(old_vllm.assumptions.step_overhead_ms == catalog_value(catalog, "serving.step_overhead_ms.vllm-0.5"));
  // vLLM from 0.6 on and SGLang have entries of their own (20 and 17 measurements naming them).
  for (const std::string engine : {"vllm", "sglang"}) {
    const HostingPlan plan = with_engine(engine);
    CHECK(plan.assumptions.step_overhead_id == "serving.step_overhead_ms." + engine);
    CHECK(plan.assumptions.step_overhead_ms == catalog_value(catalog, "serving.step_overhead_ms." + engine));
  }
  // TGI and LMDeploy are named but have too few measurements: the all-engine value.
  for (const std::string engine : {"tgi", "lmdeploy"}) {
    const HostingPlan plan = with_engine(engine);
    CHECK(plan.assumptions.step_overhead_id == "serving.step_overhead_ms");
    CHECK(plan.assumptions.step_overhead_ms == catalog_value(catalog, "serving.step_overhead_ms"));
  }
  CHECK(load_with(catalog).hosting.assumptions.step_overhead_id == "serving.step_overhead_ms");
  CHECK_THROWS_WITH(with_engine("llamacpp"), Catch::Contains("hosting.engine") &&
                                                 Catch::Contains("unknown serving engine 'llamacpp'") &&
                                                 Catch::Contains("tensorrt-llm, vllm, vllm-0.5, sglang, tgi"));
}

TEST_CASE("the engine a measurement names is read from its text, vLLM releases before 0.6 apart", "[defaults]") {
  CHECK(engine_named_in("github.com/NVIDIA/TensorRT-LLM docs/source/performance.md") == "tensorrt-llm");
  CHECK(engine_named_in("HPE_Cray_XD670_H100_SXM_80GBx8_TRT/README.md (MLPerf Inference v4.1, TensorRT 10.2)") ==
        "tensorrt-llm");
  CHECK(engine_named_in("github.com/LambdaLabsML/vllm-benchmark benchmark_v0.md (vLLM v0.5.4, benchmark_serving.py)") ==
        "vllm-0.5");
  CHECK(engine_named_in("vllm==0.4.2") == "vllm-0.5");
  CHECK(engine_named_in("vLLM 0.8.5 on 8x H100") == "vllm");
  CHECK(engine_named_in("vLLM 1.0") == "vllm");
  CHECK(engine_named_in("vllm") == "vllm");
  CHECK(engine_named_in("SGLang blog, large-scale EP") == "sglang");
  // Several named: the first is the one measured ("X vs Y" comparisons lead with their subject).
  CHECK(engine_named_in("vLLM blog: vLLM 0.8 vs TensorRT-LLM vs SGLang") == "vllm");
  CHECK(engine_named_in("SGLang v0.4 against vLLM and TensorRT-LLM") == "sglang");
  CHECK(engine_named_in("huggingface text-generation-inference") == "tgi");
  CHECK(engine_named_in("vLLM version 0.5.4") == "vllm-0.5");
  CHECK(engine_named_in("vLLM release 0.4.2, 8x H100") == "vllm-0.5");
  CHECK(engine_named_in("vLLM 0.10.1") == "vllm");                  // 0.10 is after 0.6, not 0.1
  CHECK(engine_named_in("vllm 99999999999999999999.1") == "vllm");  // no overflow: not a release read
  CHECK(engine_named_in("github.com/Lightning-AI/litgpt tutorials") == "");
  CHECK(engine_named_in("settgings") == "");  // "tgi" only as a word
  CHECK(engine_named_in("HF TGI 1.4 on SageMaker") == "tgi");
}

TEST_CASE("low-precision float weights compute at their own rate only on GPUs with tensor cores for them") {
  const Catalog& catalog = shipped_catalog();
  const GpuSpec& h100 = *catalog.find_gpu("h100-sxm");
  const GpuSpec& a100 = *catalog.find_gpu("a100-80gb");
  const GpuSpec& b200 = *catalog.find_gpu("b200");
  CHECK(serving_compute_precision(Precision::fp8, h100) == Precision::fp8);
  CHECK(serving_compute_precision(Precision::fp8, a100) == Precision::fp16);  // weight-only, as vLLM's Marlin
  CHECK(serving_compute_precision(Precision::fp4, b200) == Precision::fp4);
  CHECK(serving_compute_precision(Precision::fp4, h100) == Precision::fp16);  // not fp8: no fp4 tensor cores
  CHECK(serving_compute_precision(Precision::int4, h100) == Precision::fp16);
  CHECK(serving_compute_precision(Precision::int8, h100) == Precision::fp16);
}
