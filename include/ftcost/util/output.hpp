#pragma once
// Writing results: to stdout, or to a file atomically (a temporary file renamed into place), so a
// failed run never leaves a partial or truncated output file behind. Every failure is an
// OutputError (exit code 1).
#include <cstddef>
#include <string>
#include <vector>

namespace ftcost {

// One result to write. path "" or "-" is stdout; `flag` names the option that chose the path, for
// error messages ("-o", "--chart").
struct OutputFile {
  std::string path;
  std::string text;
  std::string flag = "-o";
};

// Writes every file, all or nothing as far as the file system allows: each file is first written in
// full to a temporary beside it, then stdout (at most one entry may be stdout), and only when all of
// that succeeded are the temporaries renamed into place. On any failure the temporaries are removed,
// existing files are left as they were, and an OutputError is thrown (a stdout that failed half way
// cannot be taken back).
void write_outputs(const std::vector<OutputFile>& files);

// write_outputs with one entry.
void write_output(const std::string& path, const std::string& text, const std::string& flag = "-o");

// Flushes stdout; throws OutputError when anything written to it was lost (e.g. `>/dev/full`).
void flush_stdout();

// The same for what was written to C's stdout (fwrite): flushes it and throws OutputError when a
// write failed; write_stdio_stdout writes a block and throws the same way.
void flush_stdio_stdout();
void write_stdio_stdout(const char* data, std::size_t size);

}  // namespace ftcost
