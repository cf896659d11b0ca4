#include "estimate.hpp"

#include <fmt/format.h>

#include <iostream>

#include "ftcost/render/svg.hpp"
#include "ftcost/report/budget.hpp"
#include "ftcost/report/recommendation.hpp"
#include "ftcost/report/staleness.hpp"
#include "ftcost/uncertainty/monte_carlo.hpp"
#include "ftcost/util/date.hpp"
#include "ftcost/util/output.hpp"
#include "terminal.hpp"

namespace ftcost::cli {

void analyse(Report& report, const Scenario& scenario, int samples, std::uint64_t seed, const std::string& today) {
  if (!scenario.uncertain.empty()) {
    if (samples > 0) {
      std::mt19937_64 engine(seed);
      report.uncertainty = run_monte_carlo(scenario, report, samples, engine);
      report.uncertainty->seed = seed;
    }
    report.sensitivity = run_sensitivity(scenario, report);
  }
  report.recommendation = recommend(scenario, report, today);
}

Report analysed_report(const LoadedScenario& loaded, int samples, std::uint64_t seed, const std::string& today) {
  Report report = build_report_located(loaded);
  try {
    analyse(report, loaded.scenario, samples, seed, today.empty() ? today_iso() : today);
  } catch (const InputError& error) {
    throw locate_in(error, loaded.doc);
  }
  return report;
}

void setup_estimate(CLI::App& app, EstimateOptions& options) {
  auto* cmd = app.add_subcommand("estimate", "Estimate the total cost of ownership of a scenario");
  add_input_options(*cmd, options.input);
  add_output_options(*cmd, options.output, output_format_names);
  cmd->add_flag("--explain", options.explain, "Show every line item's formula, the intermediate values and defaults");
  cmd->add_option("--max-price-age-days", options.max_price_age_days,
                  "Warn (stderr, JSON `warnings`) about catalog prices older than this many days")
      ->check(CLI::Range(0.0, 36500.0))
      ->capture_default_str();
  cmd->add_option("--today", options.today, "Date the price ages are measured from (YYYY-MM-DD; default: today, UTC)");
  cmd->add_flag("--check", options.check, "Exit with code 3 when a budget limit is exceeded (like `ftcost check`)");
  add_budget_flags(*cmd, options.budget);
  options.samples_option = cmd->add_option("--samples", options.samples,
                                           "Monte Carlo samples when the scenario has ranges (0 = sensitivity only)")
                               ->check(CLI::Range(0, 1000000))
                               ->capture_default_str();
  cmd->add_option("--seed", options.seed, "Random seed for Monte Carlo: the same seed gives the same output")
      ->capture_default_str();
  cmd->add_option("--chart", options.chart, "Also write an SVG chart to this file");
  cmd->add_option("--chart-kind", options.chart_kind, "Chart for --chart: cumulative, volume or tornado")
      ->check(CLI::IsMember({"cumulative", "volume", "tornado"}))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  ftcost estimate examples/support-assistant-8b-lora.yaml\n"
      "  ftcost estimate scenario.yaml --format json -o estimate.json\n"
      "  ftcost estimate scenario.yaml --format csv > line-items.csv\n"
      "  ftcost estimate scenario.yaml --set hosting.queries_per_month=3M --explain\n"
      "  ftcost estimate scenario.yaml --check --max-total 250k --format markdown > comment.md\n"
      "  ftcost estimate scenario.yaml --explain --catalog my-prices.yaml\n"
      "  cat scenario.yaml | ftcost estimate -");
}

int run_estimate(const EstimateOptions& options) {
  const std::string today = options.today.empty() ? today_iso() : options.today;
  if (!days_since_epoch(today)) {
    throw InputError({}, "--today", "'" + today + "' is not a date", "write YYYY-MM-DD");
  }
  const LoadedScenario loaded = load_scenario_with(options.input, &options.budget);
  Report report = analysed_report(loaded, options.samples, options.seed, today);
  for (auto& warning : stale_price_warnings(prices_used(report), today, options.max_price_age_days)) {
    report.warnings.push_back(std::move(warning));
  }
  for (auto& warning : price_trust_warnings(report, today)) report.warnings.push_back(std::move(warning));
  RenderOptions render = render_options_for(options.output, loaded);
  render.explain = options.explain;
  if (options.check && loaded.scenario.budget.empty()) {
    throw InputError({loaded.doc.file, 0, 0}, "budget", "--check needs at least one limit",
                     "add a `budget:` section or a flag such as --max-total 250k");
  }
  // Limits in the file or on the command line are always shown; only --check turns a breach into exit 3.
  if (!loaded.scenario.budget.empty()) render.budget = evaluate_budget(report, loaded.scenario.budget);
  if (!options.chart.empty()) {
    const bool output_to_stdout = options.output.output.empty() || options.output.output == "-";
    if (options.chart == "-" ? output_to_stdout : options.chart == options.output.output) {
      throw InputError({}, "--chart", fmt::format("'{}' is also where the estimate goes", options.chart),
                       "write the chart and the estimate (-o) to different files");
    }
  }
  const std::string text = render_report(report, output_format(options.output), render);
  // Everything is rendered before anything is written, and the chart and the output are written
  // together: a chart that cannot be drawn (a tornado without ranges) or written (a missing folder)
  // leaves no output behind, and a failed output leaves no chart.
  std::vector<OutputFile> files;
  if (!options.chart.empty()) {
    files.push_back({options.chart, render_chart(report, parse_chart_kind(options.chart_kind)), "--chart"});
  }
  files.push_back({options.output.output, text, "-o"});
  write_outputs(files);
  if (options.samples_option && options.samples_option->count() > 0 && loaded.scenario.uncertain.empty()) {
    warn(
        fmt::format("--samples {} has nothing to sample: the scenario gives no field as a range, so the estimate is "
                    "deterministic (write e.g. `mfu: {{low: 0.3, likely: 0.4, high: 0.5}}` to sample)",
                    options.samples));
  }
  for (const auto& warning : report.warnings) warn(warning.message);
  if (options.check && render.budget && render.budget->exceeded()) {
    report_budget_breach(*render.budget);
    return static_cast<int>(ExitCode::budget_exceeded);
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
