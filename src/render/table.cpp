#include "ftcost/render/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

std::string pad_left(const std::string& text, std::size_t width) {
  // Count code points, not bytes, so "—" lines up.
  std::size_t shown = 0;
  for (unsigned char c : text) shown += (c & 0xC0) != 0x80;
  return shown >= width ? text : std::string(width - shown, ' ') + text;
}
std::string pad_right(const std::string& text, std::size_t width) {
  std::size_t shown = 0;
  for (unsigned char c : text) shown += (c & 0xC0) != 0x80;
  return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::size_t shown_width(const std::string& text) {
  std::size_t shown = 0;
  for (unsigned char c : text) shown += (c & 0xC0) != 0x80;
  return shown;
}

// The scenario's `label:` when it wrote one that no other option shares; otherwise a short form of
// the id (which carries the suffix that tells two entries of the same model apart, e.g. "custom/2").
std::string column_title(const Report& report, const OptionReport& option) {
  if (option.label_given && !label_shared(report.options, option.label)) return option.label;
  switch (option.kind) {
    case OptionKind::self_hosted:
      return "Self-hosted FT";
    case OptionKind::managed_api:
      return option.id.substr(4);
    case OptionKind::managed_finetune:
      return "FT " + option.id.substr(9);
  }
  return option.id;
}

// A line's quantity to four significant digits (25.65k, 52.46), enough that quantity × unit price
// reproduces the amount to the dollar on most lines.
std::string format_quantity(double value) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e4) {
    for (const auto& [size, suffix] :
         {std::pair{1e12, "T"}, std::pair{1e9, "B"}, std::pair{1e6, "M"}, std::pair{1e3, "k"}}) {
      const double scaled = value / size;
      if (magnitude >= size) {
        return std::fabs(scaled) >= 1000 ? fmt::format("{:.0f}{}", scaled, suffix)
                                         : fmt::format("{:.4g}{}", scaled, suffix);
      }
    }
  }
  if (magnitude >= 1000) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

// ANSI styling, applied to whole lines so padding stays right.
std::string styled(const std::string& text, const char* code, bool color) {
  return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
}
constexpr const char* bold = "1";
constexpr const char* green = "32";
constexpr const char* red = "31";

std::string budget_lines(const Report& report, const BudgetResult& budget, bool color) {
  std::string out;
  const std::string option_label = option_display_label(report, budget.option);
  const std::string verdict =
      budget.exceeded()
          ? styled(fmt::format("EXCEEDED ({} of {} limits)", budget.breaches(), budget.limits.size()), red, color)
          : styled("within budget", green, color);
  out += fmt::format("Budget for {}: {}\n", option_label, verdict);
  for (const auto& limit : budget.limits) {
    std::string line =
        fmt::format("  {:<4} {:<34} {:>14}  limit {:>14}", limit.exceeded ? "FAIL" : "ok", limit.limit,
                    format_budget_amount(limit, limit.value), format_budget_amount(limit, limit.limit_value));
    if (limit.exceeded) {
      line += limit.value ? fmt::format("  over by {}", format_budget_amount(limit, limit.overshoot))
                          : "  " + budget_missing_value(limit);
    }
    out += styled(line, limit.exceeded ? red : green, color) + "\n";
  }
  return out;
}

// "1.86k", "0.299", "26.7M": never an exponent.
std::string format_count(double value) { return short_quantity(value); }

std::string triple_usd(const Percentiles& p) {
  return fmt::format("{} / {} / {}", format_usd(p.p10), format_usd(p.p50), format_usd(p.p90));
}

std::string triple_never(const NeverPercentiles& p, const std::string& unit, bool volume) {
  // Cheaper from the first query in every percentile (a break-even of 0): say so, not "0 / 0 / 0".
  if (volume && p.p10 == 0.0 && p.p50 == 0.0 && p.p90 == 0.0 && p.share_never <= 0) return "at every volume";
  auto cell = [&](const std::optional<double>& v) {
    if (!v) return std::string("never");
    return volume ? short_quantity(*v) : fmt::format("{:.1f}", *v);
  };
  return fmt::format(
      "{} / {} / {} {}{}", cell(p.p10), cell(p.p50), cell(p.p90), unit,
      p.share_never <= 0 ? std::string() : fmt::format(" (never in {} of samples)", format_share(p.share_never)));
}

