#include "chart.hpp"

#include "estimate.hpp"
#include "ftcost/catalog/load.hpp"
#include "ftcost/render/svg.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_chart(CLI::App& app, ChartOptions& options) {
  auto* cmd = app.add_subcommand("chart", "Draw a scenario as an SVG chart");
  cmd->add_option("scenario", options.scenario, "Scenario file (.yaml, .yml or .json; - for stdin)")->required();
  cmd->add_option("-k,--kind", options.kind,
                  "cumulative: cost over the horizon with break-even; volume: monthly cost against volume; "
                  "tornado: what drives the cost (needs ranges)")
      ->check(CLI::IsMember({"cumulative", "volume", "tornado"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", options.output, "SVG file to write (atomically); stdout when omitted");
  cmd->add_option("--option", options.option, "Tornado: the option whose cost to explain (default self-hosted)");
  add_catalog_options(*cmd, options.catalog);
  cmd->footer(
      "Examples:\n"
      "  ftcost chart examples/support-assistant-8b-lora.yaml --kind cumulative -o cumulative.svg\n"
      "  ftcost chart examples/product-qa-high-volume.yaml --kind tornado -o tornado.svg");
}

int run_chart(const ChartOptions& options) {
  const Document doc = load_document(options.scenario);
  std::vector<std::string> scenario_books;
  if (auto book = scenario_price_book(doc)) scenario_books.push_back(*book);
  const Catalog catalog = load_catalog(options.catalog, scenario_books);
  Report report;
  try {
    report = analysed_report(load_scenario(doc, catalog), 0, 0);
  } catch (const InputError& error) {
    throw locate_in(error, doc);
  }
  write_output(options.output, render_chart(report, parse_chart_kind(options.kind), options.option));
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
