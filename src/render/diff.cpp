#include "ftcost/render/diff.hpp"
#include "ftcost/render/markdown.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <cmath>

#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

using nlohmann::json;

json change_json(const Change& c) {
  const bool both = c.before_defined && c.after_defined;
  return {{"before", c.before_defined ? json(c.before) : json(nullptr)},
          {"after", c.after_defined ? json(c.after) : json(nullptr)},
          {"delta", both ? json(c.delta()) : json(nullptr)},
          {"percent", c.percent() ? json(*c.percent()) : json(nullptr)}};
}

// "+$1,200 (+12.5%)", "−$300", "—" when nothing changed.
std::string signed_usd(const Change& c) {
  if (!c.changed() || !c.before_defined || !c.after_defined) return "—";
  std::string text = c.delta() > 0 ? "+" : "";
  text += format_usd(c.delta());
  if (auto p = c.percent()) {
    // A real change too small for one decimal still shows its direction.
    text += std::fabs(*p) < 0.05 ? fmt::format(" ({}<0.1%)", *p < 0 ? "-" : "+") : fmt::format(" ({:+.1f}%)", *p);
  }
  return text;
}

std::string arrow_usd(const Change& c) {
  return fmt::format("{} → {}", c.before_defined ? format_usd(c.before) : "n/a",
                     c.after_defined ? format_usd(c.after) : "n/a");
}

std::string line_change(const LineDiff& l) {
  switch (l.kind) {
    case DiffKind::added:
      return fmt::format("added, {}", format_usd(l.amount.after));
    case DiffKind::removed:
      return fmt::format("removed, was {}", format_usd(l.amount.before));
    default:
      break;
  }
  std::vector<std::string> parts;
  if (l.quantity.changed()) {
    parts.push_back(fmt::format("quantity {} → {} {}", short_quantity(l.quantity.before),
                                short_quantity(l.quantity.after), l.unit));
  }
  if (l.unit_price.changed()) parts.push_back(fmt::format("unit price {}", arrow_usd(l.unit_price)));
  parts.push_back(fmt::format("{}{} ({})", arrow_usd(l.amount), l.recurrence == Recurrence::monthly ? "/month" : "",
                              signed_usd(l.amount)));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string header(const ReportDiff& diff) {
  std::string out =
      diff.base_name == diff.new_name ? diff.new_name : fmt::format("{} → {}", diff.base_name, diff.new_name);
  std::vector<std::string> parts;
  if (diff.horizon_months.changed())
    parts.push_back(fmt::format("horizon {:g} → {:g} months", diff.horizon_months.before, diff.horizon_months.after));
  if (diff.queries_per_month.changed()) {
    parts.push_back(fmt::format("{} → {} queries/month", short_quantity(diff.queries_per_month.before),
                                short_quantity(diff.queries_per_month.after)));
  }
  if (diff.base_cheapest != diff.new_cheapest)
    parts.push_back(fmt::format("cheapest {} → {}", diff.base_cheapest, diff.new_cheapest));
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, ", "));
  return out;
}

// An option as the diff names it: with its id when another option of the diff has the same label
// (as option_display_label does for a report).
std::string option_name(const ReportDiff& diff, const OptionDiff& option) {
  return label_shared(diff.options, option.label) ? fmt::format("{} ({})", option.label, option.id) : option.label;
}

