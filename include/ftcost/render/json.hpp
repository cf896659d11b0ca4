#pragma once
// The versioned machine-readable result (`--format json`). Key names are stable within a format
// version; schemas/estimate.schema.json describes it (`ftcost schema output`).
#include <nlohmann/json.hpp>

#include "ftcost/render/render.hpp"

namespace ftcost {

inline constexpr const char* estimate_format = "ftcost-estimate/1";

nlohmann::json report_to_json(const Report& report, const RenderOptions& options = {});
nlohmann::json budget_to_json(const BudgetResult& budget);
std::string render_json(const Report& report, const RenderOptions& options = {});

}  // namespace ftcost
