#pragma once
// A compact summary for a pull-request comment: one table of options, the cheapest, break-even, the
// recommendation with its reasons, the budget check when there is one, and the warnings (folded).
#include <string>

#include "ftcost/render/render.hpp"

namespace ftcost {

std::string render_markdown(const Report& report, const RenderOptions& options = {});
// Text from a scenario in a Markdown table or list: pipes escaped, newlines made spaces, and <, > and
// & written as entities, so a label or a name cannot break the table or become HTML in a comment.
std::string markdown_text(const std::string& text);
std::string render_budget_markdown(const Report& report, const BudgetResult& budget);

}  // namespace ftcost
