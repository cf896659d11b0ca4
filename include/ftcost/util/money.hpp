#pragma once
#include <fmt/format.h>

#include <optional>
#include <string>

namespace ftcost {

// "$1,234", "$12.50", "$0.0042": US dollars at a precision that suits the amount.
std::string format_usd(double usd);
// A cost per query: "n/a" where there are no queries to divide by.
std::string format_usd(const std::optional<double>& usd);

// A unit price keeps its cents at any size: "$101.74", "$2,039.50", "$0.023".
std::string format_unit_price(double usd);

// Appends "1234.50": dollars and cents, rounded as `{:.2f}` rounds them, without the general
// floating-point formatter (a sweep's hot path writes millions).
void append_cents(fmt::memory_buffer& out, double usd);

}  // namespace ftcost
