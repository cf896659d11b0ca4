#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ftcost::cli {

struct EstimateOptions {
  std::string scenario;
  std::string format = "table";
  std::string output;
  bool explain = false;
  std::vector<std::string> catalogs;
};

void setup_estimate(CLI::App& app, EstimateOptions& options);
int run_estimate(const EstimateOptions& options);

}  // namespace ftcost::cli
