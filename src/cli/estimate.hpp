#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "ftcost/report/report.hpp"

namespace ftcost::cli {

struct EstimateOptions {
  std::string scenario;
  std::string format = "table";
  std::string output;
  bool explain = false;
  std::vector<std::string> catalogs;
  int samples = 10000;            // Monte Carlo samples when the scenario has ranges; 0 = none
  std::uint64_t seed = 42;
  std::string chart;              // also write an SVG chart here
  std::string chart_kind = "cumulative";
};

// The deterministic report plus, when the scenario has ranges, Monte Carlo (`samples` > 0) and
// sensitivity, and the recommendation.
Report analysed_report(const Scenario& scenario, int samples, std::uint64_t seed);

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
