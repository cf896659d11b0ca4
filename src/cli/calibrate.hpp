#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace ftcost::cli {

struct CalibrateOptions {
  std::string file;
  std::string format = "table";
  std::string output;
  bool fit = false;
  std::vector<std::string> catalogs;
};

void setup_calibrate(CLI::App& app, CalibrateOptions& options);
int run_calibrate(const CalibrateOptions& options);

}  // namespace ftcost::cli
