#include "yaml_tree.hpp"

#include "value_positions.hpp"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <new>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ftcost::detail {

namespace {

// An unquoted scalar that YAML 1.2's core schema reads as null.
bool is_null_word(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// YAML 1.2 core-schema typing of an unquoted scalar; text stays text, moved, not copied.
nlohmann::json plain_scalar(std::string&& text) {
  const std::string_view view = text;
  if (is_null_word(view)) return nullptr;
  if (view == "true" || view == "True" || view == "TRUE") return true;
  if (view == "false" || view == "False" || view == "FALSE") return false;
  // std::from_chars reads a number only from a digit, '-' or '.' (no '+'): skip it for names.
  const char first = view.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '.') {
    const char* end = view.data() + view.size();
    std::int64_t integer = 0;
    auto [iend, ierr] = std::from_chars(view.data(), end, integer);
    if (ierr == std::errc{} && iend == end) return integer;
    double real = 0;
    auto [rend, rerr] = std::from_chars(view.data(), end, real);
    if (rerr == std::errc{} && rend == end && std::isfinite(real)) return real;
  }
  return std::move(text);  // "7B", "100k", ".inf", names: left as text for the readers to interpret
}

const char* text_of(const yaml_char_t* text) { return reinterpret_cast<const char*>(text); }

// libyaml's parser over a string it reads in place, released however parsing ends.
class YamlParser {
 public:
  explicit YamlParser(const std::string& text) {
    if (yaml_parser_initialize(&parser_) == 0) throw std::bad_alloc();
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);  // checked before; no BOM sniffing of UTF-16
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~YamlParser() { yaml_parser_delete(&parser_); }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;

  // Fills `event` with the next one; false at a syntax error.
  bool next(yaml_event_t& event) { return yaml_parser_parse(&parser_, &event) != 0; }
  const yaml_parser_t& state() const { return parser_; }

 private:
  yaml_parser_t parser_{};
};

// One parse event, freed when it goes out of scope.
struct Event {
  yaml_event_t data{};
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { yaml_event_delete(&data); }
};

bool ends_document(const yaml_event_t& event) {
  return event.type == YAML_DOCUMENT_END_EVENT || event.type == YAML_STREAM_END_EVENT;
}

// The line (0-based) of text starts with whitespace holding a tab: YAML indents with spaces only.
bool indented_with_tab(const std::string& text, std::size_t line) {
  std::size_t start = 0;
  for (; line > 0 && start < text.size(); --line) {
    start = text.find('\n', start);
    if (start == std::string::npos) return false;
    ++start;
  }
  for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return true;
  }
  return false;
}

// The syntax error libyaml stopped at, as an InputError at its position. libyaml says where it
// was and, separately, what it was reading and where that began ("while parsing a flow sequence"
// at the unclosed `[`), which is named too when it is elsewhere.
InputError syntax_error(const yaml_parser_t& parser, const std::string& text, const std::string& file) {
  const std::string problem = parser.problem != nullptr ? parser.problem : "unreadable input";
  if (parser.error == YAML_MEMORY_ERROR) {
    return InputError({file, 0, 0}, "", "not enough memory to read the input", "check that this is the right file");
  }
  if (parser.error == YAML_READER_ERROR) {
    std::string what = "invalid YAML: " + problem;
    if (parser.problem_value >= 0) what += fmt::format(" (#x{:X})", parser.problem_value);
    return InputError(offset_to_location(file, text, parser.problem_offset), "", what, "remove that character");
  }
  const yaml_mark_t& at = parser.problem_mark;
  std::string what = "invalid YAML: " + problem;
  if (parser.context != nullptr && (parser.context_mark.line != at.line || parser.context_mark.column != at.column)) {
    what += fmt::format(" ({} that starts at line {}, column {})", parser.context, parser.context_mark.line + 1,
                        parser.context_mark.column + 1);
  }
  const bool tab = indented_with_tab(text, at.line);
  return InputError({file, static_cast<int>(at.line + 1), static_cast<int>(at.column + 1)}, "", what,
                    tab ? "indent with spaces, not tabs" : "fix the syntax at that position");
}

