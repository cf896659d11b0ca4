#include "ftcost/report/recommendation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ftcost/util/date.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::self_hosted_finetune:
      return "self_hosted_finetune";
    case Verdict::managed_finetune:
      return "managed_finetune";
    case Verdict::base_api:
      return "base_api";
  }
  return "?";
}

namespace {

// "never: <reason>" → "<reason>".
std::string never_reason(const std::string& note) { return note.substr(note.find(':') + 2); }

std::string percent(double share) { return format_share(share); }

Verdict verdict_of(const OptionReport& option) {
  switch (option.kind) {
    case OptionKind::self_hosted:
      return Verdict::self_hosted_finetune;
    case OptionKind::managed_finetune:
      return Verdict::managed_finetune;
    case OptionKind::managed_api:
      return Verdict::base_api;
  }
  return Verdict::base_api;
}

constexpr double days_per_month = 365.25 / 12;

// The earliest of an option's prices whose sunset falls on or before the horizon's end, counted
// from `today`; null when every price outlasts the horizon or there is no date to count from. The
// data lines are left out: every fine-tune shares them, and a retiring model that generates
// synthetic data is replaced by another, not by another option.
const PriceFact* sunset_within_horizon(const Report& report, const OptionReport& option, const std::string& today) {
  const std::optional<long> now = days_since_epoch(today);
  if (!now) return nullptr;
  const PriceFact* earliest = nullptr;
  for (const auto& line : option.lines) {
    if (line_kind_info(line.kind).stage == "data") continue;
    const PriceFact* fact = report.price_facts.find(line.price.id);
    if (!fact) continue;
    const std::optional<long> sunset = days_since_epoch(fact->sunset);
    if (!sunset || static_cast<double>(*sunset - *now) > report.horizon_months * days_per_month) continue;
    if (!earliest || fact->sunset < earliest->sunset) earliest = fact;
  }
  return earliest;
}

// The cheapest fine-tuned (or API) option among those that can be bought for the whole horizon;
// only when none can, the cheapest of all (the lifecycle caution then says why).
const OptionReport* cheapest_of(const Report& report, bool finetuned, const std::string& today) {
  const OptionReport* best = nullptr;
  const OptionReport* best_lasting = nullptr;
  for (const auto& option : report.options) {
    if ((option.kind != OptionKind::managed_api) != finetuned) continue;
    if (!best || option.totals.horizon_total < best->totals.horizon_total) best = &option;
    if (sunset_within_horizon(report, option, today)) continue;
    if (!best_lasting || option.totals.horizon_total < best_lasting->totals.horizon_total) best_lasting = &option;
  }
  return best_lasting ? best_lasting : best;
}

const BreakEven* break_even_against(const Report& report, const std::string& id) {
  for (const auto& be : report.break_even) {
    if (be.against == id) return &be;
  }
  return nullptr;
}

class Explainer {
 public:
  Explainer(const Scenario& scenario, const Report& report, std::string today)
      : s_(scenario), r_(report), today_(std::move(today)) {}

