#include "solver/z3_match.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <stdexcept>

#include "solver/encoding_checks.hpp"
#include "solver/match.hpp"

namespace iamlint::solver {

namespace {

constexpr std::size_t kNone = std::string_view::npos;

// The folding of action_matches(): std::tolower in the C locale, byte by byte.
char fold(char c) noexcept { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}

// The escapes of match_pattern(): `\*`, `\?` and `\\` stand for the character itself. solver/match.cpp and
// solver/z3_util.cpp read them the same way; both keep theirs file-local.
bool is_escape(std::string_view p, std::size_t i) noexcept {
  return p[i] == '\\' && i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '?' || p[i + 1] == '\\');
}

// Whether the last character is an unescaped `*`: the segment rule of resource_matches().
bool ends_with_star(std::string_view p) noexcept {
  if (p.empty() || p.back() != '*') return false;
  std::size_t backslashes = 0;
  for (std::size_t i = p.size() - 1; i > 0 && p[i - 1] == '\\'; --i) ++backslashes;
  return backslashes % 2 == 0;
}

bool has_wildcard(std::string_view p) noexcept {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '*' || p[i] == '?') return true;
    if (is_escape(p, i)) ++i;
  }
  return false;
}

// Whether the text ends in a backslash that would pair with what follows it: an odd run of trailing backslashes.
bool ends_with_open_backslash(std::string_view p) noexcept {
  std::size_t run = 0;
  for (std::size_t i = p.size(); i > 0 && p[i - 1] == '\\'; --i) ++run;
  return run % 2 == 1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Actions

ActionDomain::ActionDomain(const linter::Catalog& catalog, const std::vector<std::string>& extra) {
  std::vector<std::pair<std::string, std::string>> all;  // (lower case, as named)
  all.reserve(catalog.actions().size() + catalog.services().size() + extra.size() + 1);
  auto add = [&](std::string name) {
    std::string folded = lower(name);
    all.emplace_back(std::move(folded), std::move(name));
  };
  for (const linter::ActionInfo& action : catalog.actions()) add(catalog.full_name(action));
  for (const linter::ServiceInfo& service : catalog.services()) {
    add(std::string(service.prefix) + ":" + std::string(kUnlistedAction));
  }
  add(std::string(kUnlistedService) + ":" + std::string(kUnlistedAction));
  for (const std::string& name : extra) {
    if (name.find_first_of("*?") == std::string::npos) add(name);
  }
  // Stable, so that of two names equal but for case the catalog's (added first) is kept.
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  all.erase(std::unique(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
            all.end());
  names_.reserve(all.size());
  lower_.reserve(all.size());
  for (auto& [folded, name] : all) {
    lower_.push_back(std::move(folded));
    names_.push_back(std::move(name));
  }
  while ((uint64_t{1} << bits_) < names_.size()) ++bits_;
}

std::optional<uint32_t> ActionDomain::index(std::string_view action) const {
  std::string key = lower(action);
  auto it = std::lower_bound(lower_.begin(), lower_.end(), key);
  if (it == lower_.end() || *it != key) return std::nullopt;
  return static_cast<uint32_t>(it - lower_.begin());
}

std::pair<uint32_t, uint32_t> ActionDomain::prefix_range(std::string_view lower_prefix) const {
  // The names with a given prefix are contiguous in sorted order, starting where the prefix itself would go.
  auto lo = std::lower_bound(lower_.begin(), lower_.end(), lower_prefix,
                             [](const std::string& name, std::string_view key) { return name < key; });
  auto hi = std::partition_point(lo, lower_.end(), [&](const std::string& name) {
    return std::string_view(name).starts_with(lower_prefix);
  });
  return {static_cast<uint32_t>(lo - lower_.begin()), static_cast<uint32_t>(hi - lower_.begin())};
}

const ActionDomain::Intervals& ActionDomain::intervals(std::string_view pattern) {
  std::string key = lower(pattern);  // action_matches() folds both sides, so the folded text decides alike
  if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  // The literal start of the pattern (escapes resolved, folded), up to its first wildcard.
  std::string start;
  std::size_t wildcard = pattern.size();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '*' || pattern[i] == '?') {
      wildcard = i;
      break;
    }
    if (is_escape(pattern, i)) ++i;
    start.push_back(fold(pattern[i]));
  }
  Intervals out;
  if (wildcard == pattern.size()) {
    if (auto i = index(start)) out.emplace_back(*i, *i);
  } else {
    auto [lo, hi] = prefix_range(start);
    if (pattern.find_first_not_of('*', wildcard) == kNone) {  // "service:Prefix*": every name of the range
      if (lo < hi) out.emplace_back(lo, hi - 1);
    } else {
      for (uint32_t i = lo; i < hi; ++i) {
        if (!action_matches(pattern, names_[i])) continue;
        if (!out.empty() && out.back().second + 1 == i) out.back().second = i;
        else out.emplace_back(i, i);
      }
    }
  }
  return memo_.emplace(std::move(key), std::move(out)).first->second;
}

