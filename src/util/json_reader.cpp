#include "json_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ftcost::detail {

namespace {

// Reads straight from the text into the tree, with no recursion (the open containers are a stack of
// pointers into the tree: only the innermost one grows, so the others never move). nlohmann's lexer
// reads through an input adapter one character at a time and copies every token for its error
// messages; this reader only needs to know that something is wrong, as nlohmann then reports it.
class FastJsonReader {
 public:
  FastJsonReader(const std::string& text, const DocumentLimits& limits)
      : at_(text.data()), end_(text.data() + text.size()), limits_(limits) {}

  bool read(nlohmann::json& root) {
    nlohmann::json* slot = &root;
    while (true) {
      nlohmann::json* first_child = nullptr;
      const Step step = value(*slot, first_child);
      if (step == Step::failed) return false;
      if (step == Step::opened) {
        slot = first_child;
        continue;
      }
      // A value is complete: close the containers that end here, then move to the next slot.
      slot = nullptr;
      while (slot == nullptr) {
        skip_space();
        if (open_.empty()) return at_ == end_;
        if (at_ == end_) return false;
        nlohmann::json& container = *open_.back();
        const char c = *at_++;
        if (c == ',') {
          slot = container.is_object() ? member(container) : &container.emplace_back();
          if (slot == nullptr) return false;
        } else if (c == (container.is_object() ? '}' : ']')) {
          open_.pop_back();
        } else {
          return false;
        }
      }
    }
  }

 private:
  enum class Step { done, opened, failed };

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  // One value into `slot`; a non-empty container is opened, and `first_child` is where its first
  // element goes. The same depth and value limits as the SAX tree builder.
  Step value(nlohmann::json& slot, nlohmann::json*& first_child) {
    skip_space();
    if (at_ == end_) return Step::failed;
    if (static_cast<int>(open_.size()) > limits_.max_depth || ++nodes_ > limits_.max_nodes) return Step::failed;
    switch (*at_) {
      case '{':
      case '[': {
        const bool object = *at_ == '{';
        ++at_;
        slot = object ? nlohmann::json::object() : nlohmann::json::array();
        skip_space();
        if (at_ != end_ && *at_ == (object ? '}' : ']')) {
          ++at_;
          return Step::done;
        }
        open_.push_back(&slot);
        first_child = object ? member(slot) : &slot.emplace_back();
        return first_child != nullptr ? Step::opened : Step::failed;
      }
      case '"': {
        std::string text;
        if (!string(text)) return Step::failed;
        slot = std::move(text);
        return Step::done;
      }
      case 't':
        return literal("true", 4) ? (slot = true, Step::done) : Step::failed;
      case 'f':
        return literal("false", 5) ? (slot = false, Step::done) : Step::failed;
      case 'n':
        return literal("null", 4) ? (slot = nullptr, Step::done) : Step::failed;
      default:
        return number(slot) ? Step::done : Step::failed;
    }
  }

  // `"key": ` of an object, returning the slot for its value; null for bad syntax or a key given twice.
  nlohmann::json* member(nlohmann::json& object) {
    skip_space();
    if (at_ == end_ || *at_ != '"') return nullptr;
    std::string key;
    if (!string(key)) return nullptr;
    skip_space();
    if (at_ == end_ || *at_ != ':') return nullptr;
    ++at_;
    auto [position, added] = object.get_ref<nlohmann::json::object_t&>().emplace(std::move(key), nullptr);
    return added ? &position->second : nullptr;
  }

  bool literal(const char* word, std::size_t length) {
    if (static_cast<std::size_t>(end_ - at_) < length || std::memcmp(at_, word, length) != 0) return false;
    at_ += length;
    return true;
  }

  // A string from its opening quote; the text is valid UTF-8 already, so only escapes and control
  // characters need a look.
  bool string(std::string& out) {
    const char* start = ++at_;
    skip_plain_text();
    while (at_ != end_ && *at_ != '"' && *at_ != '\\' && static_cast<unsigned char>(*at_) >= 0x20) ++at_;
    if (at_ == end_) return false;
    out.assign(start, at_);
    while (at_ != end_) {
      const char c = *at_++;
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_ == end_) return false;
      const char escaped = *at_++;
      if (escaped == 'u') {
        if (!code_point(out)) return false;
        continue;
      }
      static constexpr char escapes[] = "\"\\/bfnrt";
      static constexpr char meanings[] = "\"\\/\b\f\n\r\t";
      const char* found = escaped == '\0' ? nullptr : std::strchr(escapes, escaped);
      if (found == nullptr) return false;
      out.push_back(meanings[found - escapes]);
    }
    return false;
  }

  // Skips 8 bytes at a time while none is a quote, a backslash or a control character (the bit
  // tricks of "Bit Twiddling Hacks": a byte of x is zero, or below n, exactly when some byte flags).
  void skip_plain_text() {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    const auto has_zero = [](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
    while (end_ - at_ >= 8) {
      std::uint64_t eight = 0;
      std::memcpy(&eight, at_, 8);
      if (has_zero(eight ^ (ones * '"')) || has_zero(eight ^ (ones * '\\')) ||
          ((eight - ones * 0x20) & ~eight & highs) != 0) {
        return;
      }
      at_ += 8;
    }
  }

  bool hex4(unsigned& code) {
    if (end_ - at_ < 4) return false;
    code = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      const char c = *at_;
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return false;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    return true;
  }

  // After `\u`: four hex digits (a UTF-16 surrogate pair takes two escapes), appended as UTF-8.
  bool code_point(std::string& out) {
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate on its own
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
      at_ += 2;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return true;
  }

  bool digits() {
    const char* start = at_;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9') ++at_;
    return at_ != start;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: an int64 when it is a whole number that fits,
  // otherwise the nearest double (as nlohmann's strtod gives); an overflow or underflow gives up.
  bool number(nlohmann::json& slot) {
    const char* start = at_;
    if (*at_ == '-') ++at_;
    if (at_ == end_) return false;
    if (*at_ == '0') {
      ++at_;
    } else if (!digits()) {
      return false;
    }
    bool whole = true;
    if (at_ != end_ && *at_ == '.') {
      ++at_;
      whole = false;
      if (!digits()) return false;
    }
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
      ++at_;
      whole = false;
      if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (!digits()) return false;
    }
    if (whole) {
      std::int64_t integer = 0;
      const auto [stop, error] = std::from_chars(start, at_, integer);
      if (error == std::errc{} && stop == at_) {
        slot = integer;
        return true;
      }
    }
    double real = 0;
    const auto [stop, error] = std::from_chars(start, at_, real);
    if (error != std::errc{} || stop != at_ || !std::isfinite(real)) return false;
    slot = real;
    return true;
  }

  const char* at_;
  const char* end_;
  const DocumentLimits& limits_;
  std::vector<nlohmann::json*> open_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::optional<nlohmann::json> read_json_fast(const std::string& text, const DocumentLimits& limits) {
  nlohmann::json root;
  if (!FastJsonReader(text, limits).read(root)) return std::nullopt;
  return root;
}

}  // namespace ftcost::detail