std::string render_table(const ReportDiff& diff) {
  std::string out = header(diff) + "\n";
  if (!diff.any_change()) return out + "No change.\n";
  for (const auto& o : diff.options) {
    out += fmt::format("\n{} [{}]\n", option_name(diff, o), to_string(o.kind));
    out += fmt::format("  {:<22} {:>28}  {}\n", "One-time", arrow_usd(o.one_time), signed_usd(o.one_time));
    out += fmt::format("  {:<22} {:>28}  {}\n", "Monthly", arrow_usd(o.monthly), signed_usd(o.monthly));
    out += fmt::format("  {:<22} {:>28}  {}\n", "Total over horizon", arrow_usd(o.horizon_total),
                       signed_usd(o.horizon_total));
    out += fmt::format("  {:<22} {:>28}  {}\n", "Cost per 1,000 queries", arrow_usd(o.cost_per_1k_queries),
                       signed_usd(o.cost_per_1k_queries));
    for (const auto& l : o.lines) {
      if (l.kind == DiffKind::unchanged) continue;
      out += fmt::format("    {} ({}): {}\n", l.label, l.item, line_change(l));
    }
  }
  return out;
}

std::string render_markdown(const ReportDiff& diff) {
  std::string out = fmt::format("### ftcost diff: {}\n\n", markdown_text(header(diff)));
  if (!diff.any_change()) return out + "No change.\n";
  out += "| Option | Total before | Total after | Change | Monthly change |\n|---|---:|---:|---:|---:|\n";
  for (const auto& o : diff.options) {
    out += fmt::format("| {}{} | {} | {} | {} | {} |\n", markdown_text(option_name(diff, o)),
                       o.kind == DiffKind::added     ? " (added)"
                       : o.kind == DiffKind::removed ? " (removed)"
                                                     : "",
                       o.horizon_total.before_defined ? format_usd(o.horizon_total.before) : "n/a",
                       o.horizon_total.after_defined ? format_usd(o.horizon_total.after) : "n/a",
                       signed_usd(o.horizon_total), signed_usd(o.monthly));
  }
  bool any_line = false;
  for (const auto& o : diff.options) {
    for (const auto& l : o.lines) {
      if (l.kind == DiffKind::unchanged) continue;
      if (!any_line) out += "\n<details><summary>Line items that changed</summary>\n\n";
      any_line = true;
      out +=
          fmt::format("- {} — {}: {}\n", markdown_text(option_name(diff, o)), markdown_text(l.label), line_change(l));
    }
  }
  if (any_line) out += "\n</details>\n";
  return out;
}

}  // namespace

json diff_to_json(const ReportDiff& diff) {
  json options = json::array();
  for (const auto& o : diff.options) {
    json lines = json::array();
    for (const auto& l : o.lines) {
      lines.push_back({{"stage", l.stage},
                       {"item", l.item},
                       {"label", l.label},
                       {"unit", l.unit},
                       {"recurrence", to_string(l.recurrence)},
                       {"change", to_string(l.kind)},
                       {"quantity", change_json(l.quantity)},
                       {"unit_price_usd", change_json(l.unit_price)},
                       {"amount_usd", change_json(l.amount)},
                       {"horizon_total_usd", change_json(l.horizon_total)}});
    }
    options.push_back({{"id", o.id},
                       {"label", o.label},
                       {"change", to_string(o.kind)},
                       {"one_time_usd", change_json(o.one_time)},
                       {"monthly_usd", change_json(o.monthly)},
                       {"horizon_total_usd", change_json(o.horizon_total)},
                       {"cost_per_1k_queries_usd", change_json(o.cost_per_1k_queries)},
                       {"lines", lines}});
  }
  return {{"format", diff_format},
          {"base", {{"name", diff.base_name}, {"cheapest_option", diff.base_cheapest}}},
          {"new", {{"name", diff.new_name}, {"cheapest_option", diff.new_cheapest}}},
          {"horizon_months", change_json(diff.horizon_months)},
          {"queries_per_month", change_json(diff.queries_per_month)},
          {"changed", diff.any_change()},
          {"options", options}};
}

std::string render_diff(const ReportDiff& diff, OutputFormat format) {
  switch (format) {
    case OutputFormat::json:
      return diff_to_json(diff).dump(2) + "\n";
    case OutputFormat::markdown:
      return render_markdown(diff);
    default:
      return render_table(diff);
  }
}

}  // namespace ftcost
