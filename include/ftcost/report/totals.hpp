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
  std::optional<int> training_gpus;  // the auto GPU count, when no memory input varies
};
EvaluationCache evaluation_cache_for(const Scenario& scenario);

// The same numbers straight from a scenario. Throws InputError like build_report when a model
// finds the scenario infeasible.
ScenarioTotals evaluate_totals(const Scenario& scenario, const EvaluationCache* cache = nullptr);
// The same, into `out`, reusing its storage (Monte Carlo calls it once per sample).
void evaluate_totals_into(const Scenario& scenario, ScenarioTotals& out, const EvaluationCache* cache = nullptr);

}  // namespace ftcost
