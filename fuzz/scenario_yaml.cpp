// libFuzzer target: arbitrary bytes as a YAML scenario, through parsing, loading, every cost model,
// the report and both renderers, against the shipped catalog.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ftcost::fuzz::run_scenario(ftcost::fuzz::as_text(data, size), "fuzz.yaml", ftcost::shipped_catalog());
  return 0;
}
