// The Condition element as a Z3 formula: solver/conditions.cpp read operator by operator, over keys that are bound
// (values the environment fixes) or free (the caller chooses them).
//
// A free key K is a value count n (an Int; 0 is absent, which conditions.cpp treats like an empty set) and S value
// slots, S = the number of ForAllValues/ForAnyValue tests on K in every block encoded so far (at least 1, at most
// kMaxSlots). S is enough: a concrete context with more values keeps every test's outcome when reduced to one witness
// per set test (ForAnyValue true, ForAllValues false), and 2 values if it had several; with S = 1 and a plain test
// or a variable on K, n = 2 stands for "several values" (the second a copy of the first). A set test is a Bool atom
// defined in axioms(), so that blocks encoded before the last slot was created read every slot.
//
// A slot is read through one view, fixed by the first family that reads K (a key read by two views gives nullopt):
//  - Text (String, Arn, Bool; also a policy variable's value): a String, byte_string constrained. A slot that Arn
//    operators read also has its six components as Strings (each pattern component is then a prefix, suffix or
//    length test), and one that Bool reads an Int (true, false, neither); only when something else reads the text
//    is it tied to them (an equation, slow in Z3 4.8.12), else extract() writes it from them.
//  - Numeric: invalid, an int64 (Int, compared exactly with integral constants and through exact int64->double
//    thresholds with the others), or a non-integral double drawn from finitely many candidates (every constant of
//    K and a double between, below and above them: one per class of outcomes), written with a '.' or an exponent.
//  - Date: invalid, or microseconds in the range the reference can parse (ISO with offsets below 1970, epoch up to
//    12 digits of seconds), written back as epoch seconds or ISO.
//  - Ip: invalid, IPv4 (32 bits) or IPv6 (128 bits), written dotted or as eight hex groups.
//  - Binary: invalid, or the decoded bytes (a String), written as base64.
// extract() writes an invalid slot as text no parser of its family accepts.
//
// Bound keys hold String terms; literal ones (bind_literal, or bind() with string values) are decided in C++ with
// the reference's parsers (duplicated below from conditions.cpp, where they are file-local), symbolic ones only
// under the String and Arn operators. Policy variables whose keys are all bound to literals (or absent) are expanded
// by expand_variables() itself; otherwise only StringEquals-like operators take them, as a concatenation of terms.
#include "solver/z3_context.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <limits>

#include "linter/model.hpp"
#include "solver/conditions.hpp"
#include "solver/encoding_checks.hpp"
#include "solver/condition_values.hpp"
#include "solver/match.hpp"

namespace iamlint::solver {

namespace {

using linter::ConditionQualifier;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;

constexpr std::size_t kMaxSlots = 4;

using namespace detail;

// ---- Z3 helpers ---------------------------------------------------------------------------------------------------

// Conjunction, disjunction, negation and if-then-else that fold constants as they build: most formulas over bound
// literal keys are constants, and expr::simplify() sets up a rewriter per call, which costs more than the rest.
z3::expr mk_and(z3::context& z3, const std::vector<z3::expr>& xs) {
  std::vector<z3::expr> kept;
  for (const z3::expr& x : xs) {
    if (x.is_false()) return x;
    if (!x.is_true()) kept.push_back(x);
  }
  if (kept.empty()) return z3.bool_val(true);
  z3::expr r = kept.front();
  for (std::size_t i = 1; i < kept.size(); ++i) r = r && kept[i];
  return r;
}
z3::expr mk_or(z3::context& z3, const std::vector<z3::expr>& xs) {
  std::vector<z3::expr> kept;
  for (const z3::expr& x : xs) {
    if (x.is_true()) return x;
    if (!x.is_false()) kept.push_back(x);
  }
  if (kept.empty()) return z3.bool_val(false);
  z3::expr r = kept.front();
  for (std::size_t i = 1; i < kept.size(); ++i) r = r || kept[i];
  return r;
}
z3::expr mk_not(const z3::expr& x) {
  if (x.is_true()) return x.ctx().bool_val(false);
  if (x.is_false()) return x.ctx().bool_val(true);
  return !x;
}
z3::expr mk_ite(const z3::expr& c, const z3::expr& a, const z3::expr& b) {
  if (c.is_true()) return a;
  if (c.is_false()) return b;
  if (a.is_true() && b.is_false()) return c;
  if (a.is_false() && b.is_true()) return !c;
  return z3::ite(c, a, b);
}

// Regular-expression union: z3++'s operator| is bit-vector or (4.8.12), operator+ is the union.
z3::expr re_union(const z3::expr& a, const z3::expr& b) { return a + b; }

z3::expr byte_range(z3::context& z3, unsigned char lo, unsigned char hi) {
  return z3::range(str_lit(z3, std::string_view(reinterpret_cast<const char*>(&lo), 1)),
                   str_lit(z3, std::string_view(reinterpret_cast<const char*>(&hi), 1)));
}

// Any byte but ':' (0x3A), for the wildcards of the first five ARN components.
z3::expr non_colon(z3::context& z3) { return re_union(byte_range(z3, 0x00, 0x39), byte_range(z3, 0x3B, 0xFF)); }

// A glob (match_pattern's: `*`, `?`, `\*` `\?` `\\`) as a regular expression whose wildcards range over `any`.
z3::expr glob_with(z3::context& z3, std::string_view pattern, const z3::expr& any) {
  std::vector<z3::expr> parts;
  std::string run;
  auto flush = [&] {
    if (!run.empty()) parts.push_back(z3::to_re(str_lit(z3, run)));
    run.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' || c == '?') {
      flush();
      parts.push_back(c == '*' ? z3::star(any) : any);
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '?' || pattern[i + 1] == '\\'))
      c = pattern[++i];
    run.push_back(c);
  }
  flush();
  if (parts.empty()) return z3::to_re(str_lit(z3, ""));
  z3::expr r = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) r = z3::concat(r, parts[i]);
  return r;
}

// glob_matches(), and for a pattern with `?` but no `*` a length and the literal runs at their offsets, which Z3
// decides without a regular expression (whose complement, under a negated operator, it builds slowly).
z3::expr glob_formula(z3::context& z3, std::string_view pattern, const z3::expr& s) {
  if (pattern.find('*') != std::string_view::npos || pattern.find('?') == std::string_view::npos)
    return glob_matches(z3, pattern, s, false);
  std::vector<z3::expr> each;
  std::string run;
  unsigned at = 0, start = 0;
  auto flush = [&] {
    if (!run.empty()) {
      z3::expr lit = str_lit(z3, run);
      each.push_back(start == 0 ? z3::prefixof(lit, s) : s.extract(z3.int_val(start), z3.int_val(unsigned(run.size()))) == lit);
    }
    run.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '?') {
      flush();
      ++at;
      start = at;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '?' || pattern[i + 1] == '\\')) c = pattern[++i];
    if (run.empty()) start = at;
    run.push_back(c);
    ++at;
  }
  flush();
  each.insert(each.begin(), s.length() == z3.int_val(at));
  return mk_and(z3, each);
}