z3::expr ActionDomain::contains(const z3::expr& action, const Intervals& set) const {
  z3::context& z3 = action.ctx();
  z3::expr_vector any(z3);
  for (auto [lo, hi] : set) {
    z3::expr l = z3.bv_val(lo, bits_), h = z3.bv_val(hi, bits_);
    if (lo == hi) any.push_back(action == l);
    else if (lo == 0) any.push_back(z3::ule(action, h));
    else any.push_back(z3::ule(l, action) && z3::ule(action, h));
  }
  return z3::mk_or(any);
}

z3::expr ActionDomain::valid(const z3::expr& action) const {
  // When the size is a power of two every bit pattern is an action (and the size does not fit in bits_).
  if (names_.size() == (uint64_t{1} << bits_)) return action.ctx().bool_val(true);
  return z3::ult(action, action.ctx().bv_val(static_cast<uint64_t>(names_.size()), bits_));
}

namespace {

// Appends [lo, hi] to sorted intervals, merging it with the last when they overlap or touch.
void push_interval(ActionDomain::Intervals& out, uint32_t lo, uint32_t hi) {
  if (!out.empty() && uint64_t{lo} <= uint64_t{out.back().second} + 1) {
    out.back().second = std::max(out.back().second, hi);
    return;
  }
  out.emplace_back(lo, hi);
}

}  // namespace

ActionDomain::Intervals interval_union(const ActionDomain::Intervals& a, const ActionDomain::Intervals& b) {
  ActionDomain::Intervals all;
  all.reserve(a.size() + b.size());
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(all));
  ActionDomain::Intervals out;
  for (auto [lo, hi] : all) push_interval(out, lo, hi);
  return out;
}

ActionDomain::Intervals interval_intersection(const ActionDomain::Intervals& a, const ActionDomain::Intervals& b) {
  ActionDomain::Intervals out;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    uint32_t lo = std::max(a[i].first, b[j].first), hi = std::min(a[i].second, b[j].second);
    if (lo <= hi) push_interval(out, lo, hi);
    if (a[i].second < b[j].second) ++i;
    else ++j;
  }
  return out;
}