// Builds the JSON tree straight from libyaml's parse events: nothing is held but our own tree, so
// the node, depth and alias limits bound memory while parsing, and no recursion happens at all
// (libyaml keeps its parser states on a heap stack). Each value's position goes into a compact
// record (ValuePositions); a JSON pointer is spelt out only for an error message.
class TreeBuilder {
 public:
  TreeBuilder(Document& doc, const DocumentLimits& limits) : doc_(doc), limits_(limits) {}

  nlohmann::json take_root() { return std::move(root_); }
  ValuePositions take_positions() { return std::move(positions_); }

  // Handles one event; true once the (first) document is complete.
  bool handle(const yaml_event_t& event) {
    const yaml_mark_t& mark = event.start_mark;
    switch (event.type) {
      case YAML_DOCUMENT_END_EVENT:
      case YAML_STREAM_END_EVENT:
        return true;
      case YAML_ALIAS_EVENT:
        alias(mark, text_of(event.data.alias.anchor));
        break;
      case YAML_SCALAR_EVENT:
        scalar(mark, event.data.scalar);
        break;
      case YAML_SEQUENCE_START_EVENT:
        open(mark, event.data.sequence_start.anchor, nlohmann::json::array());
        break;
      case YAML_MAPPING_START_EVENT:
        open(mark, event.data.mapping_start.anchor, nlohmann::json::object());
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        close();
        break;
      default:  // stream and document start: nothing to build
        break;
    }
    return false;
  }

 private:
  struct Frame {
    nlohmann::json value;
    std::size_t position = 0;      // its entry in positions_.values
    std::string anchor;            // "" when none
    std::size_t nodes_before = 0;  // nodes_ when the container opened, to size it for aliases
    std::size_t bytes_before = 0;  // text_bytes_ likewise
    // Maps: the key whose value comes next, already in the map (one look-up finds a duplicate and
    // makes the slot the value fills), and where that key was written.
    const std::string* key = nullptr;
    nlohmann::json* slot = nullptr;
    yaml_mark_t key_mark{};
  };
  // What an alias repeats: the value, and how many values and bytes of text it holds.
  struct Anchored {
    nlohmann::json value;
    std::size_t nodes = 0;
    std::size_t bytes = 0;
  };

  SourceLocation location(const yaml_mark_t& mark) const {
    return {doc_.file, static_cast<int>(mark.line + 1), static_cast<int>(mark.column + 1)};
  }

  bool in_key_position() const { return !stack_.empty() && stack_.back().value.is_object() && !stack_.back().key; }

  // The JSON pointer of the value being read inside the first `depth` open containers (all of them:
  // the value about to start; one fewer: the innermost container itself). Spelt out for errors only.
  std::string pointer_at(std::size_t depth) const {
    std::string pointer;
    for (std::size_t i = 0; i < depth; ++i) {
      const Frame& frame = stack_[i];
      pointer = child_pointer(pointer, frame.value.is_object() ? *frame.key : std::to_string(frame.value.size()));
    }
    return pointer;
  }

  [[noreturn]] void fail_key(const yaml_mark_t& mark) const {
    const std::string map = pointer_at(stack_.size() - 1);
    throw InputError(location(mark), map.empty() ? "/" : map, "a key must be plain text", "write `name: value`");
  }

