#include "ftcost/util/date.hpp"

#include <fmt/format.h>

#include <chrono>

namespace ftcost {

namespace {

// The value of the digits text[from, from + count); -1 when one is not a digit.
int digits(std::string_view text, std::size_t from, std::size_t count) {
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<long> days_since_epoch(std::string_view iso_date) {
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
  const int year = digits(iso_date, 0, 4);
  const int month = digits(iso_date, 5, 2);
  const int day = digits(iso_date, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return static_cast<long>(std::chrono::sys_days{date}.time_since_epoch().count());
}

std::string iso_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day date{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::string today_iso() { return iso_date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())); }

}  // namespace ftcost
