#include "estimate.hpp"

#include "ftcost/catalog/load.hpp"
#include "ftcost/render/json.hpp"
#include "ftcost/render/table.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_estimate(CLI::App& app, EstimateOptions& options) {
  auto* cmd = app.add_subcommand("estimate", "Estimate the total cost of ownership of a scenario");
  cmd->add_option("scenario", options.scenario, "Scenario file (.yaml, .yml or .json; - for stdin)")->required();
  cmd->add_option("-f,--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
  cmd->add_flag("--explain", options.explain, "Show every line item's formula, the intermediate values and defaults");
  cmd->add_option("--catalog", options.catalogs, "Price book (YAML/JSON) layered over the shipped catalog; repeatable");
  cmd->footer(
      "Examples:\n"
      "  ftcost estimate examples/support-assistant-8b-lora.yaml\n"
      "  ftcost estimate scenario.yaml --format json -o estimate.json\n"
      "  ftcost estimate scenario.yaml --explain");
}

int run_estimate(const EstimateOptions& options) {
  const Catalog catalog = options.catalogs.empty() ? shipped_catalog() : catalog_with_overlays(options.catalogs);
  const Document doc = load_document(options.scenario);
  Report report;
  try {
    report = build_report(load_scenario(doc, catalog));
  } catch (const InputError& error) {
    throw locate_in(error, doc);
  }
  const std::string text = options.format == "json" ? render_json(report) : render_table(report, {options.explain});
  write_output(options.output, text);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
