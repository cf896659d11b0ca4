#include "ftcost/render/schemas.hpp"

namespace ftcost {

std::optional<std::string> schema_text(const std::string& name) {
  for (const auto& schema : embedded_schemas()) {
    if (schema.name == name) return schema.text;
  }
  return std::nullopt;
}

}  // namespace ftcost
