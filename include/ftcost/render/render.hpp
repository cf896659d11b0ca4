#pragma once
// The one dispatch point from an output format to its renderer (src/render/<format>.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/report/budget.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/override.hpp"

namespace ftcost {

enum class OutputFormat { table, json, csv, markdown, html };

std::string to_string(OutputFormat format);
std::optional<OutputFormat> parse_output_format(std::string_view name);
inline const std::vector<std::string> output_format_names = {"table", "json", "csv", "markdown", "html"};

// Everything a renderer may show besides the report itself.
struct RenderOptions {
  bool explain = false;                // table: every formula and intermediate value
  bool color = false;                  // table: ANSI colour (only on a TTY without NO_COLOR)
  std::vector<Override> overrides;     // --set and --max-* used for this run
  std::optional<BudgetResult> budget;  // present when limits were checked
};

// The estimate in the chosen format.
std::string render_report(const Report& report, OutputFormat format, const RenderOptions& options = {});

// Only the budget result (`ftcost check`): per limit the value, the limit and the overshoot.
std::string render_budget(const Report& report, const BudgetResult& budget, OutputFormat format,
                          const RenderOptions& options = {});

// Colour is used only when writing to a terminal and NO_COLOR is unset or empty (https://no-color.org).
bool color_wanted(bool writing_to_stdout);
// The same decision from its inputs: `no_color` is NO_COLOR's value (nullptr when unset).
bool color_wanted(bool writing_to_stdout, bool stdout_is_terminal, const char* no_color);

}  // namespace ftcost

namespace ftcost {

// "$12,000", "7.5 months" or "never" for a budget value or limit in its unit.
std::string format_budget_amount(const BudgetLimitResult& limit, std::optional<double> amount);
// Why a limit without a value failed: the break-even never comes, or there are no queries.
std::string budget_missing_value(const BudgetLimitResult& limit);

}  // namespace ftcost