  Recommendation run() {
    const OptionReport* finetune = cheapest_of(r_, true, today_);  // always present: the self-hosted option
    const OptionReport* api = cheapest_of(r_, false, today_);
    const DecisionPlan& d = s_.decision;
    const double h = r_.horizon_months;
    const double q = r_.queries_per_month;

    if (!api) {
      choose(*finetune, fmt::format("{} is the cheapest way to get the fine-tuned model over {:g} months ({})",
                                    name(*finetune), h, format_usd(finetune->totals.horizon_total)));
    } else if (!d.expected_accuracy_gain) {
      const OptionReport& best = cheaper(*finetune, *api);
      choose(best, fmt::format("{} costs least over {:g} months: {} against {} for {}", name(best), h,
                               format_usd(best.totals.horizon_total),
                               format_usd(other(best, *finetune, *api).totals.horizon_total),
                               name(other(best, *finetune, *api))));
      out_.would_change.push_back("set decision.expected_accuracy_gain to weigh answer quality, not only cost");
    } else {
      const double gain = *d.expected_accuracy_gain;
      const double threshold = d.accuracy_gain_threshold;
      const double premium = finetune->totals.horizon_total - api->totals.horizon_total;
      if (gain < threshold) {
        if (premium >= 0) {
          choose(*api, fmt::format("fine-tuning is expected to add {} accuracy, below the {} that would justify it, "
                                   "and {} costs {} less over {:g} months",
                                   percent(gain), percent(threshold), name(*api), format_usd(premium), h));
          out_.would_change.push_back(
              fmt::format("an expected accuracy gain of at least {} would favour fine-tuning", percent(threshold)));
        } else {
          choose(*finetune,
                 fmt::format("{} costs {} less over {:g} months than {}, although the expected accuracy "
                             "gain ({}) is below the {} threshold",
                             name(*finetune), format_usd(-premium), h, name(*api), percent(gain), percent(threshold)));
        }
      } else if (d.value_per_query_usd) {
        // Fine-tuning's extra right answers are worth gain × value per query × every query served.
        const double value = gain * *d.value_per_query_usd * q * h;
        const bool pays = value >= premium;
        if (premium < 0) {
          // Cheaper and better: there is no extra cost for the gain to pay back.
          choose(*finetune, fmt::format("{} costs {} less over {:g} months than {} and is expected to add {} "
                                        "accuracy (worth {} at {} per query)",
                                        name(*finetune), format_usd(-premium), h, name(*api), percent(gain),
                                        format_usd(value), format_usd(*d.value_per_query_usd)));
        } else {
          choose(
              pays ? *finetune : *api,
              fmt::format("a {} accuracy gain at {} per query is worth {} over {:g} months, {} the extra cost of "
                          "{} ({} vs {} for {})",
                          percent(gain), format_usd(*d.value_per_query_usd), format_usd(value), h,
                          pays ? "more than" : "less than", name(*finetune), format_usd(finetune->totals.horizon_total),
                          format_usd(api->totals.horizon_total), name(*api)));
        }
        if (premium > 0 && gain > 0 && q * h > 0) {
          out_.would_change.push_back(
              fmt::format("fine-tuning pays for itself when a query is worth more than {}; "
                          "you value it at {}",
                          format_usd(premium / (gain * q * h)), format_usd(*d.value_per_query_usd)));
        }
      } else {
        choose(*finetune, fmt::format("fine-tuning is expected to add {} accuracy, above the {} threshold",
                                      percent(gain), percent(threshold)));
        if (premium > 0) {
          out_.reasons.push_back(
              fmt::format("it costs {} more over {:g} months than {} ({} vs {}); set "
                          "decision.value_per_query_usd to check that the gain is worth it",
                          format_usd(premium), h, name(*api), format_usd(finetune->totals.horizon_total),
                          format_usd(api->totals.horizon_total)));
        }
        out_.would_change.push_back(
            fmt::format("an expected gain below {} would favour {}", percent(threshold), name(*api)));
      }
    }
    explain_self_hosting();
    explain_uncertainty();
    explain_passed_over();
    explain_lifecycle();
    return out_;
  }

 private:
  // An option as the reasons name it: with its id when another option has the same label.
  std::string name(const OptionReport& option) const { return option_display_label(r_, option.id); }

  static const OptionReport& cheaper(const OptionReport& a, const OptionReport& b) {
    return b.totals.horizon_total < a.totals.horizon_total ? b : a;
  }
  static const OptionReport& other(const OptionReport& chosen, const OptionReport& a, const OptionReport& b) {
    return &chosen == &a ? b : a;
  }

  void choose(const OptionReport& option, std::string reason) {
    out_.verdict = verdict_of(option);
    out_.option = option.id;
    chosen_ = &option;
    const char* what = out_.verdict == Verdict::self_hosted_finetune ? "Fine-tune and self-host"
                       : out_.verdict == Verdict::managed_finetune   ? "Use a managed fine-tune"
                                                                     : "Use the base API with prompt engineering";
    out_.headline = fmt::format("{}: {}.", what, name(option));
    out_.reasons.push_back(std::move(reason));
  }

