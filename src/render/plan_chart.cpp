// `ftcost plan --chart pareto.svg`: the two Pareto frontiers side by side — total against training wall
// time (log scale: counts double) and against ms per output token — with the best plan and the
// scenario as written marked.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ftcost/render/plan.hpp"
#include "ftcost/render/svg.hpp"
#include "ftcost/util/money.hpp"

namespace ftcost {

namespace {

struct Panel {
  double left, top, width, height;
  double x_lo, x_hi, y_lo, y_hi;
  bool log_x;
  double x(double v) const {
    const double t =
        log_x ? (std::log10(v) - std::log10(x_lo)) / (std::log10(x_hi) - std::log10(x_lo)) : (v - x_lo) / (x_hi - x_lo);
    return left + std::clamp(t, 0.0, 1.0) * width;
  }
  double y(double v) const { return top + height - std::clamp((v - y_lo) / (y_hi - y_lo), 0.0, 1.0) * height; }
};

void draw_panel(SvgWriter& svg, const Panel& p, const std::string& x_label, const std::vector<PlanCandidate>& points,
                const std::optional<PlanCandidate>& as_written, double (*metric)(const PlanCandidate&)) {
  svg.rect(p.left, p.top, p.width, p.height, "#fafafa", "#ccc");
  for (int i = 0; i <= 4; ++i) {
    const double value = p.y_lo + (p.y_hi - p.y_lo) * i / 4;
    svg.line(p.left, p.y(value), p.left + p.width, p.y(value), "#e4e4e4");
    svg.text(p.left - 6, p.y(value) + 4, format_usd(value), 11, "end", "#555");
  }
  for (int i = 0; i <= 4; ++i) {
    const double value = p.log_x
                             ? std::pow(10.0, std::log10(p.x_lo) + (std::log10(p.x_hi) - std::log10(p.x_lo)) * i / 4)
                             : p.x_lo + (p.x_hi - p.x_lo) * i / 4;
    svg.text(p.x(value), p.top + p.height + 16, fmt::format("{:.3g}", value), 11, "middle", "#555");
  }
  svg.text(p.left + p.width / 2, p.top + p.height + 36, x_label, 12, "middle");
  std::vector<std::pair<double, double>> line;
  line.reserve(points.size());
  for (const auto& c : points) line.push_back({p.x(metric(c)), p.y(c.horizon_total_usd)});
  svg.polyline(line, "#1f77b4", 2);
  for (std::size_t i = 0; i < points.size(); ++i) {
    svg.circle(line[i].first, line[i].second, i == 0 ? 6 : 4, i == 0 ? "#2ca02c" : "#1f77b4", "#fff");
  }
  if (as_written) {
    svg.circle(p.x(metric(*as_written)), p.y(as_written->horizon_total_usd), 6, "#d62728", "#fff");
  }
}

double hours_of(const PlanCandidate& c) { return c.training_wall_hours; }
double ms_of(const PlanCandidate& c) { return c.ms_per_output_token; }

}  // namespace

std::string render_plan_chart(const PlanResult& plan) {
  if (!plan.best) {
    throw InputError({}, "--chart", "no plan meets the constraints, so there is no frontier to draw",
                     "relax the constraint the error names");
  }
  SvgWriter svg(chart_width, chart_height);
  svg.text(24, 30, xml_escape("Cheapest plans — " + plan.scenario_name), 16, "start", "#222", true);
  svg.text(24, 50, "Pareto frontiers: each point is the cheapest plan at its speed. Green: best plan; red: as written.",
           12, "start", "#555");
  double y_lo = std::numeric_limits<double>::infinity();
  double y_hi = 0;
  auto extend = [&](const PlanCandidate& c) {
    y_lo = std::min(y_lo, c.horizon_total_usd);
    y_hi = std::max(y_hi, c.horizon_total_usd);
  };
  for (const auto& c : plan.frontier_training) extend(c);
  for (const auto& c : plan.frontier_latency) extend(c);
  if (plan.as_written) extend(*plan.as_written);
  if (!(y_hi > y_lo)) y_hi = y_lo + 1;
  const double pad = (y_hi - y_lo) * 0.05;
  auto range = [&](const std::vector<PlanCandidate>& points, double (*metric)(const PlanCandidate&)) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = 0;
    for (const auto& c : points) {
      lo = std::min(lo, metric(c));
      hi = std::max(hi, metric(c));
    }
    if (plan.as_written) {
      lo = std::min(lo, metric(*plan.as_written));
      hi = std::max(hi, metric(*plan.as_written));
    }
    lo = std::max(lo, 1e-6);
    if (!(hi > lo)) hi = lo * 2;
    return std::pair{lo, hi};
  };
  const auto [h_lo, h_hi] = range(plan.frontier_training, hours_of);
  const auto [m_lo, m_hi] = range(plan.frontier_latency, ms_of);
  const Panel hours{110, 80, 330, 380, h_lo / 1.2, h_hi * 1.2, y_lo - pad, y_hi + pad, true};
  const Panel latency{560, 80, 310, 380, m_lo * 0.95, m_hi * 1.05, y_lo - pad, y_hi + pad, false};
  draw_panel(svg, hours, "training wall time per run, hours (log)", plan.frontier_training, plan.as_written, hours_of);
  draw_panel(svg, latency, "ms per output token", plan.frontier_latency, plan.as_written, ms_of);
  return svg.str();
}

}  // namespace ftcost