// iequals(text, s) as a length and one character test per position: Z3 4.8.12 takes tens of milliseconds over the
// regular expression of the same language (and more under a negation).
z3::expr ignore_case_formula(z3::context& z3, std::string_view text, const z3::expr& s) {
  std::vector<z3::expr> each{s.length() == z3.int_val(static_cast<unsigned>(text.size()))};
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    z3::expr at = s.extract(z3.int_val(static_cast<unsigned>(i)), z3.int_val(1));
    if (std::isalpha(u) == 0) {
      each.push_back(at == str_lit(z3, text.substr(i, 1)));
      continue;
    }
    each.push_back(at == str_lit(z3, std::string(1, static_cast<char>(std::tolower(u)))) ||
                   at == str_lit(z3, std::string(1, static_cast<char>(std::toupper(u)))));
  }
  return mk_and(z3, each);
}

// arn_like(pattern, s) for a String term s.
z3::expr arn_formula(z3::context& z3, std::string_view pattern, const z3::expr& s) {
  std::array<std::string_view, 6> parts;
  std::string_view rest = pattern;
  bool wild_head = false;
  for (int i = 0; i < 5; ++i) {
    std::size_t c = rest.find(':');
    if (c == std::string_view::npos) return z3.bool_val(false);
    parts[i] = rest.substr(0, c);
    wild_head = wild_head || parts[i].find_first_of("*?\\") != std::string_view::npos;
    rest.remove_prefix(c + 1);
  }
  parts[5] = rest;
  // Literal first five components: the whole pattern as one glob says the same (they hold no ':').
  if (!wild_head) return glob_matches(z3, pattern, s, false);
  z3::expr nc = non_colon(z3);
  z3::expr colon = z3::to_re(str_lit(z3, ":"));
  z3::expr r = glob_with(z3, parts[0], nc);
  for (int i = 1; i < 5; ++i) r = z3::concat(r, z3::concat(colon, glob_with(z3, parts[i], nc)));
  r = z3::concat(r, z3::concat(colon, glob_with(z3, parts[5], byte_range(z3, 0x00, 0xFF))));
  return z3::in_re(s, r);
}

std::string escape_glob(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The exact decimal value of a finite double (glibc prints it exactly), for a Real numeral.
std::string exact_decimal(double d) {
  std::vector<char> buffer(1600);
  int n = std::snprintf(buffer.data(), buffer.size(), "%.1100f", d);
  std::string s(buffer.data(), static_cast<std::size_t>(std::max(n, 0)));
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

// A non-integral double as text parse_number reads back as exactly that double, not as an integer.
std::string double_text(double d) {
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), d);
  std::string s(buffer.data(), end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// The smallest int64 x with (double)x >= d (or > d, `strict`); nullopt when there is none.
std::optional<int64_t> int_threshold(double d, bool strict) {
  auto ok = [&](int64_t x) {
    double v = static_cast<double>(x);
    return strict ? v > d : v >= d;
  };
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min(), kMax = std::numeric_limits<int64_t>::max();
  if (!ok(kMax)) return std::nullopt;
  if (ok(kMin)) return kMin;
  // Searched over the order-preserving unsigned image of int64 (the sign bit flipped), which cannot overflow.
  constexpr uint64_t kFlip = uint64_t{1} << 63;
  auto back = [&](uint64_t u) { return static_cast<int64_t>(u ^ kFlip); };
  uint64_t lo = static_cast<uint64_t>(kMin) ^ kFlip, hi = static_cast<uint64_t>(kMax) ^ kFlip;  // !ok(lo), ok(hi)
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (ok(back(mid))) hi = mid;
    else lo = mid;
  }
  return back(hi);
}

// The earliest instant parse_date reaches: 0000-01-01T00:00:00+23:59; the latest, 12 digits of epoch seconds.
constexpr int64_t kMicro = 1000000;
const int64_t kDateMin = (days_from_civil(0, 1, 1) * 86400 - (23 * 3600 + 59 * 60)) * kMicro;
constexpr int64_t kDateMax = 999999999999LL * kMicro + 999999;

std::string date_text(int64_t micros) {
  char buffer[128];
  if (micros >= 0) {
    std::snprintf(buffer, sizeof buffer, "%lld.%06lld", static_cast<long long>(micros / kMicro),
                  static_cast<long long>(micros % kMicro));
    return buffer;
  }
  const int64_t zero_z = days_from_civil(0, 1, 1) * 86400 * kMicro;
  const bool offset = micros < zero_z;  // before year 0 in UTC: written as local time at +23:59
  int64_t local = offset ? micros + (23 * 3600 + 59 * 60) * kMicro : micros;
  int64_t seconds = local >= 0 ? local / kMicro : -((-local + kMicro - 1) / kMicro);
  int64_t frac = local - seconds * kMicro;
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  int64_t in_day = seconds - days * 86400;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lld%s", static_cast<long long>(y), m,
                d, static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                static_cast<long long>(in_day % 60), static_cast<long long>(frac), offset ? "+23:59" : "Z");
  return buffer;
}

uint64_t numeral_u64(const z3::expr& e) {
  uint64_t v = 0;
  Z3_get_numeral_uint64(e.ctx(), e, &v);
  return v;
}

// ---- Keys ---------------------------------------------------------------------------------------------------------

enum class View : uint8_t { None, Text, Numeric, Date, Ip, Binary };

const char* view_name(View v) {
  switch (v) {
    case View::None: return "none";
    case View::Text: return "string";
    case View::Numeric: return "numeric";
    case View::Date: return "date";
    case View::Ip: return "IP address";
    case View::Binary: return "binary";
  }
  return "?";
}

View view_of(Family f) {
  switch (f) {
    case Family::String:
    case Family::Arn:
    case Family::Bool: return View::Text;
    case Family::Numeric: return View::Numeric;
    case Family::Date: return View::Date;
    case Family::Ip: return View::Ip;
    case Family::Binary: return View::Binary;
    case Family::Null: return View::None;
  }
  return View::None;
}

