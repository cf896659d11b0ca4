#pragma once
// Budget checks for CI: each limit of a BudgetLimits compared with one option of a Report. The
// result is typed so every renderer shows the same limits, values and overshoots.
#include <optional>
#include <string>
#include <vector>

#include "ftcost/report/report.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

struct BudgetLimitResult {
  std::string limit;  // scenario field name: "max_total_usd"
  std::string flag;   // command-line flag: "--max-total"
  std::string label;  // what a person reads: "Total over 24 months"
  std::string unit;   // "USD" or "months"
  double limit_value = 0;
  std::optional<double> value;  // empty = never (break-even that does not happen)
  double overshoot = 0;         // value − limit when exceeded; 0 when within or when value is empty
  bool exceeded = false;
};

struct BudgetResult {
  std::string option;  // option id checked
  std::string option_label;
  std::vector<BudgetLimitResult> limits;

  bool exceeded() const;
  std::size_t breaches() const;
};

// The option's training spend over the horizon: first training round, re-training and checkpoint
// storage (self-hosted), or the vendor's training fees (managed fine-tune).
double training_cost_over_horizon(const OptionReport& option, double horizon_months);

// Throws InputError (at `limits.option_where`) when the option does not exist in the report.
BudgetResult evaluate_budget(const Report& report, const BudgetLimits& limits);

}  // namespace ftcost
