#include "ftcost/util/document.hpp"

#include "value_positions.hpp"
#include "yaml_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <optional>

namespace ftcost {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using detail::offset_to_location;

// YAML flow nesting (`[` and `{`) is measured in the text before libyaml runs, so a long run of them
// is refused at the first bracket past the limit, with its position, even when the document never
// closes them (otherwise a syntax error at its end would be reported instead). Brackets inside
// quotes and comments are skipped; the count may over-read a plain scalar such as `a[b`, which
// needs 64 of them to matter. Block nesting and the number of values are counted by the tree
// builders, while parsing.
void check_flow_nesting(const std::string& text, const std::string& name, int max_depth) {
  int depth = 0;
  char quote = 0;
  bool comment = false;
  char previous = '\n';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (comment) {
      if (c == '\n') comment = false;
    } else if (quote) {
      if (quote == '"' && c == '\\')
        ++i;  // skip the escaped character
      else if (c == quote)
        quote = 0;
    } else if (c == '#' && (previous == ' ' || previous == '\t' || previous == '\n')) {
      comment = true;
    } else if ((c == '"' || c == '\'') && std::strchr(" \t\n[{,:-", previous) != nullptr) {
      quote = c;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth + 1) {  // the innermost collection itself may sit at max_depth
        throw InputError(offset_to_location(name, text, i), "",
                         fmt::format("nesting is deeper than {} levels", max_depth), "flatten the document");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    previous = c;
  }
}

// Offset of the first byte that is not part of valid UTF-8, or npos. Names and labels from the input
// end up in JSON output and terminals, which need valid text.
std::size_t first_invalid_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII, 8 bytes at a time: most of any input.
    std::uint64_t eight = 0;
    while (i + 8 <= text.size() && (std::memcpy(&eight, text.data() + i, 8), (eight & 0x8080808080808080u) == 0))
      i += 8;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    // Sequence length from the lead byte, and the smallest code point that needs that length.
    std::size_t length = 0;
    unsigned min = 0;
    if (c < 0x80) {
      length = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    unsigned code = length == 1 ? c : c & (0xFFu >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string::npos;
}

// nlohmann's parse error without its "[json.exception.parse_error.101] parse error at line 1, column
// 2: syntax error while parsing value - " preamble: the reason alone, for one short error line.
std::string json_error_reason(const nlohmann::detail::exception& error) {
  std::string reason = error.what();
  if (reason.rfind("[json.exception.", 0) == 0 && reason.find("] ") != std::string::npos) {
    reason = reason.substr(reason.find("] ") + 2);
  }
  if (auto pos = reason.find("syntax error while parsing value - "); pos != std::string::npos) {
    reason = reason.substr(pos + 35);
  } else if (auto colon = reason.rfind(": "); colon != std::string::npos) {
    reason = reason.substr(colon + 2);
  }
  return reason;
}

// Checks strict JSON syntax without building a tree (SAX events only), so a large file costs no
// memory here; stops at the first error with its byte offset, or at a number too large for a double.
class JsonSyntaxCheck : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t value, const string_t&) override {
    if (std::isfinite(value)) return true;
    problem = "a number is too large";
    return false;
  }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    const std::string reason = json_error_reason(error);
    problem = reason;
    offset = position > 0 ? position - 1 : 0;
    return false;
  }

  std::string problem;
  std::size_t offset = 0;
};

void check_json_syntax(const std::string& text, const std::string& name) {
  JsonSyntaxCheck check;
  if (nlohmann::json::sax_parse(text, &check) || check.problem.empty()) return;
  throw InputError(offset_to_location(name, text, check.offset), "", "invalid JSON: " + check.problem,
                   "fix the syntax at that position");
}

// An iterator over the text that publishes how far nlohmann's lexer has read, so the SAX events
// below can tell where their token is. The lexer reads one character past a number (and ungets it
// internally), and exactly to the end of every other token.
class TrackedChar {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackedChar(const char* at, const char** read_to) : at_(at), read_to_(read_to) {}
  reference operator*() const { return *at_; }
  TrackedChar& operator++() {
    *read_to_ = ++at_;
    return *this;
  }
  TrackedChar operator++(int) {
    TrackedChar before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackedChar& other) const { return at_ == other.at_; }
  bool operator!=(const TrackedChar& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** read_to_;
};

// Builds the tree of a .json input straight from nlohmann's SAX events, recording where each value
// (or, in an object, its key) starts, with the same node and depth limits, duplicate-key check and
// number typing (integers as int64, as the YAML reader types them) as the YAML tree builder
// (yaml_tree.cpp); strict JSON syntax, and faster than any YAML parser reading the same text.
// Thrown by a JsonTreeBuilder that records no positions when it meets a problem: the parse is run
// again recording them, to report the problem with its line and column.
struct NeedsPositions {};

class JsonTreeBuilder : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonTreeBuilder(Document& doc, const DocumentLimits& limits, const std::string& text, bool record)
      : doc_(doc), limits_(limits), text_(text), read_to_(text.data()), record_(record) {}

