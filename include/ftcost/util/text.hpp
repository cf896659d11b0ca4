#pragma once
// Small text helpers. ASCII case folding for names (GPU ids, providers, precisions, methods): what
// std::tolower does in the "C" locale, which ftcost never changes, without a library call per character.
#include <algorithm>
#include <string>
#include <string_view>

namespace ftcost {

inline void lower_ascii(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

inline std::string lowercase(std::string text) {
  lower_ascii(text);
  return text;
}

// `word` (lower case) in `lower` with no ASCII letter or digit on either side: "tgi" is not in
// "settgins", "offline" is in "'offline batch'".
inline bool has_word(const std::string& lower, const std::string& word) {
  const auto is_word_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(lower[at - 1]);
    const std::size_t after = at + word.size();
    if (starts && (after >= lower.size() || !is_word_char(lower[after]))) return true;
  }
  return false;
}

// `text` as one word of a POSIX shell command line: as it is when it holds only characters no shell
// treats specially, else in single quotes ('\'' for a quote inside), so a printed command runs as shown.
inline std::string shell_word(const std::string& text) {
  const auto plain = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  };
  if (!text.empty() && std::all_of(text.begin(), text.end(), plain)) return text;
  std::string out(1, '\'');
  for (char c : text) {
    if (c == '\'')
      out.append("'\\''");
    else
      out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace ftcost