ActionDomain::Intervals interval_complement(const ActionDomain::Intervals& a, uint32_t size) {
  ActionDomain::Intervals out;
  uint64_t next = 0;  // the first number not yet covered
  for (auto [lo, hi] : a) {
    if (lo >= size) break;
    if (lo > next) out.emplace_back(static_cast<uint32_t>(next), lo - 1);
    next = std::max(next, uint64_t{hi} + 1);
  }
  if (next < size) out.emplace_back(static_cast<uint32_t>(next), size - 1);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Resources

namespace {

z3::expr byte_range(z3::context& z3, char lo, char hi) {
  return z3::range(str_lit(z3, std::string_view(&lo, 1)), str_lit(z3, std::string_view(&hi, 1)));
}
z3::expr any_byte(z3::context& z3) { return byte_range(z3, '\x00', '\xff'); }
z3::expr any_run(z3::context& z3) { return z3::star(any_byte(z3)); }
// Every byte but ':'. (The union is spelt out: in Z3 4.8.12, z3++'s operator| on regular expressions builds a
// bit-vector `or`, and operator+ is the union.)
z3::expr not_colon(z3::context& z3) {
  z3::expr below = byte_range(z3, '\x00', ':' - 1), above = byte_range(z3, ':' + 1, '\xff');
  Z3_ast ranges[2] = {below, above};
  z3::expr out(z3, Z3_mk_re_union(z3, 2, ranges));
  z3.check_error();
  return out;
}

z3::expr disjunction(z3::context& z3, const std::vector<z3::expr>& terms) {
  z3::expr_vector kept(z3);
  for (const z3::expr& t : terms) {
    if (t.is_true()) return t;
    if (!t.is_false()) kept.push_back(t);
  }
  return z3::mk_or(kept);
}

z3::expr concat_all(z3::context& z3, const std::vector<z3::expr>& parts, bool regex) {
  if (parts.empty()) return regex ? z3::to_re(str_lit(z3, "")) : str_lit(z3, "");
  z3::expr out = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) out = z3::concat(out, parts[i]);
  return out;
}

// A glob read into tokens: literal runs, symbolic values (matched literally), and the wildcards.
struct Token {
  enum Kind { Lit, Sym, Star, One } kind;
  std::string text;              // Lit
  std::optional<z3::expr> term;  // Sym
  bool wildcard() const { return kind == Star || kind == One; }
};

void tokenize_text(std::string_view p, std::vector<Token>& out) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (out.empty() || out.back().kind != Token::Star) out.push_back({Token::Star, {}, std::nullopt});
      continue;
    }
    if (c == '?') {
      out.push_back({Token::One, {}, std::nullopt});
      continue;
    }
    if (is_escape(p, i)) c = p[++i];
    if (out.empty() || out.back().kind != Token::Lit) out.push_back({Token::Lit, {}, std::nullopt});
    out.back().text.push_back(c);
  }
}

std::vector<Token> tokenize(const std::vector<PatternPiece>& pieces) {
  std::vector<Token> out;
  for (const PatternPiece& piece : pieces) {
    if (piece.term) out.push_back({Token::Sym, {}, piece.term});
    else tokenize_text(piece.text, out);
  }
  return out;
}

// A segment of the partition, service, region or account as a regular expression: its wildcards do not cross ':'.
z3::expr segment_regex(z3::context& z3, std::string_view segment) {
  std::vector<Token> tokens;
  tokenize_text(segment, tokens);
  std::vector<z3::expr> parts;
  for (const Token& t : tokens) {
    if (t.kind == Token::Star) parts.push_back(z3::star(not_colon(z3)));
    else if (t.kind == Token::One) parts.push_back(not_colon(z3));
    else parts.push_back(z3::to_re(str_lit(z3, t.text)));
  }
  return concat_all(z3, parts, true);
}

// The string of literal and symbolic tokens [begin, end), and its length.
z3::expr tokens_string(z3::context& z3, const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  std::vector<z3::expr> parts;
  for (std::size_t i = begin; i < end; ++i) parts.push_back(tokens[i].term ? *tokens[i].term : str_lit(z3, tokens[i].text));
  return concat_all(z3, parts, false);
}

