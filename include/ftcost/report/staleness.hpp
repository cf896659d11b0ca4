#pragma once
// Old prices: every catalog price an estimate uses carries its as-of date; prices older than a
// configurable age are flagged (a warning, not an error — the estimate still runs).
#include <optional>
#include <string>
#include <vector>

#include "ftcost/models/cost_line.hpp"
#include "ftcost/report/warning.hpp"
#include "ftcost/util/date.hpp"  // days_since_epoch, today_iso

namespace ftcost {

inline constexpr double default_max_price_age_days = 365;

// A warning for prices whose as-of date is more than `max_age_days` before `today`, one per source
// and date, e.g. "prices gpt-4.1:input, gpt-4.1:output are 594 days old (as of 2025-04-14; limit 365 days); …".
// Prices without a date (the scenario's own values) are never stale. Code `stale_price`.
std::vector<Warning> stale_price_warnings(const std::vector<PriceRef>& prices, const std::string& today,
                                          double max_age_days);

struct Report;

// One warning per catalog price used that is unverified, deprecated or past (or near) its sunset, and
// per GPU price that is not an instance price (a gpu_only price leaves out the VM it is billed on), e.g.
// "price h800@deepseek-report/on_demand is unverified (recalled, assumed or derived: check it before relying on it)";
// each carries the prices of that entry the report uses.
std::vector<Warning> price_trust_warnings(const Report& report, const std::string& today);

}  // namespace ftcost
