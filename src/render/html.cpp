#include "ftcost/render/html.hpp"

#include <fmt/format.h>

#include <set>

#include "ftcost/render/svg.hpp"
#include "ftcost/util/money.hpp"
#include "ftcost/util/quantity.hpp"

namespace ftcost {

namespace {

// Print-friendly, no web fonts (only fonts already on the reader's machine), colours kept in print.
constexpr const char* stylesheet = R"css(
:root { --ink: #1d2430; --muted: #5b6472; --line: #d9dee5; --strong-line: #b9c1cc; --soft: #f4f6f9;
        --accent: #1f5fa8; --ok: #1b7f3b; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.5 system-ui, "Segoe UI", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 40px 48px; }
h1 { font-size: 28px; line-height: 1.25; margin: 4px 0 6px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 14px 0 6px; }
p { margin: 6px 0; }
ul { margin: 4px 0; padding-left: 22px; }
li { margin: 3px 0; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
.meta { color: var(--muted); margin: 0; }
.notice { background: #fff7e6; border: 1px solid #f0d9a7; border-radius: 6px; padding: 8px 14px; margin-top: 16px; }
.verdict { background: #eef4fb; border-left: 5px solid var(--accent); border-radius: 6px; padding: 14px 20px;
           margin-top: 22px; }
.verdict h2 { border: 0; margin: 0 0 4px; padding: 0; font-size: 13px; text-transform: uppercase;
              letter-spacing: .06em; color: var(--accent); }
.headline { font-size: 20px; font-weight: 600; margin: 0 0 6px; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 28px; }
.cards { display: flex; flex-wrap: wrap; gap: 14px; }
.card { flex: 1 1 230px; max-width: 360px; border: 1px solid var(--line); border-top: 6px solid var(--swatch); border-radius: 6px; padding: 10px 16px 12px; }
.card .name { font-weight: 600; min-height: 3em; }
.card .badges { min-height: 22px; }
.card .big { font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; margin: 2px 0; }
.card .caption { font-size: 12px; color: var(--muted); margin: 0; }
.card dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; margin: 8px 0 0; font-size: 14px; }
.card dt { color: var(--muted); }
.card dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 8px; border-radius: 10px;
         margin: 0 4px 0 0; vertical-align: 2px; }
.badge.cheapest { background: #e3f1e7; color: var(--ok); }
.badge.recommended { background: #e1ecf8; color: var(--accent); }
.badge.flag { background: #fbeecb; color: var(--warn); }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0 12px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid var(--strong-line); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.group th { background: #fafbfc; font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
              color: var(--muted); }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid var(--strong-line); }
table.breakdown tbody th { white-space: nowrap; width: 1%; padding-right: 28px; }
table.breakdown thead th { white-space: normal; }
td.cheapest { background: #eaf6ee; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; }
.small, .formula { font-size: 12px; color: var(--muted); }
.formula { display: block; overflow-wrap: anywhere; }
.source { overflow-wrap: anywhere; }
.ok { color: var(--ok); font-weight: 600; }
.fail { color: var(--bad); font-weight: 600; }
figure { margin: 14px 0 26px; }
figure svg { display: block; width: 100%; max-width: 900px; height: auto; border: 1px solid var(--line);
             border-radius: 6px; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; max-width: 900px; }
.warnings li { margin: 5px 0; }
.warnings code { color: var(--warn); }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media (max-width: 760px) { main { padding: 16px; } .columns { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { margin-top: 18pt; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, li, .card, .verdict, figure, .notice { break-inside: avoid; page-break-inside: avoid; }
  .new-page { break-before: page; page-break-before: always; }
  table { font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string esc(const std::string& text) { return html_escape(text); }

// The shortest text that reads back as the same double, for machine-readable data-* attributes.
std::string exact(double value) { return fmt::format("{}", value); }

std::size_t index_of(const Report& report, const std::string& id) {
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    if (report.options[i].id == id) return i;
  }
  return 0;
}

std::string swatch(std::size_t option_index) {
  return fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>", chart_color(option_index));
}

// "hour", or "× 1M tokens" for a unit that starts with a number.
std::string per_unit(const std::string& unit) {
  return !unit.empty() && unit[0] >= '0' && unit[0] <= '9' ? "× " + unit : unit;
}

std::string list_items(const std::vector<std::string>& items) {
  std::string out = "<ul>\n";
  for (const auto& item : items) out += fmt::format("<li>{}</li>\n", esc(item));
  return out + "</ul>\n";
}

std::string header(const Report& report, const RenderOptions& options) {
  std::string out = "<header>\n<p class=\"kicker\">ftcost · cost of fine-tuning and serving a language model</p>\n";
  out += fmt::format("<h1>{}</h1>\n", esc(report.scenario_name));
  out += fmt::format("<p class=\"meta\">Horizon {:g} months · {} queries/month · all amounts in US dollars",
                     report.horizon_months, esc(short_quantity(report.queries_per_month)));
  if (!report.scenario_file.empty()) out += fmt::format(" · scenario <code>{}</code>", esc(report.scenario_file));
  out += "</p>\n";
  if (!report.warnings.empty()) {
    out += fmt::format(
        "<p class=\"notice\"><strong>{} warning{}</strong> about the prices or the model — see "
        "<a href=\"#warnings\">Warnings</a> before relying on these numbers.</p>\n",
        report.warnings.size(), report.warnings.size() == 1 ? "" : "s");
  }
  if (options.budget) {
    const BudgetResult& budget = *options.budget;
    out += budget.exceeded()
               ? fmt::format(
                     "<p class=\"notice\"><span class=\"fail\">Budget exceeded</span>: {} of {} limits for {} "
                     "(see <a href=\"#budget\">Budget</a>).</p>\n",
                     budget.breaches(), budget.limits.size(), esc(option_display_label(report, budget.option)))
               : fmt::format("<p class=\"notice\"><span class=\"ok\">Within budget</span>: all {} limits for {}.</p>\n",
                             budget.limits.size(), esc(option_display_label(report, budget.option)));
  }
  return out + "</header>\n";
}

std::string recommendation(const Report& report) {
  const OptionReport* cheapest = find_option(report, report.cheapest_option);
  const std::string cheapest_line =
      cheapest ? fmt::format("<p>Cheapest over {:g} months: <strong>{}</strong> ({}).</p>\n", report.horizon_months,
                             esc(option_display_label(report, cheapest->id)),
                             esc(format_usd(cheapest->totals.horizon_total)))
               : "";
  if (!report.recommendation)
    return "<section class=\"verdict\" id=\"recommendation\">\n" + cheapest_line + "</section>\n";
  const Recommendation& r = *report.recommendation;
  std::string out = "<section class=\"verdict\" id=\"recommendation\">\n<h2>Recommendation</h2>\n";
  out += fmt::format("<p class=\"headline\">{}</p>\n", esc(r.headline));
  out += cheapest_line;
  out += "<div class=\"columns\">\n<div>\n<h3>Why</h3>\n" + list_items(r.reasons) + "</div>\n";
  if (!r.would_change.empty())
    out += "<div>\n<h3>What would change it</h3>\n" + list_items(r.would_change) + "</div>\n";
  return out + "</div>\n</section>\n";
}

std::string cards(const Report& report) {
  std::string out = fmt::format("<section id=\"totals\">\n<h2>Total cost of ownership over {:g} months</h2>\n",
                                report.horizon_months);
  out += "<div class=\"cards\">\n";
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    const OptionReport& option = report.options[i];
    std::string badges;
    if (option.id == report.cheapest_option) badges += "<span class=\"badge cheapest\">cheapest</span>";
    if (report.recommendation && option.id == report.recommendation->option)
      badges += "<span class=\"badge recommended\">recommended</span>";
    out +=
        fmt::format("<div class=\"card\" style=\"--swatch:{}\" data-option=\"{}\">\n", chart_color(i), esc(option.id));
    out += fmt::format("<div class=\"name\">{}</div>\n<div class=\"badges\">{}</div>\n",
                       esc(option_display_label(report, option.id)), badges);
    out += fmt::format("<div class=\"big\" data-usd=\"{}\">{}</div>\n<p class=\"caption\">total over {:g} months</p>\n",
                       exact(option.totals.horizon_total), esc(format_usd(option.totals.horizon_total)),
                       report.horizon_months);
    out += fmt::format(
        "<dl><dt>One-time</dt><dd>{}</dd><dt>Monthly</dt><dd>{}</dd><dt>Per 1,000 queries</dt><dd>{}</dd></dl>\n",
        esc(format_usd(option.totals.one_time)), esc(format_usd(option.totals.monthly)),
        esc(format_usd(option.totals.cost_per_1k_queries)));
    out += "</div>\n";
  }
  return out + "</div>\n</section>\n";
}

// The summary rows of the terminal table, one column per option, with the totals (data-usd carries
// the unrounded amount, as in the JSON).
std::string breakdown(const Report& report) {
  std::string out =
      "<section id=\"breakdown\">\n<h2>Cost breakdown</h2>\n<table class=\"breakdown\">\n<thead><tr><th></th>";
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    out +=
        fmt::format("<th class=\"num\">{}{}</th>", swatch(i), esc(option_display_label(report, report.options[i].id)));
  }
  out += "</tr></thead>\n<tbody>\n";
  const std::size_t columns = report.options.size() + 1;
  auto cell = [&](const OptionReport& option, std::optional<double> usd) {
    return usd ? fmt::format("<td class=\"num{}\" data-option=\"{}\" data-usd=\"{}\">{}</td>",
                             option.id == report.cheapest_option ? " cheapest" : "", esc(option.id), exact(*usd),
                             esc(format_usd(*usd)))
               : fmt::format("<td class=\"num small\" data-option=\"{}\">n/a</td>", esc(option.id));
  };
  auto total_row = [&](const char* key, const std::string& label, auto amount) {
    out += fmt::format("<tr class=\"total {}\"><th>{}</th>", key, esc(label));
    for (const auto& option : report.options) out += cell(option, amount(option));
    out += "</tr>\n";
  };
  for (Recurrence recurrence : {Recurrence::one_time, Recurrence::monthly}) {
    const bool once = recurrence == Recurrence::one_time;
    out += fmt::format("<tr class=\"group\"><th colspan=\"{}\">{}</th></tr>\n", columns, once ? "One-time" : "Monthly");
    std::set<SummaryRow> rows;
    for (const auto& option : report.options) {
      for (const auto& line : option.lines) {
        if (line.recurrence == recurrence) rows.insert(summary_row_of(line.kind));
      }
    }
    for (const SummaryRow summary : rows) {
      out += fmt::format("<tr><th>{}</th>", esc(std::string(summary_row_info(summary).label)));
      for (const auto& option : report.options) {
        double sum = 0;
        bool any = false;
        for (const auto& line : option.lines) {
          if (line.recurrence == recurrence && summary_row_of(line.kind) == summary) {
            sum += line.amount();
            any = true;
          }
        }
        out += any ? cell(option, sum) : "<td class=\"num small\">—</td>";
      }
      out += "</tr>\n";
    }
    total_row(once ? "one-time" : "monthly", once ? "Total one-time" : "Total monthly",
              [once](const OptionReport& o) { return once ? o.totals.one_time : o.totals.monthly; });
  }
  out += fmt::format("<tr class=\"group\"><th colspan=\"{}\">Over the horizon</th></tr>\n", columns);
  total_row("horizon", fmt::format("Total over {:g} months", report.horizon_months),
            [](const OptionReport& o) { return o.totals.horizon_total; });
  total_row("per-1k", "Cost per 1,000 queries", [](const OptionReport& o) { return o.totals.cost_per_1k_queries; });
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string line_items(const Report& report) {
  std::string out = "<section id=\"line-items\">\n<h2>Line items</h2>\n";
  out +=
      "<p class=\"small\">Every amount is a quantity times a unit price; the price's source and date are listed "
      "under <a href=\"#prices\">Prices used</a>.</p>\n";
  for (std::size_t i = 0; i < report.options.size(); ++i) {
    const OptionReport& option = report.options[i];
    out += fmt::format("<h3>{}{}</h3>\n<table class=\"lines\" data-option=\"{}\">\n", swatch(i),
                       esc(option_display_label(report, option.id)), esc(option.id));
    out += fmt::format(
        "<thead><tr><th>Item</th><th class=\"num\">Quantity</th><th class=\"num\">Unit price</th>"
        "<th class=\"num\">Amount</th><th>When</th><th class=\"num\">Over {:g} months</th><th>Price</th></tr>"
        "</thead>\n<tbody>\n",
        report.horizon_months);
    for (const auto& line : option.lines) {
      const double amount = line.amount();
      const bool once = line.recurrence == Recurrence::one_time;
      out += fmt::format(
          "<tr><td>{}<span class=\"formula\">{}</span></td><td class=\"num\">{} {}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"small source\">{}</td></tr>\n",
          esc(line.label), esc(line.formula.text()), esc(short_quantity(line.quantity)), esc(per_unit(line.unit)),
          esc(format_unit_price(line.unit_price)), esc(format_usd(amount)), once ? "once" : "monthly",
          esc(format_usd(once ? amount : amount * report.horizon_months)), esc(line.price.id));
    }
    out += "</tbody>\n</table>\n";
  }
  return out + "</section>\n";
}

std::string break_even(const Report& report) {
  if (report.break_even.empty()) return "";
  std::string out = fmt::format(
      "<section id=\"break-even\">\n<h2>Break-even of the self-hosted fine-tune</h2>\n"
      "<p>You expect {} queries/month. The volume is where self-hosting starts to cost less over {:g} months; the "
      "month is when its cumulative cost drops below the other option's at your volume.</p>\n",
      esc(short_quantity(report.queries_per_month)), report.horizon_months);
  out +=
      "<table class=\"break-even\">\n<thead><tr><th>Against</th><th class=\"num\">Break-even volume</th>"
      "<th class=\"num\">Break-even month</th><th>What it means</th></tr></thead>\n<tbody>\n";
  for (const auto& be : report.break_even) {
    // The cells are short; the notes beside them say it whole. A single volume only when there is one.
    std::string volume = "never";
    if (be.queries_per_month) {
      const double q = *be.queries_per_month;
      volume = be.bands == 0 ? volume_text(q)
                             : fmt::format("{} but {} band{}", q == 0 ? "every volume" : "above " + volume_text(q),
                                           be.bands, be.bands == 1 ? "" : "s");
    } else if (be.cheaper_only_below) {
      volume = "only below " + volume_text(*be.cheaper_only_below);
    }
    const std::string month = be.cheaper_until_month
                                  ? fmt::format("cheaper until month {}", months_text(*be.cheaper_until_month))
                              : be.month ? "month " + months_text(*be.month)
                                         : std::string("never");
    out += fmt::format(
        "<tr data-against=\"{}\"><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"small\">{}<br>{}</td></tr>\n",
        esc(be.against), swatch(index_of(report, be.against)), esc(option_display_label(report, be.against)),
        esc(volume), esc(month), esc(be.volume_note.text()), esc(be.month_note.text()));
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string budget_section(const Report& report, const BudgetResult& budget) {
  std::string out = fmt::format(
      "<section id=\"budget\">\n<h2>Budget: {}</h2>\n<p>Limits checked against {}.</p>\n",
      budget.exceeded() ? "<span class=\"fail\">exceeded</span>" : "<span class=\"ok\">within budget</span>",
      esc(option_display_label(report, budget.option)));
  out +=
      "<table class=\"budget\">\n<thead><tr><th>Limit</th><th class=\"num\">Value</th><th class=\"num\">Limit "
      "value</th><th class=\"num\">Over by</th><th>Status</th></tr></thead>\n<tbody>\n";
  for (const auto& limit : budget.limits) {
    out += fmt::format(
        "<tr><td>{} <code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"{}\">{}</td></tr>\n",
        esc(limit.label), esc(limit.limit), esc(format_budget_amount(limit, limit.value)),
        esc(format_budget_amount(limit, limit.limit_value)),
        limit.exceeded && limit.value ? esc(format_budget_amount(limit, limit.overshoot)) : "—",
        limit.exceeded ? "fail" : "ok", limit.exceeded ? "exceeded" : "ok");
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string never_cell(const std::optional<double>& value, bool volume) {
  if (!value) return "never";
  return volume ? short_quantity(*value) : fmt::format("{:.1f}", *value);
}

std::string uncertainty_section(const Report& report, const UncertaintyResult& u) {
  std::string out = fmt::format(
      "<section id=\"uncertainty\">\n<h2>Uncertainty</h2>\n<p>{} Monte Carlo samples (seed {}); P10, P50 and P90 "
      "of each option's total over {:g} months.",
      u.samples, u.seed, report.horizon_months);
  if (u.infeasible_samples > 0) {
    out += fmt::format(" {} samples were infeasible (a model rejected the sampled values) and are left out.",
                       u.infeasible_samples);
  }
  out +=
      "</p>\n<table class=\"uncertainty\">\n<thead><tr><th>Option</th><th class=\"num\">P10</th>"
      "<th class=\"num\">P50</th><th class=\"num\">P90</th><th class=\"num\">Cheapest in</th></tr></thead>\n<tbody>\n";
  for (const auto& option : u.options) {
    out += fmt::format(
        "<tr><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{} of samples</td></tr>\n",
        swatch(index_of(report, option.id)), esc(option_display_label(report, option.id)),
        esc(format_usd(option.horizon_total.p10)), esc(format_usd(option.horizon_total.p50)),
        esc(format_usd(option.horizon_total.p90)), esc(format_share(option.probability_cheapest)));
  }
  out += "</tbody>\n</table>\n";
  if (!u.break_even.empty()) {
    out +=
        "<h3>Break-even, P10 / P50 / P90</h3>\n<table>\n<thead><tr><th>Against</th><th class=\"num\">Volume "
        "(queries/month)</th><th class=\"num\">Month</th><th class=\"num\">Never in</th></tr></thead>\n<tbody>\n";
    for (const auto& be : u.break_even) {
      const NeverPercentiles& v = be.queries_per_month;
      const NeverPercentiles& m = be.month;
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{} / {} / {}</td><td class=\"num\">{} / {} / {}</td>"
          "<td class=\"num\">{} of samples</td></tr>\n",
          esc(option_display_label(report, be.against)), never_cell(v.p10, true), never_cell(v.p50, true),
          never_cell(v.p90, true), never_cell(m.p10, false), never_cell(m.p50, false), never_cell(m.p90, false),
          esc(format_share(m.share_never)));
    }
    out += "</tbody>\n</table>\n";
  }
  out +=
      "<h3>Uncertain inputs</h3>\n<table>\n<thead><tr><th>Field</th><th>Distribution</th><th class=\"num\">P10</th>"
      "<th class=\"num\">P90</th></tr></thead>\n<tbody>\n";
  for (const auto& input : u.inputs) {
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        esc(input.field), esc(input.distribution), esc(short_quantity(input.p10)), esc(short_quantity(input.p90)));
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

// An SVG document without its XML declaration, to sit inline in HTML.
std::string inline_svg(const std::string& svg) {
  const auto start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

std::string figure(const std::string& svg, const std::string& caption) {
  return fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", inline_svg(svg), esc(caption));
}

std::string charts(const Report& report) {
  std::string out = "<section id=\"charts\" class=\"new-page\">\n<h2>Charts</h2>\n";
  out += figure(render_chart(report, ChartKind::cumulative),
                "Cumulative cost: each option starts at its one-time cost and rises by its monthly cost; a marker "
                "shows where the self-hosted fine-tune breaks even.");
  out += figure(render_chart(report, ChartKind::volume),
                "Cost per month over the horizon against monthly query volume (both axes logarithmic); the "
                "self-hosted curve steps up a replica at a time, and each break-even volume is marked.");
  if (report.sensitivity) {
    // The tornado of the self-hosted option, and of the recommended option when that is another one.
    std::vector<std::string> ids = {"self-hosted"};
    if (report.recommendation && report.recommendation->option != "self-hosted") {
      ids.push_back(report.recommendation->option);
    }
    for (const auto& id : ids) {
      if (!find_option(report, id)) continue;
      out += figure(render_chart(report, ChartKind::tornado, id),
                    fmt::format("What drives the cost of {}: each uncertain input at its P10 (blue) and P90 (orange), "
                                "the others at their likely values.",
                                option_display_label(report, id)));
    }
  }
  return out + "</section>\n";
}

std::string prices(const Report& report) {
  std::string out =
      "<section id=\"prices\" class=\"new-page\">\n<h2>Prices used</h2>\n<table class=\"prices\">\n"
      "<thead><tr><th>Price</th><th>Kind</th><th>As of</th><th>Source</th><th>Flags</th></tr></thead>\n"
      "<tbody>\n";
  for (const auto& price : prices_used(report)) {
    const PriceFact* fact = report.price_facts.find(price.id);
    const std::string flags = trust_flags(fact);
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"small source\">{}</td>"
        "<td>{}</td></tr>\n",
        esc(price.id), fact && !fact->kind.empty() ? esc(fact->kind) : "—",
        price.as_of.empty() ? "—" : esc(price.as_of), esc(price.source.str()),
        flags.empty() ? "" : "<span class=\"badge flag\">" + esc(flags) + "</span>");
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string defaults(const Report& report) {
  if (report.defaults_applied.empty()) return "";
  std::string out =
      "<section id=\"defaults\">\n<h2>Defaults applied</h2>\n<table class=\"defaults\">\n"
      "<thead><tr><th>Field</th><th>Value</th><th>Why</th></tr></thead>\n<tbody>\n";
  for (const auto& d : report.defaults_applied) {
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td class=\"small\">{}</td></tr>\n", esc(d.field),
                       esc(d.value), esc(d.why));
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string warnings(const Report& report) {
  if (report.warnings.empty()) return "";
  std::string out = "<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul class=\"warnings\">\n";
  for (const auto& w : report.warnings)
    out += fmt::format("<li><code>{}</code> {}</li>\n", esc(w.code), esc(w.message));
  return out + "</ul>\n</section>\n";
}

std::string overrides_and_notes(const Report& report, const RenderOptions& options) {
  std::string out;
  if (!options.overrides.empty()) {
    out += "<section id=\"overrides\">\n<h2>Overrides used</h2>\n<ul>\n";
    for (const auto& o : options.overrides) {
      out += fmt::format("<li><code>{} = {}</code> <span class=\"small\">({})</span></li>\n", esc(o.path), esc(o.value),
                         esc(o.origin));
    }
    out += "</ul>\n</section>\n";
  }
  if (!report.notes.empty())
    out += "<section id=\"notes\">\n<h2>Notes</h2>\n" + list_items(report.notes) + "</section>\n";
  return out;
}

}  // namespace

// The XML escapes are valid HTML5 (&apos; included): one escaping routine for the page and its SVG.
std::string html_escape(const std::string& text) { return xml_escape(text); }

std::string render_html(const Report& report, const RenderOptions& options) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta name=\"generator\" content=\"ftcost {}\">\n", FTCOST_VERSION);
  out += fmt::format("<title>{} — ftcost</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                     esc(report.scenario_name), stylesheet);
  out += header(report, options);
  out += recommendation(report);
  out += cards(report);
  out += breakdown(report);
  out += break_even(report);
  if (options.budget) out += budget_section(report, *options.budget);
  if (report.uncertainty) out += uncertainty_section(report, *report.uncertainty);
  out += charts(report);
  out += line_items(report);
  out += prices(report);
  out += defaults(report);
  out += warnings(report);
  out += overrides_and_notes(report, options);
  out += fmt::format(
      "<footer>Generated by ftcost {} from the scenario above. Every amount is a line item (quantity × unit price) "
      "whose price carries its source and as-of date; <code>ftcost estimate --explain</code> shows every formula "
      "and intermediate value.</footer>\n",
      FTCOST_VERSION);
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace ftcost
