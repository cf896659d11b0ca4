#pragma once
#include <CLI/CLI.hpp>

#include <string>

namespace ftcost::cli {

struct InitOptions {
  std::string output;
  bool force = false;
};

void setup_init(CLI::App& app, InitOptions& options);
int run_init(const InitOptions& options);

}  // namespace ftcost::cli
