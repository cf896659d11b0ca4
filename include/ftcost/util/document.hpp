#pragma once
// A YAML or JSON input parsed into a JSON tree that remembers where each value was written, so
// every later error can name file, line and column. Scenarios and price books both load through it.
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ftcost/util/error.hpp"

namespace ftcost {

namespace detail {
struct ValuePositions;
}

struct Document {
  std::string file;     // as given by the user ("-" for stdin)
  nlohmann::json root;  // the parsed tree
  // JSON pointer -> where it was written, filled on first need (fill_locations(), before reading or
  // changing it): a pointer string and a map entry per value cost more than parsing a large price
  // book, and only errors read them. Until then locate() answers from what the reader kept: the
  // text of a .json input (read again, recording positions), the compact positions of a YAML one.
  mutable std::map<std::string, SourceLocation> locations;
  mutable std::shared_ptr<const std::string> unlocated_json;             // the text, until locations are filled
  mutable std::shared_ptr<const detail::ValuePositions> unlocated_yaml;  // likewise, for YAML

  // Where the value at `pointer` was written; falls back to its nearest parent that is known.
  SourceLocation locate(const std::string& pointer) const;
  // Fills `locations` now if they were left for later.
  void fill_locations() const;
};

// Limits that keep hostile input from exhausting the machine.
struct DocumentLimits {
  std::size_t max_bytes = std::size_t{8} << 20;  // 8 MiB
  int max_depth = 64;
  std::size_t max_nodes = 200000;
  // What YAML aliases may repeat, in all: a scenario or price book repeats a few values with them,
  // while a "billion laughs" document within the limits above would still build 200,000 values or
  // 8 MiB of text by copying (the cost of one such input was most of a fuzzing run's time).
  std::size_t max_alias_values = 10000;
  std::size_t max_alias_bytes = std::size_t{1} << 20;  // 1 MiB
};

// Parse text as YAML (a superset of JSON) or, when `name` ends in .json, as strict JSON.
// Throws InputError on syntax errors, with the position of the problem.
Document parse_document(const std::string& text, const std::string& name, const DocumentLimits& limits = {});

// Read a file (or stdin for "-") and parse it. Throws InputError when unreadable.
Document load_document(const std::string& path, const DocumentLimits& limits = {});

// Read a whole file into a string, enforcing the size limit. Throws InputError.
std::string read_input_file(const std::string& path, std::size_t max_bytes);

}  // namespace ftcost

namespace ftcost {

// JSON pointers and the dotted paths people write ("alternatives.managed_api[0].label") name the same
// values. One parser splits a dotted path; nlohmann::json_pointer does every escaping ("~0", "~1").

// The keys and list indices of a dotted path: "a.b[0].c" -> {"a", "b", "0", "c"}. Throws InputError
// (naming the path, without a position) for an empty part or an unclosed '['.
std::vector<std::string> split_dotted_path(const std::string& path);

// "a.b[0]" -> the pointer "/a/b/0".
nlohmann::json::json_pointer pointer_of_path(const std::string& path);

// `parent` (a pointer's text) extended by one key or index, escaped.
std::string child_pointer(const std::string& parent, const std::string& key);

// "/a/b~1c/0" -> "a.b/c.0": the pointer's keys and indices, unescaped, joined by dots (for messages).
std::string dotted_of_pointer(const std::string& pointer);

// A model found a scenario infeasible and named a field ("training.gpus") but no position: point
// the error at where that field (or its section) is written in `doc`.
InputError locate_in(const InputError& error, const Document& doc);

}  // namespace ftcost
