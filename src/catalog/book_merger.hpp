#pragma once
// Merging a price book entry by entry: what merge_catalog does with a parsed tree, and what the
// streaming reader of JSON books (json_book.cpp) does as nlohmann's SAX parser reads each entry.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost::detail {

// The top-level keys of a price book, in the order they are merged: "format" and "note", then the
// sections of entries (a GPU price may name a GPU added by the same book).
const std::vector<std::string>& book_sections();
inline constexpr std::size_t first_entry_section = 2;

// A .json book merged into a copy of `base` as nlohmann's SAX parser reads it (json_book.cpp), or
// nullopt when the stream does not take it: then merge_catalog_text reads it again by the tree path
// (parse_document + merge_catalog), which reports every problem. Apart for fuzz_catalog_json.
std::optional<Catalog> merged_json_stream(const Catalog& base, const std::string& text, const std::string& name);

// One entry of a book: its fields by name, in byte order of the names (the order of a JSON object's
// members, so that an error names the same field whether the entry was a tree or read as a stream),
// each name once. The names and values belong to whoever built the list.
struct EntryField {
  std::string_view name;
  const nlohmann::json* value;
};
using EntryFields = std::vector<EntryField>;

class BookMerger {
 public:
  // Errors are located in `doc` (its file, and its positions when it has them).
  BookMerger(Catalog& catalog, const Document& doc);
  void begin(const std::string& section, std::size_t expected_entries);
  // Entry `index` of the section begun. Throws InputError.
  void add(std::size_t index, const nlohmann::json& object);
  void add(std::size_t index, const EntryFields& entry);
  void end();

 private:
  Catalog& catalog_;
  const Document& doc_;
  std::string section_;
  std::function<void(std::size_t, const EntryFields&)> add_;
  EntryFields fields_;  // of an object added, reused
};

}  // namespace ftcost::detail
