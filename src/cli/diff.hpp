#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"

namespace ftcost::cli {

struct DiffOptions {
  std::string base;
  std::string next;
  CatalogOptions catalog;
  std::vector<std::string> sets;  // applied to NEW when it is a scenario
  OutputOptions output;
};

void setup_diff(CLI::App& app, DiffOptions& options);
int run_diff(const DiffOptions& options);

}  // namespace ftcost::cli
