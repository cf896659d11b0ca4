// libFuzzer target: arbitrary bytes as a .json price book, merged over the shipped catalog as
// merge_catalog_text does it, step by step: the streaming reader (nlohmann's SAX events, no tree)
// first, then the tree path (parse_document + merge_catalog), which merge_catalog_text falls back to
// and which reports every refused book. A book the stream takes must be one the tree path takes,
// giving the same catalog entry for entry; a difference aborts. A book the stream refuses gets the
// tree path's message by construction (the stream merges into a copy of a const catalog, so the
// fallback starts from the catalog as it was). (The estimate against a merged book
// is fuzz_catalog's job.)
//
// Each path runs once per input. Calling merge_catalog_text itself ran the tree path twice for every
// book the stream refuses (most mutated inputs), once here and once as its fallback, and copied the
// shipped catalog three times.
#include <cstdlib>
#include <optional>
#include <string>

#include "../src/catalog/book_merger.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = ftcost::fuzz::as_text(data, size);
  const std::string name = "fuzz-catalog.json";
  const std::optional<ftcost::Catalog> streamed =
      ftcost::detail::merged_json_stream(ftcost::shipped_catalog(), text, name);
  std::optional<ftcost::Catalog> tree;
  try {
    const ftcost::Document book = ftcost::parse_document(text, name);
    tree = ftcost::shipped_catalog();
    ftcost::merge_catalog(*tree, book);
  } catch (const ftcost::InputError&) {
    tree.reset();
  }
  if (streamed && (!tree || !(*streamed == *tree))) std::abort();
  return 0;
}
