#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "catalog_options.hpp"

namespace ftcost::cli {

struct EstimateOptions {
  std::string scenario;
  std::string format = "table";
  std::string output;
  bool explain = false;
  CatalogOptions catalog;
  double max_price_age_days = 365;
  std::string today;  // "" = the system date; set for reproducible staleness checks
};

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