  const char** read_to() { return &read_to_; }
  nlohmann::json take_root() { return std::move(root_); }
  // A depth or value limit stopped the parse (as early as it can, so nothing further is read).
  bool broke_limit() const { return broke_limit_; }

  bool null() override { return scalar(nullptr, literal_start()); }
  bool boolean(bool value) override { return scalar(value, literal_start()); }
  bool number_integer(number_integer_t value) override { return scalar(value, literal_start()); }
  bool number_unsigned(number_unsigned_t value) override {
    if (value <= static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return scalar(static_cast<std::int64_t>(value), literal_start());
    }
    return scalar(static_cast<double>(value), literal_start());
  }
  bool number_float(number_float_t value, const string_t&) override {
    if (!record_ && !std::isfinite(value)) throw NeedsPositions{};
    const std::size_t start = literal_start();
    if (!std::isfinite(value)) {
      throw InputError(location(start), "", "invalid JSON: a number is too large", "fix the syntax at that position");
    }
    return scalar(value, start);
  }
  bool string(string_t& value) override { return scalar(std::move(value), string_start()); }
  bool binary(binary_t&) override { return true; }  // not produced by the JSON reader

  // The key is inserted at once (one look-up, which also finds a duplicate); its value fills the slot.
  bool key(string_t& name) override {
    Frame& map = stack_.back();
    auto& object = map.value.get_ref<nlohmann::json::object_t&>();
    if (!record_) {
      auto [slot, added] = object.emplace(std::move(name), nullptr);
      if (!added) throw NeedsPositions{};
      map.slot = &slot->second;
      return true;
    }
    const SourceLocation where = location(string_start());
    auto [slot, added] = object.emplace(name, nullptr);
    if (!added) {
      throw InputError(where, dotted_of_pointer(child_pointer(map.pointer, name)), "this key is given twice",
                       "keep one of the two");
    }
    map.slot = &slot->second;
    map.key = std::move(name);
    map.key_location = where;
    return true;
  }

  bool start_object(std::size_t) override { return open(nlohmann::json::object()); }
  bool start_array(std::size_t) override { return open(nlohmann::json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    if (!record_) throw NeedsPositions{};
    const std::string reason = json_error_reason(error);
    throw InputError(offset_to_location(doc_.file, text_, position > 0 ? position - 1 : 0), "",
                     "invalid JSON: " + reason, "fix the syntax at that position");
  }

 private:
  struct Frame {
    nlohmann::json value;
    std::string pointer;
    std::string key;                 // objects: the key whose value comes next (only when recording positions)
    nlohmann::json* slot = nullptr;  // objects: where that value goes (map nodes do not move)
    SourceLocation key_location;
  };

  static bool literal_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E';
  }

  std::size_t read_offset() const { return static_cast<std::size_t>(read_to_ - text_.data()); }

  // Start of the number, true, false or null just read (the lexer may have read one character on).
  std::size_t literal_start() const {
    if (!record_) return 0;
    std::size_t i = read_offset();
    if (i > 0 && !literal_char(text_[i - 1])) --i;
    while (i > 0 && literal_char(text_[i - 1])) --i;
    return i;
  }

