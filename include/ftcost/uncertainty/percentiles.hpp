#pragma once
// P10, P50 and P90 of a sample series: the hot spot of a Monte Carlo run once each sample costs
// under a microsecond, so they are found without sorting.
#include <vector>

#include "ftcost/report/analysis.hpp"

namespace ftcost {

// By nearest rank: the value at rank round(p × (n − 1)) of the sorted values, exactly as a sort
// would give. May reorder `values`; zeros for an empty series. +∞ entries (a break-even that never
// comes) sort last.
Percentiles nearest_rank_percentiles(std::vector<double>& values);

}  // namespace ftcost
