#include "ftcost/util/error.hpp"

#include <fmt/format.h>

namespace ftcost {

std::string format_message(const SourceLocation& where, const std::string& field,
                           const std::string& problem, const std::string& fix) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += fmt::format(":{}", where.line);
      if (where.column > 0) out += fmt::format(":{}", where.column);
    }
    out += ": ";
  }
  if (!field.empty()) out += field + ": ";
  out += problem;
  if (!fix.empty()) out += fmt::format(" ({})", fix);
  return out;
}

InputError::InputError(SourceLocation where, std::string field, std::string problem, std::string fix)
    : std::runtime_error(format_message(where, field, problem, fix)),
      where_(std::move(where)),
      field_(std::move(field)),
      problem_(std::move(problem)),
      fix_(std::move(fix)) {}

}  // namespace ftcost
