#include "value_positions.hpp"

#include <charconv>
#include <optional>

#include "ftcost/util/document.hpp"

namespace ftcost::detail {

namespace {

// The pointer token names the map key: the key with "~" written "~0" and "/" written "~1".
bool token_names_key(std::string_view token, std::string_view key) {
  std::size_t at = 0;
  for (const char c : key) {
    const std::string_view escaped = c == '~' ? "~0" : c == '/' ? "~1" : std::string_view(&c, 1);
    if (token.substr(at, escaped.size()) != escaped) return false;
    at += escaped.size();
  }
  return at == token.size();
}

// The list index a pointer token names, written as std::to_string writes it (no sign, no leading 0).
std::optional<std::size_t> index_of_token(std::string_view token) {
  if (token.empty() || (token.size() > 1 && token.front() == '0')) return std::nullopt;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
  if (error != std::errc{} || end != token.data() + token.size()) return std::nullopt;
  return index;
}

std::string_view key_of(const ValuePositions& positions, std::size_t value) {
  const ValuePositions::Value& at = positions.values[value];
  return std::string_view(positions.keys).substr(at.key_offset, at.key_size);
}

// The value inside `parent` that `token` names, if it was recorded.
std::optional<std::size_t> find_child(const ValuePositions& positions, std::size_t parent, std::string_view token) {
  const ValuePositions::Value& container = positions.values[parent];
  std::optional<std::size_t> wanted_index;
  if (container.kind == ValuePositions::Kind::list) {
    wanted_index = index_of_token(token);
    if (!wanted_index) return std::nullopt;
  } else if (container.kind != ValuePositions::Kind::map) {
    return std::nullopt;
  }
  std::size_t index = 0;
  for (std::size_t child = parent + 1; child < container.next; child = positions.values[child].next, ++index) {
    if (wanted_index ? index == *wanted_index : token_names_key(token, key_of(positions, child))) return child;
  }
  return std::nullopt;
}

}  // namespace

SourceLocation ValuePositions::locate(const std::string& file, std::string_view pointer) const {
  if (values.empty()) return {file, 0, 0};
  std::size_t at = 0;
  while (!pointer.empty() && pointer.front() == '/') {
    pointer.remove_prefix(1);
    const std::size_t slash = pointer.find('/');
    const std::string_view token = pointer.substr(0, slash);
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    const std::optional<std::size_t> child = find_child(*this, at, token);
    if (!child) break;
    at = *child;
  }
  return {file, values[at].line, values[at].column};
}

void ValuePositions::fill(const std::string& file, std::map<std::string, SourceLocation>& locations) const {
  struct Open {
    std::size_t next;
    std::string pointer;
    Kind kind;
    std::size_t children;
  };
  std::vector<Open> open;  // the containers the current value is inside, innermost last
  for (std::size_t i = 0; i < values.size(); ++i) {
    while (!open.empty() && open.back().next <= i) open.pop_back();
    std::string pointer;
    if (!open.empty()) {
      Open& parent = open.back();
      pointer = child_pointer(
          parent.pointer, parent.kind == Kind::map ? std::string(key_of(*this, i)) : std::to_string(parent.children));
      ++parent.children;
    }
    const Value& value = values[i];
    locations.emplace(pointer, SourceLocation{file, value.line, value.column});
    if (value.kind != Kind::leaf) open.push_back({value.next, std::move(pointer), value.kind, 0});
  }
}

}  // namespace ftcost::detail
