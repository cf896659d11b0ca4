#pragma once
// Human quantities in scenarios: "7B", "100k", "1.5M", "2e6", "1_000_000", "30%".
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ftcost {

struct QuantityParse {
  std::optional<double> value;
  std::string problem;  // why it failed, when value is empty
};

// Suffixes: k/K = 1e3, M = 1e6, B/G = 1e9, T = 1e12; a trailing % divides by 100.
// Lower-case "m" is rejected because it could mean milli or million.
QuantityParse parse_quantity(std::string_view text);

// "1.5M", "100k", "7B", "1.86k": the short form used in tables and explanations, three significant
// digits, never an exponent for numbers a person reads (999,700 is "1M", not "1e+03k").
std::string short_quantity(double value);
// The same to `digits` significant digits.
std::string short_quantity(double value, int digits);
// A break-even month as people read it: one decimal ("7.3"), but two significant digits below a tenth
// ("0.028"), so a pay-back within days does not print as 0.0, which means "from the start".
std::string months_text(double months);
// A break-even volume: "1.5M queries/month", or "every volume" for 0.
std::string volume_text(double queries_per_month);
// Two ends of a range to the fewest significant digits (three at least) that tell them apart:
// "32.37M" and "32.43M" rather than "32.4M" twice.
std::pair<std::string, std::string> distinct_quantities(double from, double to);
// The same for several values read in order (a break-even, then a band's two ends): one precision
// for all, so no two neighbours that differ print alike.
std::vector<std::string> distinct_quantities(const std::vector<double>& values);
// A count in full with thousands separators: "107,802".
std::string count_text(long long count);

// A share (0–1) as a percentage with as few decimals as tell the truth: "74%", "99.9%" for 0.9985,
// "0.03%" for 0.0003. Only exactly 0 and 1 read "0%" and "100%".
std::string format_share(double share);

}  // namespace ftcost
