#pragma once

namespace ftcost::cli {

// Parses the command line, runs the subcommand, maps every error to one stderr line and a
// documented exit code (see ftcost::ExitCode).
int run(int argc, char** argv);

}  // namespace ftcost::cli
