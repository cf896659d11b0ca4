#include "init.hpp"

#include <filesystem>

#include "ftcost/scenario/starter.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_init(CLI::App& app, InitOptions& options) {
  auto* cmd = app.add_subcommand("init", "Write a commented starter scenario");
  cmd->add_option("-o,--output", options.output, "Write to this file instead of stdout");
  cmd->add_flag("--force", options.force, "Replace the file if it exists");
  cmd->footer(
      "Examples:\n"
      "  ftcost init -o scenario.yaml && ftcost estimate scenario.yaml\n"
      "  ftcost init > scenario.yaml");
}

int run_init(const InitOptions& options) {
  const bool to_file = !options.output.empty() && options.output != "-";
  std::error_code ec;
  if (to_file && !options.force && std::filesystem::exists(options.output, ec)) {
    throw InputError({options.output, 0, 0}, "", "already exists",
                     "choose another name, or pass --force to replace it");
  }
  write_output(options.output, starter_scenario());
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
