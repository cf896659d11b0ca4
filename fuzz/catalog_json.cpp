// libFuzzer target: arbitrary bytes as a .json price book, merged two ways over the shipped catalog —
// by the tree path (parse_document + merge_catalog) and by the streaming reader of .json books
// (merge_catalog_text, nlohmann's SAX events with no tree). The streaming reader must accept exactly
// what the tree path accepts and refuse the rest with the same message: a difference aborts. (The
// estimate against a merged book is fuzz_catalog's job.)
#include <cstdlib>
#include <optional>
#include <string>

#include "fuzz_common.hpp"

namespace {

// The message of the InputError `merge` throws, or nullopt when it merges.
template <typename Merge>
std::optional<std::string> error_of(Merge merge) {
  try {
    merge();
  } catch (const ftcost::InputError& error) {
    return std::string(error.what());
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = ftcost::fuzz::as_text(data, size);
  const std::string name = "fuzz-catalog.json";
  const std::optional<std::string> tree_error = error_of([&] {
    const ftcost::Document book = ftcost::parse_document(text, name);
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog(catalog, book);
  });
  const std::optional<std::string> stream_error = error_of([&] {
    ftcost::Catalog catalog = ftcost::shipped_catalog();
    ftcost::merge_catalog_text(catalog, text, name);
  });
  if (tree_error != stream_error) std::abort();
  return 0;
}