  // Self-hosting's break-evens against the options that last the horizon (all of them when none
  // does): the highest first crossing binds (self-hosting wins above it, outside any bands), "never"
  // against one of them means never, and the option whose bands reach highest says where, above
  // that volume, it still loses.
  struct SelfHostingVolume {
    const BreakEven* binding = nullptr;            // the highest first crossing, or a "never"
    const BreakEven* banded = nullptr;             // bands ending highest above the binding volume
    std::vector<std::pair<double, double>> bands;  // of `banded`, those above the binding volume
    const BreakEven* ceiling = nullptr;            // the lowest "cheaper only below" (a fixed-cost option)
  };
  SelfHostingVolume self_hosting_volume() const {
    auto volume = [](const BreakEven& be) {
      return be.queries_per_month ? *be.queries_per_month : std::numeric_limits<double>::infinity();
    };
    for (const bool lasting_only : {true, false}) {
      SelfHostingVolume out;
      for (const auto& option : r_.options) {
        if (option.kind == OptionKind::self_hosted || (lasting_only && !lasts(option))) continue;
        const BreakEven* be = break_even_against(r_, option.id);
        if (!be) continue;
        // An option self-hosting beats only below some volume caps the window instead of binding it.
        if (be->cheaper_only_below) {
          if (!out.ceiling || *be->cheaper_only_below < *out.ceiling->cheaper_only_below) out.ceiling = be;
          continue;
        }
        if (!out.binding || volume(*be) > volume(*out.binding)) out.binding = be;
        if (be->bands && (!out.banded || be->always_above > out.banded->always_above)) out.banded = be;
      }
      if (!out.binding && !out.ceiling) continue;
      if (out.banded && out.binding && out.binding->queries_per_month) {
        for (const auto& band : out.banded->band_list) {
          if (band.second > *out.binding->queries_per_month) out.bands.push_back(band);
        }
      }
      if (out.bands.empty()) out.banded = nullptr;
      return out;
    }
    return {};
  }

  // The band of `v` holding the expected volume, if any.
  const std::pair<double, double>* band_holding_expected(const SelfHostingVolume& v) const {
    const double q = r_.queries_per_month;
    const auto inside = std::find_if(v.bands.begin(), v.bands.end(),
                                     [&](const auto& band) { return band.first < q && q <= band.second; });
    return inside != v.bands.end() ? &*inside : nullptr;
  }

  // "A–B" with the digits that tell the ends apart.
  static std::string range_text(const std::pair<double, double>& band) {
    const auto [from, to] = distinct_quantities(band.first, band.second);
    return fmt::format("{}–{}", from, to);
  }

  // "from A to B queries/month, where X is cheaper" or "in N bands where X is cheaper, the first A–B;
  // always above L".
  std::string bands_text(const SelfHostingVolume& v) const {
    const std::string other = name(*find_option(r_, v.banded->against));
    const auto& first = v.bands.front();
    if (v.bands.size() == 1) {
      const auto [from, to] = distinct_quantities(first.first, first.second);
      return fmt::format("from {} to {} queries/month, where {} is cheaper", from, to, other);
    }
    // The list may stop short of a very large count; the count and the last end are the break-even's.
    const std::size_t below = v.banded->band_list.size() - v.bands.size();
    const auto [from, to] = distinct_quantities(first.first, first.second);
    return fmt::format("in {} bands where {} is cheaper, the first {}–{}; always above {}",
                       count_text(v.banded->bands - static_cast<int>(below)), other, from, to,
                       short_quantity(v.banded->always_above));
  }

