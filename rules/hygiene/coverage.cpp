#include "rules/hygiene/coverage.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "linter/model.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// ---- actions --------------------------------------------------------------------------------------------------

// One character of A against one character of B, when A's is not a `*`.
bool action_char_matches(char a, char b) noexcept {
  if (a == '?') return b != '*';
  if (b == '*' || b == '?') return false;
  return lower(a) == lower(b);
}

// ---- resources ------------------------------------------------------------------------------------------------

enum class Tok : uint8_t { Lit, Star, Quest, Var, Colon };

struct Token {
  Tok kind = Tok::Lit;
  char c = 0;
  bool segment_end = false;  // a `*` that ends its segment: it may match across colons
  std::string_view var;      // a policy variable, "${aws:username}"
};

// An ARN pattern as tokens, consecutive `*` folded into one, with the start of each colon-separated segment.
struct ArnPattern {
  std::vector<Token> tokens;
  std::vector<uint32_t> segments;  // index of each segment's first token; a segment ends at the next Colon or the end
};

void tokenize(std::string_view s, ArnPattern& out) {
  out.tokens.clear();
  out.segments.assign(1, 0);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    Token t;
    if (c == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      std::size_t close = s.find('}', i + 2);
      if (close != std::string_view::npos) {
        std::string_view inner = s.substr(i + 2, close - i - 2);
        if (inner == "*" || inner == "?" || inner == "$") {
          t.c = inner[0];
        } else {
          t.kind = Tok::Var;
          t.var = s.substr(i, close - i + 1);
        }
        out.tokens.push_back(t);
        i = close;
        continue;
      }
    }
    if (c == '*') {
      if (!out.tokens.empty() && out.tokens.back().kind == Tok::Star) continue;
      t.kind = Tok::Star;
    } else if (c == '?') {
      t.kind = Tok::Quest;
    } else if (c == ':') {
      t.kind = Tok::Colon;
      out.tokens.push_back(t);
      out.segments.push_back(static_cast<uint32_t>(out.tokens.size()));
      continue;
    } else {
      t.c = c;
    }
    out.tokens.push_back(t);
  }
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    Token& t = out.tokens[i];
    if (t.kind == Tok::Star) t.segment_end = i + 1 == out.tokens.size() || out.tokens[i + 1].kind == Tok::Colon;
  }
}

bool single_matches(const Token& a, const Token& b) noexcept {
  switch (a.kind) {
    case Tok::Lit: return b.kind == Tok::Lit && b.c == a.c;
    case Tok::Quest: return b.kind == Tok::Lit || b.kind == Tok::Quest;
    case Tok::Var: return b.kind == Tok::Var && b.var == a.var;
    case Tok::Colon: return b.kind == Tok::Colon;
    case Tok::Star: return false;
  }
  return false;
}

// Whether A's segment `a` (no colons) covers B's tokens `b` (which may span several of B's segments). A `*` that ends
// `a` absorbs anything; any other `*` absorbs only what cannot match a colon in a request ARN.
bool segment_covers(std::span<const Token> a, std::span<const Token> b, std::vector<uint8_t>& dp) {
  const std::size_t n = a.size(), m = b.size(), w = m + 1;
  bool restricted = false;
  for (const Token& u : b) restricted |= u.kind == Tok::Var || u.kind == Tok::Colon;
  if (!restricted) {
    // Every `*` of A may absorb any of B's tokens here (a segment-ending `*` of B can only be absorbed by A's own
    // segment-ending `*`, since a `*` of A is always followed by a token that must match something after it), so
    // plain glob matching with last-star backtracking is exact, in linear time for these short segments.
    std::size_t pi = 0, ti = 0, star = SIZE_MAX, mark = 0;
    while (ti < m) {
      if (pi < n && a[pi].kind != Tok::Star && single_matches(a[pi], b[ti])) {
        ++pi;
        ++ti;
      } else if (pi < n && a[pi].kind == Tok::Star) {
        star = pi++;
        mark = ti;
      } else if (star != SIZE_MAX) {
        pi = star + 1;
        ti = ++mark;
      } else {
        return false;
      }
    }
    while (pi < n && a[pi].kind == Tok::Star) ++pi;
    return pi == n;
  }
  // A variable or a colon in B: a `*` that does not end A's segment must not absorb it, so stars differ in what they
  // may absorb and greedy matching is no longer exact. Rare; a small table does it.
  dp.assign((n + 1) * w, 0);
  dp[n * w + m] = 1;
  for (std::size_t i = n; i-- > 0;) {
    const Token& t = a[i];
    for (std::size_t j = m + 1; j-- > 0;) {
      bool v;
      if (t.kind == Tok::Star) {
        bool absorbs = false;
        if (j < m) {
          const Token& u = b[j];
          absorbs = i + 1 == n || u.kind == Tok::Lit || u.kind == Tok::Quest || (u.kind == Tok::Star && !u.segment_end);
        }
        v = dp[(i + 1) * w + j] || (absorbs && dp[i * w + j + 1]);
      } else {
        v = j < m && single_matches(t, b[j]) && dp[(i + 1) * w + j + 1];
      }
      dp[i * w + j] = v ? 1 : 0;
    }
  }
  return dp[0] != 0;
}

