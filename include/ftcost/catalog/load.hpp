#pragma once
// Building a Catalog: the shipped files first, then any number of price books layered on top,
// entry by entry (an overlay may change one field of one entry, or add new entries).
#include <string>
#include <vector>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

// Merge one `ftcost-catalog/1` document into `catalog`. Entries are matched by id (GPU prices by
// gpu + provider + basis). Throws InputError naming file, line and field, and then leaves `catalog`
// as it was.
void merge_catalog(Catalog& catalog, const Document& doc);

// Read a price-book file (or text named `name`) and merge it, as merge_catalog does. A .json book is
// merged as it is parsed, without building its tree; any problem is reported exactly as by
// merge_catalog(catalog, load_document(path)), and leaves `catalog` unchanged.
void merge_catalog_file(Catalog& catalog, const std::string& path);
void merge_catalog_text(Catalog& catalog, const std::string& text, const std::string& name);

// The catalog shipped in data/: generated as C++ at build time (tools/catalog-codegen.cpp), built
// on first use.
const Catalog& shipped_catalog();

// The shipped catalog with the given price-book files layered on in order.
Catalog catalog_with_overlays(const std::vector<std::string>& overlay_paths);

// The price books named by the FTCOST_CATALOG environment variable: colon-separated paths, empty
// parts skipped. `value` may be null (variable unset).
std::vector<std::string> overlay_paths_from_env(const char* value);

}  // namespace ftcost
