#pragma once
// RFC 4180 CSV for spreadsheets: a header, then one row per line item of every option (CRLF line
// ends, fields quoted only when needed, plain numbers without currency signs or separators).
#include <string>

#include "ftcost/render/render.hpp"

namespace ftcost {

// "a,b" -> "\"a,b\"", doubling embedded quotes.
std::string csv_field(const std::string& text);
// A plain number a spreadsheet reads (12 significant digits, no separators).
std::string csv_number(double value);

std::string render_csv(const Report& report);
std::string render_budget_csv(const BudgetResult& budget);

}  // namespace ftcost
