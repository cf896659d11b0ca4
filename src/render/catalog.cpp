#include "ftcost/render/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ftcost {

namespace {

using nlohmann::json;
using ordered = nlohmann::ordered_json;  // keeps the catalog's field order in the output

ordered to_ordered(const json& value) { return ordered::parse(value.dump()); }

// Terminal tables cut long text (sources, notes) to keep one entry per line; JSON/CSV keep it whole.
constexpr std::size_t max_table_cell = 48;

std::string cell_text(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer() || value.is_number_unsigned()) return fmt::format("{}", value.get<long long>());
  if (value.is_number()) return fmt::format("{}", value.get<double>());
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_array()) {
    std::vector<std::string> parts;
    for (const auto& item : value) parts.push_back(cell_text(item));
    return fmt::format("{}", fmt::join(parts, ", "));
  }
  return value.dump();
}

// Characters, not bytes: sources contain dashes and other multi-byte UTF-8.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string truncate(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) return text;
  std::size_t chars = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == width - 1) break;
      ++chars;
    }
  }
  return text.substr(0, i) + "…";
}

std::string pad(const std::string& text, std::size_t width) {
  const std::size_t shown = display_width(text);
  return text + std::string(width > shown ? width - shown : 0, ' ');
}

std::string table_text(const CatalogTable& table) {
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : table.rows) {
    std::vector<std::string> texts;
    for (const auto& value : row) {
      const std::string text = value.is_null() ? "—" : cell_text(value);
      texts.push_back(truncate(text, max_table_cell));
    }
    cells.push_back(std::move(texts));
  }
  std::vector<std::size_t> widths;
  for (const auto& column : table.columns) widths.push_back(display_width(column));
  for (const auto& row : cells) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& texts) {
    std::string out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      out += i + 1 == texts.size() ? texts[i] : pad(texts[i], widths[i]) + "  ";
    }
    return out + "\n";
  };
  std::string out = line(table.columns);
  for (const auto& row : cells) out += line(row);
  out += fmt::format("{} {}\n", table.rows.size(), table.rows.size() == 1 ? "entry" : "entries");
  return out;
}

std::string csv_line(const std::vector<std::string>& texts) {
  std::string out;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    out += csv_field(texts[i]);
  }
  return out + "\r\n";
}

}  // namespace

std::string render_catalog_table(const CatalogTable& table, const std::string& format) {
  if (format == "json") {
    ordered entries = ordered::array();
    for (const auto& row : table.rows) {
      ordered entry = ordered::object();
      for (std::size_t i = 0; i < table.columns.size(); ++i) entry[table.columns[i]] = to_ordered(row[i]);
      entries.push_back(std::move(entry));
    }
    return ordered{{"format", catalog_listing_format}, {"section", table.section}, {"entries", entries}}.dump(2) + "\n";
  }
  if (format == "csv") {
    std::string out = csv_line(table.columns);
    for (const auto& row : table.rows) {
      std::vector<std::string> texts;
      texts.reserve(row.size());
      for (const auto& value : row) texts.push_back(cell_text(value));
      out += csv_line(texts);
    }
    return out;
  }
  return table_text(table);
}

std::string render_catalog_entry(const CatalogEntryView& entry, const std::string& format) {
  if (format == "json") {
    ordered fields = ordered::object();
    for (const auto& [name, value] : entry.fields) fields[name] = to_ordered(value);
    return ordered{{"format", catalog_listing_format}, {"section", entry.section}, {"entry", fields}}.dump(2) + "\n";
  }
  if (format == "csv") {
    std::string out = csv_line({"field", "value"});
    for (const auto& [name, value] : entry.fields) out += csv_line({name, cell_text(value)});
    return out;
  }
  std::size_t width = 0;
  for (const auto& field : entry.fields) width = std::max(width, field.first.size());
  std::string out = fmt::format("{} {}\n", entry.section, entry.id);
  for (const auto& [name, value] : entry.fields) {
    out += fmt::format("  {}  {}\n", pad(name, width), value.is_null() ? "—" : cell_text(value));
  }
  return out;
}

}  // namespace ftcost
