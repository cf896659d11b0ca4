#pragma once
// The numbers of a report without its text: per option the totals and one amount per summary row,
// and each break-even. Monte Carlo and sensitivity evaluate thousands of these, so
// `evaluate_totals` sums the models' priced lines (their LineTables, the same tables the line builders
// describe for build_report) without building any strings.
#include <array>
#include <optional>
#include <vector>

#include "ftcost/models/hosting.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

struct OptionNumbers {
  double one_time = 0;
  double monthly = 0;
  double horizon_total = 0;
  std::array<double, summary_row_count> rows{};  // one-time amount or monthly amount per summary row

  double row(SummaryRow which) const { return rows[row_index(which)]; }
};

// Adds each line's amount to its summary row and to the one-time or monthly total (by its kind's
// recurrence), in line order: the sums build_report takes over the same lines, to the last bit.
// `plan` sums its candidates' lines with it too.
template <class Lines>
void add_lines(OptionNumbers& option, const Lines& lines) {
  double one_time = option.one_time;  // in locals, so they stay in registers
  double monthly = option.monthly;
  for (const auto& line : lines) {
    const double amount = line.amount();
    option.rows[row_index(summary_row_of(line.kind))] += amount;
    if (recurrence_of(line.kind) == Recurrence::one_time) {
      one_time += amount;
    } else {
      monthly += amount;
    }
  }
  option.one_time = one_time;
  option.monthly = monthly;
}
// The horizon total of the lines added: one-time + horizon × monthly.
inline void finish_option(OptionNumbers& option, double horizon_months) {
  option.horizon_total = option.one_time + horizon_months * option.monthly;
}

struct BreakEvenNumbers {
  std::optional<double> queries_per_month;
  std::optional<double> month;
};

struct ScenarioTotals {
  double horizon_months = 0;
  std::vector<OptionNumbers> options;        // in report order: self-hosted, APIs, managed fine-tunes
  std::vector<BreakEvenNumbers> break_even;  // self-hosted against each other option, in order
};

// Read off a built report (the reference the fast path is tested against).
ScenarioTotals totals_of(const Report& report);

// Model results that stay the same across Monte Carlo samples because no uncertain input feeds
// them (the replica sizing and the training GPU count search). Built once per run.
struct EvaluationCache {
  std::optional<ReplicaSizing> replica;
  // Each managed fine-tune's dedicated deployment replica (empty for other offers), alike.
  std::vector<std::optional<ReplicaSizing>> deployments;
  std::optional<int> training_gpus;  // the auto GPU count, when no memory input varies
};
EvaluationCache evaluation_cache_for(const Scenario& scenario);

// The same numbers straight from a scenario. Throws InputError like build_report when a model
// finds the scenario infeasible.
ScenarioTotals evaluate_totals(const Scenario& scenario, const EvaluationCache* cache = nullptr);
// The same, into `out`, reusing its storage (Monte Carlo calls it once per sample).
void evaluate_totals_into(const Scenario& scenario, ScenarioTotals& out, const EvaluationCache* cache = nullptr);

}  // namespace ftcost
