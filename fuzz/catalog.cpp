// libFuzzer target: arbitrary bytes as a price book layered over the shipped catalog, then the
// support-assistant example estimated with the result (so overlaid prices reach the cost models).
#include <fstream>
#include <optional>
#include <sstream>

#include "fuzz_common.hpp"

namespace {

// Parsed once: the example is the same for every input, and parsing it each time was most of
// this target's work (the fuzzed price book is what changes).
const ftcost::Document& example_scenario() {
  static const ftcost::Document doc = [] {
    std::ifstream in(FTCOST_SOURCE_DIR "/examples/support-assistant-8b-lora.yaml");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return ftcost::parse_document(buffer.str(), "example.yaml");
  }();
  return doc;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Parsed before the shipped catalog is copied to merge into: more than half the inputs stop at the
  // document (syntax, limits, duplicate keys), and copying (and freeing) the catalog's hundreds of
  // entries costs more than parsing them.
  std::optional<ftcost::Catalog> catalog;
  try {
    const ftcost::Document book = ftcost::parse_document(ftcost::fuzz::as_text(data, size), "fuzz-catalog.yaml");
    catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog(*catalog, book);
  } catch (const ftcost::InputError&) {
    return 0;
  }
  // A book that changes nothing (no entries, or entries restated as they are) gives the estimate
  // the shipped catalog gives; it ran once already. Sections a book leaves alone compare by identity.
  const ftcost::Catalog& shipped = ftcost::shipped_catalog();
  if (*catalog == shipped) {
    static const bool baseline = (ftcost::fuzz::run_document(example_scenario(), shipped), true);
    (void)baseline;
    return 0;
  }
  ftcost::fuzz::run_document(example_scenario(), *catalog);
  return 0;
}
