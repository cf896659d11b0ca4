#include "plan.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <set>

#include "ftcost/plan/apply.hpp"
#include "ftcost/plan/plan.hpp"
#include "ftcost/render/plan.hpp"
#include "ftcost/report/report.hpp"
#include "ftcost/scenario/load.hpp"
#include "ftcost/util/output.hpp"
#include "ftcost/util/quantity.hpp"
#include "ftcost/util/suggest.hpp"

namespace ftcost::cli {

namespace {

PlanConstraints constraints_from(const PlanOptions& options, const Catalog& catalog) {
  PlanConstraints c;
  if (options.max_training_hours) {
    if (!(*options.max_training_hours > 0)) {
      throw InputError({}, "--max-training-hours", "must be a positive number of hours", "e.g. --max-training-hours 6");
    }
    c.max_training_hours = options.max_training_hours;
  }
  if (!options.max_total.empty()) {
    const QuantityParse total = parse_quantity(options.max_total);
    if (!total.value || *total.value < 0) {
      throw InputError({}, "--max-total", fmt::format("'{}' is not an amount of USD", options.max_total),
                       "e.g. --max-total 250k");
    }
    c.max_total_usd = total.value;
  }
  std::set<std::string> providers;
  for (const auto& price : catalog.gpu_prices) providers.insert(price.provider);
  const std::vector<std::string> known(providers.begin(), providers.end());
  auto check_providers = [&](const std::vector<std::string>& names, const char* flag) {
    for (const auto& name : names) {
      if (!providers.count(name)) {
        throw InputError({}, flag, fmt::format("no GPU price in the catalog is from '{}'", name),
                         suggestion_text(name, known));
      }
    }
    return names;
  };
  c.providers = check_providers(options.providers, "--providers");
  c.exclude_providers = check_providers(options.exclude_providers, "--exclude-providers");
  for (const auto& name : options.gpus) {
    const GpuSpec* gpu = catalog.find_gpu(name);
    if (!gpu)
      throw InputError({}, "--gpus", fmt::format("unknown GPU '{}'", name), suggestion_text(name, catalog.gpu_names()));
    c.gpus.push_back(gpu->id);
  }
  for (const auto& name : options.methods) {
    if (name == "full")
      c.methods.push_back(TrainingMethod::full);
    else if (name == "lora")
      c.methods.push_back(TrainingMethod::lora);
    else if (name == "qlora")
      c.methods.push_back(TrainingMethod::qlora);
    else if (name == "prompt_tuning")
      c.methods.push_back(TrainingMethod::prompt_tuning);
    else {
      throw InputError({}, "--methods", fmt::format("unknown method '{}'", name),
                       suggestion_text(name, {"full", "lora", "qlora", "prompt_tuning"}));
    }
  }
  c.mix = options.mix;
  return c;
}

// The scenario with the plan written in, checked by loading and pricing it like `estimate FILE`.
std::string applied_scenario(const std::string& text, const Document& original, const std::vector<Override>& user_sets,
                             const PlanCandidate& best, const Catalog& catalog) {
  std::vector<Override> changes = user_sets;
  for (const auto& change : best.set) changes.push_back({change.path, change.value, "ftcost plan"});
  std::string written = apply_changes_to_text(text, original, changes);
  const Document check = parse_document(written, original.file);
  const Report report = build_report(load_scenario(check, catalog));
  const double total = report.options.front().totals.horizon_total;
  if (std::abs(total - best.horizon_total_usd) > 0.005) {
    throw std::logic_error(
        fmt::format("the applied scenario prices at {:.2f}, the plan at {:.2f}", total, best.horizon_total_usd));
  }
  return written;
}

}  // namespace

void setup_plan(CLI::App& app, PlanOptions& options) {
  auto* cmd = app.add_subcommand("plan", "Find the cheapest way to train and serve the scenario under constraints");
  add_input_options(*cmd, options.input);
  add_output_options(*cmd, options.output, plan_format_names);
  const char* group = "Constraints";
  cmd->add_option("--max-training-hours", options.max_training_hours, "Wall-clock limit of one training run, hours")
      ->group(group);
  cmd->add_option("--max-total", options.max_total, "Limit on the self-hosted total over the horizon, USD (e.g. 250k)")
      ->group(group);
  cmd->add_option("--providers", options.providers, "Only these providers (comma-separated)")
      ->delimiter(',')
      ->group(group);
  cmd->add_option("--exclude-providers", options.exclude_providers, "Never these providers (comma-separated)")
      ->delimiter(',')
      ->group(group);
  cmd->add_option("--gpus", options.gpus, "Only these GPUs (comma-separated catalog ids)")
      ->delimiter(',')
      ->group(group);
  cmd->add_option("--methods", options.methods,
                  "Training methods to search (comma-separated: full, lora, qlora, prompt_tuning; default: as written)")
      ->delimiter(',')
      ->group(group);
  cmd->add_flag("--mix", options.mix,
                "The serving fleet may mix two GPU types (always-on replicas, each meeting the latency target): the "
                "cheapest combination that carries the peak")
      ->group(group);
  cmd->add_option("--objective", options.objective,
                  "What the best plan minimises: horizon_total, or p90 (the 90th percentile of the horizon total over "
                  "a Monte Carlo run per finalist; scenarios with ranges only)")
      ->check(CLI::IsMember({"horizon_total", "p90"}))
      ->capture_default_str();
  cmd->add_option("--samples", options.samples, "Monte Carlo samples per finalist with --objective p90")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--seed", options.seed, "Random seed for --objective p90: the same seed gives the same plan")
      ->capture_default_str();
  cmd->add_option("--chart", options.chart, "Also write the Pareto frontiers as an SVG chart to this file");
  cmd->add_flag("--apply", options.apply,
                "Write the scenario with the best plan's values to -o (comments and layout kept); the plan goes to "
                "stdout");
  cmd->footer(
      "The scenario's latency targets (hosting.max_ms_per_output_token, max_time_to_first_token_ms) and\n"
      "min_replicas always hold. Exit codes: 0 a plan was found, 2 bad input, 4 no candidate meets the\n"
      "constraints (stderr names the constraint and the closest candidate).\n"
      "Examples:\n"
      "  ftcost plan examples/support-assistant-8b-lora.yaml\n"
      "  ftcost plan scenario.yaml --max-training-hours 4 --providers aws,lambda --format json\n"
      "  ftcost plan scenario.yaml --methods lora,qlora --apply -o scenario.planned.yaml\n"
      "  ftcost plan examples/product-qa-high-volume.yaml --objective p90 --samples 2000\n"
      "  ftcost plan scenario.yaml --chart pareto.svg");
}

int run_plan(const PlanOptions& options) {
  if (options.apply && (options.output.output.empty() || options.output.output == "-")) {
    throw InputError({}, "--apply", "needs -o FILE for the scenario it writes",
                     "e.g. --apply -o scenario.planned.yaml");
  }
  const DocumentLimits limits;
  const std::string text = read_input_file(options.input.scenario, limits.max_bytes);
  const Document original = parse_document(text, options.input.scenario, limits);
  Document doc = original;
  std::vector<Override> user_sets;
  for (const auto& assignment : options.input.sets) user_sets.push_back(parse_override(assignment));
  for (const auto& change : user_sets) apply_override(doc, change);
  std::vector<std::string> books;
  if (auto book = scenario_price_book(doc)) books.push_back(*book);
  const Catalog catalog = load_catalog(options.input.catalog, books);
  const PlanConstraints constraints = constraints_from(options, catalog);

  const auto start = std::chrono::steady_clock::now();
  PlanResult plan;
  try {
    PlanObjective objective;
    if (options.objective == "p90") objective.kind = PlanObjectiveKind::p90;
    objective.samples = options.samples;
    objective.seed = options.seed;
    plan = search_plan(doc, catalog, constraints, objective);
  } catch (const InputError& error) {
    if (error.field().rfind("--", 0) == 0) throw;  // about a flag, not a place in the file
    throw locate_in(error, doc);
  }
  plan.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  plan.scenario_file = options.input.scenario;
  for (const auto& book : options.input.catalog.overlays) {
    plan.input_args.push_back("--catalog");
    plan.input_args.push_back(book);
  }
  for (const auto& assignment : options.input.sets) {
    plan.input_args.push_back("--set");
    plan.input_args.push_back(assignment);
  }
  const OutputFormat format = output_format(options.output);

  if (plan.infeasible) {
    // JSON callers get the reason as data too; a table would only repeat the one line on stderr.
    if (format == OutputFormat::json && !options.apply) write_output(options.output.output, render_plan(plan, format));
    std::cerr << "ftcost: " << plan_infeasible_message(plan) << "\n";
    return static_cast<int>(ExitCode::no_feasible_plan);
  }
  const std::string report = render_plan(plan, format);
  std::vector<OutputFile> files;
  if (!options.chart.empty()) {
    if (options.chart == "-" || options.chart == options.output.output) {
      throw InputError({}, "--chart", fmt::format("'{}' is also where the plan goes", options.chart),
                       "write the chart to its own file");
    }
    files.push_back({options.chart, render_plan_chart(plan), "--chart"});
  }
  if (options.apply && !plan.best->mix.empty()) {
    throw InputError({}, "--apply",
                     fmt::format("the best plan mixes two GPU types in the serving fleet ({} and {}), which a "
                                 "scenario file cannot express",
                                 plan.best->mix[0].gpu, plan.best->mix[1].gpu),
                     "run without --mix to write the best single-type plan, or apply one type by hand with the "
                     "plan's --set values");
  }
  if (options.apply) {
    files.push_back({options.output.output, applied_scenario(text, original, user_sets, *plan.best, catalog), "-o"});
    files.push_back({"-", report, "stdout"});
  } else {
    files.push_back({options.output.output, report, "-o"});
  }
  write_outputs(files);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
