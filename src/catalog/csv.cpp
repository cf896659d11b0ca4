#include "ftcost/catalog/csv.hpp"

#include <utility>

#include "ftcost/util/error.hpp"

namespace ftcost {

std::vector<CsvRow> parse_csv(const std::string& text, const std::string& file) {
  std::vector<CsvRow> rows;
  CsvRow row;
  CsvField field;
  int line = 1;
  int column = 1;
  bool field_started = false;  // the current row has a field (possibly empty) in progress
  std::size_t i = 0;
  // A byte-order mark is not part of the first header name.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;

  auto start_field = [&] {
    field = CsvField{{}, line, column};
    field_started = true;
  };
  auto end_row = [&] {
    // A blank line (one empty, unquoted field) is not a row.
    if (!(row.size() == 1 && row[0].text.empty() && row[0].column == 1)) rows.push_back(std::move(row));
    row.clear();
    field_started = false;
  };
  auto fail = [&](int at_line, int at_column, const std::string& problem, const std::string& fix) {
    throw InputError({file, at_line, at_column}, "csv", problem, fix);
  };

  while (i < text.size()) {
    if (!field_started) start_field();
    if (text[i] == '"' && field.text.empty()) {
      // Quoted field: read to the closing quote.
      const int open_line = line;
      const int open_column = column;
      ++i;
      ++column;
      bool closed = false;
      while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.text += '"';
            i += 2;
            column += 2;
            continue;
          }
          ++i;
          ++column;
          closed = true;
          break;
        }
        field.text += c;
        ++i;
        if (c == '\n') {
          ++line;
          column = 1;
        } else {
          ++column;
        }
      }
      if (!closed)
        fail(open_line, open_column, "a quoted field is never closed", "add the closing \" or remove the stray one");
      // After the closing quote: a separator, a line end, or the end of the file.
      if (i < text.size() && text[i] != ',' && text[i] != '\n' &&
          !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
        fail(line, column, "text after a closing quote", "quote the whole field, writing a quote inside it as \"\"");
      }
      continue;
    }
    const char c = text[i];
    if (c == ',') {
      row.push_back(std::exchange(field, CsvField{}));
      ++i;
      ++column;
      start_field();
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      row.push_back(std::exchange(field, CsvField{}));
      end_row();
      i += c == '\r' ? 2 : 1;
      ++line;
      column = 1;
    } else if (c == '"') {
      fail(line, column, "a quote inside an unquoted field",
           "quote the whole field, writing a quote inside it as \"\"");
    } else {
      field.text += c;
      ++i;
      ++column;
    }
  }
  if (field_started) {
    row.push_back(std::exchange(field, CsvField{}));
    end_row();
  }
  return rows;
}

}  // namespace ftcost
