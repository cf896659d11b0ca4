#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "common.hpp"

namespace ftcost::cli {

struct ChartOptions {
  InputOptions input;  // scenario, --catalog, --set
  std::string kind = "cumulative";
  std::string output;
  std::string option;  // tornado: which option's cost
};

void setup_chart(CLI::App& app, ChartOptions& options);
int run_chart(const ChartOptions& options);

}  // namespace ftcost::cli
