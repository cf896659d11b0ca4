#include "ftcost/report/totals.hpp"

namespace ftcost {

ScenarioTotals totals_of(const Report& report) {
  ScenarioTotals out;
  out.horizon_months = report.horizon_months;
  for (const auto& option : report.options) {
    OptionNumbers numbers;
    numbers.one_time = option.totals.one_time;
    numbers.monthly = option.totals.monthly;
    numbers.horizon_total = option.totals.horizon_total;
    for (const auto& line : option.lines) numbers.rows[summary_row_slot(summary_row(line).order)] += line.amount();
    out.options.push_back(numbers);
  }
  for (const auto& be : report.break_even) out.break_even.push_back({be.queries_per_month, be.month});
  return out;
}

ScenarioTotals evaluate_totals(const Scenario& scenario) { return totals_of(build_report(scenario)); }

}  // namespace ftcost
