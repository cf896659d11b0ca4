#pragma once
// Where each value of a YAML input was written, recorded while parsing in a few bytes per value: no
// JSON pointer, no map node and no file name per value, only a key's text. A pointer is resolved
// against it when an error asks (Document::locate), and Document::locations is built from it only
// when something needs the whole map (Document::fill_locations).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ftcost/util/error.hpp"

namespace ftcost::detail {

struct ValuePositions {
  enum class Kind : std::uint8_t { leaf, map, list };  // an alias is a leaf: what it repeats has no positions
  struct Value {
    std::uint32_t next = 0;        // index just past this value and everything inside it
    std::uint32_t key_offset = 0;  // a map's value: its key's text in `keys`
    std::uint32_t key_size = 0;
    std::int32_t line = 0;  // 1-based; a map's value is placed at its key, which is where a reader looks
    std::int32_t column = 0;
    Kind kind = Kind::leaf;
  };
  std::vector<Value> values;  // in document order: values[0] is the root, a value's own come right after it
  std::string keys;           // every key's text, back to back

  // Where the value at `pointer` (a JSON pointer's text) was written; falls back to its nearest
  // parent that was recorded, and to {file, 0, 0} when none was (an empty document).
  SourceLocation locate(const std::string& file, std::string_view pointer) const;
  // Adds every value's pointer and position to `locations` (what the reader recorded eagerly before).
  void fill(const std::string& file, std::map<std::string, SourceLocation>& locations) const;
};

}  // namespace ftcost::detail
