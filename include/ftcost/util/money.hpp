#pragma once
#include <string>

namespace ftcost {

// "$1,234", "$12.50", "$0.0042": US dollars at a precision that suits the amount.
std::string format_usd(double usd);

}  // namespace ftcost
