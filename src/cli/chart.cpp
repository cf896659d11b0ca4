#include "chart.hpp"

#include "estimate.hpp"
#include "ftcost/render/svg.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_chart(CLI::App& app, ChartOptions& options) {
  auto* cmd = app.add_subcommand("chart", "Draw a scenario as an SVG chart");
  add_input_options(*cmd, options.input);
  cmd->add_option("-k,--kind", options.kind,
                  "cumulative: cost over the horizon with break-even; volume: monthly cost against volume; "
                  "tornado: what drives the cost (needs ranges)")
      ->check(CLI::IsMember({"cumulative", "volume", "tornado"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", options.output, "SVG file to write (atomically); stdout when omitted");
  cmd->add_option("--option", options.option, "Tornado: the option whose cost to explain (default self-hosted)");
  cmd->footer(
      "Examples:\n"
      "  ftcost chart examples/support-assistant-8b-lora.yaml --kind cumulative -o cumulative.svg\n"
      "  ftcost chart examples/product-qa-high-volume.yaml --kind tornado -o tornado.svg");
}

int run_chart(const ChartOptions& options) {
  const LoadedScenario loaded = load_scenario_with(options.input, nullptr);
  // Analysed as `estimate` analyses it by default, so `chart` refuses what `estimate --chart` does.
  const Report report = analysed_report(loaded);
  // The same ids and the same rule as --budget-option: an exact id, or a base id only one option has.
  const std::string option =
      options.option.empty() ? "" : resolve_option_id(loaded.scenario, options.option, {}, "--option");
  write_output(options.output, render_chart(report, parse_chart_kind(options.kind), option));
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
