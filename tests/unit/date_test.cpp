// One ISO-date parser (issue #13, deliverable 8) for price books, catalog validation, staleness and flags.
#include <catch2/catch.hpp>

#include "ftcost/util/date.hpp"

using namespace ftcost;

TEST_CASE("one ISO-date parser: calendar days only") {
  CHECK(days_since_epoch("1970-01-01") == 0);
  CHECK(days_since_epoch("2000-03-01") == 11017);  // 30 years × 365 + 7 leap days + 31 + 29 = 11,017
  CHECK_FALSE(days_since_epoch("2026-02-30"));
  CHECK_FALSE(days_since_epoch("2026-2-3"));
  CHECK_FALSE(days_since_epoch("May 2026"));
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2023-02-29"));
}

TEST_CASE("one ISO-date writer: a day as YYYY-MM-DD, padded") {
  // Day 11,017 is 2000-03-01 (above); day 0 the epoch; -1 the day before it.
  CHECK(iso_date(std::chrono::sys_days{std::chrono::days{11017}}) == "2000-03-01");
  CHECK(iso_date(std::chrono::sys_days{std::chrono::days{0}}) == "1970-01-01");
  CHECK(iso_date(std::chrono::sys_days{std::chrono::days{-1}}) == "1969-12-31");
  // Today written and read back by the one parser.
  CHECK(is_iso_date(today_iso()));
}
