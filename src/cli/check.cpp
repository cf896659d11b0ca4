#include "check.hpp"

#include "estimate.hpp"
#include "ftcost/report/budget.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_check(CLI::App& app, CheckOptions& options) {
  auto* cmd = app.add_subcommand("check", "Check a scenario against its budget; exit 3 when a limit is exceeded");
  add_input_options(*cmd, options.input);
  add_output_options(*cmd, options.output, output_format_names);
  add_budget_flags(*cmd, options.budget);
  cmd->footer(
      "Limits come from the scenario's budget: section; flags override them. Exit codes: 0 within budget,\n"
      "2 bad input or no limits, 3 a limit exceeded.\n"
      "Examples:\n"
      "  ftcost check scenario.yaml\n"
      "  ftcost check scenario.yaml --max-total 250k --max-monthly 8k\n"
      "  ftcost check scenario.yaml --require-break-even-within 12 --format markdown > budget.md\n"
      "  ftcost check scenario.yaml --format json -o budget.json || echo \"over budget\"");
}

int run_check(const CheckOptions& options) {
  const LoadedScenario loaded = load_scenario_with(options.input, &options.budget);
  // Analysed as `estimate` analyses it by default, so `check` refuses what `estimate --check` does,
  // and a scenario that cannot be priced says why before a missing limit is mentioned.
  const Report report = analysed_report(loaded);
  if (loaded.scenario.budget.empty()) {
    throw InputError({loaded.doc.file, 0, 0}, "budget", "no budget limits to check",
                     "add a `budget:` section or a flag such as --max-total 250k");
  }
  const BudgetResult budget = evaluate_budget(report, loaded.scenario.budget);
  const RenderOptions render = render_options_for(options.output, loaded);
  write_output(options.output.output, render_budget(report, budget, output_format(options.output), render));
  if (budget.exceeded()) {
    report_budget_breach(budget);
    return static_cast<int>(ExitCode::budget_exceeded);
  }
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