// One free value: the variables of the key's view.
struct Slot {
  std::optional<z3::expr> text;  // Text: String; Binary: the decoded bytes
  std::optional<z3::expr> kind;  // typed views: Int, 0 = not of the type, 1 = integral / IPv4 / valid, 2 = double / IPv6
  std::optional<z3::expr> a, b;  // Numeric: Int, Real; Date: Int; Ip: bv32, bv128
  // Text read by an Arn operator: the value cut at its first five colons (when it has five), defined in axioms(),
  // so that each component is matched by its own glob (a prefix, a length...) instead of one regular expression.
  struct ArnParts {
    z3::expr arnish;                 // the value has at least five colons
    std::vector<z3::expr> parts;     // five colon-free components, then the rest
  };
  std::optional<ArnParts> arn;
  // Text read by Bool: 0 neither, 1 "true", 2 "false" (in any case), an Int that Z3 decides faster than the text.
  std::optional<z3::expr> boolean;
  // Read other than by an Arn or Bool operator: then the text must agree with the components and the Int.
  bool text_used = false;
  // Whether extract() writes the text itself (else the components, or the boolean).
  bool linked() const { return text_used || (arn && boolean) || (!arn && !boolean); }
};

struct Deferred {
  z3::expr atom;
  bool any;  // ForAnyValue (else ForAllValues)
  std::function<z3::expr(std::size_t)> holds;
};

struct FreeKey {
  std::string name;
  z3::expr count;
  View view = View::None;
  std::vector<Slot> slots{};
  std::size_t set_tests = 0;
  bool multi = false;  // a plain test or a variable reads it: "several values" must be representable
  bool read = false;
  std::vector<Deferred> deferred{};
  std::vector<double> numeric_constants{};  // the constants its Numeric operators compare with (as doubles)
};

struct BoundKey {
  std::string name;
  std::optional<std::vector<z3::expr>> terms;
  std::optional<std::vector<std::string>> literals;  // when every term is a literal
  bool literals_only = false;                        // bind_literal: decide the String and Arn operators here too
};

// A policy value after variables: a literal, or a term with the condition under which it resolves.
struct PolicyValue {
  bool resolved = true;          // literal that resolved (false: matches nothing)
  std::optional<std::string> text;
  std::optional<z3::expr> term;  // symbolic (then `resolves` too)
  std::optional<z3::expr> resolves;
  std::optional<Number> number;
  std::optional<int64_t> date;
  std::optional<bool> boolean;
  std::optional<std::string> bytes;
  std::optional<Address> address;
};

// A request value as seen by the encoding: a literal string, a String term, or slot `index` of a free key.
struct ValueRef {
  const std::string* literal = nullptr;
  std::optional<z3::expr> term;
  FreeKey* key = nullptr;
  std::size_t index = 0;
};

}  // namespace

struct SymbolicContext::Impl {
  z3::context& z3;
  std::string prefix;
  bool closed = false;
  std::deque<BoundKey> bound;
  std::deque<FreeKey> free;
  unsigned fresh = 0;

  Impl(z3::context& c, std::string p) : z3(c), prefix(std::move(p)) {}

  BoundKey* find_bound(std::string_view key) {
    for (BoundKey& b : bound) {
      if (linter::iequals(b.name, key)) return &b;
    }
    return nullptr;
  }
  FreeKey& free_key(std::string_view key) {
    for (FreeKey& f : free) {
      if (linter::iequals(f.name, key)) return f;
    }
    std::string name = prefix + "!n!" + std::to_string(free.size());
    free.push_back(FreeKey{std::string(key), z3.int_const(name.c_str())});
    return free.back();
  }
  std::string fresh_name(const char* what) { return prefix + "!" + what + "!" + std::to_string(fresh++); }

  // The key's view, set on first use; false (with why) when it already has another.
  bool use_view(FreeKey& k, View v, std::string* why) {
    if (v == View::None || k.view == v) return true;
    if (k.view == View::None && k.slots.empty()) {
      k.view = v;
      return true;
    }
    if (why) *why = "condition key " + k.name + " is read both as " + view_name(k.view) + " and as " + view_name(v);
    return false;
  }

  Slot& slot(FreeKey& k, std::size_t i) {
    while (k.slots.size() <= i) {
      Slot s;
      std::string base = prefix + "!" + k.name + "!" + std::to_string(k.slots.size());
      switch (k.view) {
        case View::Text:
        case View::None: s.text = z3.string_const((base + "!s").c_str()); break;
        case View::Binary:
          s.kind = z3.int_const((base + "!k").c_str());
          s.text = z3.string_const((base + "!b").c_str());
          break;
        case View::Numeric:
          s.kind = z3.int_const((base + "!k").c_str());
          s.a = z3.int_const((base + "!i").c_str());
          s.b = z3.real_const((base + "!r").c_str());
          break;
        case View::Date:
          s.kind = z3.int_const((base + "!k").c_str());
          s.a = z3.int_const((base + "!t").c_str());
          break;
        case View::Ip:
          s.kind = z3.int_const((base + "!k").c_str());
          s.a = z3.bv_const((base + "!v4").c_str(), 32);
          s.b = z3.bv_const((base + "!v6").c_str(), 128);
          break;
      }
      k.slots.push_back(std::move(s));
    }
    // cppcheck-suppress containerOutOfBounds ; the loop above made k.slots longer than i
    return k.slots[i];
  }

  std::size_t slot_count(const FreeKey& k) const { return std::max<std::size_t>(1, k.set_tests); }

  // ---- Policy variables ----

  struct VarValue {
    z3::expr value;
    z3::expr resolves;
    std::optional<std::string> literal{};  // when known
    bool literal_unresolved = false;
  };

  // One variable's key (with an optional default), as expand_variables() resolves it.
  std::optional<VarValue> key_value(std::string_view key, std::optional<std::string_view> fallback, std::string* why) {
    auto lit = [&](std::string_view v) { return VarValue{str_lit(z3, v), z3.bool_val(true), std::string(v)}; };
    auto none = [&] {
      if (fallback) return lit(*fallback);
      VarValue v{str_lit(z3, ""), z3.bool_val(false)};
      v.literal_unresolved = true;
      return v;
    };
    if (BoundKey* b = find_bound(key)) {
      if (!b->terms || b->terms->size() != 1) return none();
      if (b->literals) return lit(b->literals->front());
      z3::expr t = b->terms->front();
      return VarValue{t, z3.bool_val(true)};
    }
    if (closed) return none();
    FreeKey& k = free_key(key);
    if (!use_view(k, View::Text, why)) return std::nullopt;
    k.read = true;
    k.multi = true;
    z3::expr one = k.count == 1;
    Slot& first = slot(k, 0);
    first.text_used = true;
    z3::expr s = *first.text;
    if (fallback) return VarValue{z3::ite(one, s, str_lit(z3, *fallback)), z3.bool_val(true)};
    return VarValue{s, one};
  }

