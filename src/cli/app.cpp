#include "app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>

#include "catalog.hpp"
#include "calibrate.hpp"
#include "chart.hpp"
#include "estimate.hpp"
#include "ftcost/util/error.hpp"

namespace ftcost::cli {

int run(int argc, char** argv) {
  CLI::App app{"ftcost — what fine-tuning an LLM really costs, and whether it pays off"};
  app.set_version_flag("--version", std::string("ftcost ") + FTCOST_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 internal error, 2 bad input or usage, 3 budget exceeded.");

  // `ftcost --catalog FILE <command>` works as well as `ftcost <command> --catalog FILE`.
  CatalogOptions global_catalog;
  add_catalog_options(app, global_catalog);

  EstimateOptions estimate;
  setup_estimate(app, estimate);
  ChartOptions chart;
  setup_chart(app, chart);
  CatalogCommandOptions catalog;
  setup_catalog(app, catalog);
  CalibrateOptions calibrate;
  setup_calibrate(app, calibrate);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ftcost: error: " << e.what() << " (see ftcost --help)\n";
    return static_cast<int>(ExitCode::input_error);
  }

  apply_global(estimate.catalog, global_catalog);
  apply_global(chart.catalog, global_catalog);
  apply_global(catalog.catalog, global_catalog);
  apply_global(calibrate.catalog, global_catalog);

  try {
    if (app.got_subcommand("estimate")) return run_estimate(estimate);
    if (app.got_subcommand("chart")) return run_chart(chart);
    if (app.got_subcommand("catalog")) return run_catalog(catalog);
    if (app.got_subcommand("calibrate")) return run_calibrate(calibrate);
  } catch (const InputError& e) {
    std::cerr << "ftcost: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::input_error);
  } catch (const std::exception& e) {
    std::cerr << "ftcost: internal error: " << e.what() << " (please report this)\n";
    return static_cast<int>(ExitCode::internal_error);
  }
  return static_cast<int>(ExitCode::internal_error);
}

}  // namespace ftcost::cli
