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

// Whether `pattern` matches all of `text`, where `*` in the pattern matches any run of characters and
// `matches(pattern_char, text_char)` decides every other character. Greedy matching with backtracking to the last
// star: exact for one kind of star and single-character classes, O(n*m) at worst, no recursion.
template <typename Matches>
bool glob_match(std::string_view pattern, std::string_view text, Matches&& matches) noexcept {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < text.size()) {
    if (pi < pattern.size() && pattern[pi] != '*' && matches(pattern[pi], text[ti])) {
      ++pi;
      ++ti;
    } else if (pi < pattern.size() && pattern[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < pattern.size() && pattern[pi] == '*') ++pi;
  return pi == pattern.size();
}

}  // namespace iamlint::linter