  // Offset of the opening quote of the string just read (its closing quote is the last byte read):
  // the nearest quote before it that is not escaped.
  std::size_t string_start() const {
    if (!record_) return 0;
    std::size_t i = read_offset() - 1;
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::size_t backslashes = 0;
      while (backslashes < i && text_[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return i;
    }
    return 0;
  }

  // Line and column of an offset, counted on from the previous one (offsets come in order).
  SourceLocation location(std::size_t offset) {
    if (offset < cursor_) {
      cursor_ = 0;
      line_ = 1;
      column_ = 1;
    }
    for (; cursor_ < offset; ++cursor_) {
      if (text_[cursor_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
    return {doc_.file, line_, column_};
  }

  // Checks the limits for a value starting at `offset` and returns its JSON pointer ("" when not
  // recording positions).
  std::string begin_value(std::size_t offset) {
    if (!record_) {
      if (static_cast<int>(stack_.size()) > limits_.max_depth || ++nodes_ > limits_.max_nodes) throw NeedsPositions{};
      return {};
    }
    std::string pointer;
    SourceLocation where;
    if (stack_.empty()) {
      where = location(offset);
    } else {
      const Frame& parent = stack_.back();
      if (parent.value.is_object()) {
        pointer = child_pointer(parent.pointer, parent.key);
        where = parent.key_location;  // errors about a field point at its key
      } else {
        pointer = fmt::format("{}/{}", parent.pointer, parent.value.size());
        where = location(offset);
      }
    }
    if (static_cast<int>(stack_.size()) > limits_.max_depth) {
      broke_limit_ = true;
      throw InputError(where, pointer.empty() ? "/" : pointer,
                       fmt::format("nesting is deeper than {} levels", limits_.max_depth), "flatten the document");
    }
    if (++nodes_ > limits_.max_nodes) {
      broke_limit_ = true;
      throw InputError(where, pointer.empty() ? "/" : pointer,
                       fmt::format("more than {} values (or YAML aliases expanding to them)", limits_.max_nodes),
                       "a scenario needs a few hundred at most; remove repeated aliases");
    }
    doc_.locations.emplace(pointer, where);
    return pointer;
  }

  void attach(nlohmann::json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.value.is_object()) {
      *parent.slot = std::move(value);
    } else {
      parent.value.push_back(std::move(value));
    }
  }

  bool scalar(nlohmann::json value, std::size_t start) {
    begin_value(start);
    attach(std::move(value));
    return true;
  }

  bool open(nlohmann::json empty) {
    std::string pointer = begin_value(record_ ? read_offset() - 1 : 0);
    stack_.push_back({std::move(empty), std::move(pointer), {}, nullptr, {}});
    return true;
  }

  bool close() {
    nlohmann::json value = std::move(stack_.back().value);
    stack_.pop_back();
    attach(std::move(value));
    return true;
  }

  Document& doc_;
  const DocumentLimits& limits_;
  const std::string& text_;
  const char* read_to_;
  std::vector<Frame> stack_;
  nlohmann::json root_;
  std::size_t nodes_ = 0;
  std::size_t cursor_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool record_ = true;
  bool broke_limit_ = false;
};

// Builds doc.root from JSON text, recording every value's position in doc.locations when `record`;
// without, any problem throws NeedsPositions.
void build_json_tree(const std::string& text, Document& doc, const DocumentLimits& limits, bool record) {
  JsonTreeBuilder builder(doc, limits, text, record);
  const char* begin = text.data();
  const char* end = begin + text.size();
  try {
    if (record) {
      nlohmann::json::sax_parse(TrackedChar(begin, builder.read_to()), TrackedChar(end, builder.read_to()), &builder);
    } else {
      nlohmann::json::sax_parse(begin, end, &builder);  // positions unused: nlohmann's pointer adapter
    }
  } catch (const InputError&) {
    // As for YAML: a syntax error further on is the more useful message than a structural one,
    // but not than a broken limit (100,000 unclosed `[` are too deep before they are unclosed).
    if (!builder.broke_limit()) check_json_syntax(text, doc.file);
    throw;
  }
  doc.root = builder.take_root();
}

// A .json input is built by nlohmann's SAX parser without positions (most of the cost of a large
// price book); positions are recorded by a second pass when a problem is found, or when
// Document::fill_locations asks.
// `shared` is the text itself when the caller already holds it so (load_document): a megabyte not copied.
void parse_json_tree(const std::string& text, Document& doc, const DocumentLimits& limits,
                     std::shared_ptr<const std::string> shared) {
  const auto keep_text = [&] {
    doc.unlocated_json = shared ? std::move(shared) : std::make_shared<const std::string>(text);
  };
  try {
    build_json_tree(text, doc, limits, false);
    keep_text();
  } catch (const NeedsPositions&) {
    doc.locations.clear();
    build_json_tree(text, doc, limits, true);  // throws the located InputError
  }
}

}  // namespace

void Document::fill_locations() const {
  if (unlocated_yaml) {
    const std::shared_ptr<const detail::ValuePositions> positions = std::move(unlocated_yaml);
    unlocated_yaml.reset();
    positions->fill(file, locations);
  }
  if (!unlocated_json) return;
  const std::shared_ptr<const std::string> text = std::move(unlocated_json);
  unlocated_json.reset();
  Document located;
  located.file = file;
  DocumentLimits unlimited;  // the text was already parsed within the caller's limits
  unlimited.max_depth = std::numeric_limits<int>::max();
  unlimited.max_nodes = std::numeric_limits<std::size_t>::max();
  build_json_tree(*text, located, unlimited, true);
  for (auto& [pointer, where] : located.locations) locations.emplace(pointer, std::move(where));
}

SourceLocation Document::locate(const std::string& pointer) const {
  if (unlocated_yaml) return unlocated_yaml->locate(file, pointer);  // no map built for one position
  fill_locations();
  std::string probe = pointer;
  while (true) {
    if (auto it = locations.find(probe); it != locations.end()) return it->second;
    if (probe.empty()) return {file, 0, 0};
    const std::size_t parent = probe.rfind('/');
    probe.resize(parent == std::string::npos ? 0 : parent);  // a pointer without '/' falls back to the root
  }
}

namespace {

Document parse_shared(const std::string& text, const std::string& name, const DocumentLimits& limits,
                      std::shared_ptr<const std::string> shared) {
  Document doc;
  doc.file = name;
  if (text.size() > limits.max_bytes) {
    throw InputError({name, 0, 0}, "", fmt::format("the input is larger than {} bytes", limits.max_bytes),
                     "a scenario is a few kilobytes and a price file a few megabytes; check that this is the right file");
  }
  if (text.find('\0') != std::string::npos) {
    throw InputError({name, 0, 0}, "", "the input is binary, not YAML or JSON text", "pass a .yaml or .json scenario");
  }
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string::npos) {
    throw InputError(offset_to_location(name, text, bad), "",
                     fmt::format("the input is not UTF-8 text (byte 0x{:02X})", static_cast<unsigned char>(text[bad])),
                     "save the file as UTF-8");
  }
  if (ends_with(name, ".json")) {
    parse_json_tree(text, doc, limits, std::move(shared));  // nlohmann's parser does not recurse, counts depth
    return doc;
  }
  check_flow_nesting(text, name, limits.max_depth);
  detail::parse_yaml_tree(text, doc, limits);
  return doc;
}

}  // namespace

Document parse_document(const std::string& text, const std::string& name, const DocumentLimits& limits) {
  return parse_shared(text, name, limits, nullptr);
}

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
  if (path == "-") {
    std::string text;
    char buffer[65536];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > max_bytes) {
        throw InputError({"<stdin>", 0, 0}, "", fmt::format("the input is larger than {} bytes", max_bytes),
                         "a scenario is a few kilobytes and a price file a few megabytes");
      }
    }
    return text;
  }
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw InputError({path, 0, 0}, "", "no such file", "check the path");
  }
  if (std::filesystem::is_directory(status)) {
    throw InputError({path, 0, 0}, "", "this is a directory, not a file", "name a .yaml or .json file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, 0, 0}, "", "cannot be read", "check its permissions");
  std::string text;
  // Sized once for a regular file: growing a megabyte by doubling maps and copies it several times.
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size <= max_bytes) text.reserve(size);
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw InputError({path, 0, 0}, "", fmt::format("the file is larger than {} bytes", max_bytes),
                       "a scenario is a few kilobytes and a price file a few megabytes; check that this is the right file");
    }
  }
  return text;
}

