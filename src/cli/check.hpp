#pragma once
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace ftcost::cli {

struct CheckOptions {
  InputOptions input;
  OutputOptions output;
  BudgetFlags budget;
};

void setup_check(CLI::App& app, CheckOptions& options);
int run_check(const CheckOptions& options);

}  // namespace ftcost::cli
