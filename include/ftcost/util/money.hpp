#pragma once
#include <optional>
#include <string>

namespace ftcost {

// "$1,234", "$12.50", "$0.0042": US dollars at a precision that suits the amount.
std::string format_usd(double usd);
// A cost per query: "n/a" where there are no queries to divide by.
std::string format_usd(const std::optional<double>& usd);

// A unit price keeps its cents at any size: "$101.74", "$2,039.50", "$0.023".
std::string format_unit_price(double usd);

}  // namespace ftcost
