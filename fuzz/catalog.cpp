// libFuzzer target: arbitrary bytes as a price book layered over the shipped catalog, then the
// support-assistant example estimated with the result (so overlaid prices reach the cost models).
#include <fstream>
#include <sstream>

#include "fuzz_common.hpp"

namespace {

const std::string& example_scenario() {
  static const std::string text = [] {
    std::ifstream in(FTCOST_SOURCE_DIR "/examples/support-assistant-8b-lora.yaml");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }();
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ftcost::Catalog catalog = ftcost::shipped_catalog();
  try {
    ftcost::merge_catalog(catalog, ftcost::parse_document(ftcost::fuzz::as_text(data, size), "fuzz-catalog.yaml"));
  } catch (const ftcost::InputError&) {
    return 0;
  }
  ftcost::fuzz::run_scenario(example_scenario(), "example.yaml", catalog);
  return 0;
}