Document load_document(const std::string& path, const DocumentLimits& limits) {
  const auto text = std::make_shared<const std::string>(read_input_file(path, limits.max_bytes));
  return parse_shared(*text, path == "-" ? "<stdin>" : path, limits, text);
}

}  // namespace ftcost

namespace ftcost {

std::vector<std::string> split_dotted_path(const std::string& path) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (current.empty()) {
      throw InputError({}, path, "has an empty part", "write a dotted path such as hosting.queries_per_month");
    }
    tokens.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.') {
      flush();
    } else if (c == '[') {
      flush();
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos) throw InputError({}, path, "has an unclosed '['", "write a list index as [0]");
      current = path.substr(i + 1, close - i - 1);
      flush();
      i = close;
      if (i + 1 < path.size() && path[i + 1] == '.') ++i;
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty() || tokens.empty()) flush();
  return tokens;
}

nlohmann::json::json_pointer pointer_of_path(const std::string& path) {
  nlohmann::json::json_pointer pointer;
  for (const auto& token : split_dotted_path(path)) pointer /= token;
  return pointer;
}

std::string child_pointer(const std::string& parent, const std::string& key) {
  return parent + (nlohmann::json::json_pointer() / key).to_string();
}

std::string dotted_of_pointer(const std::string& pointer) {
  std::string dotted;
  for (nlohmann::json::json_pointer path(pointer); !path.empty(); path.pop_back()) {
    dotted.insert(0, dotted.empty() ? path.back() : path.back() + ".");
  }
  return dotted;
}

InputError locate_in(const InputError& error, const Document& doc) {
  if (!error.where().file.empty()) return error;
  std::string pointer;
  try {
    pointer = pointer_of_path(error.field()).to_string();
  } catch (const InputError&) {
    // Not a path (e.g. a flag's name): the error belongs to the file as a whole.
  }
  return InputError(doc.locate(pointer), error.field(), error.problem(), error.fix());
}

}  // namespace ftcost
