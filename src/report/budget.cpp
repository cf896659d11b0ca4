#include "ftcost/report/budget.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftcost {

bool BudgetResult::exceeded() const { return breaches() > 0; }

std::size_t BudgetResult::breaches() const {
  return static_cast<std::size_t>(
      std::count_if(limits.begin(), limits.end(), [](const BudgetLimitResult& l) { return l.exceeded; }));
}

double training_cost_over_horizon(const OptionReport& option, double horizon_months) {
  double total = 0;
  for (const auto& line : option.lines) {
    const SummaryRow row = summary_row_of(line.kind);
    if (row != SummaryRow::training && row != SummaryRow::vendor_finetuning &&
        row != SummaryRow::retraining_and_storage) {
      continue;
    }
    total += line.recurrence == Recurrence::one_time ? line.amount() : line.amount() * horizon_months;
  }
  return total;
}

namespace {

// An absent value (a cost per query at zero volume) cannot be within any limit.
BudgetLimitResult upper_limit(std::string limit, std::string flag, std::string label, std::string unit,
                              double limit_value, std::optional<double> value) {
  BudgetLimitResult out{
      std::move(limit), std::move(flag), std::move(label), std::move(unit), limit_value, value, 0, false};
  out.exceeded = !value || *value > limit_value;
  out.overshoot = value && out.exceeded ? *value - limit_value : 0;
  return out;
}

std::vector<std::string> option_ids(const Report& report) {
  std::vector<std::string> ids;
  for (const auto& option : report.options) ids.push_back(option.id);
  return ids;
}

}  // namespace

BudgetResult evaluate_budget(const Report& report, const BudgetLimits& limits) {
  const auto found = std::find_if(report.options.begin(), report.options.end(),
                                  [&](const OptionReport& o) { return o.id == limits.option; });
  if (found == report.options.end()) {
    throw InputError(limits.option_where, "budget.option",
                     fmt::format("no option '{}' in this estimate", limits.option),
                     fmt::format("use one of: {}", fmt::join(option_ids(report), ", ")));
  }
  const OptionReport& option = *found;
  const double h = report.horizon_months;
  BudgetResult result;
  result.option = option.id;
  result.option_label = option.label;
  auto& out = result.limits;
  if (limits.max_total_usd) {
    out.push_back(upper_limit("max_total_usd", "--max-total", fmt::format("Total over {:g} months", h), "USD",
                              *limits.max_total_usd, option.totals.horizon_total));
  }
  if (limits.max_monthly_usd) {
    out.push_back(upper_limit("max_monthly_usd", "--max-monthly", "Monthly", "USD", *limits.max_monthly_usd,
                              option.totals.monthly));
  }
  if (limits.max_one_time_usd) {
    out.push_back(upper_limit("max_one_time_usd", "--max-one-time", "One-time", "USD", *limits.max_one_time_usd,
                              option.totals.one_time));
  }
  if (limits.max_training_usd) {
    out.push_back(upper_limit("max_training_usd", "--max-training", fmt::format("Training over {:g} months", h), "USD",
                              *limits.max_training_usd, training_cost_over_horizon(option, h)));
  }
  if (limits.max_cost_per_1k_queries_usd) {
    out.push_back(upper_limit("max_cost_per_1k_queries_usd", "--max-cost-per-1k-queries", "Cost per 1,000 queries",
                              "USD", *limits.max_cost_per_1k_queries_usd, option.totals.cost_per_1k_queries));
  }
  if (limits.require_break_even_within_months) {
    // The self-hosted fine-tune must pay back against every alternative; the latest payback counts.
    const double within = *limits.require_break_even_within_months;
    std::optional<double> latest = 0.0;
    for (const auto& be : report.break_even) {
      if (!be.month) {
        latest.reset();
        break;
      }
      latest = std::max(*latest, *be.month);
    }
    BudgetLimitResult limit{"require_break_even_within_months",
                            "--require-break-even-within",
                            "Break-even month of self-hosting (latest vs any alternative)",
                            "months",
                            within,
                            latest,
                            0,
                            false};
    limit.exceeded = !latest || *latest > within;
    limit.overshoot = latest && limit.exceeded ? *latest - within : 0;
    out.push_back(limit);
  }
  return result;
}

}  // namespace ftcost
