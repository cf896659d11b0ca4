#pragma once
// Helpers for the pipeline tests: run the ftcost executable, read files, compare golden files.
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pipeline_test {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::filesystem::path scratch_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("ftcost-pipeline-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `ftcost ARGS` from the source directory (so paths in outputs are the repo-relative ones),
// with NO_COLOR set; `input` is fed to stdin.
inline RunResult run_ftcost(const std::string& args, const std::string& input = {}) {
  const auto dir = scratch_dir();
  const auto in = dir / "stdin", out = dir / "stdout", err = dir / "stderr";
  write_text(in, input);
  const std::string command = "cd '" FTCOST_SOURCE_DIR "' && NO_COLOR=1 '" FTCOST_BINARY "' " + args + " <'" +
                              in.string() + "' >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

// Runs `ftcost ARGS` with stdout sent to `stdout_target` (e.g. /dev/full) instead of a file; the
// result's `out` stays empty.
inline RunResult run_ftcost_with_stdout(const std::string& args, const std::string& stdout_target) {
  const auto dir = scratch_dir();
  const auto err = dir / "stderr";
  const std::string command = "cd '" FTCOST_SOURCE_DIR "' && NO_COLOR=1 '" FTCOST_BINARY "' " + args +
                              " </dev/null >'" + stdout_target + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_text(err);
  return result;
}

// Compares `actual` with tests/golden/pipeline/NAME; FTCOST_UPDATE_GOLDEN=1 rewrites the file instead
// (see tools/update-golden.sh), so changing an output is always a deliberate, reviewed diff.
inline void check_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path = std::filesystem::path(FTCOST_SOURCE_DIR) / "tests/golden/pipeline" / name;
  const char* update = std::getenv("FTCOST_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    write_text(path, actual);
    WARN("updated golden file " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (regenerate on purpose with tools/update-golden.sh)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_text(path) == actual);
}

}  // namespace pipeline_test