  void scalar(const yaml_mark_t& mark, const decltype(yaml_event_t::data.scalar)& event) {
    std::string value(text_of(event.value), event.length);
    // Quoted and block scalars are always text, as is a plain one tagged `!` or `!!str`.
    const bool plain = event.style == YAML_PLAIN_SCALAR_STYLE &&
                       (event.tag == nullptr || (std::string_view(text_of(event.tag)) != "!" &&
                                                 std::string_view(text_of(event.tag)) != YAML_STR_TAG));
    if (in_key_position()) {
      // A plain empty, `~` or `null` key is no key at all.
      if (plain && is_null_word(value)) fail_key(mark);
      Frame& map = stack_.back();
      const auto [slot, added] = map.value.get_ref<nlohmann::json::object_t&>().try_emplace(std::move(value));
      if (!added) {  // try_emplace leaves the key alone when it is there already
        // Named as a dotted path, as users write it.
        throw InputError(location(mark), dotted_of_pointer(child_pointer(pointer_at(stack_.size() - 1), value)),
                         "this key is given twice", "keep one of the two");
      }
      count_bytes(slot->first.size(), mark);
      map.key_mark = mark;
      map.key = &slot->first;
      map.slot = &slot->second;
      return;
    }
    const std::size_t bytes = value.size();
    begin_value(mark, 1, bytes);
    finish_value(plain ? plain_scalar(std::move(value)) : nlohmann::json(std::move(value)), text_of(event.anchor), 1,
                 bytes);
  }

  void alias(const yaml_mark_t& mark, const char* name) {
    if (in_key_position()) fail_key(mark);
    const auto found = anchors_.find(name);
    const bool open_here =
        std::any_of(stack_.begin(), stack_.end(), [&](const Frame& frame) { return frame.anchor == name; });
    if (open_here) {
      throw InputError(location(mark), "", "an alias refers to an anchor that is not complete yet",
                       "define the anchor before using it, outside itself");
    }
    if (found == anchors_.end()) {
      throw InputError(location(mark), "", fmt::format("invalid YAML: the alias *{} names no anchor before it", name),
                       fmt::format("write &{} on a value before using *{}", name, name));
    }
    // An alias counts as every value and byte of text it repeats: this stops "billion laughs"
    // documents, whether built from many values or from a few long strings, before they are copied.
    aliased_values_ += found->second.nodes;
    aliased_bytes_ += found->second.bytes;
    if (aliased_values_ > limits_.max_alias_values) {
      throw InputError(location(mark), "",
                       fmt::format("YAML aliases repeat more than {} values", limits_.max_alias_values),
                       "write the values out, or repeat fewer with aliases");
    }
    if (aliased_bytes_ > limits_.max_alias_bytes) {
      throw InputError(location(mark), "",
                       fmt::format("YAML aliases repeat more than {} bytes of text", limits_.max_alias_bytes),
                       "write the text out, or repeat less with aliases");
    }
    begin_value(mark, found->second.nodes, found->second.bytes);
    finish_value(found->second.value, nullptr, 0, 0);
  }

  void count_bytes(std::size_t bytes, const yaml_mark_t& mark) {
    text_bytes_ += bytes;
    if (text_bytes_ > limits_.max_bytes) {
      throw InputError(location(mark), "",
                       fmt::format("YAML aliases repeat more than {} bytes of text", limits_.max_bytes),
                       "a scenario needs a few kilobytes; remove repeated aliases");
    }
  }

  // Checks the limits for a value about to start (holding `nodes` values and `bytes` of text, more
  // than one for an alias) and records its position; returns the index of that record.
  std::size_t begin_value(const yaml_mark_t& mark, std::size_t nodes, std::size_t bytes,
                          ValuePositions::Kind kind = ValuePositions::Kind::leaf) {
    const auto value_pointer = [&] {
      const std::string pointer = pointer_at(stack_.size());
      return pointer.empty() ? std::string("/") : pointer;
    };
    if (static_cast<int>(stack_.size()) > limits_.max_depth) {
      throw InputError(location(mark), value_pointer(),
                       fmt::format("nesting is deeper than {} levels", limits_.max_depth), "flatten the document");
    }
    nodes_ += nodes;
    if (nodes_ > limits_.max_nodes) {
      throw InputError(location(mark), value_pointer(),
                       fmt::format("more than {} values (or YAML aliases expanding to them)", limits_.max_nodes),
                       "a scenario needs a few hundred at most; remove repeated aliases");
    }
    count_bytes(bytes, mark);
    return record_position(mark, kind);
  }

