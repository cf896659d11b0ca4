#include "terminal.hpp"

#include <iostream>

#include "ftcost/render/render.hpp"

namespace ftcost::cli {

namespace {
// The CLI's only global state: one process runs one command with one set of global options.
TerminalSettings current;
}  // namespace

void apply_terminal_settings(const TerminalSettings& settings) { current = settings; }

void warn(std::string_view message) {
  if (!current.quiet) std::cerr << "ftcost: warning: " << message << "\n";
}

void note(std::string_view text) {
  if (!current.quiet) std::cerr << text;
}

bool use_color(bool writing_to_stdout) {
  if (current.color == "always") return true;
  if (current.color == "never") return false;
  return color_wanted(writing_to_stdout);
}

}  // namespace ftcost::cli
