#include "ftcost/report/staleness.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftcost {

std::vector<std::string> stale_price_warnings(const std::vector<PriceRef>& prices, const std::string& today,
                                              double max_age_days) {
  const auto now = days_since_epoch(today);
  if (!now) return {};
  // Prices from one source and date (a vendor's input and output price, one wage table) make one
  // warning, in the order they were first used.
  struct Group {
    std::string as_of;
    std::string source;
    long age = 0;
    std::vector<std::string> ids;
  };
  std::vector<Group> groups;
  for (const auto& price : prices) {
    const auto as_of = days_since_epoch(price.as_of);
    if (!as_of || static_cast<double>(*now - *as_of) <= max_age_days) continue;
    auto group = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.as_of == price.as_of && g.source == price.source;
    });
    if (group == groups.end()) group = groups.insert(groups.end(), Group{price.as_of, price.source, *now - *as_of, {}});
    group->ids.push_back(price.id);
  }
  std::vector<std::string> warnings;
  warnings.reserve(groups.size());
  for (const auto& g : groups) {
    warnings.push_back(fmt::format("{} {} {} {} days old (as of {}; limit {:g} days); check and override with --catalog",
                                   g.ids.size() == 1 ? "price" : "prices", fmt::join(g.ids, ", "),
                                   g.ids.size() == 1 ? "is" : "are", g.age, g.as_of, max_age_days));
  }
  return warnings;
}

}  // namespace ftcost
