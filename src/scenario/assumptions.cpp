#include "ftcost/scenario/assumptions.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <utility>

#include "ftcost/util/text.hpp"

namespace ftcost {

const DefaultValue& utilisation_default(const Catalog& catalog, const std::string& prefix, const GpuSpec& gpu) {
  if (const DefaultValue* by_gpu = catalog.find_default(prefix + "." + gpu.id)) return *by_gpu;
  if (!gpu.product_line.empty()) {
    if (const DefaultValue* by_line = catalog.find_default(prefix + "." + gpu.product_line)) return *by_line;
  }
  if (const DefaultValue* by_arch = catalog.find_default(prefix + "." + gpu.architecture)) return *by_arch;
  if (const DefaultValue* fallback = catalog.find_default(prefix + ".default")) return *fallback;
  return required_default(catalog, prefix);
}

bool pcie_only(const GpuSpec& gpu) { return gpu.interconnect_kind.rfind("pcie", 0) == 0; }

bool collectives_over_pcie(const GpuSpec& gpu, int group) {
  return pcie_only(gpu) || (gpu.interconnect_peers > 0 && group > gpu.interconnect_peers);
}

double node_link_gb_s(const GpuSpec& gpu, int group) {
  if (!pcie_only(gpu) && collectives_over_pcie(gpu, group) && gpu.pcie_gb_s > 0) return gpu.pcie_gb_s / 2.0;
  return gpu.interconnect_gb_s / 2.0;
}

// Engines schedule larger decode batches on big-memory GPUs with FP8 tensor cores (vLLM's batch
// defaults: 1024 sequences from 70 GiB, except on the A100, the one such GPU without FP8).
bool large_serving_gpu(const GpuSpec& gpu, double min_memory_gb) {
  return gpu.memory_gb >= min_memory_gb && gpu.peak_tflops(Precision::fp8).has_value();
}

TrainingAssumptions training_assumptions(const Catalog& catalog, const GpuSpec& gpu) {
  auto value = [&](const std::string& id) { return required_default(catalog, id).value; };
  TrainingAssumptions a;
  const DefaultValue& mfu = utilisation_default(catalog, "training.mfu", gpu);
  a.mfu = mfu.value;
  a.mfu_default_id = mfu.id;
  a.multi_node_efficiency = value("training.multi_node_efficiency");
  a.run_goodput = value("training.run_goodput");
  a.gpus_per_node = static_cast<int>(value("training.gpus_per_node"));
  a.optimizer_bytes_per_param = value("training.optimizer_bytes_per_param");
  a.gradient_bytes_per_param = value("training.gradient_bytes_per_param");
  a.qlora_bytes_per_param = value("training.qlora_bytes_per_param");
  a.memory_usable_share = value("training.memory_usable_share");
  a.memory_reserved_gb = value("training.memory_reserved_gb");
  // GeForce cards come in machines of at most 8 and are not clustered: training.max_gpus.geforce.
  a.max_gpus = static_cast<int>(utilisation_default(catalog, "training.max_gpus", gpu).value);
  a.activation_traffic_bytes = value("training.activation_traffic_bytes");
  a.adapter_traffic_bytes = value("training.adapter_traffic_bytes");
  a.optimizer_step_bytes = value("training.optimizer_step_bytes");
  a.dequant_bytes_per_param = value("training.dequant_bytes_per_param");
  a.tokens_per_step_per_gpu = value("training.tokens_per_step_per_gpu");
  a.max_micro_batch = value("training.max_micro_batch");
  a.recompute_cost = value("training.recompute_cost");
  a.moe_efficiency = value("training.moe_efficiency");
  a.network_gb_s_per_gpu = value("training.network_gb_s_per_gpu");
  a.host_link_gb_s = value("training.host_link_gb_s");
  a.cpu_optimizer_gb_s = value("training.cpu_optimizer_gb_s");
  a.low_memory_state_bytes_per_param = value("training.low_memory_state_bytes_per_param");
  a.low_memory_step_bytes = value("training.low_memory_step_bytes");
  a.spot_interruption_overhead = value("training.spot_interruption_overhead");
  const DefaultValue& flash2 = utilisation_default(catalog, "training.flash_attention_2_rate", gpu);
  a.flash_attention_2_rate = flash2.value;
  a.flash_attention_2_rate_id = flash2.id;
  a.run_start_fixed_s = value("serving.cold_start_fixed_s");
  a.run_start_load_gb_s = value("serving.cold_start_load_gb_s");
  return a;
}

const std::vector<std::string>& serving_engines() {
  static const std::vector<std::string> engines = {"tensorrt-llm", "vllm", "vllm-0.5", "sglang", "tgi", "lmdeploy"};
  return engines;
}

namespace {

// A release number right after a vLLM mention, past separators and a "version"/"release" word:
// "vLLM v0.5.4", "vllm==0.4.2", "vLLM version 0.5.4". Nothing when the text goes on otherwise.
std::optional<std::pair<int, int>> release_after(const std::string& lower, std::size_t at) {
  std::size_t i = at;
  auto skip = [&] {
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '-' || lower[i] == '_' || lower[i] == '=' ||
                                lower[i] == ':' || lower[i] == '(' || lower[i] == ',')) {
      ++i;
    }
  };
  skip();
  for (const std::string_view word : {"version", "release"}) {
    if (lower.compare(i, word.size(), word) == 0) {
      i += word.size();
      skip();
    }
  }
  if (i < lower.size() && lower[i] == 'v') ++i;
  int major = 0;
  int minor = 0;
  const char* end = lower.data() + lower.size();
  const auto first = std::from_chars(lower.data() + i, end, major);
  if (first.ec != std::errc() || first.ptr == end || *first.ptr != '.') return std::nullopt;
  const auto second = std::from_chars(first.ptr + 1, end, minor);
  if (second.ec != std::errc()) return std::nullopt;
  return std::make_pair(major, minor);
}

