#pragma once
// Formats catalog listings and entries (`ftcost catalog list|show`) as a terminal table, JSON or CSV.
#include <string>

#include "ftcost/catalog/listing.hpp"

namespace ftcost {

inline constexpr const char* catalog_listing_format = "ftcost-catalog-list/1";

// format: "table", "json" or "csv".
std::string render_catalog_table(const CatalogTable& table, const std::string& format);
std::string render_catalog_entry(const CatalogEntryView& entry, const std::string& format);

// One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& text);

}  // namespace ftcost