std::string name_of(const Report& report, const std::string& id) {
  const OptionReport* option = find_option(report, id);
  return option ? column_title(report, *option) : id;
}

// The break-even picture in one line per option: horizon totals as bars on a common scale.
std::string horizon_bars(const Report& report) {
  constexpr double width = 40;
  double largest = 0;
  for (const auto& option : report.options) largest = std::max(largest, option.totals.horizon_total);
  if (largest <= 0) return "";
  std::string out = fmt::format("\nTotal over {:g} months, to scale\n", report.horizon_months);
  for (const auto& option : report.options) {
    const auto cells = static_cast<std::size_t>(std::lround(option.totals.horizon_total / largest * width));
    std::string bar;
    for (std::size_t i = 0; i < std::max<std::size_t>(cells, 1); ++i) bar += "█";
    out +=
        fmt::format("  {} {} {}{}\n", pad_right(column_title(report, option), 26), bar,
                    format_usd(option.totals.horizon_total), option.id == report.cheapest_option ? "  ← cheapest" : "");
  }
  return out;
}

std::string uncertainty_section(const Report& report, const UncertaintyResult& u) {
  std::string out =
      fmt::format("\nUncertainty — {} Monte Carlo samples, seed {} (P10 / P50 / P90)\n", u.samples, u.seed);
  if (u.infeasible_samples > 0) {
    out += fmt::format("  {} samples were infeasible (a model rejected the sampled values) and are left out\n",
                       u.infeasible_samples);
  }
  out += "  Uncertain inputs\n";
  for (const auto& input : u.inputs) {
    out += fmt::format("    {:<40} {:<34} P10 {}  P90 {}\n", input.field, input.distribution, format_count(input.p10),
                       format_count(input.p90));
  }
  for (const auto& option : u.options) {
    out += fmt::format("  {} — cheapest in {} of samples\n", name_of(report, option.id),
                       format_share(option.probability_cheapest));
    for (const auto& c : option.components) {
      out += fmt::format("    {:<30} {}{}\n", c.label, triple_usd(c.amount),
                         c.recurrence == Recurrence::monthly ? " a month" : "");
    }
    out += fmt::format("    {:<30} {}\n", "Total one-time", triple_usd(option.one_time));
    out += fmt::format("    {:<30} {}\n", "Total monthly", triple_usd(option.monthly));
    out += fmt::format("    {:<30} {}\n", fmt::format("Total over {:g} months", report.horizon_months),
                       triple_usd(option.horizon_total));
  }
  for (const auto& be : u.break_even) {
    out += fmt::format("  Break-even vs {}\n", name_of(report, be.against));
    out += fmt::format("    volume: {}\n", triple_never(be.queries_per_month, "queries/month", true));
    out += fmt::format("    month:  {}\n", triple_never(be.month, "months", false));
  }
  return out;
}

