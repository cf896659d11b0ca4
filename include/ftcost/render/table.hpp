#pragma once
// The terminal table: one column per option, one-time and monthly rows, break-even, prices used
// with their dates, and the defaults that were applied. `explain` adds every line item's formula
// and every intermediate value.
#include <string>

#include "ftcost/report/report.hpp"

namespace ftcost {

struct TableOptions {
  bool explain = false;
};

std::string render_table(const Report& report, const TableOptions& options = {});

}  // namespace ftcost
