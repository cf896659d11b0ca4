#pragma once
// Options and steps shared by the subcommands that read a scenario: input (--catalog, --set),
// budget limits (--max-*), output (-f, -o), and loading with errors located in the scenario.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "catalog_options.hpp"
#include "ftcost/catalog/catalog.hpp"
#include "ftcost/render/render.hpp"
#include "ftcost/scenario/override.hpp"
#include "ftcost/scenario/scenario.hpp"
#include "ftcost/util/document.hpp"

namespace ftcost::cli {

struct InputOptions {
  std::string scenario;
  CatalogOptions catalog;         // --catalog and FTCOST_CATALOG; the scenario's price_book comes between
  std::vector<std::string> sets;  // "path=value"
};

// Each is text so "50k" reads like it would in the file; empty = not given.
struct BudgetFlags {
  std::string max_total;
  std::string max_monthly;
  std::string max_one_time;
  std::string max_training;
  std::string max_cost_per_1k_queries;
  std::string require_break_even_within;
  std::string option;
};

struct OutputOptions {
  std::string format = "table";
  std::string output;
};

void add_input_options(CLI::App& cmd, InputOptions& options);
void add_budget_flags(CLI::App& cmd, BudgetFlags& flags);
void add_output_options(CLI::App& cmd, OutputOptions& options, const std::vector<std::string>& formats);

struct LoadedScenario {
  Document doc;
  Scenario scenario;
  std::vector<Override> overrides;  // --set and --max-* in the order applied
};

// Reads the scenario, applies --set and the budget flags (as edits of its `budget:` section), layers
// the catalog (shipped, FTCOST_CATALOG, the scenario's price_book, --catalog) and loads it. Errors name
// the file position or the flag that set the value.
LoadedScenario load_scenario_with(const InputOptions& input, const BudgetFlags* budget);
// The same for a document already read (input.scenario is then only its name).
LoadedScenario load_scenario_from(Document doc, const InputOptions& input, const BudgetFlags* budget);

// Builds the report; a model's infeasibility error is pointed at the field in the scenario.
Report build_report_located(const LoadedScenario& loaded);

OutputFormat output_format(const OutputOptions& options);
RenderOptions render_options_for(const OutputOptions& options, const LoadedScenario& loaded);

// One stderr line a CI log shows even when stdout goes to a file.
void report_budget_breach(const BudgetResult& budget);

}  // namespace ftcost::cli
