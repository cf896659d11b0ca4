#include <algorithm>

#include "ftcost/report/report.hpp"

namespace ftcost {

std::vector<PriceRef> prices_used(const Report& report) {
  std::vector<PriceRef> out;
  for (const auto& option : report.options) {
    for (const auto& line : option.lines) {
      if (line.price.id.empty() || line.price.id == "derived") continue;
      const bool seen = std::any_of(out.begin(), out.end(), [&](const PriceRef& p) { return p.id == line.price.id; });
      if (!seen) out.push_back(line.price);
    }
  }
  return out;
}

}  // namespace ftcost