  // The text between "${" and "}".
  std::optional<VarValue> inner_value(std::string_view inner, std::string* why) {
    auto trim = [](std::string_view s) {
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
      while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
      return s;
    };
    std::string_view body = trim(inner);
    auto unresolved = [&] {
      VarValue v{str_lit(z3, ""), z3.bool_val(false)};
      v.literal_unresolved = true;
      return v;
    };
    if (body == "*" || body == "?" || body == "$")
      return VarValue{str_lit(z3, body), z3.bool_val(true), std::string(body)};
    std::string_view key = body;
    std::optional<std::string_view> fallback;
    if (std::size_t comma = body.find(','); comma != std::string_view::npos) {
      key = trim(body.substr(0, comma));
      std::string_view d = trim(body.substr(comma + 1));
      if (d.size() < 2 || d.front() != '\'' || d.back() != '\'') return unresolved();
      fallback = d.substr(1, d.size() - 2);
    }
    if (key.empty()) return unresolved();
    return key_value(key, fallback, why);
  }

  // A policy value's text with its variables: literal when every variable is; else a term (not for a pattern).
  bool expand(std::string_view text, bool for_pattern, PolicyValue& out, std::string* why) {
    std::vector<std::pair<std::string_view, std::optional<VarValue>>> pieces;  // literal text, or a variable
    bool symbolic = false;
    std::size_t i = 0;
    while (i < text.size()) {
      std::size_t open = text.find("${", i);
      if (open == std::string_view::npos) {
        pieces.emplace_back(text.substr(i), std::nullopt);
        break;
      }
      pieces.emplace_back(text.substr(i, open - i), std::nullopt);
      std::size_t close = std::string_view::npos;
      bool quoted = false;
      for (std::size_t j = open + 2; j < text.size(); ++j) {
        if (text[j] == '\'') quoted = !quoted;
        else if (text[j] == '}' && !quoted) {
          close = j;
          break;
        }
      }
      if (close == std::string_view::npos) {
        pieces.emplace_back(text.substr(open), std::nullopt);
        break;
      }
      std::optional<VarValue> v = inner_value(text.substr(open + 2, close - open - 2), why);
      if (!v) return false;
      if (!v->literal && !v->literal_unresolved) symbolic = true;
      pieces.emplace_back(std::string_view{}, std::move(v));
      i = close + 1;
    }
    for (auto& piece : pieces) {
      if (piece.second && piece.second->literal_unresolved) {
        out.resolved = false;
        return true;
      }
    }
    if (!symbolic) {
      std::string s;
      for (auto& [lit, var] : pieces) {
        if (!var) {
          s.append(lit);
          continue;
        }
        if (var->literal_unresolved) {
          out.resolved = false;
          return true;
        }
        // ${*} and ${?} are escaped in a pattern, as is any value's own wildcard (expand_variables' append_value).
        s.append(for_pattern ? escape_glob(*var->literal) : *var->literal);
      }
      out.text = std::move(s);
      return true;
    }
    if (for_pattern) {
      if (why) *why = "a pattern with a policy variable whose key is not a literal: " + std::string(text);
      return false;
    }
    std::optional<z3::expr> term;
    std::vector<z3::expr> conds;
    for (auto& [lit, var] : pieces) {
      z3::expr piece = var ? var->value : str_lit(z3, lit);
      if (var) conds.push_back(var->resolves);
      if (!var && lit.empty()) continue;
      term = term ? z3::concat(*term, piece) : piece;
    }
    out.term = term ? *term : str_lit(z3, "");
    out.resolves = mk_and(z3, conds);
    return true;
  }

  // ---- One key ----

  // prepare() of conditions.cpp: false for a value of the wrong type (the key then fails), nullopt-ish via `why`.
  bool prepare(const OperatorInfo& op, const Node& node, bool variables, PolicyValue& out, bool& error,
               std::string* why) {
    if (node.type != JsonType::String && node.type != JsonType::Number && node.type != JsonType::Bool) return false;
    std::string_view text = node.text;
    if (variables && (op.family == Family::String || op.family == Family::Arn) && node.type == JsonType::String &&
        text.find("${") != std::string_view::npos) {
      if (!expand(text, op.test == Test::Like, out, why)) {
        error = true;
        return true;
      }
      if (!out.resolved || out.term) return true;
      text = *out.text;
    } else {
      out.text = std::string(text);
    }
    switch (op.family) {
      case Family::Numeric: return (out.number = parse_number(text)).has_value();
      case Family::Date: return (out.date = parse_date(text)).has_value();
      case Family::Bool:
      case Family::Null: return (out.boolean = parse_bool(text)).has_value();
      case Family::Binary: return (out.bytes = decode_base64(text)).has_value();
      case Family::Ip: return (out.address = parse_address(text, true)).has_value();
      case Family::String:
      case Family::Arn: return true;
    }
    return false;
  }

  static z3::expr ordered(Test test, const z3::expr& lt, const z3::expr& eq, const z3::expr& gt) {
    switch (test) {
      case Test::Equals: return eq;
      case Test::Less: return lt;
      case Test::LessEquals: return lt || eq;
      case Test::Greater: return gt;
      case Test::GreaterEquals: return gt || eq;
      default: return lt.ctx().bool_val(false);
    }
  }

  // The positive test of one policy value against a text term (String, Arn, Bool families).
  // arn_like(pattern, value) over the components of a free slot.
  z3::expr arn_parts_match(std::string_view pattern, Slot& s) {
    if (!s.arn) {
      std::string base = fresh_name("arn");
      std::vector<z3::expr> parts;
      parts.reserve(6);
      for (int i = 0; i < 6; ++i) parts.push_back(z3.string_const((base + "!" + std::to_string(i)).c_str()));
      s.arn = Slot::ArnParts{z3.bool_const((base + "!ok").c_str()), std::move(parts)};
    }
    std::vector<z3::expr> each{s.arn->arnish};
    std::string_view rest = pattern;
    for (int i = 0; i < 5; ++i) {
      std::size_t c = rest.find(':');
      if (c == std::string_view::npos) return z3.bool_val(false);
      each.push_back(glob_formula(z3, rest.substr(0, c), s.arn->parts[i]));
      rest.remove_prefix(c + 1);
    }
    each.push_back(glob_formula(z3, rest, s.arn->parts[5]));
    return mk_and(z3, each);
  }

  std::optional<z3::expr> text_match(const OperatorInfo& op, const PolicyValue& pv, const z3::expr& t,
                                     std::string* why, Slot* slot = nullptr) {
    if (pv.term) {
      if (op.family == Family::String && op.test == Test::Equals) return *pv.resolves && t == *pv.term;
      if (why) *why = std::string(op.name) + " with a policy variable whose key is not a literal";
      return std::nullopt;
    }
    const std::string& p = *pv.text;
    switch (op.family) {
      case Family::String:
        switch (op.test) {
          case Test::Equals: return t == str_lit(z3, p);
          case Test::EqualsIgnoreCase: return ignore_case_formula(z3, p, t);
          default: return glob_formula(z3, p, t);
        }
      case Family::Arn: return slot ? arn_parts_match(p, *slot) : arn_formula(z3, p, t);
      case Family::Bool: return ignore_case_formula(z3, *pv.boolean ? "true" : "false", t);
      default: return z3.bool_val(false);
    }
  }

