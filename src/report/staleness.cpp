#include "ftcost/report/staleness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "ftcost/report/report.hpp"

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
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& g) { return g.as_of == price.as_of && g.source == price.source; });
    if (group == groups.end()) group = groups.insert(groups.end(), Group{price.as_of, price.source, *now - *as_of, {}});
    group->ids.push_back(price.id);
  }
  std::vector<std::string> warnings;
  warnings.reserve(groups.size());
  for (const auto& g : groups) {
    warnings.push_back(
        fmt::format("{} {} {} {} days old (as of {}; limit {:g} days); check and override with --catalog",
                    g.ids.size() == 1 ? "price" : "prices", fmt::join(g.ids, ", "), g.ids.size() == 1 ? "is" : "are",
                    g.age, g.as_of, max_age_days));
  }
  return warnings;
}

std::vector<std::string> price_trust_warnings(const Report& report, const std::string& today) {
  std::vector<std::string> out;
  std::vector<std::string> seen;
  for (const auto& price : prices_used(report)) {
    const PriceFact* fact = report.price_facts.find(price.id);
    if (!fact || std::find(seen.begin(), seen.end(), fact->id) != seen.end()) continue;
    seen.push_back(fact->id);
    // API and fine-tune facts are keyed "id:"; name the entry, not one of its lines.
    const std::string name = fact->id.back() == ':' ? fact->id.substr(0, fact->id.size() - 1) : fact->id;
    if (!fact->verified) {
      out.push_back(
          fmt::format("price {} is unverified (recalled, assumed or derived; check it before relying on it)", name));
    }
    if (!fact->deprecated.empty()) {
      out.push_back(fmt::format("price {} is deprecated since {} (look for its successor)", name, fact->deprecated));
    }
    if (!fact->sunset.empty()) {
      out.push_back(fact->sunset <= today ? fmt::format("price {} reached its sunset on {}: it can no longer be bought",
                                                        name, fact->sunset)
                                          : fmt::format("price {} has a sunset on {}", name, fact->sunset));
    }
    if (fact->kind == "gpu_only") {
      out.push_back(
          fmt::format("price {} is the GPU component only: the VM it is attached to is billed on top and "
                      "not included",
                      name));
    } else if (!fact->kind.empty() && fact->kind != comparable_kind(fact->basis)) {
      out.push_back(fmt::format("price {} is a {} price, not comparable with {} {} prices", name, fact->kind,
                                fact->basis, comparable_kind(fact->basis)));
    }
  }
  return out;
}

}  // namespace ftcost
