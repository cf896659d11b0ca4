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

// True when `root` is a saved `--format json` estimate rather than a scenario.
bool is_saved_estimate(const nlohmann::json& root);

// Reads back the options, lines and totals of a saved estimate (enough for `ftcost diff`).
// Throws InputError naming `file` when the document is not a valid ftcost-estimate/1.
Report report_from_json(const nlohmann::json& root, const std::string& file);

}  // namespace ftcost
