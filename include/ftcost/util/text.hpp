#pragma once
// Small text helpers. ASCII case folding for names (GPU ids, providers, precisions, methods): what
// std::tolower does in the "C" locale, which ftcost never changes, without a library call per character.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

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

inline bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Where `word` (lower case) first stands in `lower` with no ASCII letter or digit on either side, or
// npos: "tgi" is not in "settgins", "offline" is in "'offline batch'".
inline std::size_t word_at(const std::string& lower, const std::string& word) {
  for (std::size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    const bool starts = at == 0 || !is_word_char(lower[at - 1]);
    const std::size_t after = at + word.size();
    if (starts && (after >= lower.size() || !is_word_char(lower[after]))) return at;
  }
  return std::string::npos;
}
inline bool has_word(const std::string& lower, const std::string& word) {
  return word_at(lower, word) != std::string::npos;
}

// The runs of ASCII letters and digits in `text`, lower-cased: "SFT (LoRA)" is {"sft", "lora"}.
inline std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (is_word_char(lower)) {
      word.push_back(lower);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// `text` without the spaces, tabs and line breaks around it.
inline std::string trimmed(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
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
