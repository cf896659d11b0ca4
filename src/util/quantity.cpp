#include "ftcost/util/quantity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

namespace ftcost {

namespace {

std::optional<double> suffix_multiplier(char suffix) {
  switch (suffix) {
    case 'k':
    case 'K':
      return 1e3;
    case 'M':
      return 1e6;
    case 'B':
    case 'b':  // "7b", as model names write a parameter count
    case 'G':
      return 1e9;
    case 'T':
    case 't':
      return 1e12;
    default:
      return std::nullopt;
  }
}

// A count spelled out, as papers write it ("7 billion", "1.4 trillion"): the scale, and the word
// removed from `cleaned`.
std::optional<double> strip_scale_word(std::string& cleaned) {
  constexpr std::pair<std::string_view, double> words[] = {
      {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12}};
  for (const auto& [word, scale] : words) {
    if (cleaned.size() <= word.size()) continue;
    const std::string_view tail = std::string_view(cleaned).substr(cleaned.size() - word.size());
    if (std::equal(tail.begin(), tail.end(), word.begin(),
                   [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
      cleaned.resize(cleaned.size() - word.size());
      return scale;
    }
  }
  return std::nullopt;
}

}  // namespace

QuantityParse parse_quantity(std::string_view text) {
  std::string cleaned;
  for (char c : text) {
    if (c == '_' || c == ',') continue;  // digit separators: 1_000_000 or 1,000,000
    if (c == ' ' || c == '\t') continue;
    cleaned.push_back(c);
  }
  if (cleaned.empty()) return {std::nullopt, "expected a number, got an empty value"};

  double multiplier = 1.0;
  if (auto scale = strip_scale_word(cleaned)) {
    multiplier = *scale;
  } else if (cleaned.back() == '%') {
    multiplier = 0.01;
    cleaned.pop_back();
  } else if (auto m = suffix_multiplier(cleaned.back())) {
    multiplier = *m;
    cleaned.pop_back();
  } else if (cleaned.back() == 'm') {
    return {std::nullopt, fmt::format("'{}' is ambiguous: write M for million", text)};
  }
  if (!cleaned.empty() && cleaned.front() == '+') cleaned.erase(0, 1);

  double value = 0.0;
  const char* first = cleaned.data();
  const char* last = first + cleaned.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (cleaned.empty() || ec != std::errc{} || ptr != last) {
    return {std::nullopt, fmt::format("'{}' is not a number", text)};
  }
  value *= multiplier;
  if (!std::isfinite(value)) return {std::nullopt, fmt::format("'{}' is not a finite number", text)};
  return {value, {}};
}

std::string short_quantity(double value) { return short_quantity(value, 3); }

std::string months_text(double months) {
  constexpr double tenth = 0.095;  // what {:.1f} still shows as 0.1
  return months == 0 || std::fabs(months) >= tenth ? fmt::format("{:.1f}", months) : fmt::format("{:.2g}", months);
}

std::string volume_text(double queries_per_month) {
  return queries_per_month == 0 ? "every volume" : short_quantity(queries_per_month) + " queries/month";
}

std::string count_text(long long count) {
  // Built forwards (g++ 12 misreads an insert into the middle of the string as an overlapping copy),
  // the magnitude unsigned so that the most negative count has one too.
  const unsigned long long magnitude =
      count < 0 ? 0ULL - static_cast<unsigned long long>(count) : static_cast<unsigned long long>(count);
  const std::string digits = std::to_string(magnitude);
  std::string out = count < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::vector<std::string> distinct_quantities(const std::vector<double>& values) {
  auto at = [&](int digits) {
    std::vector<std::string> out;
    out.reserve(values.size());
    for (double v : values) out.push_back(short_quantity(v, digits));
    return out;
  };
  auto distinct = [&](const std::vector<std::string>& texts) {
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (values[i] != values[i - 1] && texts[i] == texts[i - 1]) return false;
    }
    return true;
  };
  for (int digits = 3; digits <= 9; ++digits) {
    std::vector<std::string> texts = at(digits);
    if (distinct(texts)) return texts;
  }
  std::vector<std::string> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(std::fabs(v) < 9e18 ? count_text(std::llround(v)) : short_quantity(v, 9));
  return out;
}

std::pair<std::string, std::string> distinct_quantities(double from, double to) {
  for (int digits = 3; digits < 9; ++digits) {
    std::string a = short_quantity(from, digits), b = short_quantity(to, digits);
    if (a != b || from == to) return {a, b};
  }
  // Closer than nine digits: the whole numbers.
  if (std::fabs(from) < 9e18 && std::fabs(to) < 9e18)
    return {count_text(std::llround(from)), count_text(std::llround(to))};
  return {short_quantity(from, 9), short_quantity(to, 9)};
}

std::string short_quantity(double value, int digits) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  // Round to `digits` significant digits first and pick the suffix from the rounded value, so 999,700
  // becomes "1M" rather than "1e+03k".
  const double rounded = std::stod(fmt::format("{:.{}e}", value, digits - 1));
  const double magnitude = std::fabs(rounded);
  struct Step {
    double size;
    const char* suffix;
  };
  for (Step step : {Step{1e12, "T"}, Step{1e9, "B"}, Step{1e6, "M"}, Step{1e3, "k"}}) {
    if (magnitude >= step.size) {
      const double scaled = rounded / step.size;
      // Beyond 999T there is no larger suffix: whole units of T.
      return std::fabs(scaled) >= 1000 ? fmt::format("{:.0f}{}", scaled, step.suffix)
                                       : fmt::format("{:.{}g}{}", scaled, digits, step.suffix);
    }
  }
  return fmt::format("{:.{}g}", rounded, digits);
}

std::string format_share(double share) {
  const double percent = share * 100;
  if (!std::isfinite(percent) || share <= 0 || share >= 1) return fmt::format("{:.0f}%", percent);
  // Add decimals until the text is neither 0 nor 100: a share of 99.85% is "99.9%", never "100%".
  for (int decimals = 0; decimals <= 9; ++decimals) {
    const std::string text = fmt::format("{:.{}f}", percent, decimals);
    const double shown = std::stod(text);
    if (shown > 0 && shown < 100) return text + "%";
  }
  return percent < 50 ? "<0.000000001%" : ">99.999999999%";
}

}  // namespace ftcost
