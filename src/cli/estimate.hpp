#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"
#include "ftcost/report/report.hpp"

namespace ftcost::cli {

struct EstimateOptions {
  InputOptions input;
  OutputOptions output;
  BudgetFlags budget;
  bool explain = false;
  bool check = false;  // exit 3 when a budget limit is exceeded
  double max_price_age_days = 365;
  std::string today;                            // "" = the system date; set for reproducible staleness checks
  int samples = 10000;                          // Monte Carlo samples when the scenario has ranges; 0 = none
  const CLI::Option* samples_option = nullptr;  // to tell `--samples` given from the default
  std::uint64_t seed = 42;
  std::string chart;  // also write an SVG chart here
  std::string chart_kind = "cumulative";
};

// Adds to a built report what the scenario's ranges and decision call for: Monte Carlo (`samples` > 0)
// and sensitivity when it has ranges, and always the recommendation.
// `today` dates the recommendation's caution about a retiring price ("" states only the dates).
void analyse(Report& report, const Scenario& scenario, int samples, std::uint64_t seed, const std::string& today = "");

// A loaded scenario's report, analysed as above, its errors located in the document: what
// `estimate` prints, and what `validate` and `check` judge, so that no command passes a scenario
// another refuses. The Monte Carlo defaults are estimate's.
Report analysed_report(const LoadedScenario& loaded, int samples = EstimateOptions{}.samples,
                       std::uint64_t seed = EstimateOptions{}.seed, const std::string& today = "");

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
