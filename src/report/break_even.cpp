#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "ftcost/models/hosting.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

// Over the horizon H, self-hosting costs A_s + H·(F_s + R·k(Q)) and the per-token option costs
// A_o + H·(F_o + p·Q), where k(Q) is the replica count: max(min, ceil(Q/cap)) always-on, or
// max(min, Q/cap) autoscaled. Their difference falls linearly inside each replica step, so the
// crossings are found step by step in closed form rather than by search: autoscaled, the first is the
// only one; always-on, each step can hand the lead back for a while (bands).
namespace {

// Scale to zero: the replica count max(Q/cap, 1 − e^(−Q·w)) is not linear, so the first volume at
// which c + R·k(Q) − p·Q ≤ 0 is bracketed on a geometric grid (5% steps from one query a month) and
// then bisected.
template <typename Fail>
std::optional<double> scale_to_zero_break_even(const BreakEvenInputs& in, double c, Fail& fail) {
  HostingCurve curve;
  curve.replica_monthly = in.replica_monthly;
  curve.queries_per_replica_month = in.queries_per_replica_month;
  curve.min_replicas = in.min_replicas;
  curve.autoscaling = true;
  curve.wake_seconds = in.wake_seconds;
  auto gap = [&](double q) { return c + in.replica_monthly * curve.replicas(q) - in.other_cost_per_query * q; };
  if (gap(0) <= 0) return 0.0;
  constexpr double step = 1.05;
  constexpr double largest = 1e15;
  double low = 0;
  for (double q = 1; q <= largest; q *= step) {
    if (gap(q) <= 0) {
      double high = q;
      for (int i = 0; i < 100 && high - low > high * 1e-13; ++i) {
        const double mid = (low + high) / 2;
        (gap(mid) <= 0 ? high : low) = mid;
      }
      return high;
    }
    low = q;
  }
  return fail("scaled to zero, the self-hosted cost stays above the other option's at every volume");
}

// Against a dedicated deployment both sides add GPUs with volume, so self-hosting wins at high
// volume only when its cost per query of capacity is the lower one; past q_safe that lower slope keeps
// it cheaper whatever the replica steps. Below q_safe the gap between the two is linear between the
// volumes where either side adds a replica, so it is walked segment by segment: the first crossing
// is the break-even volume, and where a side's step makes the other option cheaper again, the bands
// are counted (the first and the last crossing bound them). A per-token option (no deployment) is
// walked the same way against an always-on fleet: each replica step costs a whole replica while the
// traffic it adds is worth little more on the API, so the API can be cheaper again above the first
// crossing.
template <typename Fail>
std::optional<double> stepped_break_even(const BreakEvenInputs& in, double c, Fail& fail, BreakEvenBands* bands) {
  HostingCurve self;
  self.replica_monthly = in.replica_monthly;
  self.queries_per_replica_month = in.queries_per_replica_month;
  self.min_replicas = in.min_replicas;
  self.autoscaling = in.autoscaling;
  self.wake_seconds = in.wake_seconds;
  const HostingCurve* other = in.other_deployment ? &*in.other_deployment : nullptr;
  auto gap = [&](double q) {
    return c + in.replica_monthly * self.replicas(q) - (other ? other->monthly(q) : 0.0) - in.other_cost_per_query * q;
  };
  const double self_slope = in.replica_monthly / in.queries_per_replica_month;
  const double other_slope =
      (other ? other->replica_monthly / other->queries_per_replica_month : 0.0) + in.other_cost_per_query;
  const double other_fixed = other ? other->fixed_monthly : 0.0;
  constexpr double largest = 1e15;  // queries a month: past any real volume, and a bounded search

  // The crossings of the gap's sign on [0, q_end], alternately: self-hosting becomes cheaper, the
  // other option does again. Where either side's replica count changes: each step of an always-on
  // fleet, the end of an autoscaled fleet's minimum. Scaled to zero, self-hosting's count is not
  // linear: a 1% grid.
  auto walk = [&](double q_end) {
    std::vector<double> edges{0.0, q_end};
    constexpr double most_edges = 200000;
    auto add_steps = [&](const HostingCurve& curve) {
      const double cap = curve.queries_per_replica_month;
      if (curve.scales_to_zero() || q_end / cap > most_edges) {
        for (double q = 1; q < q_end; q *= 1.01) edges.push_back(q);
        return;
      }
      if (curve.autoscaling) {
        edges.push_back(std::min(q_end, curve.min_replicas * cap));
        return;
      }
      for (double j = std::max(1.0, std::floor(curve.min_replicas)); j * cap < q_end; ++j) edges.push_back(j * cap);
    };
    add_steps(self);
    if (other) add_steps(*other);
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

    // On (a, b] the gap is g(a⁺) + slope·(q − a); its sign changes once at most.
    std::vector<double> crossings;
    bool cheaper = gap(0) <= 0;
    if (cheaper) crossings.push_back(0.0);
    for (std::size_t k = 1; k < edges.size(); ++k) {
      const double a = edges[k - 1], b = edges[k];
      if (b <= a) continue;
      const double third = (b - a) / 3;
      const double g1 = gap(a + third), g2 = gap(a + 2 * third);
      const double slope = (g2 - g1) / third;
      const double at_start = g1 - slope * third;
      // Extrapolated, not gap(b): b = j·cap can land a hair past the step in floating point and so
      // count the next replica already.
      const double at_end = at_start + slope * (b - a);
      if ((at_start <= 0) != cheaper) {  // the step at a changed sides
        cheaper = at_start <= 0;
        crossings.push_back(a);
      }
      if ((at_end <= 0) != cheaper && slope != 0) {
        cheaper = at_end <= 0;
        crossings.push_back(std::clamp(a - at_start / slope, a, b));
      }
    }
    return crossings;
  };

  if (self_slope >= other_slope) {
    const std::string why =
        other ? fmt::format(
                    "a self-hosted replica costs {}/month for {} queries a month and the dedicated "
                    "deployment's {}/month for {}, so more volume never pays the fixed costs back",
                    format_usd(in.replica_monthly), short_quantity(in.queries_per_replica_month),
                    format_usd(other->replica_monthly), short_quantity(other->queries_per_replica_month))
        : in.other_cost_per_query > 0
            ? fmt::format(
                  "each replica costs {}/month and carries traffic worth {}/month on the "
                  "other option, so more volume never pays the fixed costs back",
                  format_usd(in.replica_monthly), format_usd(in.other_cost_per_query * in.queries_per_replica_month))
            : std::string("the other option's cost does not grow with volume, so more queries only favour it");
    // Cheaper at low volume, it loses for good once its replicas outgrow the other's: past q_end
    // even the fewest replicas the traffic needs cost more than the most the other option can bill.
    if (gap(0) <= 0 && self_slope > other_slope) {
      // (A little past the bound: an autoscaled fleet's gap reaches zero exactly there.)
      const double q_end = (other_fixed + (other ? other->replica_monthly * (other->min_replicas + 1) : 0.0) - c) /
                               (self_slope - other_slope) * 1.01 +
                           in.queries_per_replica_month;
      if (std::isfinite(q_end) && q_end <= largest) {
        const std::vector<double> crossings = walk(std::max(q_end, 0.0));
        if (crossings.size() >= 2) {
          if (bands) {
            bands->only_below = crossings[1];
            bands->only_below_last = crossings.back();
            bands->only_below_more = static_cast<int>((crossings.size() - 2) / 2);
          }
          const std::size_t more = (crossings.size() - 2) / 2;
          return fail(fmt::format("self-hosting costs less only below {} queries/month{}: {}",
                                  short_quantity(crossings[1]),
                                  more ? fmt::format(" and in {} more band{} up to {}", more, more > 1 ? "s" : "",
                                                     short_quantity(crossings.back()))
                                       : std::string{},
                                  why));
        }
      }
    }
    return fail(why);
  }
  const double q_safe =
      std::max(0.0, (c + in.replica_monthly * (in.min_replicas + 1) - other_fixed) / (other_slope - self_slope));
  if (!std::isfinite(q_safe) || q_safe > largest) {
    return fail("self-hosting would pay back only above 1e15 queries a month");
  }
  const std::vector<double> crossings = walk(q_safe);
  if (crossings.empty()) return q_safe;
  if (bands && crossings.size() > 1) {
    bands->count = static_cast<int>((crossings.size() - 1) / 2);
    bands->first_from = crossings[1];
    bands->first_to = crossings.size() > 2 ? crossings[2] : q_safe;
    bands->last_crossing = crossings.back();
    for (std::size_t k = 1; k + 1 < crossings.size(); k += 2) bands->all.emplace_back(crossings[k], crossings[k + 1]);
  }
  return crossings.front();
}

// An always-on fleet against a per-token option, in closed form: inside replica step k (volumes
// ((k − 1)·cap, k·cap]) the gap c + R·k − p·Q falls from c + R − margin·(k − 1) to c − margin·k, with
// margin = p·cap − R what a full replica saves. Self-hosting first gets cheaper in the first step
// whose end is at or below zero; the option is cheaper again at the start of every later step whose
// start is above zero, up to k < 1 + (c + R) / margin. A thin margin makes many such bands; counting
// them needs no walk.
template <typename Fail>
std::optional<double> always_on_break_even(const BreakEvenInputs& in, double c, Fail& fail, BreakEvenBands* bands) {
  const double p = in.other_cost_per_query;
  const double cap = in.queries_per_replica_month;
  const double r = in.replica_monthly;
  const double floor_replicas = std::max(0.0, std::ceil(in.min_replicas));
  const double margin = p * cap - r;
  if (margin <= 0) return std::nullopt;  // the walk decides (cheaper only below a volume, or never)
  double first = 0;
  double last_cheap_step = 0;  // the step in which self-hosting first gets cheaper (0: from zero volume)
  if (c + r * floor_replicas <= 0) {
    first = 0;
    last_cheap_step = floor_replicas;
  } else if (floor_replicas >= 1 && (c + r * floor_replicas) / p <= floor_replicas * cap) {
    first = (c + r * floor_replicas) / p;  // inside the minimum replicas
    last_cheap_step = floor_replicas;
  } else {
    const double k = std::max(floor_replicas + 1, std::ceil(c / margin));
    first = (c + r * k) / p;
    last_cheap_step = k;
  }
  // Later steps whose start is above zero: k from last_cheap_step + 1 while k − 1 < (c + R) / margin.
  // (A start that rounding leaves a hair above zero is no band.)
  const double bound = (c + r - 1e-9 * (std::fabs(c) + r)) / margin;
  const double k_last = std::ceil(bound) == bound ? bound : std::floor(bound) + 1;  // largest k with k − 1 < bound
  const double count = k_last - last_cheap_step;
  if (bands && count >= 1) {
    const double k_first = last_cheap_step + 1;
    if (count > std::numeric_limits<int>::max()) return fail("the replica steps are too many to count their bands");
    bands->count = static_cast<int>(count);
    bands->first_from = (k_first - 1) * cap;
    bands->first_to = (c + r * k_first) / p;
    bands->last_crossing = (c + r * k_last) / p;
    // Every band is listed up to a bound (the recommendation looks for the one holding the expected
    // volume); the count and the ends above are exact whatever their number.
    constexpr double most_listed = 100000;
    for (double k = k_first; k <= std::min(k_last, k_first + most_listed - 1); ++k) {
      bands->all.emplace_back((k - 1) * cap, (c + r * k) / p);
    }
    const double k = std::ceil(in.volume_of_interest / cap);
    if (k > k_first + most_listed - 1 && k <= k_last && in.volume_of_interest <= (c + r * k) / p) {
      bands->all.emplace_back((k - 1) * cap, (c + r * k) / p);
    }
  }
  return first;
}

}  // namespace

