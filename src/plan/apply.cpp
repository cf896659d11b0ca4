#include "ftcost/plan/apply.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

namespace ftcost {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Where the scalar value of the key written at `column` (0-based) of `line` starts and ends; nullopt
// when the value is not a plain or quoted scalar on this line (a block or flow collection, an anchor).
std::optional<std::pair<std::size_t, std::size_t>> scalar_span(const std::string& line, std::size_t column) {
  int depth = 0;  // open flow collections before the key
  for (std::size_t i = 0; i < column && i < line.size(); ++i) {
    if (line[i] == '{' || line[i] == '[') ++depth;
    if (line[i] == '}' || line[i] == ']') --depth;
  }
  std::size_t colon = line.find(':', column);
  if (column < line.size() && (line[column] == '"' || line[column] == '\'')) {
    const std::size_t close = line.find(line[column], column + 1);
    if (close == std::string::npos) return std::nullopt;
    colon = line.find(':', close);
  }
  if (colon == std::string::npos) return std::nullopt;
  std::size_t start = colon + 1;
  while (start < line.size() && line[start] == ' ') ++start;
  if (start >= line.size() || std::string("{[|>&*!#").find(line[start]) != std::string::npos) return std::nullopt;
  std::size_t end = start;
  if (line[start] == '"' || line[start] == '\'') {
    end = line.find(line[start], start + 1);
    if (end == std::string::npos) return std::nullopt;
    return std::pair{start, end + 1};
  }
  while (end < line.size()) {
    const char c = line[end];
    if (c == '#' && line[end - 1] == ' ') break;
    if (depth > 0 && (c == ',' || c == '}' || c == ']')) break;
    ++end;
  }
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
  return std::pair{start, end};
}

InputError cannot(const Document& doc, const Override& change, const std::string& why) {
  return InputError({doc.file, 0, 0}, change.path, "--apply cannot write this value in place: " + why,
                    "edit the file by hand with the `--set` values the plan prints");
}

}  // namespace

std::string apply_changes_to_text(const std::string& text, const Document& doc, const std::vector<Override>& changes) {
  if (ends_with(doc.file, ".json")) {
    Document changed = doc;
    for (const auto& change : changes) apply_override(changed, change);
    return changed.root.dump(2) + "\n";
  }
  doc.fill_locations();
  std::vector<std::string> lines = split_lines(text);
  std::map<int, std::vector<std::string>> inserted_after;  // 0-based line -> new lines after it
  std::map<std::string, std::string> added;                // pointer -> value of fields already added
  for (const auto& change : changes) {
    const std::string pointer = override_pointer(change);
    const auto found = doc.locations.find(pointer);
    if (found != doc.locations.end() && doc.root.contains(nlohmann::json::json_pointer(pointer))) {
      const SourceLocation& where = found->second;
      if (where.line < 1 || where.line > static_cast<int>(lines.size())) throw cannot(doc, change, "no position");
      std::string& line = lines[where.line - 1];
      const auto span = scalar_span(line, static_cast<std::size_t>(where.column - 1));
      if (!span) throw cannot(doc, change, fmt::format("line {} does not hold a plain value", where.line));
      line.replace(span->first, span->second - span->first, change.value);
      continue;
    }
    // A new field: its section must be written as a block mapping, beside whose fields it goes.
    const std::vector<std::string> tokens = split_dotted_path(change.path);
    if (tokens.size() != 2) throw cannot(doc, change, "only a field of a top-level section can be added");
    const std::string section = child_pointer("", tokens[0]);
    if (!doc.root.contains(tokens[0]) || !doc.root.at(tokens[0]).is_object() || doc.root.at(tokens[0]).empty()) {
      throw cannot(doc, change, fmt::format("the file has no `{}:` section with fields", tokens[0]));
    }
    if (added.count(pointer)) {
      // Added earlier in this run: change that line.
      for (auto& [after, new_lines] : inserted_after) {
        for (auto& new_line : new_lines) {
          const std::size_t key = new_line.find_first_not_of(' ');
          if (new_line.compare(key, tokens[1].size() + 1, tokens[1] + ":") == 0) {
            new_line = new_line.substr(0, key) + tokens[1] + ": " + change.value;
          }
        }
      }
      added[pointer] = change.value;
      continue;
    }
    // The anchor: the section's `gpu` field when it is a plain value, else its first plain field.
    std::optional<SourceLocation> anchor;
    for (const auto& [key, value] : doc.root.at(tokens[0]).items()) {
      if (value.is_object() || value.is_array()) continue;
      const auto at = doc.locations.find(child_pointer(section, key));
      if (at == doc.locations.end() || at->second.line < 1 || at->second.line > static_cast<int>(lines.size()))
        continue;
      if (!scalar_span(lines[at->second.line - 1], static_cast<std::size_t>(at->second.column - 1))) continue;
      if (!anchor || key == "gpu") anchor = at->second;
      if (key == "gpu") break;
    }
    if (!anchor) throw cannot(doc, change, fmt::format("`{}:` has no plain field to add it beside", tokens[0]));
    const std::string& anchor_line = lines[anchor->line - 1];
    if (anchor_line.find_first_not_of(' ') != static_cast<std::size_t>(anchor->column - 1)) {
      throw cannot(doc, change, fmt::format("`{}:` is written in flow style ({{...}})", tokens[0]));
    }
    inserted_after[anchor->line - 1].push_back(std::string(anchor->column - 1, ' ') + tokens[1] + ": " + change.value +
                                               "  # ftcost plan");
    added[pointer] = change.value;
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size()) out += '\n';
    const auto extra = inserted_after.find(static_cast<int>(i));
    if (extra == inserted_after.end()) continue;
    if (i + 1 == lines.size()) out += '\n';
    for (std::size_t k = 0; k < extra->second.size(); ++k) {
      out += extra->second[k];
      if (k + 1 < extra->second.size() || i + 1 < lines.size()) out += '\n';
    }
  }
  return out;
}

}  // namespace ftcost
