#include "estimate.hpp"

#include <iostream>

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/svg.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/recommendation.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

Report analysed_report(const Scenario& scenario, int samples, std::uint64_t seed) {
  Report report = build_report(scenario);
  if (!scenario.uncertain.empty()) {
    if (samples > 0) {
      std::mt19937_64 engine(seed);
      report.uncertainty = run_monte_carlo(scenario, report, samples, engine);
      report.uncertainty->seed = seed;
    }
    report.sensitivity = run_sensitivity(scenario, report);
  }
  report.recommendation = recommend(scenario, report);
  return report;
}

void setup_estimate(CLI::App& app, EstimateOptions& options) {
  auto* cmd = app.add_subcommand("estimate", "Estimate the total cost of ownership of a scenario");
  cmd->add_option("scenario", options.scenario, "Scenario file (.yaml, .yml or .json; - for stdin)")->required();
  cmd->add_option("-f,--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
  cmd->add_flag("--explain", options.explain, "Show every line item's formula, the intermediate values and defaults");
  add_catalog_options(*cmd, options.catalog);
  cmd->add_option("--max-price-age-days", options.max_price_age_days,
                  "Warn (stderr, JSON `warnings`) about catalog prices older than this many days")
      ->check(CLI::Range(0.0, 36500.0))
      ->capture_default_str();
  cmd->add_option("--today", options.today, "Date the price ages are measured from (YYYY-MM-DD; default: today, UTC)");
  cmd->add_option("--samples", options.samples,
                  "Monte Carlo samples when the scenario has ranges (0 = sensitivity only)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--chart", options.chart, "Also write an SVG chart to this file");
  cmd->add_option("--chart-kind", options.chart_kind, "Chart for --chart: cumulative, volume or tornado")
      ->check(CLI::IsMember({"cumulative", "volume", "tornado"}))
      ->capture_default_str();
  cmd->add_option("--seed", options.seed, "Random seed for Monte Carlo: the same seed gives the same output")
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  ftcost estimate examples/support-assistant-8b-lora.yaml\n"
      "  ftcost estimate scenario.yaml --format json -o estimate.json\n"
      "  ftcost estimate scenario.yaml --explain --catalog my-prices.yaml");
}

int run_estimate(const EstimateOptions& options) {
  const std::string today = options.today.empty() ? today_iso() : options.today;
  if (!days_since_epoch(today)) {
    throw InputError({}, "--today", "'" + today + "' is not a date", "write YYYY-MM-DD");
  }
  const Document doc = load_document(options.scenario);
  std::vector<std::string> scenario_books;
  if (auto book = scenario_price_book(doc)) scenario_books.push_back(*book);
  const Catalog catalog = load_catalog(options.catalog, scenario_books);
  Report report;
  try {
    const Scenario scenario = load_scenario(doc, catalog);
    report = analysed_report(scenario, options.samples, options.seed);
  } catch (const InputError& error) {
    throw locate_in(error, doc);
  }
  report.warnings = stale_price_warnings(prices_used(report), today, options.max_price_age_days);
  const std::string text = options.format == "json" ? render_json(report) : render_table(report, {options.explain});
  // The chart first: if it cannot be drawn (a tornado without ranges) nothing is written.
  const std::string chart = options.chart.empty() ? "" : render_chart(report, parse_chart_kind(options.chart_kind));
  write_output(options.output, text);
  if (!options.chart.empty()) write_output(options.chart, chart);
  for (const auto& warning : report.warnings) std::cerr << "ftcost: warning: " << warning << "\n";
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
