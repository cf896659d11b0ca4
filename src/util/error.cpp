#include "ftcost/util/error.hpp"

#include <fmt/format.h>

namespace ftcost {

namespace {

// User text ends up in messages (keys, names, values): keep the message on one line and short, so
// CI logs stay readable whatever a hostile file contains.
std::string printable(const std::string& text, std::size_t max_length) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (out.size() >= max_length) {
      // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
      while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
      if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
      out += "…";
      break;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\x{:02x}", c);
    else
      out.push_back(text[i]);
  }
  return out;
}

constexpr std::size_t max_field_length = 120;
constexpr std::size_t max_text_length = 600;

}  // namespace

std::string format_message(const SourceLocation& where, const std::string& field, const std::string& problem,
                           const std::string& fix) {
  std::string out;
  if (!where.file.empty()) {
    out += printable(where.file, max_text_length);
    if (where.line > 0) {
      out += fmt::format(":{}", where.line);
      if (where.column > 0) out += fmt::format(":{}", where.column);
    }
    out += ": ";
  }
  if (!field.empty()) out += printable(field, max_field_length) + ": ";
  out += printable(problem, max_text_length);
  if (!fix.empty()) out += fmt::format(" ({})", printable(fix, max_text_length));
  return out;
}

InputError::InputError(SourceLocation where, std::string field, std::string problem, std::string fix)
    : std::runtime_error(format_message(where, field, problem, fix)),
      where_(std::move(where)),
      field_(std::move(field)),
      problem_(std::move(problem)),
      fix_(std::move(fix)) {}

OutputError::OutputError(const std::string& path, const std::string& field, const std::string& problem,
                         const std::string& fix)
    : std::runtime_error(format_message({path, 0, 0}, field, problem, fix)) {}

}  // namespace ftcost