  // The volume fact: where self-hosting starts to win against every other option (or loses to its
  // best rival), against the volume the scenario expects.
  void explain_self_hosting() {
    const std::string expected = short_quantity(r_.queries_per_month);
    const SelfHostingVolume v = self_hosting_volume();
    if (chosen_->kind == OptionKind::self_hosted) {
      // The rival: the cheapest other option that lasts the horizon.
      const OptionReport* rival = nullptr;
      for (const auto& option : r_.options) {
        if (option.kind == OptionKind::self_hosted || !lasts(option)) continue;
        if (!rival || option.totals.horizon_total < rival->totals.horizon_total) rival = &option;
      }
      if (!rival) return;
      const BreakEven* be = break_even_against(r_, rival->id);
      // Chosen for its accuracy, self-hosting can cost more than its rival at the expected volume:
      // the volume fact then says so instead of reading as a reason for the choice.
      const bool cheaper_here = chosen_->totals.horizon_total <= rival->totals.horizon_total;
      if (be && be->cheaper_only_below) {
        out_.reasons.push_back(fmt::format("self-hosting beats {} only below {} queries/month; you expect {}",
                                           name(*rival), short_quantity(*be->cheaper_only_below), expected));
      }
      // Every option self-hosting beats only below some volume: above it that option costs less.
      for (const auto& option : r_.options) {
        const BreakEven* capped =
            option.kind == OptionKind::self_hosted || !lasts(option) ? nullptr : break_even_against(r_, option.id);
        if (!capped || !capped->cheaper_only_below) continue;
        out_.would_change.push_back(fmt::format("above {} queries/month {} would cost less",
                                                short_quantity(*capped->cheaper_only_below), name(option)));
      }
      if (be && be->queries_per_month) {
        const double q = *be->queries_per_month;
        const std::string from = q > 0 ? fmt::format("above {} queries/month", short_quantity(q)) : "at every volume";
        out_.reasons.push_back(
            cheaper_here
                ? fmt::format("self-hosting beats {} {}{}; you expect {}", name(*rival), from, bands_of(*be), expected)
                : fmt::format("at the {} queries/month you expect {} costs less ({} vs {}); self-hosting beats it "
                              "{}{}",
                              expected, name(*rival), format_usd(rival->totals.horizon_total),
                              format_usd(chosen_->totals.horizon_total), from, bands_of(*be)));
      }
      if (cheaper_here && v.binding && v.binding->queries_per_month && *v.binding->queries_per_month > 0) {
        out_.would_change.push_back(fmt::format("below {} queries/month {} would cost less",
                                                short_quantity(*v.binding->queries_per_month),
                                                name(*find_option(r_, v.binding->against))));
      }
      if (v.banded) {
        const auto [band_from, band_to] = distinct_quantities(v.banded->first_band_from, v.banded->first_band_to);
        out_.would_change.push_back(fmt::format("from {} to {} queries/month{} {} would cost less", band_from, band_to,
                                                v.banded->bands > 1 ? " (and in the other bands)" : "",
                                                name(*find_option(r_, v.banded->against))));
      }
      if (be && be->month) {
        out_.reasons.push_back(
            be->cheaper_until_month
                ? fmt::format("it costs less up front than {}, and that lead lasts until month {:.1f}, past the "
                              "{:g}-month horizon",
                              name(*rival), *be->cheaper_until_month, r_.horizon_months)
            : *be->month == 0 ? fmt::format("it costs less than {} from the start", name(*rival))
            : *be->month <= r_.horizon_months
                ? fmt::format("it recovers its up-front cost against {} in {:.1f} months", name(*rival), *be->month)
                : fmt::format("it would recover its up-front cost against {} only in {:.1f} months, after the "
                              "{:g}-month horizon",
                              name(*rival), *be->month, r_.horizon_months));
      }
      return;
    }
    if (!v.binding && !v.ceiling) return;
    if (v.binding && !v.binding->queries_per_month) {
      out_.reasons.push_back(fmt::format("self-hosting never wins against {} at any volume: {}",
                                         name(*find_option(r_, v.binding->against)),
                                         never_reason(v.binding->volume_note.text())));
      return;
    }
    // Above `from` self-hosting beats the options that grow with volume; below the ceiling it beats
    // those that do not: it wins only between the two.
    const double from = v.binding ? *v.binding->queries_per_month : 0.0;
    if (v.ceiling) {
      const double below = *v.ceiling->cheaper_only_below;
      const std::string capped = name(*find_option(r_, v.ceiling->against));
      if (from >= below) {
        out_.reasons.push_back(fmt::format(
            "self-hosting never wins: it costs less than {} only above {} queries/month and than {} only below {}",
            name(*find_option(r_, v.binding->against)), short_quantity(from), capped, short_quantity(below)));
        return;
      }
      const std::string window = from > 0
                                     ? fmt::format("between {} and {}", short_quantity(from), short_quantity(below))
                                     : fmt::format("below {}", short_quantity(below));
      // Windows above the ceiling where self-hosting beats that option again, and the binding
      // option's bands inside the window, where it does not.
      const int more = v.ceiling->cheaper_again_windows;
      const std::string again = more > 0
                                    ? fmt::format(" (and against {} in {} more window{} up to {})", capped, more,
                                                  more > 1 ? "s" : "", short_quantity(v.ceiling->cheaper_again_up_to))
                                    : std::string{};
      const std::string except = v.banded ? fmt::format(", except {}", bands_text(v)) : std::string{};
      const auto* inside = band_holding_expected(v);
      const std::string where = inside ? fmt::format(", inside the band {}", range_text(*inside)) : std::string{};
      out_.reasons.push_back(
          fmt::format("self-hosting would win only {} queries/month{} (above that {} costs less: its cost grows "
                      "more slowly with volume){}; you expect {}{}",
                      window, again, capped, except, expected, where));
      out_.would_change.push_back(fmt::format("volume {} queries/month would favour self-hosting{}", window,
                                              v.banded ? ", outside those bands" : ""));
      return;
    }
    const BreakEven& be = *v.binding;
    const OptionReport* against = find_option(r_, be.against);
    const std::string also =
        against != chosen_ ? fmt::format(", where it also costs less than {}", name(*against)) : std::string{};
    if (const auto* inside = band_holding_expected(v)) {
      // The expected volume sits in a band where the deployment is cheaper: say so, and where it is not.
      out_.reasons.push_back(
          fmt::format("self-hosting wins above {} queries/month except {}; you expect {}, inside "
                      "the band {}",
                      short_quantity(from), bands_text(v), expected, range_text(*inside)));
      out_.would_change.push_back(
          fmt::format("volume above {} queries/month, outside the bands (this one is {}), would favour self-hosting",
                      short_quantity(from), range_text(*inside)));
      return;
    }
    const std::string except = v.banded ? fmt::format(" (except {})", bands_text(v)) : std::string{};
    out_.reasons.push_back(fmt::format("self-hosting would win only above {} queries/month{}{}; you expect {}",
                                       short_quantity(from), also, except, expected));
    out_.would_change.push_back(fmt::format("volume above {} queries/month would favour self-hosting{}",
                                            short_quantity(from), v.banded ? ", outside those bands" : ""));
  }

