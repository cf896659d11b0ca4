#pragma once
// Merging a price book entry by entry: what merge_catalog does with a parsed tree, and what the
// streaming reader of JSON books (json_book.cpp) does as nlohmann's SAX parser reads each entry.
#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost::detail {

// The top-level keys of a price book, in the order they are merged: "format" and "note", then the
// sections of entries (a GPU price may name a GPU added by the same book).
const std::vector<std::string>& book_sections();
inline constexpr std::size_t first_entry_section = 2;

class BookMerger {
 public:
  // Errors are located in `doc` (its file, and its positions when it has them).
  BookMerger(Catalog& catalog, const Document& doc);
  void begin(const std::string& section, std::size_t expected_entries);
  // Entry `index` of the section begun, an object. Throws InputError.
  void add(std::size_t index, const nlohmann::json& entry);
  void end();

 private:
  Catalog& catalog_;
  const Document& doc_;
  std::string section_;
  std::function<void(std::size_t, const nlohmann::json&)> add_;
};

}  // namespace ftcost::detail
