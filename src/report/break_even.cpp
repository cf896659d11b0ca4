#include <fmt/format.h>

#include <cmath>

#include "ftcost/report/report.hpp"

namespace ftcost {

// Over the horizon H, self-hosting costs A_s + H·(F_s + R·k(Q)) and the per-token option costs
// A_o + H·(F_o + p·Q), where k(Q) is the replica count: max(min, ceil(Q/cap)) always-on, or
// max(min, Q/cap) autoscaled. Their difference falls linearly inside each replica step, so the first
// crossing is found step by step in closed form rather than by search.
std::optional<double> break_even_volume(const BreakEvenInputs& in, std::string* why_not) {
  auto fail = [&](std::string reason) -> std::optional<double> {
    if (why_not) *why_not = std::move(reason);
    return std::nullopt;
  };
  const double h = in.horizon_months;
  const double p = in.other_cost_per_query;
  const double cap = in.queries_per_replica_month;
  const double r = in.replica_monthly;
  if (p <= 0) return fail("the other option has no per-query cost");
  if (cap <= 0) return fail("a replica cannot serve this traffic");
  // Constant part of self − other over the horizon, per month of horizon.
  const double c = (in.self_one_time - in.other_one_time) / h + in.self_fixed_monthly - in.other_fixed_monthly;

  // Within the minimum replica count: c + R·min − p·Q ≤ 0.
  const double base = c + r * in.min_replicas;
  const double first_segment_end = in.min_replicas * cap;
  if (base <= 0) return 0.0;
  if (base / p <= first_segment_end) return base / p;

  const double margin = p * cap - r;  // what one more fully used replica saves against the API
  if (margin <= 0) {
    return fail(fmt::format("each replica costs ${:.0f}/month and carries traffic worth ${:.0f}/month on the "
                            "other option, so more volume never pays the fixed costs back",
                            r, p * cap));
  }
  if (in.autoscaling) return c / (p - r / cap);
  // Always-on: first step k with c + k·R ≤ p·k·cap, i.e. k ≥ c / margin.
  const double k = std::max(in.min_replicas + 1.0, std::ceil(c / margin));
  return std::max((k - 1.0) * cap, (c + k * r) / p);
}

std::optional<double> break_even_month(double self_one_time, double self_monthly, double other_one_time,
                                       double other_monthly) {
  if (self_monthly >= other_monthly) return std::nullopt;
  return std::max(0.0, (self_one_time - other_one_time) / (other_monthly - self_monthly));
}

}  // namespace ftcost
