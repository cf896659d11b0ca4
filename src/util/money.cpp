#include "ftcost/util/money.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ftcost {

namespace {

std::string group_thousands(double rounded) {
  std::string digits = fmt::format("{:.0f}", std::fabs(rounded));
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out = digits.substr(0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) out.append(",").append(digits, i, 3);
  return out;
}

}  // namespace

std::string format_usd(double usd) {
  const char* sign = usd < 0 ? "-" : "";
  const double magnitude = std::fabs(usd);
  if (magnitude >= 100) return fmt::format("{}${}", sign, group_thousands(std::round(magnitude)));
  if (magnitude >= 0.1 || magnitude == 0) return fmt::format("{}${:.2f}", sign, magnitude);
  return fmt::format("{}${:.3g}", sign, magnitude);
}

std::string format_unit_price(double usd) {
  const char* sign = usd < 0 ? "-" : "";
  const double magnitude = std::fabs(usd);
  if (magnitude >= 0.1 || magnitude == 0) {
    const double cents = std::round(magnitude * 100.0);
    return fmt::format("{}${}.{:02.0f}", sign, group_thousands(std::floor(cents / 100.0)), std::fmod(cents, 100.0));
  }
  return fmt::format("{}${:.3g}", sign, magnitude);
}

std::string format_usd(const std::optional<double>& usd) { return usd ? format_usd(*usd) : "n/a"; }

}  // namespace ftcost
