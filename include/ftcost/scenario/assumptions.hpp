#pragma once
// Filling the models' assumptions (scenario structs) from the catalog's defaults (data/defaults.json plus overlays).
// `estimate` and `calibrate` both go through these, so a calibration checks exactly what an
// estimate uses.
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

// The most specific default among `training.mfu.<gpu id>`, `training.mfu.<product line>`,
// `training.mfu.<architecture>` and `training.mfu.default`; the same scheme for
// `serving.compute_efficiency`.
const DefaultValue& utilisation_default(const Catalog& catalog, const std::string& prefix, const GpuSpec& gpu);

TrainingAssumptions training_assumptions(const Catalog& catalog, const GpuSpec& gpu);
// `engine` ("" = not stated) picks `serving.step_overhead_ms.<engine>` when the catalog has one, else
// the all-engine `serving.step_overhead_ms`. `offline` (a measurement through the engine's batch
// API, no HTTP server; an estimate always serves online) takes off the share the engine's
// in-process API server has of that overhead, `serving.api_server_share.<engine>`, if any.
ServingAssumptions serving_assumptions(const Catalog& catalog, const GpuSpec& gpu, const std::string& engine = "",
                                       bool offline = false);

// The serving engines a scenario or a measurement may name (`hosting.engine`, a case's `engine`):
// their runtimes differ most in the fixed work of each decode step (scheduling, sampling, launches).
const std::vector<std::string>& serving_engines();
// The engine in `text` written as a known engine id or a common spelling of one ("TensorRT-LLM",
// "trtllm", "text-generation-inference"), lower-cased; "" when none is. A vLLM named with a release
// before 0.6 ("vLLM v0.5.4") is "vllm-0.5": its scheduler's CPU work stalled every decode step.
std::string engine_named_in(const std::string& text);

// True when the GPU's link to its peers is PCIe (no NVLink): collective traffic is slower.
bool pcie_only(const GpuSpec& gpu);

// True when collectives over `group` GPUs cross PCIe: a PCIe-only card, or a bridge that joins
// fewer GPUs than the group (two A40s share a bridge; four talk over the host).
bool collectives_over_pcie(const GpuSpec& gpu, int group);

// The link bytes/s one way that a collective over `group` GPUs of one node runs at: NVLink (half
// the catalog's two-way figure), or the host's PCIe — `pcie_gb_s`, else `interconnect_gb_s` on a
// PCIe-only card — halved the same way.
double node_link_gb_s(const GpuSpec& gpu, int group);

// True when serving engines give the GPU their larger batch cap (`serving.max_batch_large_gpu`): at
// least `min_memory_gb` of memory and FP8 tensor cores.
bool large_serving_gpu(const GpuSpec& gpu, double min_memory_gb);

}  // namespace ftcost
