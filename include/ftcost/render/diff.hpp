#pragma once
// `ftcost diff` output: table, JSON (format ftcost-diff/1) and Markdown of a ReportDiff.
#include <nlohmann/json.hpp>

#include <string>

#include "ftcost/render/render.hpp"
#include "ftcost/report/diff.hpp"

namespace ftcost {

inline constexpr const char* diff_format = "ftcost-diff/1";

nlohmann::json diff_to_json(const ReportDiff& diff);
std::string render_diff(const ReportDiff& diff, OutputFormat format);

}  // namespace ftcost