  // The same for a literal request value, decided here.
  static bool literal_match(const OperatorInfo& op, const PolicyValue& pv, std::string_view rv) {
    const std::string& p = *pv.text;
    switch (op.family) {
      case Family::String:
        switch (op.test) {
          case Test::Equals: return p == rv;
          case Test::EqualsIgnoreCase: return linter::iequals(p, rv);
          default: return match_pattern(p, rv, false);
        }
      case Family::Arn: return arn_like(p, rv);
      case Family::Bool: {
        std::optional<bool> b = parse_bool(rv);
        return b && *b == *pv.boolean;
      }
      case Family::Numeric: {
        std::optional<Number> n = parse_number(rv);
        if (!n) return false;
        int c = compare_numbers(*n, *pv.number);
        switch (op.test) {
          case Test::Equals: return c == 0;
          case Test::Less: return c < 0;
          case Test::LessEquals: return c <= 0;
          case Test::Greater: return c > 0;
          case Test::GreaterEquals: return c >= 0;
          default: return false;
        }
      }
      case Family::Date: {
        std::optional<int64_t> d = parse_date(rv);
        if (!d) return false;
        int c = *d < *pv.date ? -1 : *d > *pv.date ? 1 : 0;
        switch (op.test) {
          case Test::Equals: return c == 0;
          case Test::Less: return c < 0;
          case Test::LessEquals: return c <= 0;
          case Test::Greater: return c > 0;
          case Test::GreaterEquals: return c >= 0;
          default: return false;
        }
      }
      case Family::Binary: {
        std::optional<std::string> b = decode_base64(rv);
        return b && *b == *pv.bytes;
      }
      case Family::Ip: {
        std::optional<Address> a = parse_address(rv, false);
        return a && in_range(*pv.address, *a);
      }
      case Family::Null: return false;
    }
    return false;
  }

  static bool literal_valid(Family f, std::string_view rv) {
    switch (f) {
      case Family::Numeric: return parse_number(rv).has_value();
      case Family::Date: return parse_date(rv).has_value();
      case Family::Bool: return parse_bool(rv).has_value();
      case Family::Binary: return decode_base64(rv).has_value();
      case Family::Ip: return parse_address(rv, false).has_value();
      default: return true;
    }
  }

  // The positive test of one policy value against a free slot of a typed view.
  z3::expr typed_match(const OperatorInfo& op, const PolicyValue& pv, Slot& s) {
    switch (op.family) {
      case Family::Numeric: {
        const Number& c = *pv.number;
        const z3::expr& xi = *s.a;
        z3::expr is_int = *s.kind == 1, is_dbl = *s.kind == 2;
        z3::expr ilt = z3.bool_val(false), ieq = ilt, igt = ilt;
        if (c.integral) {
          z3::expr k = z3.int_val(c.i);
          ilt = xi < k, ieq = xi == k, igt = xi > k;
        } else {
          std::optional<int64_t> ge = int_threshold(c.d, false), gt = int_threshold(c.d, true);
          ilt = ge ? xi < z3.int_val(*ge) : z3.bool_val(true);
          igt = gt ? xi >= z3.int_val(*gt) : z3.bool_val(false);
          ieq = !ilt && !igt;
        }
        z3::expr r = z3.real_val(exact_decimal(c.d).c_str());
        const z3::expr& xr = *s.b;
        return (is_int && ordered(op.test, ilt, ieq, igt)) || (is_dbl && ordered(op.test, xr < r, xr == r, xr > r));
      }
      case Family::Date: {
        z3::expr k = z3.int_val(*pv.date);
        const z3::expr& t = *s.a;
        return *s.kind == 1 && ordered(op.test, t < k, t == k, t > k);
      }
      case Family::Binary: return *s.kind == 1 && *s.text == str_lit(z3, *pv.bytes);
      case Family::Ip: {
        const Address& a = *pv.address;
        if (!a.v6) {
          uint32_t v = static_cast<uint32_t>(a.bytes[0]) << 24 | static_cast<uint32_t>(a.bytes[1]) << 16 |
                       static_cast<uint32_t>(a.bytes[2]) << 8 | a.bytes[3];
          if (a.prefix == 0) return *s.kind == 1;
          return *s.kind == 1 && s.a->extract(31, 32 - a.prefix) == z3.bv_val(v >> (32 - a.prefix), a.prefix);
        }
        if (a.prefix == 0) return *s.kind == 2;
        uint64_t hi = 0, lo = 0;
        for (int i = 0; i < 8; ++i) hi = hi << 8 | a.bytes[i];
        for (int i = 8; i < 16; ++i) lo = lo << 8 | a.bytes[i];
        z3::expr c = z3::concat(z3.bv_val(hi, 64), z3.bv_val(lo, 64));
        return *s.kind == 2 && s.b->extract(127, 128 - a.prefix) == c.extract(127, 128 - a.prefix);
      }
      default: return z3.bool_val(false);
    }
  }

  // value_holds() of conditions.cpp for one request value.
  std::optional<z3::expr> value_holds(const OperatorInfo& op, const std::vector<PolicyValue>& pvs, const ValueRef& v,
                                      std::string* why) {
    std::vector<z3::expr> any;
    z3::expr valid = z3.bool_val(true);
    if (v.literal != nullptr) {
      if (!literal_valid(op.family, *v.literal)) return z3.bool_val(false);
      bool hit = false;
      for (const PolicyValue& pv : pvs) {
        if (!pv.resolved) continue;
        if (pv.term) {
          auto m = text_match(op, pv, str_lit(z3, *v.literal), why);
          if (!m) return std::nullopt;
          any.push_back(*m);
        } else {
          hit = hit || literal_match(op, pv, *v.literal);
        }
      }
      if (hit) any.push_back(z3.bool_val(true));
    } else {
      std::optional<z3::expr> t = v.term;
      Slot* s = nullptr;
      if (v.key != nullptr) {
        s = &slot(*v.key, v.index);
        if (view_of(op.family) == View::Text) t = *s->text;
        if (op.family == Family::Bool) {
          if (!s->boolean) s->boolean = z3.int_const(fresh_name("bool").c_str());
          valid = *s->boolean != 0;
          for (const PolicyValue& pv : pvs) any.push_back(*s->boolean == (*pv.boolean ? 1 : 2));
          t.reset();
        } else if (op.family != Family::Arn) {
          s->text_used = true;
        }
      }
      if (s != nullptr && op.family == Family::Bool) {
        // decided above
      } else if (t) {
        if (op.family == Family::Bool)
          valid = ignore_case_formula(z3, "true", *t) || ignore_case_formula(z3, "false", *t);
        else if (view_of(op.family) != View::Text) {
          if (why) *why = std::string(op.name) + " on a symbolic value the environment sets";
          return std::nullopt;
        }
        for (const PolicyValue& pv : pvs) {
          if (!pv.resolved) continue;
          auto m = text_match(op, pv, *t, why, s);
          if (!m) return std::nullopt;
          any.push_back(*m);
        }
      } else {
        valid = *s->kind != 0;
        for (const PolicyValue& pv : pvs) {
          if (pv.resolved) any.push_back(typed_match(op, pv, *s));
        }
      }
    }
    z3::expr a = mk_or(z3, any);
    return mk_and(z3, {valid, op.negated ? mk_not(a) : a});
  }

