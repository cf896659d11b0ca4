#include "common.hpp"

#include <fmt/format.h>

#include <iostream>

#include "ftcost/catalog/load.hpp"
#include "ftcost/scenario/load.hpp"
#include "terminal.hpp"

namespace ftcost::cli {

void add_input_options(CLI::App& cmd, InputOptions& options) {
  cmd.add_option("scenario", options.scenario, "Scenario file (.yaml, .yml or .json; - for stdin)")->required();
  add_catalog_options(cmd, options.catalog);
  cmd.add_option("--set", options.sets,
                 "Override a scenario field before loading, in the file's units: --set hosting.queries_per_month=3M; "
                 "repeatable")
      ->allow_extra_args(false);
}

void add_budget_flags(CLI::App& cmd, BudgetFlags& flags) {
  const char* group = "Budget (overrides the scenario's budget: section)";
  cmd.add_option("--max-total", flags.max_total, "Limit on the total over the horizon, USD (e.g. 250k)")->group(group);
  cmd.add_option("--max-monthly", flags.max_monthly, "Limit on the monthly cost, USD")->group(group);
  cmd.add_option("--max-one-time", flags.max_one_time, "Limit on the one-time cost, USD")->group(group);
  cmd.add_option("--max-training", flags.max_training,
                 "Limit on training over the horizon (first round, re-training, checkpoint storage), USD")
      ->group(group);
  cmd.add_option("--max-cost-per-1k-queries", flags.max_cost_per_1k_queries, "Limit on the cost per 1,000 queries, USD")
      ->group(group);
  cmd.add_option("--require-break-even-within", flags.require_break_even_within,
                 "Months within which self-hosting must break even against every alternative")
      ->group(group);
  cmd.add_option("--budget-option", flags.option, "Option the limits apply to (default: self-hosted)")->group(group);
}

void add_output_options(CLI::App& cmd, OutputOptions& options, const std::vector<std::string>& formats) {
  cmd.add_option("-f,--format", options.format, "Output format: " + fmt::format("{}", fmt::join(formats, ", ")))
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  cmd.add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
}

namespace {

void add_flag_override(std::vector<Override>& out, const std::string& value, const char* flag, const char* field) {
  if (value.empty()) return;
  out.push_back({fmt::format("budget.{}", field), value, fmt::format("{} {}", flag, value)});
}

}  // namespace

LoadedScenario load_scenario_with(const InputOptions& input, const BudgetFlags* budget) {
  return load_scenario_from(load_document(input.scenario), input, budget);
}

LoadedScenario load_scenario_from(Document doc, const InputOptions& input, const BudgetFlags* budget) {
  LoadedScenario loaded;
  loaded.doc = std::move(doc);
  for (const auto& assignment : input.sets) loaded.overrides.push_back(parse_override(assignment));
  if (budget) {
    auto& o = loaded.overrides;
    add_flag_override(o, budget->max_total, "--max-total", "max_total_usd");
    add_flag_override(o, budget->max_monthly, "--max-monthly", "max_monthly_usd");
    add_flag_override(o, budget->max_one_time, "--max-one-time", "max_one_time_usd");
    add_flag_override(o, budget->max_training, "--max-training", "max_training_usd");
    add_flag_override(o, budget->max_cost_per_1k_queries, "--max-cost-per-1k-queries", "max_cost_per_1k_queries_usd");
    add_flag_override(o, budget->require_break_even_within, "--require-break-even-within",
                      "require_break_even_within_months");
    add_flag_override(o, budget->option, "--budget-option", "option");  // ids such as api:gpt-4.1 read as text
  }
  for (const auto& change : loaded.overrides) apply_override(loaded.doc, change);
  std::vector<std::string> scenario_books;
  if (auto book = scenario_price_book(loaded.doc)) scenario_books.push_back(*book);
  const Catalog catalog = load_catalog(input.catalog, scenario_books);
  loaded.scenario = load_scenario(loaded.doc, catalog);
  return loaded;
}

Report build_report_located(const LoadedScenario& loaded) {
  try {
    return build_report(loaded.scenario);
  } catch (const InputError& error) {
    throw locate_in(error, loaded.doc);
  }
}

OutputFormat output_format(const OutputOptions& options) {
  // CLI11 has already checked the name against the allowed list.
  return parse_output_format(options.format).value_or(OutputFormat::table);
}

RenderOptions render_options_for(const OutputOptions& options, const LoadedScenario& loaded) {
  RenderOptions render;
  render.color = use_color(options.output.empty() || options.output == "-");
  render.overrides = loaded.overrides;
  return render;
}

void report_budget_breach(const BudgetResult& budget) {
  std::vector<std::string> parts;
  for (const auto& limit : budget.limits) {
    if (!limit.exceeded) continue;
    parts.push_back(limit.value
                        ? fmt::format("{} {} > {} (over by {})", limit.limit, format_budget_amount(limit, limit.value),
                                      format_budget_amount(limit, limit.limit_value),
                                      format_budget_amount(limit, limit.overshoot))
                        : fmt::format("{}: {}", limit.limit, budget_missing_value(limit)));
  }
  std::cerr << fmt::format("ftcost: budget exceeded for {}: {}\n", budget.option, fmt::join(parts, "; "));
}

}  // namespace ftcost::cli