std::string sensitivity_section(const Report& report, const SensitivityResult& s) {
  constexpr std::size_t shown = 5;
  std::string out = "\nSensitivity — each uncertain input at its P10 and P90, the others at their likely values\n";
  for (const auto& t : s.horizon_cost) {
    out += fmt::format("  {} over {:g} months (likely {})\n", name_of(report, t.option), report.horizon_months,
                       t.baseline ? format_usd(*t.baseline) : "—");
    for (std::size_t i = 0; i < std::min(shown, t.bars.size()); ++i) {
      const TornadoBar& bar = t.bars[i];
      auto usd = [](const std::optional<double>& v) { return v ? format_usd(*v) : std::string("infeasible"); };
      out += fmt::format("    {:<40} {} → {}  (swing {})\n", bar.field, usd(bar.output_at_low), usd(bar.output_at_high),
                         std::isfinite(bar.swing) ? format_usd(bar.swing) : "—");
    }
  }
  for (const auto& t : s.break_even) {
    out += fmt::format("  Break-even volume vs {} (likely {})\n", name_of(report, t.option),
                       t.baseline ? short_quantity(*t.baseline) + " queries/month" : "never");
    for (std::size_t i = 0; i < std::min(shown, t.bars.size()); ++i) {
      const TornadoBar& bar = t.bars[i];
      auto volume = [](const std::optional<double>& v, bool infeasible) {
        return infeasible ? std::string("infeasible") : v ? short_quantity(*v) : std::string("never");
      };
      out += fmt::format("    {:<40} {} → {}\n", bar.field, volume(bar.output_at_low, bar.infeasible_at_low),
                         volume(bar.output_at_high, bar.infeasible_at_high));
    }
  }
  return out;
}

std::string recommendation_section(const Recommendation& r) {
  std::string out = fmt::format("\nRecommendation: {}\n", r.headline);
  if (!r.reasons.empty()) out += "  Why:\n";
  for (const auto& reason : r.reasons) out += fmt::format("    - {}\n", reason);
  if (!r.would_change.empty()) out += "  What would change it:\n";
  for (const auto& change : r.would_change) out += fmt::format("    - {}\n", change);
  return out;
}

}  // namespace

std::string render_budget_table(const Report& report, const BudgetResult& budget, bool color) {
  return fmt::format("{}\nHorizon {:g} months · {} queries/month · USD\n\n", styled(report.scenario_name, bold, color),
                     report.horizon_months, short_quantity(report.queries_per_month)) +
         budget_lines(report, budget, color);
}

