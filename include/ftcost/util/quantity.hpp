#pragma once
// Human quantities in scenarios: "7B", "100k", "1.5M", "2e6", "1_000_000", "30%".
#include <optional>
#include <string>
#include <string_view>

namespace ftcost {

struct QuantityParse {
  std::optional<double> value;
  std::string problem;  // why it failed, when value is empty
};

// Suffixes: k/K = 1e3, M = 1e6, B/G = 1e9, T = 1e12; a trailing % divides by 100.
// Lower-case "m" is rejected because it could mean milli or million.
QuantityParse parse_quantity(std::string_view text);

// "1.5M", "100k", "7B": the short form used in tables and explanations.
std::string short_quantity(double value);

}  // namespace ftcost
