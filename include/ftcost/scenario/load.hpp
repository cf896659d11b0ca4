#pragma once
// Turns a YAML or JSON scenario into a Scenario: every field checked, every catalog name resolved,
// every default recorded. Errors are InputErrors that name file, line, column and field.
#include <optional>
#include <string>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr int scenario_format_version = 1;

Scenario load_scenario(const Document& doc, const Catalog& catalog);
// The scenario's own price book (top-level `price_book:`), resolved relative to the scenario file;
// empty when it names none. Throws InputError when the field is not a path or the file is missing.
// The caller layers it over the catalog before load_scenario.
std::optional<std::string> scenario_price_book(const Document& doc);

Scenario load_scenario_file(const std::string& path, const Catalog& catalog);

}  // namespace ftcost
