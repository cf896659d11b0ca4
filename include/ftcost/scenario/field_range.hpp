#pragma once
// The valid range of a numeric scenario field, and the ranges several readers share: the loader
// checks a written value against them, and an override of a resolved scenario (a sweep point, a plan
// candidate) against the same object, so both refuse the same values with the same message.
#include <string>

#include "ftcost/util/error.hpp"

namespace ftcost {

struct Range {
  double min = 0;
  double max = 1e15;
  bool min_inclusive = false;  // false: value must be > min
  std::string hint;            // what a sensible value looks like
  bool whole = false;          // counts of things that come whole (GPUs, replicas)
};

// Throws InputError (at `where`, naming `field`) unless `value` is finite and inside `range`:
// "0 is out of range: it must be greater than 0 and at most 1200".
void check_range(double value, const Range& range, const SourceLocation& where, const std::string& field);

namespace ranges {
inline const Range positive{0, 1e15, false, ""};
inline const Range non_negative{0, 1e15, true, ""};
inline const Range share{0, 1, true, "a share between 0 and 1, or a percentage such as 30%"};
inline const Range months{0, 1200, false, "a number of months, e.g. 24"};
inline const Range tokens{0, 10e6, false, "tokens per example or query, e.g. 500"};
inline const Range whole_gpus{0, 100000, false, "a GPU count such as 1, 8 or 64, or `auto`", true};
inline const Range epochs{0, 1000, false, "usually 1 to 5"};
inline const Range trials{0, 10000, false, "full-length runs per round, e.g. 3"};
inline const Range peak_factor{1, 1000, true, "peak-hour traffic / average traffic, e.g. 3"};
inline const Range ops_fte{0, 1000, true, "a share of one engineer, e.g. 0.25"};
// 0 = scale to zero: with autoscaling, priced with a cold start and a minimum billed time per start.
inline const Range min_replicas{0, 100000, true, "replicas always up, e.g. 1 (0 scales to zero with autoscaling)",
                                true};
}  // namespace ranges

}  // namespace ftcost