  std::optional<z3::expr> evaluate_key(const JsonTree& tree, const OperatorInfo& op,
                                       const linter::ConditionOperator& parsed, const Node& key, bool variables,
                                       std::string* why) {
    std::vector<PolicyValue> pvs;
    auto add = [&](const Node& n) -> std::optional<bool> {
      bool error = false;
      PolicyValue& pv = pvs.emplace_back();
      bool ok = prepare(op, n, variables, pv, error, why);
      if (error) return std::nullopt;
      return ok;
    };
    if (key.is_array()) {
      if (key.child_count == 0) return z3.bool_val(false);
      for (const Node& child : tree.children(key)) {
        auto ok = add(child);
        if (!ok) return std::nullopt;
        if (!*ok) return z3.bool_val(false);
      }
    } else {
      auto ok = add(key);
      if (!ok) return std::nullopt;
      if (!*ok) return z3.bool_val(false);
    }

    // The key's values: a count known here (bound) or a free count.
    BoundKey* b = find_bound(key.key);
    FreeKey* f = nullptr;
    std::size_t known = 0;
    if (b == nullptr && !closed) {
      f = &free_key(key.key);
      f->read = true;
      if (!use_view(*f, view_of(op.family), why)) return std::nullopt;
    } else if (b != nullptr && b->terms) {
      known = b->terms->size();
    }
    z3::expr absent = f ? f->count == 0 : z3.bool_val(known == 0);
    z3::expr several = f ? f->count > 1 : z3.bool_val(known > 1);

    if (op.family == Family::Null) {
      std::vector<z3::expr> any;
      any.reserve(pvs.size());
      for (const PolicyValue& pv : pvs) any.push_back(*pv.boolean ? absent : !absent);
      return mk_or(z3, any);
    }
    for (const PolicyValue& pv : pvs) {
      if (op.family == Family::Numeric && f) f->numeric_constants.push_back(pv.number->d);
    }
    z3::expr when_absent = z3.bool_val(parsed.if_exists || parsed.qualifier == ConditionQualifier::ForAllValues ||
                                       (parsed.qualifier == ConditionQualifier::None && op.negated));
    auto ref = [&](std::size_t i) {
      ValueRef r;
      if (f) {
        r.key = f;
        r.index = i;
      } else if (b->literals && (b->literals_only || view_of(op.family) != View::Text)) {
        r.literal = &(*b->literals)[i];
      } else {
        r.term = (*b->terms)[i];
      }
      return r;
    };

    if (parsed.qualifier == ConditionQualifier::None) {
      if (f) f->multi = true;
      if (!f && known != 1) return z3.bool_val(known == 0 ? when_absent.is_true() : op.negated);
      auto first = value_holds(op, pvs, ref(0), why);
      if (!first) return std::nullopt;
      if (!f) return *first;
      return mk_ite(absent, when_absent, mk_ite(several, z3.bool_val(op.negated), *first));
    }

    const bool any_test = parsed.qualifier == ConditionQualifier::ForAnyValue;
    if (!f) {
      if (known == 0) return when_absent;
      std::vector<z3::expr> each;
      for (std::size_t i = 0; i < known; ++i) {
        auto h = value_holds(op, pvs, ref(i), why);
        if (!h) return std::nullopt;
        each.push_back(*h);
      }
      return any_test ? mk_or(z3, each) : mk_and(z3, each);
    }
    if (f->set_tests + 1 > kMaxSlots) {
      if (why)
        *why = "condition key " + f->name + " is read by more than " + std::to_string(kMaxSlots) +
               " ForAllValues/ForAnyValue tests";
      return std::nullopt;
    }
    ++f->set_tests;
    // Checked now, on the first slot, so that a refusal is reported here rather than in axioms().
    if (!value_holds(op, pvs, ref(0), why)) return std::nullopt;
    z3::expr atom = z3.bool_const(fresh_name("set").c_str());
    FreeKey* fk = f;
    OperatorInfo info = op;
    f->deferred.push_back(Deferred{atom, any_test, [this, fk, info, pvs](std::size_t i) {
                                     ValueRef r;
                                     r.key = fk;
                                     r.index = i;
                                     return *value_holds(info, pvs, r, nullptr);
                                   }});
    return mk_ite(absent, when_absent, atom);
  }

  std::optional<z3::expr> condition(const JsonTree& tree, const Node& condition, bool variables, std::string* why) {
    if (!condition.is_object()) return z3.bool_val(false);
    std::vector<z3::expr> all;
    for (const Node& op_node : tree.children(condition)) {
      linter::ConditionOperator parsed = linter::parse_condition_operator(op_node.key);
      const OperatorInfo* op = find_operator(parsed.base);
      const bool decorated = parsed.if_exists || parsed.qualifier != ConditionQualifier::None;
      if (op != nullptr && op->family == Family::Null && decorated) op = nullptr;
      if (op == nullptr || !op_node.is_object()) return z3.bool_val(false);
      for (const Node& key : tree.children(op_node)) {
        auto k = evaluate_key(tree, *op, parsed, key, variables, why);
        if (!k) return std::nullopt;
        if (k->is_false()) return z3.bool_val(false);
        all.push_back(*k);
      }
    }
    return mk_and(z3, all);
  }

