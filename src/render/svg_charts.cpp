#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ftcost/render/svg.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"

namespace ftcost {

namespace {

const std::vector<std::string> palette = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
const std::string axis_color = "#444";
const std::string grid_color = "#e3e3e3";

struct Frame {
  double left, top, right, bottom;  // pixel edges of the plot area
  double width() const { return right - left; }
  double height() const { return bottom - top; }
};

std::string money_short(double usd) {
  if (std::fabs(usd) >= 1000) return fmt::format("${}", short_quantity(usd));
  return format_usd(usd);
}

// 1, 2 or 5 × 10^k steps giving about `target` ticks from 0 (or lo) to at least hi.
std::vector<double> nice_ticks(double lo, double hi, int target = 6) {
  if (hi <= lo) hi = lo + 1;
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double v = std::floor(lo / step) * step; v <= hi + step * 0.5; v += step) ticks.push_back(v);
  if (ticks.back() < hi) ticks.push_back(ticks.back() + step);
  return ticks;
}

struct Linear {
  double lo, hi, pixel_lo, pixel_hi;
  double operator()(double v) const { return pixel_lo + (v - lo) / (hi - lo) * (pixel_hi - pixel_lo); }
};

struct Log {
  double lo, hi, pixel_lo, pixel_hi;  // lo, hi > 0
  double operator()(double v) const {
    const double clamped = std::max(v, lo);
    return pixel_lo +
           (std::log10(clamped) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * (pixel_hi - pixel_lo);
  }
};

// Splits text into lines of at most `width` characters (code points) at spaces; a word longer than
// a line is split inside. Nothing is dropped.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  auto length = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::string> lines;
  std::string line;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    while (length(word) > width) {  // cut a long word at a character boundary
      if (!line.empty()) {
        lines.push_back(line);
        line.clear();
      }
      std::size_t cut = 0;
      for (std::size_t shown = 0; cut < word.size() && shown < width; ++shown) {
        ++cut;
        while (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) ++cut;
      }
      lines.push_back(word.substr(0, cut));
      word = word.substr(cut);
    }
    if (word.empty()) continue;
    if (!line.empty() && length(line) + 1 + length(word) > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

const std::string& color_of(std::size_t option_index) { return chart_color(option_index); }

std::size_t index_of(const Report& report, const std::string& id) {
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    if (report.options[i].id == id) return i;
  }
  return report.options.size();
}

constexpr std::size_t legend_chars = 30;  // what fits in the 240 px right of the plot at 12 px
constexpr double legend_line = 15;

void title(SvgWriter& svg, const std::string& main, const std::string& sub) {
  // Whole, however long (it may carry a label): a long title gets a smaller font instead of a cut.
  // About 0.6 em per character of bold sans-serif, within the 840 px right of the margin.
  std::size_t chars = 0;
  for (unsigned char c : main) chars += (c & 0xC0) != 0x80;
  const double size =
      std::min(18.0, (chart_width - 60.0) / (0.6 * static_cast<double>(std::max<std::size_t>(chars, 1))));
  svg.text(30, 32, main, size, "start", "#111", true);
  svg.text(30, 52, sub, 12, "start", "#555");
}

// One swatch per option with its whole label, wrapped; returns the y below the last entry.
double legend(SvgWriter& svg, const Report& report, double x, double y) {
  double row = y;
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    svg.rect(x, row - 10, 14, 14, color_of(i));
    for (const auto& part : wrap(option_display_label(report, report.options[i].id), legend_chars)) {
      svg.text(x + 20, row + 1, part, 12);
      row += legend_line;
    }
    row += 7;
  }
  return row;
}

const OptionReport* option_by_id(const Report& report, const std::string& id) {
  for (const auto& option : report.options) {
    if (option.id == id) return &option;
  }
  return nullptr;
}

std::string cumulative(const Report& report) {
  SvgWriter svg(chart_width, chart_height);
  const Frame f{90, 80, chart_width - 260.0, chart_height - 70.0};
  const double h = report.horizon_months;
  double top = 0;
  for (const auto& option : report.options) top = std::max({top, option.totals.horizon_total, option.totals.one_time});
  const std::vector<double> y_ticks = nice_ticks(0, top);
  // The x axis runs from month 0 to the horizon exactly: round ticks inside it, then the horizon.
  std::vector<double> x_ticks;
  const std::vector<double> round_ticks = nice_ticks(0, h, 8);
  const double x_step = round_ticks.size() > 1 ? round_ticks[1] - round_ticks[0] : h;
  for (double v : round_ticks) {
    if (v < h - 0.4 * x_step) x_ticks.push_back(v);
  }
  x_ticks.push_back(h);
  const Linear x{0, h, f.left, f.right};
  const Linear y{0, y_ticks.back(), f.bottom, f.top};

  title(svg, fmt::format("Cumulative cost over {:g} months", h),
        fmt::format("{} · {} queries/month · straight lines: one-time cost, then the monthly cost each month",
                    report.scenario_name, short_quantity(report.queries_per_month)));
  for (double v : y_ticks) {
    svg.line(f.left, y(v), f.right, y(v), grid_color);
    svg.text(f.left - 8, y(v) + 4, money_short(v), 11, "end", axis_color);
  }
  for (double v : x_ticks) {
    svg.line(x(v), f.bottom, x(v), f.bottom + 5, axis_color);
    svg.text(x(v), f.bottom + 20, fmt::format("{:g}", v), 11, "middle", axis_color);
  }
  svg.line(f.left, f.bottom, f.right, f.bottom, axis_color);
  svg.line(f.left, f.top, f.left, f.bottom, axis_color);
  svg.text(x(h) - 4, f.top + 12, "horizon", 11, "end", "#777");
  svg.text((f.left + f.right) / 2, chart_height - 25, "Month", 13, "middle", axis_color);
  svg.text(24, (f.top + f.bottom) / 2, "Cumulative cost (USD)", 13, "middle", axis_color, false, -90);

  for (std::size_t i = 0; i < report.options.size(); ++i) {
    const OptionTotals& t = report.options[i].totals;
    svg.polyline({{x(0), y(t.one_time)}, {x(h), y(t.horizon_total)}}, palette[i % palette.size()], 2.5);
  }
  // Crossings inside the horizon, each in the colour of the option it is against (the legend names
  // it), labelled with its month: where self-hosting becomes cheaper (break-even), or where a lead
  // it had from the start is spent.
  const OptionReport& self = report.options.front();
  int marked = 0, dots = 0, rings = 0;
  for (const auto& be : report.break_even) {
    const std::optional<double> crossing = be.cheaper_until_month ? be.cheaper_until_month : be.month;
    if (!crossing || *crossing <= 0 || *crossing > h) continue;
    const std::size_t other = index_of(report, be.against);
    if (other == report.options.size()) continue;
    const double m = *crossing;
    const double cost = self.totals.one_time + m * self.totals.monthly;
    // A break-even is a filled dot; the end of a lead self-hosting had from the start is a ring: no
    // break-even, as estimate and check say.
    const bool lead_spent = be.cheaper_until_month.has_value();
    if (lead_spent) {
      svg.circle(x(m), y(cost), 6, "white", color_of(other));
      ++rings;
    } else {
      svg.circle(x(m), y(cost), 6, color_of(other), "white");
      ++dots;
    }
    svg.text(x(m) + 8, y(cost) - 10 - 14 * marked,
             fmt::format("{}: month {}", lead_spent ? "lead spent" : "break-even", months_text(m)), 11, "start",
             color_of(other), true);
    ++marked;
  }
  double below = legend(svg, report, f.right + 20, f.top + 10);
  if (dots > 0) {
    svg.text(f.right + 20, below + 8, "● break-even", 11, "start", "#111");
    below += legend_line;
  }
  if (rings > 0) {
    svg.text(f.right + 20, below + 8, "○ self-hosting's lead spent", 11, "start", "#111");
    below += legend_line;
  }
  if (marked > 0) {
    svg.text(f.right + 20, below + 8, "  in the colour of the option", 11, "start", "#111");
    svg.text(f.right + 20, below + 8 + legend_line, "  it is against", 11, "start", "#111");
  }
  return svg.str();
}

// What the volume chart plots: the option's cost per month over the horizon with its one-time cost
// spread over it, i.e. its horizon total at that volume / the horizon. Two options' curves cross
// exactly where the break-even volume puts them level.
double spread_monthly_at(const Report& report, const OptionReport& option, double queries) {
  return option.horizon_total_at(queries, report.horizon_months) / report.horizon_months;
}

std::string volume(const Report& report) {
  SvgWriter svg(chart_width, chart_height);
  const Frame f{90, 80, chart_width - 260.0, chart_height - 70.0};
  double q_lo = report.queries_per_month > 0 ? report.queries_per_month : 1e5;
  double q_hi = q_lo;
  for (const auto& be : report.break_even) {
    if (be.queries_per_month && *be.queries_per_month > 0) {
      q_lo = std::min(q_lo, *be.queries_per_month);
      q_hi = std::max(q_hi, *be.queries_per_month);
    }
  }
  const double x_lo = std::pow(10.0, std::floor(std::log10(q_lo / 10)));
  const double x_hi = std::pow(10.0, std::ceil(std::log10(q_hi * 10)));
  constexpr int steps = 400;
  // The volumes plotted: an even log grid, plus each break-even volume and a hair either side of it,
  // so a crossing at a replica step (both sides add GPUs with volume) is drawn where it is.
  std::vector<double> volumes;
  for (int k = 0; k <= steps; ++k) volumes.push_back(x_lo * std::pow(x_hi / x_lo, static_cast<double>(k) / steps));
  for (const auto& be : report.break_even) {
    if (!be.queries_per_month || *be.queries_per_month <= x_lo || *be.queries_per_month >= x_hi) continue;
    for (const double nudge : {1 - 1e-9, 1.0, 1 + 1e-9}) volumes.push_back(*be.queries_per_month * nudge);
  }
  std::sort(volumes.begin(), volumes.end());
  std::vector<std::vector<double>> values(report.options.size());
  double y_min = std::numeric_limits<double>::infinity(), y_max = 0;
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    for (const double q : volumes) {
      const double v = std::max(spread_monthly_at(report, report.options[i], q), 1.0);
      values[i].push_back(v);
      y_min = std::min(y_min, v);
      y_max = std::max(y_max, v);
    }
  }
  const double y_lo = std::pow(10.0, std::floor(std::log10(y_min)));
  const double y_hi = std::pow(10.0, std::ceil(std::log10(y_max)));
  const Log x{x_lo, x_hi, f.left, f.right};
  const Log y{y_lo, y_hi, f.bottom, f.top};

