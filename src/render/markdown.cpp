#include "ftcost/render/markdown.hpp"

#include <fmt/format.h>

#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

std::string markdown_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

namespace {

std::string recommendation_section(const Recommendation& r) {
  std::string out = fmt::format("\n**Recommendation:** {}\n", markdown_text(r.headline));
  if (!r.reasons.empty()) {
    out += "\nWhy:\n";
    for (const auto& reason : r.reasons) out += fmt::format("- {}\n", markdown_text(reason));
  }
  if (!r.would_change.empty()) {
    out += "\nWhat would change it:\n";
    for (const auto& change : r.would_change) out += fmt::format("- {}\n", markdown_text(change));
  }
  return out;
}

// Folded, so a comment with several stale-price warnings stays short.
std::string warnings_section(const std::vector<Warning>& warnings) {
  std::string out = fmt::format("\n<details><summary>⚠️ {} warning{}</summary>\n\n", warnings.size(),
                                warnings.size() == 1 ? "" : "s");
  for (const auto& w : warnings) out += fmt::format("- `{}` {}\n", w.code, markdown_text(w.message));
  return out + "\n</details>\n";
}

std::string budget_section(const Report& report, const BudgetResult& budget, const std::string& heading) {
  std::string out;
  out +=
      fmt::format("{} Budget: {} — {}\n\n", heading,
                  budget.exceeded() ? fmt::format("❌ {} of {} limits exceeded", budget.breaches(), budget.limits.size())
                                    : "✅ within budget",
                  markdown_text(option_display_label(report, budget.option)));
  out += "| Limit | Value | Limit value | Overshoot | Status |\n";
  out += "|---|---:|---:|---:|---|\n";
  for (const auto& limit : budget.limits) {
    out += fmt::format("| {} (`{}`) | {} | {} | {} | {} |\n", markdown_text(limit.label), limit.limit,
                       format_budget_amount(limit, limit.value), format_budget_amount(limit, limit.limit_value),
                       limit.exceeded && limit.value ? format_budget_amount(limit, limit.overshoot) : "—",
                       limit.exceeded ? "❌ exceeded" : "✅ ok");
  }
  return out;
}

}  // namespace

std::string render_markdown(const Report& report, const RenderOptions& options) {
  std::string out;
  out += fmt::format("### ftcost: {}\n\n", markdown_text(report.scenario_name));
  out += fmt::format("Horizon {:g} months · {} queries/month · USD\n\n", report.horizon_months,
                     short_quantity(report.queries_per_month));
  out +=
      fmt::format("| Option | One-time | Monthly | Total over {:g} months | Per 1k queries |\n", report.horizon_months);
  out += "|---|---:|---:|---:|---:|\n";
  for (const auto& option : report.options) {
    const bool cheapest = option.id == report.cheapest_option;
    const std::string total = format_usd(option.totals.horizon_total);
    out += fmt::format("| {}{} | {} | {} | {} | {} |\n", markdown_text(option_display_label(report, option.id)),
                       cheapest ? " (cheapest)" : "", format_usd(option.totals.one_time),
                       format_usd(option.totals.monthly), cheapest ? "**" + total + "**" : total,
                       format_usd(option.totals.cost_per_1k_queries));
  }
  if (!report.break_even.empty()) {
    out += "\n**Break-even of the self-hosted fine-tune**\n\n";
    for (const auto& be : report.break_even) {
      // The note says it all when there is no single volume: never, or bands of a dedicated deployment.
      const std::string volume =
          be.queries_per_month && be.bands == 0
              ? (*be.queries_per_month == 0 ? "at every volume" : "above " + volume_text(*be.queries_per_month))
              : be.volume_note.text();
      // A lead from the start has its month 0 and the month it ends: the note says both.
      const std::string month =
          be.month && !be.cheaper_until_month ? "month " + months_text(*be.month) : be.month_note.text();
      out += fmt::format("- vs {}: {}; {}\n", markdown_text(option_display_label(report, be.against)), volume, month);
    }
  }
  if (report.recommendation) out += recommendation_section(*report.recommendation);
  if (options.budget) {
    out += '\n';
    out += budget_section(report, *options.budget, "####");
  }
  if (!report.warnings.empty()) out += warnings_section(report.warnings);
  if (!options.overrides.empty()) {
    out += "\nOverrides: ";
    for (std::size_t i = 0; i < options.overrides.size(); ++i) {
      out += fmt::format("{}`{}={}`", i ? ", " : "", options.overrides[i].path, options.overrides[i].value);
    }
    out += "\n";
  }
  out += fmt::format(
      "\n<sub>{} defaults applied; `ftcost estimate --explain` lists them with every price and its date</sub>\n",
      report.defaults_applied.size());
  return out;
}

std::string render_budget_markdown(const Report& report, const BudgetResult& budget) {
  return budget_section(report, budget, "###") + "\n" +
         fmt::format("<sub>{} · horizon {:g} months · {} queries/month</sub>\n", markdown_text(report.scenario_name),
                     report.horizon_months, short_quantity(report.queries_per_month));
}

}  // namespace ftcost