  // The candidates a non-integral request number takes for a key: one per class of outcomes against its constants.
  std::vector<double> double_candidates(const FreeKey& k) const {
    std::vector<double> c = k.numeric_constants;
    for (double& d : c) {
      if (d == 0) d = 0;  // -0 is 0
    }
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
    std::vector<double> out;
    if (c.empty()) return {0.5};
    auto finite = [](double d) { return std::isfinite(d); };
    double below = c.front() - std::max(1.0, std::fabs(c.front()));
    if (!finite(below) || !(below < c.front())) below = std::nextafter(c.front(), -INFINITY);
    if (finite(below)) out.push_back(below);
    for (std::size_t i = 0; i < c.size(); ++i) {
      out.push_back(c[i]);
      if (i + 1 < c.size()) {
        double mid = c[i] / 2 + c[i + 1] / 2;
        if (!(mid > c[i] && mid < c[i + 1])) mid = std::nextafter(c[i], INFINITY);
        if (mid < c[i + 1]) out.push_back(mid);
      }
    }
    double above = c.back() + std::max(1.0, std::fabs(c.back()));
    if (!finite(above) || !(above > c.back())) above = std::nextafter(c.back(), INFINITY);
    if (finite(above)) out.push_back(above);
    return out;
  }

  // Either the value is its components joined by ':' (five colon-free ones, then the rest), or it has fewer than
  // five colons; exactly one holds, which fixes `arnish`.
  z3::expr arn_axiom(const z3::expr& s, const Slot::ArnParts& a, bool text_used) {
    z3::expr nc = z3::star(non_colon(z3));
    z3::expr colon = str_lit(z3, ":");
    z3::expr joined = a.parts[0];
    std::vector<z3::expr> free_of_colons;
    for (int i = 0; i < 5; ++i) {
      free_of_colons.push_back(z3::in_re(a.parts[i], nc));
      joined = z3::concat(joined, z3::concat(colon, a.parts[i + 1]));
    }
    if (!text_used) {
      // Nothing else reads the text: extract() writes it from the components, and the equation (which Z3 4.8.12's
      // string solver finds hard) is not needed.
      free_of_colons.push_back(byte_string(a.parts[5]));
      return mk_and(z3, free_of_colons);
    }
    z3::expr few = nc;  // fewer than five colons
    z3::expr more = nc;
    for (int i = 1; i < 5; ++i) {
      more = z3::concat(more, z3::concat(z3::to_re(colon), nc));
      few = re_union(few, more);
    }
    return (a.arnish && s == joined && mk_and(z3, free_of_colons)) || (!a.arnish && z3::in_re(s, few));
  }

  z3::expr axioms() {
    std::vector<z3::expr> all;
    for (FreeKey& k : free) {
      const std::size_t slots = slot_count(k);
      const std::size_t max_count = slots == 1 && k.multi ? 2 : slots;
      all.push_back(k.count >= 0 && k.count <= static_cast<int>(max_count));
      if (k.view != View::None || !k.deferred.empty()) slot(k, slots - 1);
      for (Deferred& d : k.deferred) {
        std::vector<z3::expr> each;
        for (std::size_t i = 0; i < slots; ++i) {
          z3::expr in = k.count > static_cast<int>(i);
          z3::expr h = d.holds(i);
          each.push_back(d.any ? (in && h) : (!in || h));
        }
        all.push_back(d.atom == (d.any ? mk_or(z3, each) : mk_and(z3, each)));
      }
      std::vector<double> candidates;
      if (k.view == View::Numeric) candidates = double_candidates(k);
      for (Slot& s : k.slots) {
        switch (k.view) {
          case View::None:
          case View::Text:
            if (s.linked()) all.push_back(byte_string(*s.text));
            if (s.arn) all.push_back(arn_axiom(*s.text, *s.arn, s.linked()));
            if (s.boolean) {
              all.push_back(*s.boolean >= 0 && *s.boolean <= 2);
              if (s.linked())
                all.push_back((*s.boolean == 1) == ignore_case_formula(z3, "true", *s.text) &&
                              (*s.boolean == 2) == ignore_case_formula(z3, "false", *s.text));
            }
            break;
          case View::Binary:
            all.push_back(*s.kind >= 0 && *s.kind <= 1);
            all.push_back(byte_string(*s.text));
            break;
          case View::Numeric: {
            all.push_back(*s.kind >= 0 && *s.kind <= 2);
            all.push_back(*s.a >= z3.int_val(std::numeric_limits<int64_t>::min()) &&
                          *s.a <= z3.int_val(std::numeric_limits<int64_t>::max()));
            std::vector<z3::expr> one_of;
            one_of.reserve(candidates.size());
            for (double d : candidates) one_of.push_back(*s.b == z3.real_val(exact_decimal(d).c_str()));
            all.push_back(mk_or(z3, one_of));
            break;
          }
          case View::Date:
            all.push_back(*s.kind >= 0 && *s.kind <= 1);
            all.push_back(*s.a >= z3.int_val(kDateMin) && *s.a <= z3.int_val(kDateMax));
            break;
          case View::Ip: all.push_back(*s.kind >= 0 && *s.kind <= 2); break;
        }
      }
    }
    return mk_and(z3, all);
  }

  std::string slot_text(const FreeKey& k, const Slot& s, const z3::model& m) const {
    auto kind = [&] { return s.kind ? m.eval(*s.kind, true).get_numeral_int64() : 0; };
    switch (k.view) {
      case View::None: return "value";
      case View::Text: {
        if (s.linked()) return str_value(m.eval(*s.text, true));
        if (s.boolean) {
          int64_t b = m.eval(*s.boolean, true).get_numeral_int64();
          return b == 1 ? "true" : b == 2 ? "false" : "not-a-bool";
        }
        if (!m.eval(s.arn->arnish, true).is_true()) return "not-an-arn";
        std::string joined = str_value(m.eval(s.arn->parts[0], true));
        for (int i = 1; i < 6; ++i) joined += ":" + str_value(m.eval(s.arn->parts[i], true));
        return joined;
      }
      case View::Binary:
        if (kind() == 0) return "!";
        return encode_base64(str_value(m.eval(*s.text, true)));
      case View::Numeric: {
        int64_t kd = kind();
        if (kd == 0) return "not-a-number";
        if (kd == 1) return std::to_string(m.eval(*s.a, true).get_numeral_int64());
        for (double d : double_candidates(k)) {
          if (m.eval(*s.b == z3.real_val(exact_decimal(d).c_str()), true).is_true()) return double_text(d);
        }
        return "not-a-number";
      }
      case View::Date:
        if (kind() == 0) return "not-a-date";
        return date_text(m.eval(*s.a, true).get_numeral_int64());
      case View::Ip: {
        int64_t kd = kind();
        if (kd == 0) return "not-an-ip";
        char buffer[64];
        if (kd == 1) {
          uint64_t v = numeral_u64(m.eval(*s.a, true));
          std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", unsigned(v >> 24 & 0xFF), unsigned(v >> 16 & 0xFF),
                        unsigned(v >> 8 & 0xFF), unsigned(v & 0xFF));
          return buffer;
        }
        z3::expr v = m.eval(*s.b, true);
        uint64_t hi = numeral_u64(m.eval(v.extract(127, 64).simplify(), true));
        uint64_t lo = numeral_u64(m.eval(v.extract(63, 0).simplify(), true));
        std::snprintf(buffer, sizeof buffer, "%x:%x:%x:%x:%x:%x:%x:%x", unsigned(hi >> 48 & 0xFFFF),
                      unsigned(hi >> 32 & 0xFFFF), unsigned(hi >> 16 & 0xFFFF), unsigned(hi & 0xFFFF),
                      unsigned(lo >> 48 & 0xFFFF), unsigned(lo >> 32 & 0xFFFF), unsigned(lo >> 16 & 0xFFFF),
                      unsigned(lo & 0xFFFF));
        return buffer;
      }
    }
    return {};
  }
};

