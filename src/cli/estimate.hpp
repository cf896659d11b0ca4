#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "ftcost/report/report.hpp"
#include "catalog_options.hpp"

namespace ftcost::cli {

struct EstimateOptions {
  std::string scenario;
  std::string format = "table";
  std::string output;
  bool explain = false;
  int samples = 10000;            // Monte Carlo samples when the scenario has ranges; 0 = none
  std::uint64_t seed = 42;
  std::string chart;              // also write an SVG chart here
  std::string chart_kind = "cumulative";
  CatalogOptions catalog;
  double max_price_age_days = 365;
  std::string today;  // "" = the system date; set for reproducible staleness checks
};

// The deterministic report plus, when the scenario has ranges, Monte Carlo (`samples` > 0) and
// sensitivity, and the recommendation.
Report analysed_report(const Scenario& scenario, int samples, std::uint64_t seed);

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
