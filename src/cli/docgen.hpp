#pragma once
// The man page and the bash, zsh and fish completions, written from the CLI11 command tree itself
// (every command, option, choice and example), so they cannot drift from the real command line.
// The build runs `ftcost --generate KIND` and installs the results (CMakeLists.txt).
#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace ftcost::cli {

std::string man_page(const CLI::App& app);
std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);
std::string fish_completion(const CLI::App& app);

// Writes one of them (KIND: man, bash, zsh or fish) to OUTPUT (atomically; "" = stdout). Returns the
// exit code: 2 for an unknown kind; a failed write throws OutputError.
int generate_docs(const CLI::App& app, std::string_view kind, const std::string& output = {});

}  // namespace ftcost::cli