  title(svg, fmt::format("Cost per month over {:g} months against monthly query volume", report.horizon_months),
        fmt::format("{} · one-time costs spread over the horizon · log axes · self-hosting adds a replica at a time",
                    report.scenario_name));
  for (double v = y_lo; v <= y_hi * 1.0001; v *= 10) {
    svg.line(f.left, y(v), f.right, y(v), grid_color);
    svg.text(f.left - 8, y(v) + 4, money_short(v), 11, "end", axis_color);
  }
  for (double v = x_lo; v <= x_hi * 1.0001; v *= 10) {
    svg.line(x(v), f.top, x(v), f.bottom, grid_color);
    svg.text(x(v), f.bottom + 20, short_quantity(v), 11, "middle", axis_color);
  }
  svg.line(f.left, f.bottom, f.right, f.bottom, axis_color);
  svg.line(f.left, f.top, f.left, f.bottom, axis_color);
  svg.text((f.left + f.right) / 2, chart_height - 25, "Queries per month", 13, "middle", axis_color);
  svg.text(24, (f.top + f.bottom) / 2, "Cost per month, one-time spread (USD)", 13, "middle", axis_color, false, -90);

  for (std::size_t i = 0; i < report.options.size(); ++i) {
    std::vector<std::pair<double, double>> points;
    for (std::size_t k = 0; k < volumes.size(); ++k) points.emplace_back(x(volumes[k]), y(values[i][k]));
    svg.polyline(points, palette[i % palette.size()], 2.5);
  }
  if (report.queries_per_month > 0) {
    const double q = report.queries_per_month;
    svg.line(x(q), f.top, x(q), f.bottom, "#555", 1.5, "6 4");
    svg.text(x(q) + 5, f.top + 12, fmt::format("you expect {}", short_quantity(q)), 11, "start", "#333", true);
  }
  // Each break-even volume on the crossing of the self-hosted curve with the other option's, in the
  // other option's colour.
  const OptionReport& self = report.options.front();
  bool marked = false;
  for (const auto& be : report.break_even) {
    if (!be.queries_per_month || *be.queries_per_month <= 0) continue;
    const std::size_t other = index_of(report, be.against);
    if (other == report.options.size()) continue;
    const double q = *be.queries_per_month;
    const double cost = std::max(spread_monthly_at(report, self, q), 1.0);
    svg.circle(x(q), y(cost), 5.5, color_of(other), "white");
    svg.text(x(q) + 7, y(cost) + 14, short_quantity(q), 11, "start", color_of(other), true);
    marked = true;
  }
  const double below = legend(svg, report, f.right + 20, f.top + 10);
  if (marked) {
    svg.text(f.right + 20, below + 8, "● break-even volume, in the", 11, "start", "#111");
    svg.text(f.right + 20, below + 8 + legend_line, "  colour of the option it is against", 11, "start", "#111");
  }
  return svg.str();
}

