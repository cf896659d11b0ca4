#pragma once
// The JSON Schemas shipped in schemas/ (compiled in by cmake/embed_schemas_script.cmake).
#include <optional>
#include <string>
#include <vector>

namespace ftcost {

struct EmbeddedSchema {
  std::string name;  // "estimate", "scenario" (file schemas/<name>.schema.json)
  std::string text;
};

const std::vector<EmbeddedSchema>& embedded_schemas();
std::optional<std::string> schema_text(const std::string& name);

}  // namespace ftcost
