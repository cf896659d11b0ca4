#pragma once
// An immutable string whose copies share one buffer. A price's source text (often 100+ characters)
// is copied into every cost line that uses the price; sharing it saves an allocation per line.
#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>

namespace ftcost {

class SharedString {
 public:
  SharedString() = default;
  SharedString(std::string text)  // NOLINT(google-explicit-constructor): used like a std::string
      : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
  SharedString(const char* text) : SharedString(std::string(text)) {}  // NOLINT(google-explicit-constructor)

  const std::string& str() const {
    static const std::string empty_text;
    return text_ ? *text_ : empty_text;
  }
  operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
  bool empty() const { return !text_; }

  friend bool operator==(const SharedString& a, const SharedString& b) { return a.str() == b.str(); }
  friend bool operator==(const SharedString& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const SharedString& a, const char* b) { return a.str() == b; }

 private:
  std::shared_ptr<const std::string> text_;
};

}  // namespace ftcost

template <>
struct fmt::formatter<ftcost::SharedString> : fmt::formatter<std::string_view> {
  auto format(const ftcost::SharedString& text, fmt::format_context& context) const {
    return fmt::formatter<std::string_view>::format(text.str(), context);
  }
};