  // A break-even with bands where the other option is cheaper again: a dedicated deployment's
  // replicas, or self-hosting's own replica steps against a per-token option.
  std::string bands_of(const BreakEven& be) const {
    if (!be.bands) return "";
    const OptionReport* other = find_option(r_, be.against);
    const std::string who = other && !other->hosting ? name(*other) : std::string("the dedicated deployment");
    const auto [from, to] = distinct_quantities(be.first_band_from, be.first_band_to);
    if (be.bands == 1) return fmt::format(" except from {} to {} queries/month, where {} is cheaper", from, to, who);
    return fmt::format(" except in {} bands where {} is cheaper (the first {}–{}); always above {}",
                       count_text(be.bands), who, from, to, short_quantity(be.always_above));
  }

  // Cheaper options left out because a price of theirs ends within the horizon: a verdict that
  // silently skipped the cheapest column would read as an error.
  void explain_passed_over() {
    const std::optional<long> now = days_since_epoch(today_);
    for (const auto& option : r_.options) {
      if (option.totals.horizon_total >= chosen_->totals.horizon_total || lasts(option) || !lasts(*chosen_)) continue;
      const PriceFact& fact = *sunset_within_horizon(r_, option, today_);
      const bool gone = now && days_since_epoch(fact.sunset) <= now;
      out_.reasons.push_back(fmt::format(
          "not recommended: {} would cost less ({}), but {}", name(option), format_usd(option.totals.horizon_total),
          gone ? fmt::format("{} reached its sunset on {} and can no longer be bought", price_name(fact), fact.sunset)
               : fmt::format("{} has a sunset on {}, within the {:g}-month horizon", price_name(fact), fact.sunset,
                             r_.horizon_months)));
    }
  }