// `s` matches the glob of the tokens, some of them symbolic. Without a quantifier (the formula may stand under a
// negation), so only when the symbolic tokens sit in the wildcard-free start or end of the pattern, or form the one
// wildcard-free run between two `*` in the middle: "home/${u}/*", "*/${u}", "a/*/${u}", "*${u}*". nullopt otherwise.
std::optional<z3::expr> token_glob(z3::context& z3, const std::vector<Token>& tokens, const z3::expr& s,
                                   std::string* why) {
  std::size_t n = tokens.size(), first = n, last = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!tokens[i].wildcard()) continue;
    if (first == n) first = i;
    last = i;
  }
  if (first == n) return s == tokens_string(z3, tokens, 0, n);
  z3::expr prefix = tokens_string(z3, tokens, 0, first), suffix = tokens_string(z3, tokens, last + 1, n);
  z3::expr_vector all(z3);
  if (first > 0) all.push_back(z3::prefixof(prefix, s));
  if (last + 1 < n) all.push_back(z3::suffixof(suffix, s));
  if (first > 0 && last + 1 < n) all.push_back(s.length() >= prefix.length() + suffix.length());
  // The middle, from the first wildcard to the last, against what lies between the prefix and the suffix.
  auto middle = [&] {
    if (first == 0 && last + 1 == n) return s;
    return s.extract(prefix.length(), s.length() - prefix.length() - suffix.length());
  };
  bool symbolic_middle = false;
  for (std::size_t i = first; i <= last; ++i) symbolic_middle = symbolic_middle || tokens[i].kind == Token::Sym;
  if (!symbolic_middle) {
    if (first != last || tokens[first].kind != Token::Star) {  // a lone `*` takes anything
      std::vector<z3::expr> parts;
      for (std::size_t i = first; i <= last; ++i) {
        const Token& t = tokens[i];
        if (t.kind == Token::Star) parts.push_back(any_run(z3));
        else if (t.kind == Token::One) parts.push_back(any_byte(z3));
        else parts.push_back(z3::to_re(str_lit(z3, t.text)));
      }
      all.push_back(z3::in_re(middle(), concat_all(z3, parts, true)));
    }
    return z3::mk_and(all);
  }
  // `*` W `*` with W free of wildcards: the middle contains W.
  for (std::size_t i = first + 1; i < last; ++i) {
    if (tokens[i].wildcard()) {
      if (why != nullptr) *why = "a policy variable between wildcards in a Resource pattern";
      return std::nullopt;
    }
  }
  if (tokens[first].kind != Token::Star || tokens[last].kind != Token::Star) {
    if (why != nullptr) *why = "a policy variable next to a ? wildcard in a Resource pattern";
    return std::nullopt;
  }
  all.push_back(middle().contains(tokens_string(z3, tokens, first + 1, last)));
  return z3::mk_and(all);
}

// A pattern that starts with "arn:", split as resource_matches() reads it.
struct ArnPattern {
  std::vector<std::string> segments;               // the parts before the resource part, colon-free (at most five)
  std::optional<std::vector<PatternPiece>> rest;   // the resource part; absent when the pattern has under six parts
  bool symbolic = false;                           // `rest` holds a symbolic piece
};

// Splits literal text at its first five colons; what follows the fifth is the resource part.
ArnPattern split_arn(std::string_view text) {
  ArnPattern p;
  std::size_t start = 0;
  while (p.segments.size() < 5) {
    std::size_t c = text.find(':', start);
    if (c == kNone) {
      p.segments.emplace_back(text.substr(start));
      return p;
    }
    p.segments.emplace_back(text.substr(start, c - start));
    start = c + 1;
  }
  p.rest = std::vector<PatternPiece>{PatternPiece{std::string(text.substr(start)), std::nullopt}};
  return p;
}

// resource_parts_match() for a resource that is a known head followed by a String tail.
class ArnEncoder {
 public:
  ArnEncoder(z3::context& z3, const ArnPattern& pattern, z3::expr tail, std::string* why)
      : z3_(z3), p_(pattern), tail_(std::move(tail)), why_(why) {}

