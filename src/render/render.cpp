#include "ftcost/render/render.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>

#include "ftcost/render/csv.hpp"
#include "ftcost/render/html.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/markdown.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/util/money.hpp"

namespace ftcost {

std::string to_string(OutputFormat format) {
  switch (format) {
    case OutputFormat::table:
      return "table";
    case OutputFormat::json:
      return "json";
    case OutputFormat::csv:
      return "csv";
    case OutputFormat::markdown:
      return "markdown";
    case OutputFormat::html:
      return "html";
  }
  return "?";
}

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "table") return OutputFormat::table;
  if (name == "json") return OutputFormat::json;
  if (name == "csv") return OutputFormat::csv;
  if (name == "markdown" || name == "md") return OutputFormat::markdown;
  if (name == "html") return OutputFormat::html;
  return std::nullopt;
}

std::string render_report(const Report& report, OutputFormat format, const RenderOptions& options) {
  switch (format) {
    case OutputFormat::table:
      return render_table(report, options);
    case OutputFormat::json:
      return render_json(report, options);
    case OutputFormat::csv:
      return render_csv(report);
    case OutputFormat::markdown:
      return render_markdown(report, options);
    case OutputFormat::html:
      return render_html(report, options);
  }
  return {};
}

std::string render_budget(const Report& report, const BudgetResult& budget, OutputFormat format,
                          const RenderOptions& options) {
  switch (format) {
    case OutputFormat::table:
      return render_budget_table(report, budget, options.color);
    case OutputFormat::json: {
      RenderOptions with_budget = options;
      with_budget.budget = budget;
      return render_json(report, with_budget);
    }
    case OutputFormat::csv:
      return render_budget_csv(budget);
    case OutputFormat::markdown:
      return render_budget_markdown(report, budget);
    case OutputFormat::html: {
      // One page to open: the estimate with the budget result at its top.
      RenderOptions with_budget = options;
      with_budget.budget = budget;
      return render_html(report, with_budget);
    }
  }
  return {};
}

bool color_wanted(bool writing_to_stdout, bool stdout_is_terminal, const char* no_color) {
  if (no_color && *no_color) return false;
  return writing_to_stdout && stdout_is_terminal;
}

bool color_wanted(bool writing_to_stdout) {
  return color_wanted(writing_to_stdout, ::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"));
}

std::string format_budget_amount(const BudgetLimitResult& limit, std::optional<double> amount) {
  if (!amount) return limit.unit == "months" ? "never" : "no queries";
  if (limit.unit == "months") return fmt::format("{:.1f} months", *amount);
  return format_usd(*amount);
}

std::string budget_missing_value(const BudgetLimitResult& limit) {
  return limit.unit == "months" ? "never breaks even" : "no queries: the cost per query is undefined";
}

}  // namespace ftcost
