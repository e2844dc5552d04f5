#include "solver/match.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include "linter/model.hpp"

namespace iamlint::solver {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

// ASCII case folding (what the C locale's tolower does), inline: it runs once per character compared.
inline char fold(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The escapes expand_variables writes into patterns: `\*`, `\?` and `\\` stand for the character itself.
inline bool is_escape(std::string_view pattern, std::size_t i) noexcept {
  return pattern[i] == '\\' && i + 1 < pattern.size() &&
         (pattern[i + 1] == '*' || pattern[i + 1] == '?' || pattern[i + 1] == '\\');
}

// Whether the pattern's last character is an unescaped `*`.
bool ends_with_star(std::string_view pattern) noexcept {
  if (pattern.empty() || pattern.back() != '*') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = pattern.size() - 1; i > 0 && pattern[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

// The first `:` at or after `from`, or the size.
inline std::size_t next_colon(std::string_view s, std::size_t from) noexcept {
  std::size_t c = s.find(':', from);
  return c == kNone ? s.size() : c;
}

// Resource matching, part by part (0: "arn", …, 5: the resource part, everything after the fifth colon). The Resource
// element page ("Using wildcards in resource ARNs"): wildcards work within the colon-separated segments, except that
// a `*` that is the last character of a segment "can expand to match beyond the colon boundaries". The text
// positions where the next part may start are carried part to part as a set (a trailing `*` makes every later
// colon one), so that a pattern of several such segments costs a pass per part, not a try per combination of colons.
bool resource_parts_match(std::string_view pattern, std::string_view text) {
  std::vector<std::size_t> starts = {0}, next;
  std::size_t pp = 0;
  for (int part = 0; part < 5; ++part) {
    std::size_t pc = next_colon(pattern, pp);
    std::string_view segment = pattern.substr(pp, pc - pp);
    bool last = pc == pattern.size();  // a pattern with fewer than six parts ends here
    bool star = ends_with_star(segment);
    next.clear();
    std::size_t from = kNone;  // a trailing `*`: the first colon from which every later one may start the next part
    for (std::size_t s : starts) {
      std::size_t tc = next_colon(text, s);
      if (!match_pattern(segment, text.substr(s, tc - s), false)) continue;
      if (star) {
        if (last) return true;
        from = std::min(from, tc);
      } else if (last) {
        if (tc == text.size()) return true;
      } else if (tc < text.size()) {
        next.push_back(tc + 1);
      }
    }
    if (last) return false;
    if (from != kNone) {
      next.clear();  // every start found one by one is among these
      for (std::size_t c = from; c < text.size(); c = next_colon(text, c + 1)) next.push_back(c + 1);
    }
    if (next.empty()) return false;
    starts.swap(next);
    pp = pc + 1;
  }
  std::string_view rest = pattern.substr(pp);
  return std::any_of(starts.begin(), starts.end(),
                     [&](std::size_t s) { return match_pattern(rest, text.substr(s), false); });
}

}  // namespace

namespace {

// One symbol of a pattern segment (the text between two unescaped `*`s): a character (an escape stands for its
// second character) or `?`. Reads the symbol at `i` and returns the index after it.
struct Symbol {
  char c;
  bool any;
};
inline std::size_t read_symbol(std::string_view pattern, std::size_t i, Symbol& out) noexcept {
  if (pattern[i] == '?') {
    out = {'?', true};
    return i + 1;
  }
  if (is_escape(pattern, i)) {
    out = {pattern[i + 1], false};
    return i + 2;
  }
  out = {pattern[i], false};
  return i + 1;
}

// The end of the segment that starts at `i`: the next unescaped `*`, or the pattern's end. `symbols` is its length
// in text characters.
inline std::size_t segment_end(std::string_view pattern, std::size_t i, std::size_t& symbols) noexcept {
  symbols = 0;
  while (i < pattern.size() && pattern[i] != '*') {
    i += is_escape(pattern, i) ? 2 : 1;
    ++symbols;
  }
  return i;
}

inline bool same(char p, char t, bool ignore_case) noexcept { return p == t || (ignore_case && fold(p) == fold(t)); }

// Whether the segment pattern[from, to) matches the text at `at` exactly (the caller checked the length).
bool segment_at(std::string_view pattern, std::size_t from, std::size_t to, std::string_view text, std::size_t at,
                bool ignore_case, MatchCost& cost) noexcept {
  Symbol s{};
  for (std::size_t i = from; i < to; ++at) {
    i = read_symbol(pattern, i, s);
    ++cost.steps;
    if (!s.any && !same(s.c, text[at], ignore_case)) return false;
  }
  return true;
}

// The leftmost position in text[from, limit) where the segment pattern[seg_from, seg_to) of `symbols` characters
// matches, or kNone. Shift-And over the segment's first 64 symbols: one step per text character whatever the
// segment is; a longer segment's remaining symbols are then compared at each candidate.
std::size_t find_segment(std::string_view pattern, std::size_t seg_from, std::size_t seg_to, std::size_t symbols,
                         std::string_view text, std::size_t from, std::size_t limit, bool ignore_case,
                         uint64_t (&masks)[256], MatchCost& cost) noexcept {
  if (limit < from || limit - from < symbols) return kNone;
  const std::size_t head = std::min<std::size_t>(symbols, 64);
  uint64_t any = 0;
  Symbol s{};
  std::size_t i = seg_from;
  for (std::size_t k = 0; k < head; ++k) {
    i = read_symbol(pattern, i, s);
    if (s.any) any |= uint64_t{1} << k;
    else masks[static_cast<unsigned char>(ignore_case ? fold(s.c) : s.c)] |= uint64_t{1} << k;
  }
  const std::size_t tail_from = i;
  const uint64_t done = uint64_t{1} << (head - 1);
  std::size_t found = kNone;
  uint64_t state = 0;
  for (std::size_t t = from; t + (symbols - head) < limit; ++t) {
    ++cost.steps;
    char c = ignore_case ? fold(text[t]) : text[t];
    state = ((state << 1) | 1) & (masks[static_cast<unsigned char>(c)] | any);
    if ((state & done) == 0) continue;
    std::size_t start = t + 1 - head;
    if (tail_from == seg_to || segment_at(pattern, tail_from, seg_to, text, t + 1, ignore_case, cost)) {
      found = start;
      break;
    }
  }
  // Leave the table clean for the next segment: only the entries this one set.
  i = seg_from;
  for (std::size_t k = 0; k < head; ++k) {
    i = read_symbol(pattern, i, s);
    if (!s.any) masks[static_cast<unsigned char>(ignore_case ? fold(s.c) : s.c)] = 0;
  }
  return found;
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view text, bool ignore_case, MatchCost& cost) noexcept {
  // The pattern is segments separated by `*`s: the first must match at the text's start, the last at its end, and
  // each one between at its leftmost place after the previous one. Taking the leftmost place never loses a match
  // (any later place leaves less text for the rest), so there is no backtracking: each text character is looked at
  // about once per segment that searches over it, and each segment searches only past the previous one's match.
  const std::size_t pn = pattern.size(), tn = text.size();
  std::size_t symbols = 0;
  std::size_t first_end = segment_end(pattern, 0, symbols);
  if (first_end == pn) return symbols == tn && segment_at(pattern, 0, pn, text, 0, ignore_case, cost);
  if (symbols > tn || !segment_at(pattern, 0, first_end, text, 0, ignore_case, cost)) return false;
  std::size_t t = symbols;
  // The last segment: after the last unescaped `*` (the pattern's last `*` is unescaped: escapes pair up).
  std::size_t last_from = first_end + 1;
  for (std::size_t i = last_from; i < pn; i += is_escape(pattern, i) ? 2 : 1) {
    if (pattern[i] == '*') last_from = i + 1;
  }
  std::size_t last_symbols = 0;
  segment_end(pattern, last_from, last_symbols);
  if (tn - t < last_symbols) return false;
  const std::size_t limit = tn - last_symbols;  // the middle segments must end before the last one starts
  if (first_end + 1 < last_from) {
    // Middle segments: their search table is cleared only when there are some (2 KiB per call otherwise, which
    // is most of the time of `s3:Get*` against an action).
    uint64_t masks[256] = {};
    for (std::size_t i = first_end; i < last_from - 1;) {
      if (pattern[i] == '*') {
        ++i;
        continue;
      }
      std::size_t seg_symbols = 0;
      std::size_t seg_to = segment_end(pattern, i, seg_symbols);
      std::size_t at = find_segment(pattern, i, seg_to, seg_symbols, text, t, limit, ignore_case, masks, cost);
      if (at == kNone) return false;
      t = at + seg_symbols;
      i = seg_to;
    }
  }
  return segment_at(pattern, last_from, pn, text, limit, ignore_case, cost);
}

bool match_pattern(std::string_view pattern, std::string_view text, bool ignore_case) noexcept {
  MatchCost cost;
  return match_pattern(pattern, text, ignore_case, cost);
}

bool action_matches(std::string_view pattern, std::string_view action) noexcept {
  return match_pattern(pattern, action, true);
}

bool resource_matches(std::string_view pattern, std::string_view resource) noexcept {
  if (pattern == "*") return true;
  // The segment rules only mean something for an ARN; anything else (a bare "*" request for actions without
  // resources, a malformed value) is compared as one glob.
  if (resource == "*" || pattern.substr(0, 4) != "arn:") return match_pattern(pattern, resource, false);
  return resource_parts_match(pattern, resource);
}

namespace {

inline std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

void append_value(std::string& out, std::string_view value, bool for_pattern) {
  if (!for_pattern) {
    out.append(value);
    return;
  }
  // A variable's value is a value, not a pattern: its own `*`, `?` (and `\`) are characters.
  for (char c : value) {
    if (c == '*' || c == '?' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
}

}  // namespace

std::optional<std::string> expand_variables(std::string_view value, const Context& context, bool for_pattern) {
  std::string out;
  out.reserve(value.size() + 16);
  std::size_t i = 0;
  while (i < value.size()) {
    std::size_t open = value.find("${", i);
    if (open == kNone) {
      out.append(value.substr(i));
      break;
    }
    out.append(value.substr(i, open - i));
    // The closing brace, skipping a quoted default (which may hold `}`).
    std::size_t close = kNone;
    bool quoted = false;
    for (std::size_t j = open + 2; j < value.size(); ++j) {
      if (value[j] == '\'') quoted = !quoted;
      else if (value[j] == '}' && !quoted) {
        close = j;
        break;
      }
    }
    if (close == kNone) {  // no variable: the characters stand as written
      out.append(value.substr(open));
      break;
    }
    std::string_view body = trim(value.substr(open + 2, close - open - 2));
    i = close + 1;
    // The special characters of the policy variables page: ${*}, ${?}, ${$}.
    if (body == "*" || body == "?") {
      if (for_pattern) out.push_back('\\');
      out.push_back(body[0]);
      continue;
    }
    if (body == "$") {
      out.push_back('$');
      continue;
    }
    // ${key} or ${key, 'default'}: whitespace around the key and the default is ignored, the key name is
    // case-insensitive (Context::find), the default is taken as written.
    std::string_view key = body;
    std::optional<std::string_view> fallback;
    if (std::size_t comma = body.find(','); comma != kNone) {
      key = trim(body.substr(0, comma));
      std::string_view d = trim(body.substr(comma + 1));
      if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') return std::nullopt;  // not a default
      fallback = d.substr(1, d.size() - 2);
    }
    if (key.empty()) return std::nullopt;
    const std::vector<std::string>* values = context.find(key);
    // A multivalued key cannot be a variable ("Single-valued vs. multivalued context keys"), nor can an empty set.
    if (values != nullptr && values->size() == 1) append_value(out, values->front(), for_pattern);
    else if (fallback) append_value(out, *fallback, for_pattern);
    else return std::nullopt;
  }
  return out;
}

// The account segment of an ARN (arn:partition:service:region:account:resource); empty when it has none.
std::string_view arn_account(std::string_view arn) noexcept {
  if (!arn.starts_with("arn:")) return {};
  std::size_t at = 0;
  for (int k = 0; k < 4; ++k) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  std::size_t end = arn.find(':', at);
  return end == std::string_view::npos ? std::string_view() : arn.substr(at, end - at);
}

bool is_account_id(std::string_view s) noexcept {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace iamlint::solver
