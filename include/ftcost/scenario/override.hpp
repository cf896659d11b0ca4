#pragma once
// `--set path=value`: edits to a scenario's Document tree before it is loaded, so the loader checks
// an overridden value like any other and its errors name the override that set it.
#include <string>
#include <vector>

#include "ftcost/util/document.hpp"

namespace ftcost {

struct Override {
  std::string path;    // dotted field path: "hosting.queries_per_month", "alternatives.managed_api[0].few_shot_tokens"
  std::string value;   // as written, parsed like a YAML scalar ("3M", "true", "h100-sxm")
  std::string origin;  // what the user typed, used as the error location: "--set hosting.queries_per_month=3M"
};

// Splits "path=value". Throws InputError when there is no '=' or the path is empty.
Override parse_override(const std::string& assignment);

// "hosting.queries_per_month" -> "/hosting/queries_per_month"; "a.b[0].c" and "a.b.0.c" -> "/a/b/0/c".
std::string override_pointer(const Override& change);

// Sets the value, creating missing mappings on the way. Throws InputError when the path runs
// through a plain value or past the end of a list.
void apply_override(Document& doc, const Override& change);

}  // namespace ftcost
