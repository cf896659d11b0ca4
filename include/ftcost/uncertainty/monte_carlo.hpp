#pragma once
// Monte Carlo over a scenario's uncertain inputs and one-at-a-time sensitivity (the tornado).
// Randomness comes only from the engine passed in, drawn through our own inverse CDFs, so the
// same seed gives the same output byte for byte on every platform.
#include <cstdint>
#include <random>

#include "ftcost/report/analysis.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/scenario.hpp"

namespace ftcost {

// Percentiles in the result are by nearest rank: the value at rank round(p × (n − 1)) of the
// sorted feasible samples. `report` is the deterministic report of `scenario` (for option ids and which rows exist).
// Throws InputError when every sample is infeasible.
UncertaintyResult run_monte_carlo(const Scenario& scenario, const Report& report, int samples, std::mt19937_64& engine);

// Each uncertain input at its P10 and P90 with the others at their deterministic values; bars
// ranked by their effect on each option's horizon cost and on each break-even volume.
SensitivityResult run_sensitivity(const Scenario& scenario, const Report& report);

// Writes `value`, clamped into the field's valid range, into `scenario`, and re-derives the values
// that follow it (derive_defaults).
void apply_input(Scenario& scenario, const UncertainInput& input, double value);

}  // namespace ftcost
