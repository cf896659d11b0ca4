#include "ftcost/scenario/override.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace ftcost {

namespace {

std::vector<std::string> path_tokens(const Override& change) {
  try {
    return split_dotted_path(change.path);
  } catch (const InputError& error) {
    throw InputError({change.origin, 0, 0}, change.path, error.problem(), error.fix());
  }
}

std::optional<std::size_t> list_index(const std::string& token) {
  std::size_t index = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (ec != std::errc{} || end != token.data() + token.size()) return std::nullopt;
  return index;
}

}  // namespace

Override parse_override(const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  const std::string origin = "--set " + assignment;
  if (equals == std::string::npos || equals == 0) {
    throw InputError({origin, 0, 0}, "", "expected path=value", "e.g. --set hosting.queries_per_month=3M");
  }
  return {assignment.substr(0, equals), assignment.substr(equals + 1), origin};
}

std::string override_pointer(const Override& change) {
  nlohmann::json::json_pointer pointer;
  for (const auto& token : path_tokens(change)) pointer /= token;
  return pointer.to_string();
}

void apply_override(Document& doc, const Override& change) {
  const std::vector<std::string> tokens = path_tokens(change);
  // The value is typed like a YAML scalar in a file: 3M stays text for the quantity parser, 12 is a number.
  nlohmann::json value;
  try {
    // Named without the value, so a value ending in ".json" is not taken for a JSON file.
    value = parse_document(change.value, "--set").root;
  } catch (const InputError& error) {
    throw InputError({change.origin, 0, 0}, change.path, error.problem(),
                     "quote the value, e.g. --set 'name=\"a: b\"'");
  }

  if (doc.root.is_null()) doc.root = nlohmann::json::object();
  nlohmann::json* node = &doc.root;
  std::string pointer;
  std::vector<std::string> created;  // sections and items the override adds: errors in them point at it
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    const bool last = i + 1 == tokens.size();
    if (node->is_null()) {
      // A missing section is created: a list when the next step is an index (managed_api[0]).
      *node = list_index(token) ? nlohmann::json::array() : nlohmann::json::object();
      created.push_back(pointer);
    }
    if (node->is_array()) {
      const auto index = list_index(token);
      // The index one past the end adds an item.
      if (!index || *index > node->size()) {
        throw InputError({change.origin, 0, 0}, change.path,
                         fmt::format("'{}' is not an item of this list ({} items)", token, node->size()),
                         fmt::format("use an index from 0 to {} ({} adds an item)", node->size(), node->size()));
      }
      if (*index == node->size()) node->push_back(nullptr);
      node = &(*node)[*index];
    } else if (node->is_object()) {
      node = &(*node)[token];
    } else if (node->is_string() && pointer.ends_with("/gpu")) {
      // A GPU's catalog name (`gpu: h100-sxm`), whose mapping form starts from it: setting one of
      // its fields writes {name: h100-sxm, field: value}.
      *node = nlohmann::json{{"name", node->get<std::string>()}};
      node = &(*node)[token];
    } else {
      throw InputError({change.origin, 0, 0}, change.path,
                       fmt::format("'{}' is a plain value, so it has no field '{}'",
                                   pointer.empty() ? "/" : pointer.substr(1), token),
                       "set the value itself, or the section it belongs to");
    }
    pointer = child_pointer(pointer, token);
    if (last) *node = value;
  }
  // Errors about the new value (or anything under it) now point at the override.
  doc.fill_locations();
  for (auto it = doc.locations.lower_bound(pointer + "/");
       it != doc.locations.end() && it->first.rfind(pointer + "/", 0) == 0;) {
    it = doc.locations.erase(it);
  }
  doc.locations[pointer] = {change.origin, 0, 0};
  for (const std::string& section : created) {
    if (!section.empty()) doc.locations[section] = {change.origin, 0, 0};
  }
}

}  // namespace ftcost
