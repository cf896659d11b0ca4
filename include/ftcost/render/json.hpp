#pragma once
// The versioned machine-readable result (`--format json`). Key names are stable within a format
// version; see README "JSON output".
#include <nlohmann/json.hpp>

#include "ftcost/report/report.hpp"

namespace ftcost {

inline constexpr const char* estimate_format = "ftcost-estimate/1";

nlohmann::json report_to_json(const Report& report);
std::string render_json(const Report& report);

}  // namespace ftcost