std::string render_table(const Report& report, const TableOptions& options) {
  std::string out;
  const auto& opts = report.options;
  std::vector<std::size_t> widths;
  widths.reserve(opts.size());
  for (const auto& option : opts)
    widths.push_back(std::max<std::size_t>(14, shown_width(column_title(report, option))));
  const std::size_t label_width = 30;

  out += styled(report.scenario_name, bold, options.color) + "\n";
  out += fmt::format("Horizon {:g} months · {} queries/month · USD\n\n", report.horizon_months,
                     short_quantity(report.queries_per_month));

  auto row = [&](const std::string& label, const std::vector<std::string>& cells) {
    std::string line = pad_right(label, label_width);
    for (std::size_t i = 0; i < cells.size(); ++i) line += "  " + pad_left(cells[i], widths[i]);
    out += line + "\n";
  };
  std::vector<std::string> titles;
  titles.reserve(opts.size());
  for (const auto& option : opts) titles.push_back(column_title(report, option));
  row("", titles);

  for (Recurrence recurrence : {Recurrence::one_time, Recurrence::monthly}) {
    out += recurrence == Recurrence::one_time ? "One-time\n" : "Monthly\n";
    std::set<SummaryRow> rows;
    for (const auto& option : opts) {
      for (const auto& line : option.lines) {
        if (line.recurrence == recurrence) rows.insert(summary_row_of(line.kind));
      }
    }
    for (const SummaryRow summary : rows) {
      std::vector<std::string> cells;
      for (const auto& option : opts) {
        double sum = 0;
        bool any = false;
        for (const auto& line : option.lines) {
          if (line.recurrence == recurrence && summary_row_of(line.kind) == summary) {
            sum += line.amount();
            any = true;
          }
        }
        cells.push_back(any ? format_usd(sum) : "—");
      }
      row("  " + std::string(summary_row_info(summary).label), cells);
    }
    std::vector<std::string> totals;
    totals.reserve(opts.size());
    for (const auto& option : opts) {
      totals.push_back(format_usd(recurrence == Recurrence::one_time ? option.totals.one_time : option.totals.monthly));
    }
    row(recurrence == Recurrence::one_time ? "  Total one-time" : "  Total monthly", totals);
  }
  std::vector<std::string> horizon, per_1k;
  for (const auto& option : opts) {
    horizon.push_back(format_usd(option.totals.horizon_total));
    per_1k.push_back(format_usd(option.totals.cost_per_1k_queries));
  }
  row(fmt::format("Total over {:g} months", report.horizon_months), horizon);
  row("Cost per 1,000 queries", per_1k);

  for (const auto& option : opts) {
    if (option.id == report.cheapest_option) {
      out += '\n';
      out += styled(fmt::format("Cheapest over {:g} months: {} ({})", report.horizon_months,
                                option_display_label(report, option.id), format_usd(option.totals.horizon_total)),
                    green, options.color) +
             "\n";
    }
  }

  if (!report.break_even.empty()) {
    out += fmt::format("\nBreak-even of the self-hosted fine-tune (you expect {} queries/month)\n",
                       short_quantity(report.queries_per_month));
    for (const auto& be : report.break_even) {
      out += fmt::format("  vs {}\n", option_display_label(report, be.against));
      out += fmt::format("    volume: {}\n", be.queries_per_month && be.bands == 0 ? volume_text(*be.queries_per_month)
                                                                                   : be.volume_note.text());
      out += fmt::format("    month:  {}\n", be.month ? fmt::format("{} — {}", months_text(*be.month), be.month_note)
                                                      : be.month_note.text());
    }
  }

  out += horizon_bars(report);
  if (report.uncertainty) out += uncertainty_section(report, *report.uncertainty);
  if (report.sensitivity) out += sensitivity_section(report, *report.sensitivity);
  if (report.recommendation) out += recommendation_section(*report.recommendation);

  if (options.explain) {
    for (const auto& option : opts) {
      out += fmt::format("\nLine items — {}\n", option_display_label(report, option.id));
      for (const auto& line : option.lines) {
        out += fmt::format("  {:<34} {:>10} {:<18} × {:>10} = {:>12} {}\n", line.label, format_quantity(line.quantity),
                           line.unit, format_unit_price(line.unit_price), format_usd(line.amount()),
                           line.recurrence == Recurrence::monthly ? "/month" : "once");
        out += fmt::format("      {}\n", line.formula.text());
      }
    }
    out += "\nHow the models got there\n";
    for (const auto& d : report.derivations) {
      out += fmt::format("  {:<40} {:>12} {:<20} {}\n", d.name, format_quantity(d.value), d.unit, d.formula.text());
    }
  }

  out += "\nPrices used\n";
  for (const auto& price : prices_used(report)) {
    // GPU prices say what they cover ([instance], [gpu_only], …); any price says when it is unverified,
    // deprecated or sunset.
    const PriceFact* fact = report.price_facts.find(price.id);
    const std::string flags = trust_flags(fact);
    out += fmt::format("  {:<44} {:<10} {}{}{}\n", price.id, price.as_of.empty() ? "—" : price.as_of,
                       fact && !fact->kind.empty() ? "[" + fact->kind + "] " : "", price.source,
                       flags.empty() ? "" : "  [" + flags + "]");
    if (options.explain && fact && !fact->why.empty()) out += fmt::format("      why: {}\n", fact->why);
  }
  if (!report.defaults_applied.empty()) {
    out += options.explain ? "\nDefaults applied\n" : "\nDefaults applied (--explain says why, with every formula)\n";
    for (const auto& d : report.defaults_applied) {
      out += options.explain ? fmt::format("  {} = {}  ({})\n", d.field, d.value, d.why)
                             : fmt::format("  {} = {}\n", d.field, d.value);
    }
  }
  for (const auto& note : report.notes) out += fmt::format("Note: {}\n", note);
  if (options.budget) {
    out += '\n';
    out += budget_lines(report, *options.budget, options.color);
  }
  if (!options.overrides.empty()) {
    out += "\nOverrides used\n";
    for (const auto& o : options.overrides) out += fmt::format("  {} = {}  ({})\n", o.path, o.value, o.origin);
  }
  return out;
}

}  // namespace ftcost