  // The pattern from part `part` on against the text `head ++ tail`, where `head` starts a text segment.
  std::optional<z3::expr> parts(std::size_t part, std::string_view head) {
    if (part == p_.segments.size()) return glob("", head.empty() ? tail_ : z3::concat(str_lit(z3_, head), tail_));
    if (head.empty()) return from_tail(part, false);
    std::size_t colon = head.find(':');
    if (colon == kNone) {
      // A head that does not end with ':' (callers' heads do): its last piece and the tail's start are one segment.
      if (p_.symbolic) return refuse("a resource head that does not end with ':'");
      return z3::in_re(z3::concat(str_lit(z3_, head), tail_), regex(part));
    }
    std::string_view text = head.substr(0, colon), next = head.substr(colon + 1);
    const std::string& segment = p_.segments[part];
    if (!match_pattern(segment, text, false)) return z3_.bool_val(false);
    if (!ends_with_star(segment)) {
      if (is_last(part)) return z3_.bool_val(false);  // the text goes on past the colon after this segment
      return parts(part + 1, next);
    }
    if (is_last(part)) return z3_.bool_val(true);
    // The trailing `*` can take whole segments too: the pattern's next part starts after any later colon, in the
    // head or in the tail.
    std::vector<z3::expr> any;
    for (std::string_view h = next;;) {
      auto f = parts(part + 1, h);
      if (!f) return std::nullopt;
      any.push_back(*f);
      std::size_t c = h.find(':');
      if (c == kNone) break;
      h = h.substr(c + 1);
    }
    auto f = from_tail(part + 1, true);
    if (!f) return std::nullopt;
    any.push_back(*f);
    return disjunction(z3_, any);
  }

 private:
  bool is_last(std::size_t part) const { return part + 1 == p_.segments.size() && !p_.rest; }

  std::optional<z3::expr> refuse(const char* reason) {
    if (why_ != nullptr) *why_ = reason;
    return std::nullopt;
  }

  // `s` against `lead` (literal glob text) followed by the resource part, as one glob.
  std::optional<z3::expr> glob(const std::string& lead, const z3::expr& s) {
    std::vector<PatternPiece> pieces = *p_.rest;
    if (!p_.symbolic) return glob_matches(z3_, lead + pieces.front().text, s, false);
    if (!pieces.front().term) pieces.front().text.insert(0, lead);
    else pieces.insert(pieces.begin(), PatternPiece{lead, std::nullopt});
    return token_glob(z3_, tokenize(pieces), s, why_);
  }

  // The tail (with `after_colon`: the tail after one of its colons) against the pattern from part `part` on.
  std::optional<z3::expr> from_tail(std::size_t part, bool after_colon) {
    bool plain = true;
    for (std::size_t k = part; k < p_.segments.size(); ++k) plain = plain && !has_wildcard(p_.segments[k]);
    if (plain) {
      // Segments without wildcards are plain text, colons included: one glob, which glob_matches() turns into
      // a prefix, suffix or equality test where it can.
      std::string lead = after_colon ? "*:" : "";
      for (std::size_t k = part; k < p_.segments.size(); ++k) {
        lead += p_.segments[k];
        if (!is_last(k)) lead += ':';
      }
      if (!p_.rest) return glob_matches(z3_, lead, tail_, false);
      return glob(lead, tail_);
    }
    if (p_.symbolic) return refuse("a policy variable in a Resource pattern whose segment wildcards reach the tail");
    z3::expr r = regex(part);
    if (after_colon) r = z3::concat(z3::concat(any_run(z3_), z3::to_re(str_lit(z3_, ":"))), r);
    return z3::in_re(tail_, r);
  }

  // The pattern from part `part` on as a regular expression (no symbolic piece). A `*` that ends a segment (not
  // the last) may also take ':' and whole segments: "us-*:" is us- then anything then ':'.
  z3::expr regex(std::size_t part) {
    if (part == p_.segments.size()) return glob_regex(z3_, p_.rest->front().text, false);
    std::string_view segment = p_.segments[part];
    z3::expr r = ends_with_star(segment)
                     ? z3::concat(segment_regex(z3_, segment.substr(0, segment.size() - 1)), any_run(z3_))
                     : segment_regex(z3_, segment);
    if (is_last(part)) return r;
    return z3::concat(z3::concat(r, z3::to_re(str_lit(z3_, ":"))), regex(part + 1));
  }