  // Whether every price of the option can still be bought at the horizon's end.
  bool lasts(const OptionReport& option) const { return !sunset_within_horizon(r_, option, today_); }

  // A price fact's id without the trailing ':' of an option-wide fact.
  static std::string price_name(const PriceFact& fact) {
    return fact.id.back() == ':' ? fact.id.substr(0, fact.id.size() - 1) : fact.id;
  }

  // A chosen option whose vendor is retiring one of its prices (a managed fine-tuning platform being
  // wound down) may not last the horizon: say so beside the verdict, not only among the warnings.
  void explain_lifecycle() {
    const std::optional<long> now = days_since_epoch(today_);
    // The most urgent of the option's prices: the earliest sunset, else the earliest deprecation.
    const PriceFact* urgent = nullptr;
    for (const auto& line : chosen_->lines) {
      if (line_kind_info(line.kind).stage == "data") continue;  // shared by every fine-tune, as above
      const PriceFact* fact = r_.price_facts.find(line.price.id);
      if (!fact || (fact->sunset.empty() && fact->deprecated.empty())) continue;
      const auto key = [](const PriceFact* f) {
        return std::pair{f->sunset.empty() ? std::string("9999") : f->sunset, f->deprecated};
      };
      if (!urgent || key(fact) < key(urgent)) urgent = fact;
    }
    if (const PriceFact* fact = urgent) {
      const std::string name = price_name(*fact);
      const std::string since = fact->deprecated.empty() ? "" : fmt::format(" (deprecated since {})", fact->deprecated);
      const std::optional<long> sunset = days_since_epoch(fact->sunset);
      if (sunset && now && *sunset <= *now) {
        out_.reasons.push_back(fmt::format(
            "caution: {} reached its sunset on {}{}: it can no longer be bought, so this verdict holds only for "
            "what is already running; price its successor with --catalog",
            name, fact->sunset, since));
        out_.would_change.push_back(fmt::format("{} can no longer be bought: the next option is the answer", name));
      } else if (sunset && now && static_cast<double>(*sunset - *now) > r_.horizon_months * days_per_month) {
        if (!since.empty()) {
          out_.reasons.push_back(
              fmt::format("note: {} is deprecated since {}; its sunset, {}, falls after the "
                          "{:g}-month horizon",
                          name, fact->deprecated, fact->sunset, r_.horizon_months));
        }
      } else if (sunset) {
        out_.reasons.push_back(
            fmt::format("caution: {} has a sunset on {}{}{}; plan its successor", name, fact->sunset, since,
                        now ? fmt::format(", within the {:g}-month horizon", r_.horizon_months) : std::string{}));
      } else {
        out_.reasons.push_back(
            fmt::format("caution: {} is deprecated since {}; plan its successor within the "
                        "{:g}-month horizon",
                        name, fact->deprecated, r_.horizon_months));
      }
    }
  }

  void explain_uncertainty() {
    if (!r_.uncertainty) return;
    for (const auto& option : r_.uncertainty->options) {
      if (option.id != out_.option) continue;
      out_.reasons.push_back(fmt::format("it is the cheapest option in {} of {} Monte Carlo samples",
                                         percent(option.probability_cheapest), r_.uncertainty->samples));
    }
  }

  const Scenario& s_;
  const Report& r_;
  Recommendation out_;
  const OptionReport* chosen_ = nullptr;
  std::string today_;
};

}  // namespace

Recommendation recommend(const Scenario& scenario, const Report& report, const std::string& today) {
  return Explainer(scenario, report, today).run();
}

}  // namespace ftcost
