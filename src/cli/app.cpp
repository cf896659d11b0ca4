#include "app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <functional>
#include <iostream>
#include <memory>

#include "calibrate.hpp"
#include "catalog.hpp"
#include "chart.hpp"
#include "check.hpp"
#include "diff.hpp"
#include "estimate.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"
#include "init.hpp"
#include "plan.hpp"
#include "schema.hpp"
#include "sweep.hpp"
#include "validate.hpp"

namespace ftcost::cli {

namespace {

// A registered subcommand: its parser, and how to run it once parsed (after the price books given
// before the subcommand are prepended to its own).
struct Command {
  CLI::App* parser = nullptr;
  std::function<int(const CatalogOptions& global)> run;
};

template <class Options>
void add_command(CLI::App& app, std::vector<Command>& commands, void (*setup)(CLI::App&, Options&),
                 int (*run)(const Options&)) {
  auto options = std::make_shared<Options>();
  setup(app, *options);
  commands.push_back({app.get_subcommands({}).back(), [options, run](const CatalogOptions& global) {
                        if constexpr (requires { options->input.catalog; }) apply_global(options->input.catalog, global);
                        if constexpr (requires { options->catalog; }) apply_global(options->catalog, global);
                        return run(*options);
                      }});
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"ftcost — what fine-tuning an LLM really costs, and whether it pays off"};
  app.set_version_flag("--version", std::string("ftcost ") + FTCOST_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  ftcost init -o scenario.yaml          write a commented starter scenario\n"
      "  ftcost estimate scenario.yaml         total cost of ownership, break-even\n"
      "  ftcost check scenario.yaml --max-total 250k   CI budget gate (exit 3 when over)\n"
      "  ftcost --help-all                     every command's options\n"
      "Exit codes: 0 ok, 1 output could not be written or internal error, 2 bad input or usage,\n"
      "3 budget exceeded, 4 `plan` found no candidate that meets its constraints.");
  app.set_help_all_flag("--help-all", "Show help for every command");

  // `ftcost --catalog FILE <command>` works as well as `ftcost <command> --catalog FILE`.
  CatalogOptions global_catalog;
  add_catalog_options(app, global_catalog);

  std::vector<Command> commands;
  add_command(app, commands, setup_estimate, run_estimate);
  add_command(app, commands, setup_chart, run_chart);
  add_command(app, commands, setup_check, run_check);
  add_command(app, commands, setup_diff, run_diff);
  add_command(app, commands, setup_sweep, run_sweep);
  add_command(app, commands, setup_plan, run_plan);
  add_command(app, commands, setup_init, run_init);
  add_command(app, commands, setup_validate, run_validate);
  add_command(app, commands, setup_schema, run_schema);
  add_command(app, commands, setup_catalog, run_catalog);
  add_command(app, commands, setup_calibrate, run_calibrate);

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

  try {
    for (const auto& command : commands) {
      if (!command.parser->parsed()) continue;
      const int code = command.run(global_catalog);
      flush_stdout();  // a command that printed directly: a lost write is an error, not exit 0
      return code;
    }
  } catch (const OutputError& e) {
    std::cerr << "ftcost: error: " << e.what() << "\n";
    return static_cast<int>(ExitCode::output_failed);
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
