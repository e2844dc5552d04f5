// The wildcard matchers of solver/match.hpp against slow references written from their documented rules. The first
// byte picks the function ('0' match_pattern, '1' match_pattern ignoring case, '2' action_matches, '3'
// resource_matches, by its value mod 4); the rest is the pattern, a newline, and the value. Any disagreement aborts.
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "solver/match.hpp"

using namespace iamlint;

namespace {

// A pattern as a list of tokens: `*` any run, `?` one character, or a literal; `\*`, `\?` and `\\` are the
// literal character, any other `\` is itself.
struct Token {
  enum Kind : uint8_t { Star, One, Literal } kind;
  char c;
};

std::vector<Token> tokens(std::string_view pattern) {
  std::vector<Token> out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size() &&
        (pattern[i + 1] == '*' || pattern[i + 1] == '?' || pattern[i + 1] == '\\')) {
      out.push_back({Token::Literal, pattern[++i]});
    } else if (c == '*') {
      out.push_back({Token::Star, c});
    } else if (c == '?') {
      out.push_back({Token::One, c});
    } else {
      out.push_back({Token::Literal, c});
    }
  }
  return out;
}

char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The plain dynamic programme: reach[i][j] says whether tokens i.. match text j.., filled from the end.
bool glob(std::string_view pattern, std::string_view text, bool ignore_case) {
  std::vector<Token> t = tokens(pattern);
  const std::size_t k = t.size(), n = text.size();
  std::vector<char> next(n + 1, 0), cur(n + 1, 0);
  next[n] = 1;  // no tokens left: only the end of the text matches
  for (std::size_t i = k; i-- > 0;) {
    for (std::size_t j = n + 1; j-- > 0;) {
      switch (t[i].kind) {
        case Token::Star: cur[j] = static_cast<char>(next[j] || (j < n && cur[j + 1])); break;
        case Token::One: cur[j] = static_cast<char>(j < n && next[j + 1]); break;
        case Token::Literal: {
          bool same = j < n && (t[i].c == text[j] || (ignore_case && fold(t[i].c) == fold(text[j])));
          cur[j] = static_cast<char>(same && next[j + 1]);
          break;
        }
      }
    }
    std::swap(next, cur);
  }
  return next[0] != 0;
}

bool ends_with_star(std::string_view part) {
  std::vector<Token> t = tokens(part);
  return !t.empty() && t.back().kind == Token::Star;
}

std::vector<std::string_view> split(std::string_view s, std::size_t most) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < most) {
    std::size_t colon = s.find(':');
    if (colon == std::string_view::npos) break;
    out.push_back(s.substr(0, colon));
    s.remove_prefix(colon + 1);
  }
  out.push_back(s);
  return out;
}

// The Resource element page, restated part by part. The pattern's first five colons cut it into the partition,
// service, region, account parts and the resource part (the rest, colons included). Each of the first parts matches
// one colon-separated segment of the resource, its wildcards inside the segment; a part whose last character is a
// `*` may also take any number of whole segments after its own. The resource part matches everything after the
// resource's fifth colon (a resource without one matches no six-part pattern). A shorter pattern must cover the whole
// resource with its parts.
bool resource_reference(std::string_view pattern, std::string_view resource) {
  if (pattern == "*") return true;
  if (resource == "*" || pattern.substr(0, 4) != "arn:") return glob(pattern, resource, false);
  std::vector<std::string_view> parts = split(pattern, 6);
  std::vector<std::string_view> segments = split(resource, std::string_view::npos);
  // reach(k, a): parts k.. match segments a.. (memoised: several starred parts would take exponential time).
  std::vector<signed char> memo((parts.size() + 1) * (segments.size() + 1), -1);
  auto reach = [&](auto&& self, std::size_t k, std::size_t a) -> bool {
    signed char& known = memo[k * (segments.size() + 1) + a];
    if (known >= 0) return known != 0;
    bool result = false;
    if (k == parts.size()) {
      result = a == segments.size();
    } else if (a == segments.size()) {
      result = false;
    } else if (k == 5) {
      std::size_t from = static_cast<std::size_t>(segments[a].data() - resource.data());
      result = glob(parts[5], resource.substr(from), false);
    } else if (glob(parts[k], segments[a], false)) {
      result = self(self, k + 1, a + 1);
      for (std::size_t b = a + 2; !result && ends_with_star(parts[k]) && b <= segments.size(); ++b) {
        result = self(self, k + 1, b);
      }
    }
    known = result ? 1 : 0;
    return result;
  };
  return reach(reach, 0, 0);
}

void disagree(const char* what, std::string_view pattern, std::string_view value, bool got) {
  std::fprintf(stderr, "%s(\"%.*s\", \"%.*s\") is %s, the reference says %s\n", what,
               static_cast<int>(pattern.size()), pattern.data(), static_cast<int>(value.size()), value.data(),
               got ? "true" : "false", got ? "false" : "true");
  fuzz::require(false, "a matcher disagrees with its reference");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0 || size > 2048) return 0;  // the references are quadratic; longer inputs say nothing new
  std::string_view rest = fuzz::as_text(data + 1, size - 1);
  std::size_t newline = rest.find('\n');
  std::string_view pattern = rest.substr(0, newline);
  std::string_view value = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  bool got = false, want = false;
  const char* what = "";
  switch (data[0] % 4) {
    case 0:
      what = "match_pattern";
      got = solver::match_pattern(pattern, value, false);
      want = glob(pattern, value, false);
      break;
    case 1:
      what = "match_pattern, ignoring case,";
      got = solver::match_pattern(pattern, value, true);
      want = glob(pattern, value, true);
      break;
    case 2:
      what = "action_matches";
      got = solver::action_matches(pattern, value);
      want = glob(pattern, value, true);
      break;
    default:
      what = "resource_matches";
      got = solver::resource_matches(pattern, value);
      want = resource_reference(pattern, value);
      break;
  }
  if (got != want) disagree(what, pattern, value, got);
  return 0;
}
