#include "ftcost/report/staleness.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>

#include "ftcost/report/report.hpp"

namespace ftcost {

std::vector<Warning> stale_price_warnings(const std::vector<PriceRef>& prices, const std::string& today,
                                          double max_age_days) {
  const auto now = days_since_epoch(today);
  if (!now) return {};
  // Prices from one source and date (a vendor's input and output price, one wage table) make one
  // warning, in the order they were first used.
  struct Group {
    std::string as_of;
    std::string source;
    long age = 0;
    std::vector<PriceRef> prices;
  };
  std::vector<Group> groups;
  for (const auto& price : prices) {
    const auto as_of = days_since_epoch(price.as_of);
    if (!as_of || static_cast<double>(*now - *as_of) <= max_age_days) continue;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& g) { return g.as_of == price.as_of && g.source == price.source; });
    if (group == groups.end()) group = groups.insert(groups.end(), Group{price.as_of, price.source, *now - *as_of, {}});
    group->prices.push_back(price);
  }
  std::vector<Warning> warnings;
  warnings.reserve(groups.size());
  for (auto& g : groups) {
    std::vector<std::string> ids;
    for (const auto& price : g.prices) ids.push_back(price.id);
    warnings.push_back(
        {"stale_price",
         fmt::format("{} {} {} {} days old (as of {}; limit {:g} days); check and override with --catalog",
                     ids.size() == 1 ? "price" : "prices", fmt::join(ids, ", "), ids.size() == 1 ? "is" : "are", g.age,
                     g.as_of, max_age_days),
         std::move(g.prices)});
  }
  return warnings;
}

std::vector<Warning> price_trust_warnings(const Report& report, const std::string& today) {
  std::vector<Warning> out;
  // Unverified entries of one source and date go in one warning, as stale ones do (prices
  // recalled from one vendor page are one thing to check, not several); a warning names one
  // source and one as-of date.
  struct UnverifiedGroup {
    std::string source;
    std::string as_of;
    std::vector<std::string> names;
    std::vector<PriceRef> prices;
  };
  std::vector<UnverifiedGroup> unverified;
  std::vector<std::string> seen;
  const std::vector<PriceRef> used = prices_used(report);
  for (const auto& price : used) {
    const PriceFact* fact = report.price_facts.find(price.id);
    if (!fact || std::find(seen.begin(), seen.end(), fact->id) != seen.end()) continue;
    seen.push_back(fact->id);
    // The prices of this entry the report uses (an API's input and output price share one fact).
    std::vector<PriceRef> prices;
    for (const auto& other : used) {
      if (report.price_facts.find(other.id) == fact) prices.push_back(other);
    }
    auto warn = [&](const char* code, std::string message) { out.push_back({code, std::move(message), prices}); };
    // API and fine-tune facts are keyed "id:"; name the entry, not one of its lines.
    const std::string name = fact->id.back() == ':' ? fact->id.substr(0, fact->id.size() - 1) : fact->id;
    if (!fact->verified) {
      const std::string source = price.source.str();
      auto group = std::find_if(unverified.begin(), unverified.end(),
                                [&](const UnverifiedGroup& g) { return g.source == source && g.as_of == price.as_of; });
      if (group == unverified.end()) group = unverified.insert(unverified.end(), {source, price.as_of, {}, {}});
      group->names.push_back(name);
      group->prices.insert(group->prices.end(), prices.begin(), prices.end());
    }
    if (!fact->deprecated.empty()) {
      warn("deprecated_price",
           fmt::format("price {} is deprecated since {} (look for its successor)", name, fact->deprecated));
    }
    if (!fact->sunset.empty()) {
      if (fact->sunset <= today) {
        warn("price_past_sunset",
             fmt::format("price {} reached its sunset on {}: it can no longer be bought", name, fact->sunset));
      } else {
        warn("price_sunset_ahead", fmt::format("price {} has a sunset on {}", name, fact->sunset));
      }
    }
    if (fact->kind == "gpu_only") {
      warn("gpu_only_price", fmt::format("price {} is the GPU component only: the VM it is attached to is billed on "
                                         "top and not included",
                                         name));
    } else if (!fact->kind.empty() && fact->kind != comparable_kind(fact->basis)) {
      warn("incomparable_price_kind",
           fmt::format("price {} is a {} price, not comparable with {} prices", name, fact->kind,
                       basis_kind_text(fact->basis, comparable_kind(fact->basis))));
    }
  }
  std::vector<Warning> grouped;
  for (auto& g : unverified) {
    const bool one = g.names.size() == 1;
    grouped.push_back({"unverified_price",
                       fmt::format("{} {} {} unverified (recalled, assumed or derived; check {} before relying on {})",
                                   one ? "price" : "prices", fmt::join(g.names, ", "), one ? "is" : "are",
                                   one ? "it" : "them", one ? "it" : "them"),
                       std::move(g.prices)});
  }
  out.insert(out.begin(), std::make_move_iterator(grouped.begin()), std::make_move_iterator(grouped.end()));
  return out;
}

}  // namespace ftcost
