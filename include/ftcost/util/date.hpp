#pragma once
// Calendar dates as ftcost writes them: ISO 8601 "YYYY-MM-DD". The one parser every reader uses (price
// books' as_of, `catalog validate`, price staleness, --today, --as-of).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ftcost {

// Days since 1970-01-01 of "YYYY-MM-DD" (exactly ten characters, a real calendar day: no 2025-02-30);
// empty otherwise.
std::optional<long> days_since_epoch(std::string_view iso_date);

inline bool is_iso_date(std::string_view text) { return days_since_epoch(text).has_value(); }

// A calendar day as "YYYY-MM-DD".
std::string iso_date(std::chrono::sys_days day);

// Today's date (UTC) as "YYYY-MM-DD".
std::string today_iso();

}  // namespace ftcost
