#pragma once
// Writing results: to stdout, or to a file atomically (a temporary file renamed into place), so a
// failed run never leaves a partial or truncated output file behind.
#include <string>

namespace ftcost {

// path "" or "-" writes to stdout. Throws InputError when the file cannot be written.
void write_output(const std::string& path, const std::string& text);

}  // namespace ftcost
