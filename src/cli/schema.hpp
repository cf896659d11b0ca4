#pragma once
#include <CLI/CLI.hpp>

#include <string>

namespace ftcost::cli {

struct SchemaOptions {
  std::string which;  // "output" or "scenario"
  std::string output;
};

void setup_schema(CLI::App& app, SchemaOptions& options);
int run_schema(const SchemaOptions& options);

}  // namespace ftcost::cli
