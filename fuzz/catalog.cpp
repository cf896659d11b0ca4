// libFuzzer target: arbitrary bytes as a price book layered over the shipped catalog, then the
// support-assistant example estimated with the result (so overlaid prices reach the cost models).
// Input that looks like JSON is read as a .json book, and merged a second time by the streaming reader
// of .json books (merge_catalog_text), which must accept exactly what the tree path accepts and refuse
// the rest with the same message: a difference aborts.
#include <cstdlib>
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

// The first non-blank byte opens a JSON object.
bool looks_like_json(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

// The streaming .json reader against the tree path on the same text: same verdict, same message.
void check_streaming_reader(const std::string& text, const std::optional<std::string>& tree_error) {
  ftcost::Catalog streamed = ftcost::shipped_catalog();
  std::optional<std::string> stream_error;
  try {
    ftcost::merge_catalog_text(streamed, text, "fuzz-catalog.json");
  } catch (const ftcost::InputError& error) {
    stream_error = error.what();
  }
  if (tree_error != stream_error) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Parsed before the shipped catalog is copied to merge into: more than half the inputs stop at the
  // document (syntax, limits, duplicate keys), and copying (and freeing) the catalog's hundreds of
  // entries costs more than parsing them.
  std::optional<ftcost::Catalog> catalog;
  const std::string text = ftcost::fuzz::as_text(data, size);
  const bool json = looks_like_json(text);
  std::optional<std::string> tree_error;
  try {
    const ftcost::Document book = ftcost::parse_document(text, json ? "fuzz-catalog.json" : "fuzz-catalog.yaml");
    catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog(*catalog, book);
  } catch (const ftcost::InputError& error) {
    tree_error = error.what();
  }
  if (json) check_streaming_reader(text, tree_error);
  if (tree_error) return 0;
  ftcost::fuzz::run_document(example_scenario(), *catalog);
  return 0;
}
