#include "validate.hpp"

#include <fmt/format.h>

#include <iostream>

#include "estimate.hpp"
#include "ftcost/report/budget.hpp"
#include "terminal.hpp"

namespace ftcost::cli {

void setup_validate(CLI::App& app, ValidateOptions& options) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Check a scenario: fields, ranges, catalog names, and everything `estimate` computes (memory fit, "
      "latency, replicas, budget option) without printing the estimate");
  add_input_options(*cmd, options.input);
  cmd->footer(
      "Prints one line and exits 0 when `ftcost estimate` would succeed; otherwise the first problem as\n"
      "file:line:col: field: problem (fix), exit code 2.\n"
      "Examples:\n"
      "  ftcost validate scenario.yaml\n"
      "  ftcost validate scenario.yaml --set hosting.gpu=h100-sxm");
}

int run_validate(const ValidateOptions& options) {
  const LoadedScenario loaded = load_scenario_with(options.input, nullptr);
  // The same steps as `estimate` with its defaults, short of rendering: the models (a model that
  // does not fit its GPUs, a latency target no replica meets), the analyses (Monte Carlo refuses
  // ranges none of whose samples the models can price) and the budget, so `validate` never passes
  // a scenario that `estimate` refuses.
  Report report = analysed_report(loaded);
  if (!loaded.scenario.budget.empty()) evaluate_budget(report, loaded.scenario.budget);
  for (const auto& warning : report.warnings) warn(warning.message);
  std::cout << fmt::format("{}: valid scenario '{}' ({} defaults applied{}; {} options estimated)\n", loaded.doc.file,
                           loaded.scenario.name, loaded.scenario.defaults_applied.size(),
                           loaded.scenario.budget.empty() ? "" : ", budget limits set", report.options.size());
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
