#pragma once
// The terminal table: one column per option, one-time and monthly rows, break-even, prices used
// with their dates, and the defaults that were applied. `explain` adds every line item's formula
// and every intermediate value; a budget result and the overrides used are listed at the end.
#include <string>

#include "ftcost/render/render.hpp"

namespace ftcost {

using TableOptions = RenderOptions;

std::string render_table(const Report& report, const TableOptions& options = {});
std::string render_budget_table(const Report& report, const BudgetResult& budget, bool color = false);

}  // namespace ftcost