  z3::context& z3_;
  const ArnPattern& p_;
  z3::expr tail_;
  std::string* why_;
};

// A literal resource as a head (through the fifth ':') and the rest; no head when it has fewer colons.
std::pair<std::string_view, std::string_view> split_head(std::string_view resource) {
  std::size_t at = 0;
  for (int colons = 0; colons < 5; ++colons) {
    std::size_t c = resource.find(':', at);
    if (c == kNone) return {{}, resource};
    at = c + 1;
  }
  return {resource.substr(0, at), resource.substr(at)};
}

z3::expr whole_resource(z3::context& z3, std::string_view head, const z3::expr& tail) {
  return head.empty() ? tail : z3::concat(str_lit(z3, head), tail);
}

}  // namespace

z3::expr resource_formula(z3::context& z3, std::string_view pattern, const ResourceTerm& resource) {
  if (resource.literal) return z3.bool_val(resource_matches(pattern, *resource.literal));
  if (!resource.tail) throw std::invalid_argument("resource_formula: a resource needs a literal or a tail");
  if (pattern == "*") return z3.bool_val(true);
  // Not an ARN pattern: one glob over the whole resource, as resource_matches() does.
  if (pattern.substr(0, 4) != "arn:") return glob_matches(z3, pattern, whole_resource(z3, resource.head, *resource.tail), false);
  ArnPattern p = split_arn(pattern);
  return *ArnEncoder(z3, p, *resource.tail, nullptr).parts(0, resource.head);  // literal patterns never refuse
}

std::optional<z3::expr> resource_formula(z3::context& z3, const std::vector<PatternPiece>& pattern,
                                         const ResourceTerm& resource, std::string* why) {
  auto refuse = [&](const char* reason) -> std::optional<z3::expr> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  // Adjacent texts as one (an escape may span them), empty texts dropped.
  std::vector<PatternPiece> pieces;
  for (const PatternPiece& piece : pattern) {
    if (!piece.term && piece.text.empty()) continue;
    if (!piece.term && !pieces.empty() && !pieces.back().term) pieces.back().text += piece.text;
    else pieces.push_back(piece);
  }
  bool symbolic = std::any_of(pieces.begin(), pieces.end(), [](const PatternPiece& p) { return p.term.has_value(); });
  if (!symbolic) {
    std::string text;
    for (const PatternPiece& piece : pieces) text += piece.text;
    return resource_formula(z3, text, resource);
  }
  for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {
    // expand_variables() escapes a value's `*`, `?` and `\`: a backslash left open before it would pair with that.
    if (!pieces[i].term && pieces[i + 1].term && ends_with_open_backslash(pieces[i].text)) {
      return refuse("a backslash right before a policy variable in a Resource pattern");
    }
  }
  if (pieces.front().term) return refuse("a Resource pattern that starts with a policy variable");
  std::string_view first = pieces.front().text;
  if (first.size() < 4 && std::string_view("arn:").starts_with(first)) {
    return refuse("a policy variable in the first characters of a Resource pattern");
  }
  // The resource as a head and a String tail; a literal one is split at its fifth ':'.
  std::string head = resource.head;
  std::optional<z3::expr> tail = resource.tail;
  if (resource.literal) {
    auto [h, t] = split_head(*resource.literal);
    head = std::string(h);
    tail = str_lit(z3, t);
  } else if (!tail) {
    throw std::invalid_argument("resource_formula: a resource needs a literal or a tail");
  }
  if (!first.starts_with("arn:")) return token_glob(z3, tokenize(pieces), whole_resource(z3, head, *tail), why);
  // An ARN pattern: the variables must lie in the resource part, after the fifth ':' of the first text.
  ArnPattern p = split_arn(first);
  if (!p.rest) return refuse("a policy variable in the partition, service, region or account of a Resource pattern");
  p.rest->insert(p.rest->end(), pieces.begin() + 1, pieces.end());
  p.symbolic = true;
  // A pattern with five colons never matches a text with fewer: a literal resource without a head is decided.
  if (resource.literal && head.empty()) return z3.bool_val(false);
  return ArnEncoder(z3, p, *tail, why).parts(0, head);
}

