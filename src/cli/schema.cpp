#include "schema.hpp"

#include "ftcost/render/schemas.hpp"
#include "ftcost/util/error.hpp"
#include "ftcost/util/output.hpp"

namespace ftcost::cli {

void setup_schema(CLI::App& app, SchemaOptions& options) {
  auto* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of the JSON output, of the plan output or of the scenario format");
  cmd->add_option("which", options.which, "output (ftcost-estimate/1), plan (ftcost-plan/1) or scenario")
      ->required()
      ->check(CLI::IsMember({"output", "plan", "scenario"}));
  cmd->add_option("-o,--output", options.output, "Write to this file (atomically) instead of stdout");
  cmd->footer(
      "The same files ship in schemas/.\n"
      "Examples:\n"
      "  ftcost schema output > estimate.schema.json\n"
      "  ftcost schema scenario -o scenario.schema.json");
}

int run_schema(const SchemaOptions& options) {
  const auto text = schema_text(options.which == "output" ? "estimate" : options.which);
  if (!text) throw std::logic_error("schema not embedded: " + options.which);
  write_output(options.output, *text);
  return static_cast<int>(ExitCode::ok);
}

}  // namespace ftcost::cli