std::span<const Token> segment(const ArnPattern& p, std::size_t k) {
  std::size_t begin = p.segments[k];
  std::size_t end = k + 1 < p.segments.size() ? p.segments[k + 1] - 1 : p.tokens.size();
  return std::span<const Token>(p.tokens).subspan(begin, end - begin);
}

bool arn_covers(std::string_view a_text, const ArnPattern& a, std::string_view b_text, const ArnPattern& b,
                std::vector<uint8_t>& dp) {
  if (a_text == "*") return true;
  if (b_text == "*") return false;
  std::size_t ka = a.segments.size(), kb = b.segments.size();
  if (ka > kb) return false;
  if (ka < kb && (a.tokens.empty() || a.tokens.back().kind != Tok::Star)) return false;
  for (std::size_t k = 0; k + 1 < ka; ++k) {
    if (!segment_covers(segment(a, k), segment(b, k), dp)) return false;
  }
  // The last segment of A against the rest of B, colons included (only A's final `*` can absorb them).
  std::span<const Token> rest = std::span<const Token>(b.tokens).subspan(b.segments[ka - 1]);
  return segment_covers(segment(a, ka - 1), rest, dp);
}

// ---- redundant values -----------------------------------------------------------------------------------------

// Up to this many distinct patterns in a list, each is tested against the values with its literal prefix directly;
// beyond, the values are sorted so that each pattern's candidates form one range.
constexpr std::size_t kFewPatterns = 8;

struct Entry {
  std::string_view text;
  const linter::Node* node = nullptr;
  std::string_view key;  // the text, lower-cased for actions (into a buffer of the call), as sorting compares it
  uint32_t order = 0;  // document order within the element
  uint32_t first = 0;  // sorted index of the first entry with the same text
  uint64_t head = 0;   // the key's first eight bytes, zero-padded: most prefix tests end here
};

}  // namespace

bool action_pattern_covers(std::string_view a, std::string_view b) noexcept {
  // Glob matching of A over B's characters, where B's wildcards are characters that only A's `*` can absorb.
  return linter::glob_match(a, b, action_char_matches);
}

bool resource_pattern_covers(std::string_view a, std::string_view b) {
  ArnPattern pa, pb;
  tokenize(a, pa);
  tokenize(b, pb);
  std::vector<uint8_t> dp;
  return arn_covers(a, pa, b, pb, dp);
}