// ---------------------------------------------------------------------------------------------------------------
// The checks of solver/encoding_checks.hpp

namespace {

constexpr unsigned kCheckRlimit = 50'000'000;

// Witness searches that take longer give up (the test counts them): Z3 4.8.12's string solver can spend minutes on
// a random conjunction of regular expressions.
constexpr unsigned kWitnessRlimit = 2'000'000;

// One Z3 context and solver per thread for the checks: creating a context costs about 2 ms, and the differential
// tests call the checks tens of thousands of times. The solver simplifies and solves equations first: with the tail
// fixed by an equation, that decides.
struct Checker {
  z3::context z3;
  z3::solver solver =
      (z3::tactic(z3, "simplify") & z3::tactic(z3, "solve-eqs") & z3::tactic(z3, "smt")).mk_solver();
};

Checker& checker() {
  thread_local Checker c;
  return c;
}

// The checker's solver, emptied, with a deterministic resource limit.
z3::solver& fresh_solver(unsigned rlimit) {
  Checker& c = checker();
  c.solver.reset();
  z3::params params(c.z3);
  params.set("rlimit", rlimit);
  c.solver.set(params);
  return c.solver;
}

// Whether `formula` holds where `given` fixes its free constants.
bool decide(const z3::expr& formula, const z3::expr& given) {
  z3::solver& s = fresh_solver(kCheckRlimit);
  s.add(given);
  s.add(formula);
  z3::check_result r = s.check();
  if (r == z3::unknown) throw std::runtime_error("encoded_resource_matches: the solver gave up: " + s.reason_unknown());
  return r == z3::sat;
}

// The pattern with one run of plain characters (no wildcard, no backslash) of its resource part, or of a non-ARN
// pattern, turned into a symbolic piece: the run and the pieces.
std::optional<std::pair<std::string, std::vector<PatternPiece>>> with_variable(std::string_view pattern,
                                                                              const z3::expr& value) {
  std::size_t from = 4;
  if (pattern.starts_with("arn:")) {
    auto [head, rest] = split_head(pattern);
    if (head.empty()) return std::nullopt;
    from = head.size();
  }
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end)
  for (std::size_t i = from; i < pattern.size();) {
    std::size_t end = pattern.find_first_of("*?\\", i);
    if (end == kNone) end = pattern.size();
    if (end > i) runs.emplace_back(i, end);
    i = end + 1;
  }
  if (runs.empty()) return std::nullopt;
  auto [b, e] = pattern.size() % 2 == 0 ? runs.front() : runs.back();  // both ends, over the many patterns
  std::vector<PatternPiece> pieces{{std::string(pattern.substr(0, b)), std::nullopt},
                                   {{}, value},
                                   {std::string(pattern.substr(e)), std::nullopt}};
  return std::make_pair(std::string(pattern.substr(b, e - b)), std::move(pieces));
}

}  // namespace

