#pragma once
// `ftcost sweep`: the horizon total of every option over a grid of one or two varied fields.
// The scenario is loaded once; each point sets a field of the resolved Scenario through set_number()
// (the loader's range check, then derive_defaults(), so values that follow the field move with it
// exactly as with `estimate --set`). Volume and horizon do not change any model's physics, so those
// points reuse the option curves of one report (one_time + H × monthly_at(Q)); other fields rebuild
// the report when their value changes.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/report/report.hpp"
#include "ftcost/scenario/resolve.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

enum class SweepPath { volume, horizon, rebuild };

// Every numeric_fields() entry can be swept; volume and horizon take the fast path.
const std::vector<NumericField>& sweepable_fields();
SweepPath sweep_path(const NumericField& field);

struct SweepAxis {
  const NumericField* field = nullptr;
  std::vector<double> values;
  std::string spec;  // as written, for errors
};

// "hosting.queries_per_month=10k..10M:log:25", "...=1..100:lin:12" or "...=1M,2M,5M".
// Throws InputError (located at "--vary SPEC") for unknown fields and malformed or out-of-range values.
SweepAxis parse_sweep_axis(const std::string& spec);

// The grid's points in order (first axis outermost). For each point `row(values, totals, cheapest)`
// receives the axis values, every option's horizon total (in report option order) and the index of
// the cheapest option. Throws InputError when a rebuilt point is infeasible.
using SweepRow = std::function<void(const double* values, const double* totals, std::size_t cheapest)>;
void run_sweep(const Scenario& scenario, const std::vector<SweepAxis>& axes, const SweepRow& row);

// The option ids, in the order run_sweep reports totals.
std::vector<std::string> sweep_option_ids(const Scenario& scenario);

}  // namespace ftcost
