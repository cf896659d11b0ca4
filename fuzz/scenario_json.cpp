// libFuzzer target: arbitrary bytes as a JSON scenario (the strict JSON reader, then the same
// pipeline as YAML), against the shipped catalog. Whatever ftcost's reader accepts (its fast path
// or nlohmann's SAX parser) must be the tree nlohmann::json::parse builds from the same text.
#include <cstdlib>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = ftcost::fuzz::as_text(data, size);
  try {
    const ftcost::Document doc = ftcost::parse_document(text, "fuzz.json");
    // == compares numbers by value across int64, uint64 and double, as the two trees type them.
    if (doc.root != nlohmann::json::parse(text)) std::abort();
    ftcost::fuzz::run_document(doc, ftcost::shipped_catalog());
  } catch (const ftcost::InputError&) {
  }
  return 0;
}
