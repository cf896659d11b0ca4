#pragma once
#include <CLI/CLI.hpp>

#include "common.hpp"

namespace ftcost::cli {

struct ValidateOptions {
  InputOptions input;
};

void setup_validate(CLI::App& app, ValidateOptions& options);
int run_validate(const ValidateOptions& options);

}  // namespace ftcost::cli
