#pragma once
// A small RFC 4180 CSV reader for price files (SkyPilot's vms.csv): comma-separated fields, optionally
// in double quotes; inside quotes "" is one quote and commas and line breaks are text. Lines end in LF
// or CRLF; the last line break is optional; blank lines are skipped. Every field keeps the line and
// column where it starts, so errors can point at it.
#include <string>
#include <vector>

namespace ftcost {

struct CsvField {
  std::string text;
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
};

using CsvRow = std::vector<CsvField>;

// Throws InputError (file:line:column) on a quote inside an unquoted field, text after a closing quote,
// or a quote left open at the end of the file.
std::vector<CsvRow> parse_csv(const std::string& text, const std::string& file);

}  // namespace ftcost