SymbolicContext::SymbolicContext(z3::context& z3, std::string prefix)
    : impl_(std::make_shared<Impl>(z3, std::move(prefix))) {}

void SymbolicContext::bind(std::string_view key, std::optional<std::vector<z3::expr>> values) {
  BoundKey* b = impl_->find_bound(key);
  if (b == nullptr) b = &impl_->bound.emplace_back(BoundKey{std::string(key), std::nullopt, std::nullopt});
  // cppcheck-suppress danglingTemporaryLifetime ; b is the element emplace_back returned, not its argument
  b->literals.reset();
  if (values) {
    std::vector<std::string> literals;
    bool all = true;
    for (const z3::expr& v : *values) {
      bool ok = false;
      std::string s = v.is_string_value() ? str_value(v, &ok) : std::string();
      if (!ok) all = false;
      literals.push_back(std::move(s));
    }
    // Literal terms are still compared as terms under the String and Arn operators (bind_literal decides those
    // here); the literals serve the typed operators and the variables.
    if (all) b->literals = std::move(literals);
  }
  b->terms = std::move(values);
  b->literals_only = false;
}

void SymbolicContext::bind_literal(std::string_view key, std::optional<std::vector<std::string>> values) {
  std::optional<std::vector<z3::expr>> terms;
  if (values) {
    terms.emplace();
    for (const std::string& v : *values) terms->push_back(str_lit(impl_->z3, v));
  }
  bind(key, std::move(terms));
  impl_->find_bound(key)->literals_only = true;
}

bool SymbolicContext::is_bound(std::string_view key) const { return impl_->find_bound(key) != nullptr; }

std::optional<z3::expr> SymbolicContext::condition(const linter::JsonTree& tree, const linter::Node& condition,
                                                   bool variables, std::string* why) {
  return impl_->condition(tree, condition, variables, why);
}

std::optional<SymbolicContext::Expanded> SymbolicContext::variable(std::string_view inner, std::string* why) {
  auto v = impl_->inner_value(inner, why);
  if (!v) return std::nullopt;
  return Expanded{v->value, v->resolves};
}

z3::expr SymbolicContext::axioms() const { return impl_->axioms(); }

Context SymbolicContext::extract(const z3::model& model) const {
  Context out;
  for (const FreeKey& k : impl_->free) {
    if (!k.read) continue;
    int64_t n = model.eval(k.count, true).get_numeral_int64();
    if (n <= 0) continue;
    std::vector<std::string> values;
    for (int64_t i = 0; i < n; ++i) {
      std::size_t at = static_cast<std::size_t>(i) < k.slots.size() ? static_cast<std::size_t>(i) : 0;
      values.push_back(k.slots.empty() ? std::string("value") : impl_->slot_text(k, k.slots[at], model));
    }
    out.set(k.name, std::move(values));
  }
  return out;
}

std::vector<std::string> SymbolicContext::free_keys() const {
  std::vector<std::string> out;
  for (const FreeKey& k : impl_->free) {
    if (k.read) out.push_back(k.name);
  }
  return out;
}

void SymbolicContext::close_unbound() { impl_->closed = true; }

// ---- The checks of solver/encoding_checks.hpp -----------------------------------------------------------------------

namespace {

// The solver's verdict on a formula with no free constant (or its axioms).
std::optional<bool> decide(z3::context& z3, const z3::expr& axioms, const z3::expr& formula) {
  z3::solver s(z3, z3::solver::simple());
  z3::params p(z3);
  p.set("rlimit", 50000000u);
  s.set(p);
  s.add(axioms);
  s.add(formula);
  switch (s.check()) {
    case z3::sat: return true;
    case z3::unsat: return false;
    default: return std::nullopt;
  }
}

}  // namespace

bool encoded_condition_holds(const linter::JsonTree& tree, const linter::Node& condition, const Context& context,
                             bool variables, std::string* why) {
  // Twice in one Z3 context: with literal bindings (decided in C++) and with the same values as String terms
  // (decided by Z3 on the formulas a symbolic value gets), which must agree.
  z3::context z3;
  std::optional<bool> results[2];
  for (int mode = 0; mode < 2; ++mode) {
    SymbolicContext sc(z3, mode == 0 ? "l" : "t");
    sc.close_unbound();
    for (const auto& [key, values] : context.entries()) {
      if (mode == 0) {
        sc.bind_literal(key, values);
      } else {
        std::vector<z3::expr> terms;
        for (const std::string& v : values) terms.push_back(str_lit(z3, v));
        sc.bind(key, std::move(terms));
      }
    }
    std::optional<z3::expr> f = sc.condition(tree, condition, variables, why);
    if (!f) return false;
    z3::expr simple = f->is_true() || f->is_false() ? *f : f->simplify();
    if (simple.is_true() || simple.is_false()) results[mode] = simple.is_true();
    else results[mode] = decide(z3, sc.axioms(), *f);
    if (!results[mode]) {
      if (why) *why = "the solver gave up";
      return false;
    }
  }
  if (*results[0] != *results[1]) {
    if (why) *why = "literal and term bindings disagree";
    return false;
  }
  return *results[0];
}

std::optional<Context> encoded_condition_witness(const linter::JsonTree& tree, const linter::Node& condition,
                                                 bool want, bool variables, std::string* why) {
  z3::context z3;
  SymbolicContext sc(z3, "w");
  std::optional<z3::expr> f = sc.condition(tree, condition, variables, why);
  if (!f) return std::nullopt;
  // The simple solver: the default one costs several milliseconds to set up, more than most of these queries.
  z3::solver s(z3, z3::solver::simple());
  z3::params p(z3);
  p.set("rlimit", 50000000u);
  s.set(p);
  s.add(sc.axioms());
  s.add(*f == z3.bool_val(want));
  switch (s.check()) {
    case z3::sat: return sc.extract(s.get_model());
    case z3::unsat: return std::nullopt;
    default:
      if (why) *why = "the solver gave up";
      return std::nullopt;
  }
}

}  // namespace iamlint::solver