  // The limits keep both counts far below 2^32: at most max_nodes values and max_bytes of keys.
  std::size_t record_position(const yaml_mark_t& mark, ValuePositions::Kind kind) {
    ValuePositions::Value value;
    const std::size_t index = positions_.values.size();
    value.next = static_cast<std::uint32_t>(index + 1);
    value.kind = kind;
    const yaml_mark_t* at = &mark;
    if (!stack_.empty() && stack_.back().value.is_object()) {
      const Frame& map = stack_.back();
      value.key_offset = static_cast<std::uint32_t>(positions_.keys.size());
      value.key_size = static_cast<std::uint32_t>(map.key->size());
      positions_.keys += *map.key;
      at = &map.key_mark;  // errors about a field point at its key, which is where a reader looks
    }
    value.line = static_cast<std::int32_t>(at->line + 1);
    value.column = static_cast<std::int32_t>(at->column + 1);
    positions_.values.push_back(value);
    return index;
  }

  // Attaches a complete value to its parent, remembering it under its anchor (if any) for aliases.
  void finish_value(nlohmann::json value, const char* anchor, std::size_t nodes, std::size_t bytes) {
    if (anchor != nullptr && *anchor != '\0') anchors_[anchor] = {value, nodes, bytes};
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.value.is_object()) {
      *parent.slot = std::move(value);
      parent.key = nullptr;
      parent.slot = nullptr;
    } else {
      parent.value.push_back(std::move(value));
    }
  }

  void open(const yaml_mark_t& mark, const yaml_char_t* anchor, nlohmann::json empty) {
    if (in_key_position()) fail_key(mark);
    const std::size_t nodes_before = nodes_;
    const std::size_t bytes_before = text_bytes_;
    const auto kind = empty.is_object() ? ValuePositions::Kind::map : ValuePositions::Kind::list;
    const std::size_t position = begin_value(mark, 1, 0, kind);
    stack_.push_back({std::move(empty),
                      position,
                      anchor != nullptr ? text_of(anchor) : "",
                      nodes_before,
                      bytes_before,
                      nullptr,
                      nullptr,
                      {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    positions_.values[frame.position].next = static_cast<std::uint32_t>(positions_.values.size());
    finish_value(std::move(frame.value), frame.anchor.c_str(), nodes_ - frame.nodes_before,
                 text_bytes_ - frame.bytes_before);
  }

  Document& doc_;
  const DocumentLimits& limits_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Anchored> anchors_;
  nlohmann::json root_;
  ValuePositions positions_;
  std::size_t nodes_ = 0;
  std::size_t text_bytes_ = 0;      // text of every scalar and key, aliases counting what they repeat
  std::size_t aliased_values_ = 0;  // what aliases repeat, for their own limits
  std::size_t aliased_bytes_ = 0;
};

}  // namespace

SourceLocation offset_to_location(const std::string& file, const std::string& text, std::size_t offset) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

void parse_yaml_tree(const std::string& text, Document& doc, const DocumentLimits& limits) {
  TreeBuilder builder(doc, limits);
  YamlParser parser(text);
  bool done = false;
  while (!done) {
    Event event;
    if (!parser.next(event.data)) throw syntax_error(parser.state(), text, doc.file);
    try {
      done = builder.handle(event.data);
    } catch (const InputError&) {
      // The builder stops at the first structural problem; a syntax error further on is the more
      // useful message (an unclosed `{` shows up first as a strange key), so read on for one.
      for (bool end = ends_document(event.data); !end;) {
        Event next;
        if (!parser.next(next.data)) throw syntax_error(parser.state(), text, doc.file);
        end = ends_document(next.data);
      }
      throw;
    }
  }
  doc.root = builder.take_root();
  doc.unlocated_yaml = std::make_shared<const ValuePositions>(builder.take_positions());
}

}  // namespace ftcost::detail
