#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"

namespace ftcost::cli {

struct EstimateOptions {
  InputOptions input;
  OutputOptions output;
  BudgetFlags budget;
  bool explain = false;
  bool check = false;  // exit 3 when a budget limit is exceeded
  double max_price_age_days = 365;
  std::string today;  // "" = the system date; set for reproducible staleness checks
};

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
