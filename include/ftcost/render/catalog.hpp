#pragma once
// Formats catalog listings and entries (`ftcost catalog list|show`) as a terminal table, JSON or CSV.
#include <string>

#include "ftcost/catalog/listing.hpp"
#include "ftcost/render/csv.hpp"  // csv_field, shared with the estimate CSV

namespace ftcost {

inline constexpr const char* catalog_listing_format = "ftcost-catalog-list/1";

// format: "table", "json" or "csv".
std::string render_catalog_table(const CatalogTable& table, const std::string& format);
std::string render_catalog_entry(const CatalogEntryView& entry, const std::string& format);

}  // namespace ftcost
