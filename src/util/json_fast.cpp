#include "json_fast.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace ftcost::detail {

namespace {

using nlohmann::json;

// Thrown inside the reader for anything it leaves to nlohmann's parser.
struct GiveUp {};

class PlainJsonReader {
 public:
  PlainJsonReader(const std::string& text, const DocumentLimits& limits)
      : at_(text.data()), end_(text.data() + text.size()), limits_(limits) {}

  json read() {
    json root;
    skip_space();
    read_value(root);
    // Containers are filled without recursion: each open one keeps where its next value goes.
    while (!open_.empty()) {
      skip_space();
      Open& top = open_.back();
      json& container = *top.value;
      if (at_ == end_) throw GiveUp{};
      if (*at_ == (container.is_object() ? '}' : ']')) {
        ++at_;
        open_.pop_back();
        continue;
      }
      if (!top.empty) {
        expect(',');
        skip_space();
      }
      top.empty = false;
      if (container.is_object()) {
        read_string(key_);
        skip_space();
        expect(':');
        skip_space();
        auto [slot, added] = container.get_ref<json::object_t&>().try_emplace(key_);
        if (!added) throw GiveUp{};  // a duplicate key: reported with its position by the careful path
        read_value(slot->second);
      } else {
        auto& items = container.get_ref<json::array_t&>();
        items.emplace_back();
        read_value(items.back());
      }
    }
    skip_space();
    if (at_ != end_) throw GiveUp{};
    return root;
  }

 private:
  struct Open {
    json* value;  // stays valid: its parent is not changed until it closes
    bool empty = true;
  };

  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  void expect(char c) {
    if (at_ == end_ || *at_ != c) throw GiveUp{};
    ++at_;
  }

  // Reads one value into `out`; a container is opened and filled by read()'s loop.
  void read_value(json& out) {
    // The limits as the careful path counts them: every value, and the containers around it.
    if (++nodes_ > limits_.max_nodes || static_cast<int>(open_.size()) > limits_.max_depth || at_ == end_) {
      throw GiveUp{};
    }
    switch (*at_) {
      case '{':
      case '[':
        out = *at_ == '{' ? json::object() : json::array();
        ++at_;
        open_.push_back({&out});
        return;
      case '"': {
        std::string text;
        read_string(text);
        out = std::move(text);
        return;
      }
      case 't':
        literal("true");
        out = true;
        return;
      case 'f':
        literal("false");
        out = false;
        return;
      case 'n':
        literal("null");
        out = nullptr;
        return;
      default:
        read_number(out);
    }
  }

  void literal(const char* word) {
    const std::size_t length = std::strlen(word);
    if (static_cast<std::size_t>(end_ - at_) < length || std::memcmp(at_, word, length) != 0) throw GiveUp{};
    at_ += length;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw GiveUp{};
  }

  unsigned read_hex4() {
    if (end_ - at_ < 4) throw GiveUp{};
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) code = code * 16 + static_cast<unsigned>(hex_digit(*at_++));
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
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
  }

  // A string from its opening quote; the text was checked to be UTF-8 before.
  void read_string(std::string& out) {
    expect('"');
    out.clear();
    while (true) {
      const char* start = at_;
      while (at_ != end_ && *at_ != '"' && *at_ != '\\' && static_cast<unsigned char>(*at_) >= 0x20) ++at_;
      out.append(start, at_);
      if (at_ == end_ || static_cast<unsigned char>(*at_) < 0x20) throw GiveUp{};  // unclosed, or a raw control
      if (*at_++ == '"') return;
      if (at_ == end_) throw GiveUp{};
      switch (*at_++) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          unsigned code = read_hex4();
          if (code >= 0xDC00 && code <= 0xDFFF) throw GiveUp{};  // a low surrogate alone
          if (code >= 0xD800 && code <= 0xDBFF) {
            // A high surrogate needs its low half: \uD83D\uDE80 is one code point.
            expect('\\');
            expect('u');
            const unsigned low = read_hex4();
            if (low < 0xDC00 || low > 0xDFFF) throw GiveUp{};
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          throw GiveUp{};
      }
    }
  }

  static bool digit(const char* at, const char* end) { return at != end && *at >= '0' && *at <= '9'; }

  // JSON's number grammar exactly; whole numbers as int64 (a larger positive one as double, as the
  // careful path types it), others as the nearest double.
  void read_number(json& out) {
    const char* start = at_;
    if (at_ != end_ && *at_ == '-') ++at_;
    if (!digit(at_, end_)) throw GiveUp{};
    if (*at_ == '0') {
      ++at_;
    } else {
      while (digit(at_, end_)) ++at_;
    }
    bool whole = true;
    if (at_ != end_ && *at_ == '.') {
      whole = false;
      ++at_;
      if (!digit(at_, end_)) throw GiveUp{};
      while (digit(at_, end_)) ++at_;
    }
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
      whole = false;
      ++at_;
      if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (!digit(at_, end_)) throw GiveUp{};
      while (digit(at_, end_)) ++at_;
    }
    if (whole && *start == '-') {
      std::int64_t value = 0;
      if (std::from_chars(start, at_, value).ec != std::errc{}) throw GiveUp{};  // below int64
      out = value;
    } else if (whole) {
      std::uint64_t value = 0;
      if (std::from_chars(start, at_, value).ec != std::errc{}) throw GiveUp{};  // beyond uint64
      if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        out = static_cast<std::int64_t>(value);
      } else {
        out = static_cast<double>(value);
      }
    } else {
      double value = 0;
      // Out of range (overflow, or underflow to a subnormal or zero) is left to the careful path.
      if (std::from_chars(start, at_, value).ec != std::errc{} || !std::isfinite(value)) throw GiveUp{};
      out = value;
    }
  }

  const char* at_;
  const char* end_;
  const DocumentLimits& limits_;
  std::vector<Open> open_;
  std::string key_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::optional<json> read_plain_json(const std::string& text, const DocumentLimits& limits) {
  try {
    return PlainJsonReader(text, limits).read();
  } catch (const GiveUp&) {
    return std::nullopt;
  }
}

}  // namespace ftcost::detail