std::vector<RedundantValue> redundant_values(const linter::JsonTree& tree, const linter::Node& element,
                                             ValueKind kind) {
  const bool fold = kind == ValueKind::Action;
  std::vector<Entry> entries;
  linter::for_each_value(tree, element, [&](const linter::Node& v) {
    if (v.is_string() && !v.text.empty()) {
      entries.push_back({v.text, &v, {}, static_cast<uint32_t>(entries.size()), 0});
    }
  });
  std::vector<RedundantValue> out;
  if (entries.size() < 2) return out;
  // Compare keys made once: lower-cased copies for actions, compared byte-wise, rather than folding every time.
  std::string lowered;
  if (fold) {
    std::size_t total = 0;
    for (const Entry& e : entries) total += e.text.size();
    lowered.reserve(total);
    for (const Entry& e : entries) {
      for (char c : e.text) lowered += lower(c);
    }
    std::size_t at = 0;
    for (Entry& e : entries) {
      e.key = std::string_view(lowered).substr(at, e.text.size());
      at += e.text.size();
    }
  } else {
    for (Entry& e : entries) e.key = e.text;
  }
  const std::size_t n = entries.size();
  auto head_of = [](std::string_view k) {
    uint64_t h = 0;
    std::memcpy(&h, k.data(), std::min<std::size_t>(8, k.size()));
    return h;
  };
  for (Entry& e : entries) e.head = head_of(e.key);
  auto make_covers = [&](std::vector<ArnPattern>& arns, std::vector<uint8_t>& dp) {
    if (kind == ValueKind::Resource) {
      arns.resize(n);
      for (std::size_t i = 0; i < n; ++i) tokenize(entries[i].text, arns[i]);
    }
    return [&, kind](std::size_t a, std::size_t b) {
      if (kind == ValueKind::Action) return action_pattern_covers(entries[a].text, entries[b].text);
      return arn_covers(entries[a].text, arns[a], entries[b].text, arns[b], dp);
    };
  };
  constexpr uint32_t kNone = UINT32_MAX;

  // The usual list has a few patterns among many literals: find repeats by hash, and test each pattern against
  // the values that start with its literal prefix, in document order, without sorting the strings.
  {
    std::vector<std::pair<uint64_t, uint32_t>> hashed;
    hashed.reserve(n);
    for (uint32_t i = 0; i < n; ++i) hashed.emplace_back(std::hash<std::string_view>{}(entries[i].key), i);
    std::sort(hashed.begin(), hashed.end());  // equal hashes together, each run in document order
    for (uint32_t i = 0; i < n; ++i) entries[i].first = i;
    for (std::size_t run = 0, i = 1; i < n; ++i) {
      if (hashed[i].first != hashed[run].first) {
        run = i;
        continue;
      }
      Entry& later = entries[hashed[i].second];
      for (std::size_t k = run; k < i; ++k) {  // the earliest equal text
        const Entry& earlier = entries[hashed[k].second];
        if (earlier.key == later.key) {
          later.first = earlier.order;
          break;
        }
      }
    }
  }
  std::vector<uint32_t> patterns;
  for (uint32_t i = 0; i < n; ++i) {
    if (entries[i].first == i && linter::has_wildcard(entries[i].text)) patterns.push_back(i);
  }
  if (patterns.size() <= kFewPatterns) {
    std::vector<ArnPattern> arns;
    std::vector<uint8_t> dp;
    auto covers = make_covers(arns, dp);
    std::vector<uint32_t> by(n, kNone);
    for (uint32_t p : patterns) {  // in document order: the first to cover a value is the earliest
      std::string_view prefix = entries[p].key.substr(0, linter::find_wildcard(entries[p].key));
      // The prefix's first (up to) eight bytes, and a mask selecting them in an entry's head.
      uint64_t mask = prefix.size() >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * prefix.size())) - 1;
      uint64_t prefix_head = head_of(prefix) & mask;
      // And the eight bytes that end the prefix: ARNs share their first eight ("arn:aws:").
      uint64_t prefix_tail = prefix.size() > 8 ? head_of(prefix.substr(prefix.size() - 8)) : 0;
      for (uint32_t k = 0; k < n; ++k) {
        const Entry& c = entries[k];
        if ((c.head & mask) != prefix_head || c.first != k || k == p || by[k] != kNone) continue;
        if (prefix.size() > 8 &&
            (c.key.size() < prefix.size() || head_of(c.key.substr(prefix.size() - 8)) != prefix_tail)) {
          continue;
        }
        if (!c.key.starts_with(prefix) || !covers(p, k)) continue;
        if (k < p && linter::has_wildcard(c.text) && covers(k, p)) continue;  // equivalent: the later one goes
        by[k] = p;
      }
    }
    for (uint32_t k = 0; k < n; ++k) {
      if (entries[k].first != k) out.push_back({entries[k].node, entries[entries[k].first].node, true});
      else if (by[k] != kNone) out.push_back({entries[k].node, entries[by[k]].node, false});
    }
    return out;
  }

  // Many patterns (lists written as patterns throughout): sort, so that a pattern's candidates are one range.
  std::sort(entries.begin(), entries.end(), [](const Entry& x, const Entry& y) {
    return x.key != y.key ? x.key < y.key : x.order < y.order;
  });
  entries[0].first = 0;
  for (std::size_t i = 1; i < n; ++i) {
    entries[i].first = entries[i - 1].key == entries[i].key ? entries[i - 1].first : static_cast<uint32_t>(i);
  }

  std::vector<ArnPattern> arns;
  std::vector<uint8_t> dp;
  auto covers = make_covers(arns, dp);
  std::vector<uint32_t> by(n, kNone);
  for (std::size_t i = 0; i < n; ++i) {
    const Entry& p = entries[i];
    if (p.first != i || !linter::has_wildcard(p.text)) continue;
    // A covered value starts with the pattern's literal prefix: its candidates are one range of the sorted values.
    std::string_view prefix = p.key.substr(0, linter::find_wildcard(p.key));
    auto lo = std::lower_bound(entries.begin(), entries.end(), prefix,
                               [](const Entry& e, std::string_view key) { return e.key < key; });
    for (std::size_t k = static_cast<std::size_t>(lo - entries.begin()); k < n; ++k) {
      const Entry& c = entries[k];
      if (!c.key.starts_with(prefix)) break;
      if (c.first != k || k == i || !covers(i, k)) continue;
      if (c.order < p.order && linter::has_wildcard(c.text) && covers(k, i)) continue;  // equivalent: the later one goes
      if (by[k] == kNone || p.order < entries[by[k]].order) by[k] = static_cast<uint32_t>(i);
    }
  }

  for (std::size_t k = 0; k < n; ++k) {
    const Entry& e = entries[k];
    if (e.first != k) {
      out.push_back({e.node, entries[e.first].node, true});
    } else if (by[k] != kNone) {
      out.push_back({e.node, entries[by[k]].node, false});
    }
  }
  std::sort(out.begin(), out.end(), [&](const RedundantValue& x, const RedundantValue& y) {
    return x.value->span.offset < y.value->span.offset;
  });
  return out;
}

}  // namespace iamlint::rules