// "vllm-0.5" for a vLLM before 0.6 named with its release anywhere in the text: 0.6 (2024-09) moved
// the scheduler's CPU work off the decode loop.
std::string vllm_release(const std::string& lower) {
  for (std::size_t at = lower.find("vllm"); at != std::string::npos; at = lower.find("vllm", at + 1)) {
    if (const auto release = release_after(lower, at + 4)) {
      return release->first == 0 && release->second < 6 ? "vllm-0.5" : "vllm";
    }
  }
  return "vllm";
}

}  // namespace

std::string engine_named_in(const std::string& text) {
  const std::string lower = lowercase(text);
  // MLPerf's NVIDIA-stack submissions say "TensorRT" and "_TRT".
  static const std::vector<std::pair<std::string, std::string>> spellings = {{"tensorrt", "tensorrt-llm"},
                                                                             {"trt-llm", "tensorrt-llm"},
                                                                             {"trtllm", "tensorrt-llm"},
                                                                             {"sglang", "sglang"},
                                                                             {"lmdeploy", "lmdeploy"},
                                                                             {"turbomind", "lmdeploy"},
                                                                             {"vllm", "vllm"},
                                                                             {"text-generation-inference", "tgi"}};
  // Of several engines named ("vLLM vs TensorRT-LLM"), the one named first is the measurement's.
  std::size_t first = std::string::npos;
  std::string named;
  for (const auto& [spelling, engine] : spellings) {
    const std::size_t at = lower.find(spelling);
    if (at == std::string::npos || (first != std::string::npos && at >= first)) continue;
    first = at;
    named = engine;
  }
  // TGI by its short name, a word of its own ("TGI vs vLLM"), where no engine is named before it.
  if (const std::size_t tgi = word_at(lower, "tgi"); tgi != std::string::npos && tgi < first) return "tgi";
  if (!named.empty()) return named == "vllm" ? vllm_release(lower) : named;
  return "";
}

ServingAssumptions serving_assumptions(const Catalog& catalog, const GpuSpec& gpu, const std::string& engine,
                                       bool offline) {
  auto value = [&](const std::string& id) { return required_default(catalog, id).value; };
  ServingAssumptions a;
  a.bandwidth_efficiency = value("serving.bandwidth_efficiency");
  const DefaultValue& compute = utilisation_default(catalog, "serving.compute_efficiency", gpu);
  a.compute_efficiency = compute.value;
  a.compute_efficiency_id = compute.id;
  a.tensor_parallel_efficiency = value("serving.tensor_parallel_efficiency");
  a.allreduce_base_latency_us = value("serving.allreduce_base_latency_us");
  a.allreduce_hop_latency_us =
      value(pcie_only(gpu) ? "serving.allreduce_hop_latency_us.pcie" : "serving.allreduce_hop_latency_us.nvlink");
  const DefaultValue* overhead = engine.empty() ? nullptr : catalog.find_default("serving.step_overhead_ms." + engine);
  if (!overhead) overhead = &required_default(catalog, "serving.step_overhead_ms");
  a.step_overhead_ms = overhead->value;
  a.step_overhead_id = overhead->id;
  a.layer_overhead_ms = value("serving.layer_overhead_ms");
  if (offline && !engine.empty()) {
    if (const DefaultValue* share = catalog.find_default("serving.api_server_share." + engine)) {
      a.api_server_share_removed = share->value;
      a.step_overhead_ms *= 1.0 - share->value;
    }
  }
  a.adapter_efficiency = value("serving.multi_adapter_efficiency");
  a.memory_usable_share = value("serving.memory_usable_share");
  a.memory_reserved_gb = value("serving.memory_reserved_gb");
  a.max_batch_id = large_serving_gpu(gpu, value("serving.max_batch_large_gpu_min_gb")) ? "serving.max_batch_large_gpu"
                                                                                       : "serving.max_batch";
  a.max_batch = value(a.max_batch_id);
  a.cold_start_fixed_s = value("serving.cold_start_fixed_s");
  a.cold_start_load_gb_s = value("serving.cold_start_load_gb_s");
  a.min_billed_s = value("serving.scale_to_zero_min_billed_s");
  a.gpus_per_node = static_cast<int>(value("training.gpus_per_node"));
  a.network_gb_s_per_gpu = value("training.network_gb_s_per_gpu");
  a.cross_node_allreduce_latency_us = value("serving.cross_node_allreduce_latency_us");
  return a;
}

}  // namespace ftcost
