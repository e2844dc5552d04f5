#include "solver/match.hpp"

#include <algorithm>
#include <cctype>

#include "linter/model.hpp"

namespace iamlint::solver {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

inline char fold(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

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

// Resource matching, part by part. `pattern` starts at pattern part `part` (0: "arn", …, 5: the resource part,
// everything after the fifth colon). The Resource element page ("Using wildcards in resource ARNs"): wildcards work
// within the colon-separated segments, except that a `*` that is the last character of a segment "can expand to
// match beyond the colon boundaries".
bool resource_parts_match(std::string_view pattern, std::string_view text, int part) noexcept {
  if (part == 5) return match_pattern(pattern, text, false);
  std::size_t pc = next_colon(pattern, 0);
  std::string_view segment = pattern.substr(0, pc);
  bool last = pc == pattern.size();  // a pattern with fewer than six parts ends here
  std::string_view rest = last ? std::string_view{} : pattern.substr(pc + 1);
  std::size_t tc = next_colon(text, 0);
  if (!ends_with_star(segment)) {
    if (!match_pattern(segment, text.substr(0, tc), false)) return false;
    if (last) return tc == text.size();
    if (tc == text.size()) return false;
    return resource_parts_match(rest, text.substr(tc + 1), part + 1);
  }
  // The trailing `*` may take this segment's remainder and any whole segments after it.
  if (!match_pattern(segment, text.substr(0, tc), false)) return false;
  if (last) return true;
  for (std::size_t c = tc; c < text.size(); c = next_colon(text, c + 1)) {
    if (resource_parts_match(rest, text.substr(c + 1), part + 1)) return true;
  }
  return false;
}

}  // namespace

bool match_pattern(std::string_view pattern, std::string_view text, bool ignore_case) noexcept {
  // Greedy with one backtracking point, the last `*` seen: every `*` matches any run, so only the last one ever
  // needs to give characters back. Linear for patterns with one `*`, O(n·m) at worst.
  std::size_t p = 0, t = 0;
  std::size_t star_p = kNone, star_t = 0;
  const std::size_t pn = pattern.size(), tn = text.size();
  while (t < tn) {
    if (p < pn) {
      char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '?') {
        ++p;
        ++t;
        continue;
      }
      std::size_t width = 1;
      if (is_escape(pattern, p)) {
        c = pattern[p + 1];
        width = 2;
      }
      if (c == text[t] || (ignore_case && fold(c) == fold(text[t]))) {
        p += width;
        ++t;
        continue;
      }
    }
    if (star_p == kNone) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pn && pattern[p] == '*') ++p;
  return p == pn;
}

bool action_matches(std::string_view pattern, std::string_view action) noexcept {
  return match_pattern(pattern, action, true);
}

bool resource_matches(std::string_view pattern, std::string_view resource) noexcept {
  if (pattern == "*") return true;
  // The segment rules only mean something for an ARN; anything else (a bare "*" request for actions without
  // resources, a malformed value) is compared as one glob.
  if (resource == "*" || pattern.substr(0, 4) != "arn:") return match_pattern(pattern, resource, false);
  return resource_parts_match(pattern, resource, 0);
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
