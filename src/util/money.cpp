#include "ftcost/util/money.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

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
    // Six significant digits, at least the cents: a stored $0.175 or $1.5484 reads as itself, so
    // quantity × unit price reproduces the amount.
    const int integer_digits = magnitude >= 1 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 0;
    const int decimals = std::clamp(6 - integer_digits, 2, 6);
    std::string text = fmt::format("{:.{}f}", magnitude, decimals);
    const std::size_t point = text.find('.');
    while (text.size() - point - 1 > 2 && text.back() == '0') text.pop_back();
    return fmt::format("{}${}{}", sign, group_thousands(std::stod(text.substr(0, point))), text.substr(point));
  }
  return fmt::format("{}${:.4g}", sign, magnitude);
}

std::string format_usd(const std::optional<double>& usd) { return usd ? format_usd(*usd) : "n/a"; }

// Dollars and cents without the general floating-point formatter: the hot path of a sweep. Near a
// half cent, usd × 100 can round up in the multiplication (36,314.934999… → 3,631,493.5): there the
// general formatter rounds the exact value, as `{:.2f}` does everywhere else. (Two differences, out
// of a cost model's range: a negative amount that rounds to zero prints "0.00", and past about
// $4.5e13 a cent is below a double's resolution.)
void append_cents(fmt::memory_buffer& out, double usd) {
  const double scaled = usd * 100.0;
  if (std::fabs(scaled - std::floor(scaled) - 0.5) < 1e-6) {
    fmt::format_to(std::back_inserter(out), "{:.2f}", usd);
    return;
  }
  const long long cents = std::llround(scaled);
  const long long whole = cents / 100;
  const int fraction = static_cast<int>(cents < 0 ? -(cents % 100) : cents % 100);
  if (cents < 0 && whole == 0) out.push_back('-');
  fmt::format_to(std::back_inserter(out), "{}", whole);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + fraction / 10));
  out.push_back(static_cast<char>('0' + fraction % 10));
}

}  // namespace ftcost
