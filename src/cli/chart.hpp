#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "catalog_options.hpp"

namespace ftcost::cli {

struct ChartOptions {
  std::string scenario;
  std::string kind = "cumulative";
  std::string output;
  std::string option;  // tornado: which option's cost
  CatalogOptions catalog;
};

void setup_chart(CLI::App& app, ChartOptions& options);
int run_chart(const ChartOptions& options);

}  // namespace ftcost::cli
