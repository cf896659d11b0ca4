#pragma once
// A self-contained HTML report (`--format html`) for people who want one file to open or print:
// totals per option, the cost breakdown, break-even, the recommendation, the charts as inline SVG,
// the prices used and the warnings. Inline CSS only: no scripts, no fonts or images fetched.
#include <string>

#include "ftcost/render/render.hpp"

namespace ftcost {

// Escapes &, <, >, " and ' as HTML entities, for text and attribute values alike.
std::string html_escape(const std::string& text);

std::string render_html(const Report& report, const RenderOptions& options = {});

}  // namespace ftcost
