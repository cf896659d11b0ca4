#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"

namespace ftcost::cli {

struct PlanOptions {
  InputOptions input;
  OutputOptions output;
  std::optional<double> max_training_hours;
  std::string max_total;  // "250k"
  std::vector<std::string> providers;
  std::vector<std::string> exclude_providers;
  std::vector<std::string> gpus;
  std::vector<std::string> methods;
  std::string objective = "horizon_total";  // or "p90" (a scenario with ranges)
  int samples = 10000;                      // Monte Carlo samples per finalist with --objective p90
  std::uint64_t seed = 42;
  bool mix = false;    // the serving fleet may mix two GPU types
  std::string chart;   // also write the Pareto frontiers as SVG here
  bool apply = false;  // -o receives the scenario with the plan written in
};

void setup_plan(CLI::App& app, PlanOptions& options);
int run_plan(const PlanOptions& options);

}  // namespace ftcost::cli
