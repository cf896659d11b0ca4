#pragma once
// Turns a YAML or JSON scenario into a Scenario: every field checked, every catalog name resolved,
// every default recorded. Errors are InputErrors that name file, line, column and field.
#include <string>

#include "ftcost/catalog/catalog.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost {

inline constexpr int scenario_format_version = 1;

Scenario load_scenario(const Document& doc, const Catalog& catalog);
Scenario load_scenario_file(const std::string& path, const Catalog& catalog);

}  // namespace ftcost
