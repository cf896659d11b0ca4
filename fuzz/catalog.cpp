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

// The example's report against the shipped catalog, rendered once.
const std::optional<ftcost::Report>& baseline_report() {
  static const std::optional<ftcost::Report> report = [] {
    auto built = ftcost::fuzz::report_of(example_scenario(), ftcost::shipped_catalog());
    if (built) ftcost::fuzz::render_and_check(*built);
    return built;
  }();
  return report;
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
  if (*catalog == ftcost::shipped_catalog()) {
    (void)baseline_report();
    return 0;
  }
  // The renderers are pure functions of the report, so a report equal to the shipped catalog's
  // renders as it did: most books change entries the example never reads (96% of a grown corpus),
  // and rendering was three quarters of the work of the rest.
  const auto report = ftcost::fuzz::report_of(example_scenario(), *catalog);
  if (report && report != baseline_report()) ftcost::fuzz::render_and_check(*report);
  return 0;
}