std::string tornado(const Report& report, const std::string& option_id) {
  if (!report.sensitivity || report.sensitivity->horizon_cost.empty()) {
    throw InputError({report.scenario_file, 0, 0}, "",
                     "a tornado chart needs uncertain inputs, and this scenario has none",
                     "give some fields as ranges, e.g. `mfu: {low: 0.3, likely: 0.4, high: 0.5}`");
  }
  const std::string wanted = option_id.empty() ? report.options.front().id : option_id;
  const Tornado* t = nullptr;
  std::vector<std::string> ids;
  for (const auto& candidate : report.sensitivity->horizon_cost) {
    ids.push_back(candidate.option);
    if (candidate.option == wanted) t = &candidate;
  }
  if (!t) {
    throw InputError({}, "--option", fmt::format("no option '{}' in this report", wanted),
                     suggestion_text(wanted, ids));
  }
  const OptionReport* option = option_by_id(report, wanted);
  constexpr std::size_t shown = 12;
  const std::size_t n = std::min(shown, t->bars.size());
  const double baseline = t->baseline.value_or(0);
  double lo = baseline, hi = baseline;
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& v : {t->bars[i].output_at_low, t->bars[i].output_at_high}) {
      if (v) {
        lo = std::min(lo, *v);
        hi = std::max(hi, *v);
      }
    }
  }
  const double pad = std::max((hi - lo) * 0.08, std::fabs(baseline) * 0.01 + 1);
  const Frame f{300, 90, chart_width - 60.0, chart_height - 70.0};
  const Linear x{lo - pad, hi + pad, f.left, f.right};
  const double row = std::min(34.0, f.height() / static_cast<double>(std::max<std::size_t>(n, 1)));

  SvgWriter svg(chart_width, chart_height);
  title(svg,
        fmt::format("What drives the {:g}-month cost of {}", report.horizon_months,
                    option ? option_display_label(report, option->id) : wanted),
        fmt::format("each uncertain input from its P10 to its P90, the others at their likely values · likely total {}",
                    format_usd(baseline)));
  for (double v : nice_ticks(lo - pad, hi + pad, 6)) {
    if (v < lo - pad || v > hi + pad) continue;
    svg.line(x(v), f.top, x(v), f.bottom, grid_color);
    svg.text(x(v), f.bottom + 20, money_short(v), 11, "middle", axis_color);
  }
  svg.line(x(baseline), f.top - 8, x(baseline), f.bottom, "#333", 1.5);
  for (std::size_t i = 0; i < n; ++i) {
    const TornadoBar& bar = t->bars[i];
    const double top = f.top + static_cast<double>(i) * row + 4;
    const double height = row - 8;
    auto side = [&](const std::optional<double>& v, const std::string& color) {
      if (!v) return;
      const double a = std::min(x(*v), x(baseline));
      const double b = std::max(x(*v), x(baseline));
      svg.rect(a, top, std::max(b - a, 1.0), height, color);
    };
    side(bar.output_at_low, "#4c78a8");
    side(bar.output_at_high, "#f58518");
    // The whole field name, over two or more lines when it is long.
    const std::vector<std::string> name = wrap(bar.field, 44);
    const double first = top + height / 2 + 4 - 6 * static_cast<double>(name.size() - 1);
    for (std::size_t k = 0; k < name.size(); ++k) {
      svg.text(f.left - 10, first + 12 * static_cast<double>(k), name[k], 11, "end", "#222");
    }
    const double right_end =
        std::max(x(bar.output_at_low.value_or(baseline)), x(bar.output_at_high.value_or(baseline)));
    svg.text(right_end + 6, top + height / 2 + 4,
             std::isfinite(bar.swing) ? fmt::format("swing {}", money_short(bar.swing))
                                      : std::string("infeasible at one end"),
             10, "start", "#555");
  }
  svg.text((f.left + f.right) / 2, chart_height - 25, fmt::format("Cost over {:g} months (USD)", report.horizon_months),
           13, "middle", axis_color);
  svg.rect(f.left, chart_height - 18, 12, 12, "#4c78a8");
  svg.text(f.left + 16, chart_height - 8, "input at its P10", 11);
  svg.rect(f.left + 130, chart_height - 18, 12, 12, "#f58518");
  svg.text(f.left + 146, chart_height - 8, "input at its P90", 11);
  return svg.str();
}

}  // namespace

const std::string& chart_color(std::size_t option_index) { return palette[option_index % palette.size()]; }

ChartKind parse_chart_kind(const std::string& name) {
  if (name == "cumulative") return ChartKind::cumulative;
  if (name == "volume") return ChartKind::volume;
  if (name == "tornado") return ChartKind::tornado;
  throw InputError({}, "--kind", fmt::format("unknown chart kind '{}'", name),
                   suggestion_text(name, {"cumulative", "volume", "tornado"}));
}

std::string render_chart(const Report& report, ChartKind kind, const std::string& option) {
  switch (kind) {
    case ChartKind::cumulative:
      return cumulative(report);
    case ChartKind::volume:
      return volume(report);
    case ChartKind::tornado:
      return tornado(report, option);
  }
  return "";
}

}  // namespace ftcost
