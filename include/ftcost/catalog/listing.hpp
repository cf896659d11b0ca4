#pragma once
// What `ftcost catalog list` and `ftcost catalog show` display, as plain rows and fields; the
// renderers in render/catalog.hpp turn them into a table, JSON or CSV.
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "ftcost/catalog/catalog.hpp"

namespace ftcost {

// One section of the catalog as a table. Cells are numbers, text or null (absent/unsupported).
struct CatalogTable {
  std::string section;
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
};

// The names `catalog list` accepts: gpus, models, apis, finetune, labor, prices, defaults.
const std::vector<std::string>& catalog_sections();

// Throws InputError for an unknown section (with the valid names).
CatalogTable list_section(const Catalog& catalog, const std::string& section);

// Every field of one entry, in a fixed order, with its source and as-of date.
struct CatalogEntryView {
  std::string section;  // as in catalog_sections()
  std::string id;       // GPU prices: "h100-sxm@lambda/on_demand"
  std::vector<std::pair<std::string, nlohmann::json>> fields;
};

// Entries named `name` (id or alias, case-insensitive) across all sections. When nothing matches
// exactly, entries whose id or an alias contains `name`. Several results = ambiguous name.
// "section:name" (e.g. "apis:gpt-4o") searches one section only.
std::vector<CatalogEntryView> find_entries(const Catalog& catalog, const std::string& name);

// The one entry named `name`. Throws InputError when no entry or several entries match (listing them).
CatalogEntryView show_entry(const Catalog& catalog, const std::string& name);

}  // namespace ftcost
