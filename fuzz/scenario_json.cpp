// libFuzzer target: arbitrary bytes as a JSON scenario (the strict JSON syntax check, then the same
// pipeline as YAML), against the shipped catalog.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ftcost::fuzz::run_scenario(ftcost::fuzz::as_text(data, size), "fuzz.json", ftcost::shipped_catalog());
  return 0;
}