BreakEvenInputs self_hosted_break_even_inputs(double horizon_months, double self_one_time,
                                              double self_fixed_monthly_without_hosting, const HostingCurve& curve) {
  BreakEvenInputs in;
  in.horizon_months = horizon_months;
  in.self_one_time = self_one_time;
  in.self_fixed_monthly = self_fixed_monthly_without_hosting + curve.fixed_monthly;
  in.replica_monthly = curve.replica_monthly;
  in.queries_per_replica_month = curve.queries_per_replica_month;
  in.min_replicas = curve.min_replicas;
  in.wake_seconds = curve.wake_seconds;
  in.autoscaling = curve.autoscaling;
  return in;
}

std::optional<double> break_even_volume(const BreakEvenInputs& in, std::string* why_not, BreakEvenBands* bands) {
  auto fail = [&](std::string reason) -> std::optional<double> {
    if (why_not) *why_not = std::move(reason);
    return std::nullopt;
  };
  const double h = in.horizon_months;
  const double p = in.other_cost_per_query;
  const double cap = in.queries_per_replica_month;
  const double r = in.replica_monthly;
  if (cap <= 0) return fail("a replica cannot serve this traffic");
  if (in.other_deployment) {
    if (in.other_deployment->queries_per_replica_month <= 0) {
      return fail("a replica of the dedicated deployment cannot serve this traffic");
    }
    const double c = (in.self_one_time - in.other_one_time) / h + in.self_fixed_monthly - in.other_fixed_monthly;
    return stepped_break_even(in, c, fail, bands);
  }
  // Constant part of self − other over the horizon, per month of horizon.
  const double c = (in.self_one_time - in.other_one_time) / h + in.self_fixed_monthly - in.other_fixed_monthly;
  // Always-on: the replica steps decide, in closed form while a full replica saves something.
  if (!in.autoscaling && p > 0) {
    if (const auto q = always_on_break_even(in, c, fail, bands)) return q;
  }
  // An option whose cost grows no faster than self-hosting's: cheaper only below a volume, or never.
  if (!in.autoscaling || p <= 0) return stepped_break_even(in, c, fail, bands);
  if (in.min_replicas <= 0 && in.wake_seconds > 0) return scale_to_zero_break_even(in, c, fail);

  // A replica that costs more than the traffic it carries: more volume only favours the API, though
  // self-hosting may still cost less below some volume.
  const double margin = p * cap - r;  // what one more fully used replica saves against the API
  if (margin <= 0) return stepped_break_even(in, c, fail, bands);
  // Within the minimum replica count: c + R·min − p·Q ≤ 0.
  const double base = c + r * in.min_replicas;
  const double first_segment_end = in.min_replicas * cap;
  if (base <= 0) return 0.0;
  if (base / p <= first_segment_end) return base / p;
  return c / (p - r / cap);
}

std::optional<double> break_even_month(double self_one_time, double self_monthly, double other_one_time,
                                       double other_monthly, double horizon_months) {
  if (self_one_time < other_one_time) {
    // Cheaper up front: from the start, unless dearer per month and its lead is spent within the
    // horizon (then the other option is the cheaper one from that month on).
    const auto until = cheaper_until_month(self_one_time, self_monthly, other_one_time, other_monthly);
    if (until && *until <= horizon_months) return std::nullopt;
    return 0.0;
  }
  // As much or more up front: cheaper only by saving every month (level costs are no break-even).
  if (self_monthly >= other_monthly) return std::nullopt;
  return (self_one_time - other_one_time) / (other_monthly - self_monthly);
}

std::optional<double> cheaper_until_month(double self_one_time, double self_monthly, double other_one_time,
                                          double other_monthly) {
  if (self_one_time >= other_one_time || self_monthly <= other_monthly) return std::nullopt;
  return (other_one_time - self_one_time) / (self_monthly - other_monthly);
}

}  // namespace ftcost