bool encoded_resource_matches(std::string_view pattern, std::string_view resource) {
  z3::context& z3 = checker().z3;
  const bool literal = resource_formula(z3, pattern, ResourceTerm{std::string(resource), {}, std::nullopt}).is_true();
  auto [head, rest] = split_head(resource);
  z3::expr tail = z3.string_const("tail"), whole = z3.string_const("whole"), value = z3.string_const("value");
  z3::expr tail_is = byte_string(tail) && tail == str_lit(z3, rest);
  // The head fixed and the tail a constant equal to the resource's; the whole resource symbolic (no head); and the
  // pattern with a run of its text made a policy variable equal to that run.
  std::vector<bool> answers;
  answers.push_back(decide(resource_formula(z3, pattern, ResourceTerm{std::nullopt, std::string(head), tail}),
                           tail_is));
  answers.push_back(decide(resource_formula(z3, pattern, ResourceTerm{std::nullopt, {}, whole}),
                           byte_string(whole) && whole == str_lit(z3, resource)));
  if (auto variable = with_variable(pattern, value)) {
    std::string why;
    auto f = resource_formula(z3, variable->second, ResourceTerm{std::nullopt, std::string(head), tail}, &why);
    if (f) {
      answers.push_back(decide(*f, tail_is && byte_string(value) && value == str_lit(z3, variable->first)));
    }
  }
  const bool agree = std::all_of(answers.begin(), answers.end(), [&](bool a) { return a == literal; });
  assert(agree);
  // The symbolic paths' answer; where one of them disagrees, the wrong answer, so that the caller's comparison with
  // resource_matches() fails in a release build too.
  return agree ? literal : !literal;
}

std::optional<std::string> encoded_resource_witness(std::string_view head, std::string_view pattern, bool want,
                                                    const std::vector<std::pair<std::string, bool>>& others) {
  z3::context& z3 = checker().z3;
  z3::expr tail = z3.string_const("tail");
  ResourceTerm resource{std::nullopt, std::string(head), tail};
  z3::solver& s = fresh_solver(kWitnessRlimit);
  s.add(byte_string(tail));
  auto require = [&](std::string_view p, bool value) {
    z3::expr f = resource_formula(z3, p, resource);
    s.add(value ? f : !f);
  };
  require(pattern, want);
  for (const auto& [p, value] : others) require(p, value);
  switch (s.check()) {
    case z3::unsat: return std::nullopt;
    case z3::sat: {
      bool ok = true;
      std::string text = str_value(s.get_model().eval(tail, true), &ok);
      if (!ok) throw std::runtime_error("encoded_resource_witness: the model's tail is not a byte string");
      return std::string(head) + text;
    }
    default: throw std::runtime_error("encoded_resource_witness: the solver gave up: " + s.reason_unknown());
  }
}

std::vector<std::string> encoded_action_matches(std::string_view pattern) {
  ActionDomain domain(linter::Catalog::embedded(), {});
  const ActionDomain::Intervals& set = domain.intervals(pattern);
  // contains() and valid() evaluated at each interval's ends and just outside them, and at the domain's ends: a
  // comparison off by one, or signed, shows there.
  z3::context& z3 = checker().z3;
  z3::expr action = z3.bv_const("action", domain.bits());
  z3::expr member = domain.contains(action, set) && domain.valid(action);
  const uint64_t limit = uint64_t{1} << domain.bits();
  std::vector<uint64_t> probes{0, domain.size() - 1, domain.size(), limit - 1};
  for (auto [lo, hi] : set) probes.insert(probes.end(), {uint64_t{lo} - 1, lo, hi, uint64_t{hi} + 1});
  for (uint64_t probe : probes) {
    if (probe >= limit) continue;  // also lo - 1 for lo == 0
    bool expect = probe < domain.size() && std::any_of(set.begin(), set.end(), [&](const auto& interval) {
      return interval.first <= probe && probe <= interval.second;
    });
    z3::expr_vector from(z3), to(z3);
    from.push_back(action);
    to.push_back(z3.bv_val(probe, domain.bits()));
    z3::expr got = member.substitute(from, to).simplify();
    if (!(expect ? got.is_true() : got.is_false())) {
      throw std::logic_error("encoded_action_matches: contains() is wrong at " + std::to_string(probe) + " for " +
                             std::string(pattern));
    }
  }
  std::vector<std::string> names;
  for (auto [lo, hi] : set) {
    for (uint64_t i = lo; i <= hi; ++i) names.push_back(domain.name(static_cast<uint32_t>(i)));
  }
  return names;
}

}  // namespace iamlint::solver
