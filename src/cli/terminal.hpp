#pragma once
// The two global settings about the terminal, given before or after any subcommand:
// --quiet (no warnings or notes on stderr; results and errors unchanged) and
// --color=auto|always|never (auto: only on a terminal, and never with NO_COLOR set).
#include <string>
#include <string_view>
#include <vector>

namespace ftcost::cli {

inline const std::vector<std::string> color_mode_names = {"auto", "always", "never"};

struct TerminalSettings {
  bool quiet = false;
  std::string color = "auto";  // one of color_mode_names (CLI11 checks it)
};

// Set once, after parsing, from the global options.
void apply_terminal_settings(const TerminalSettings& settings);

// "ftcost: warning: MESSAGE" on stderr, unless --quiet.
void warn(std::string_view message);
// A progress or summary note on stderr (e.g. what an import skipped), unless --quiet.
void note(std::string_view text);

// Whether the table may use ANSI colour: --color=always/never decide; auto asks the terminal and NO_COLOR.
bool use_color(bool writing_to_stdout);

}  // namespace ftcost::cli
