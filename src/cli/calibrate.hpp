#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "catalog_options.hpp"

namespace ftcost::cli {

struct CalibrateOptions {
  std::vector<std::string> files;
  std::string format = "table";
  std::string output;
  bool fit = false;
  bool cross_validate = false;
  bool strict = false;  // a case calibrate cannot score is an error, not a warning
  CatalogOptions catalog;
};

void setup_calibrate(CLI::App& app, CalibrateOptions& options);
int run_calibrate(const CalibrateOptions& options);

}  // namespace ftcost::cli
