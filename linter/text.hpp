// Small text helpers for hot paths. std::string_view::find_first_of with a short set calls memchr once per
// character of the text; these are plain loops.
#pragma once

#include <cstddef>
#include <string_view>

namespace iamlint::linter {

// The position of the first * or ? at or after `from`, or npos.
inline std::size_t find_wildcard(std::string_view s, std::size_t from = 0) noexcept {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == '*' || s[i] == '?') return i;
  }
  return std::string_view::npos;
}

inline bool has_wildcard(std::string_view s) noexcept { return find_wildcard(s) != std::string_view::npos; }

// Whether the text holds a space, tab, carriage return or line feed.
inline bool has_whitespace(std::string_view s) noexcept {
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  }
  return false;
}

// Whether every character is * or ? (true for the empty string).
inline bool only_wildcards(std::string_view s) noexcept {
  for (char c : s) {
    if (c != '*' && c != '?') return false;
  }
  return true;
}

}  // namespace iamlint::linter
