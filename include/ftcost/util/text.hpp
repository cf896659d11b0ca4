#pragma once
// ASCII case folding for names (GPU ids, providers, precisions, methods): what std::tolower does in
// the "C" locale, which ftcost never changes, without a library call per character.
#include <string>

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

}  // namespace ftcost
