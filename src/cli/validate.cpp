#include "validate.hpp"

#include <fmt/format.h>

#include <iostream>

namespace ftcost::cli {

void setup_validate(CLI::App& app, ValidateOptions& options) {
  auto* cmd = app.add_subcommand("validate", "Check a scenario (fields, ranges, catalog names) without estimating");
  add_input_options(*cmd, options.input);
  cmd->footer(
      "Prints one line and exits 0 when the scenario is valid; otherwise the first problem as\n"
      "file:line:col: field: problem (fix), exit code 2.\n"
      "Examples:\n"
      "  ftcost validate scenario.yaml\n"
      "  ftcost validate scenario.yaml --set hosting.gpu=h100-sxm");
}

int run_validate(const ValidateOptions& options) {
  const LoadedScenario loaded = load_scenario_with(options.input, nullptr);
  std::cout << fmt::format("{}: valid scenario '{}' ({} defaults applied{})\n", loaded.doc.file, loaded.scenario.name,
                           loaded.scenario.defaults_applied.size(),
                           loaded.scenario.budget.empty() ? "" : ", budget limits set");
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
