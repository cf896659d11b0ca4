#pragma once
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common.hpp"

namespace ftcost::cli {

struct SweepOptions {
  InputOptions input;
  std::vector<std::string> vary;
  OutputOptions output{"csv", ""};
};

void setup_sweep(CLI::App& app, SweepOptions& options);
int run_sweep(const SweepOptions& options);

}  // namespace ftcost::cli
