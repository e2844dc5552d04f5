#include "solver/z3_util.hpp"

#include <cctype>
#include <mutex>
#include <vector>

namespace iamlint::solver {

namespace {

z3::expr any_byte(z3::context& z3) { return z3::range(str_lit(z3, std::string_view("\x00", 1)), str_lit(z3, "\xff")); }

bool is_escape(std::string_view p, std::size_t i) {
  return p[i] == '\\' && i + 1 < p.size() && (p[i + 1] == '*' || p[i + 1] == '?' || p[i + 1] == '\\');
}

// The pattern read into pieces: literal runs, and the wildcards between them.
struct Piece {
  enum Kind { Text, Star, One } kind;
  std::string text;
};

std::vector<Piece> pieces(std::string_view pattern) {
  std::vector<Piece> out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*') {
      if (out.empty() || out.back().kind != Piece::Star) out.push_back({Piece::Star, {}});
      continue;
    }
    if (c == '?') {
      out.push_back({Piece::One, {}});
      continue;
    }
    if (is_escape(pattern, i)) c = pattern[++i];
    if (out.empty() || out.back().kind != Piece::Text) out.push_back({Piece::Text, {}});
    out.back().text.push_back(c);
  }
  return out;
}

z3::expr text_regex(z3::context& z3, const std::string& text, bool ignore_case) {
  if (!ignore_case) return z3::to_re(str_lit(z3, text));
  std::vector<z3::expr> parts;
  std::string run;
  auto flush = [&] {
    if (!run.empty()) parts.push_back(z3::to_re(str_lit(z3, run)));
    run.clear();
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalpha(u) != 0) {
      flush();
      char lo = static_cast<char>(std::tolower(u)), up = static_cast<char>(std::toupper(u));
      // Z3_mk_re_union directly: z3++'s operator| is bit-vector OR, and throws on regular expressions.
      Z3_ast both[2] = {z3::to_re(str_lit(z3, std::string(1, lo))), z3::to_re(str_lit(z3, std::string(1, up)))};
      parts.emplace_back(z3, Z3_mk_re_union(z3, 2, both));
    } else {
      run.push_back(c);
    }
  }
  flush();
  z3::expr r = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) r = z3::concat(r, parts[i]);
  return r;
}

}  // namespace

ByteStrings::ByteStrings() {
  static std::once_flag once;
  std::call_once(once, [] { z3::set_param("unicode", false); });
}

z3::expr str_lit(z3::context& z3, std::string_view bytes) {
  // cppcheck-suppress invalidLifetime ; Z3 copies the bytes into the expression
  return z3.string_val(bytes.data(), static_cast<unsigned>(bytes.size()));
}

std::string str_value(const z3::expr& value, bool* ok) {
  if (ok != nullptr) *ok = true;
  if (!value.is_string_value()) {
    if (ok != nullptr) *ok = false;
    return {};
  }
  unsigned n = 0;
  Z3_char_ptr p = Z3_get_lstring(value.ctx(), value, &n);
  if (p == nullptr) {
    if (ok != nullptr) *ok = false;
    return {};
  }
  return std::string(p, n);
}

z3::expr byte_string(const z3::expr& s) { return s.ctx().bool_val(true); }

z3::expr glob_regex(z3::context& z3, std::string_view pattern, bool ignore_case) {
  std::vector<Piece> ps = pieces(pattern);
  if (ps.empty()) return z3::to_re(str_lit(z3, ""));
  std::vector<z3::expr> parts;
  for (const Piece& p : ps) {
    switch (p.kind) {
      case Piece::Star: parts.push_back(z3::star(any_byte(z3))); break;
      case Piece::One: parts.push_back(any_byte(z3)); break;
      case Piece::Text: parts.push_back(text_regex(z3, p.text, ignore_case)); break;
    }
  }
  z3::expr r = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) r = z3::concat(r, parts[i]);
  return r;
}

z3::expr glob_matches(z3::context& z3, std::string_view pattern, const z3::expr& s, bool ignore_case) {
  std::vector<Piece> ps = pieces(pattern);
  bool simple = !ignore_case;
  for (std::size_t i = 0; simple && i < ps.size(); ++i) {
    if (ps[i].kind == Piece::One) simple = false;
    if (ps[i].kind == Piece::Star && i != 0 && i + 1 != ps.size()) simple = false;
  }
  if (!simple) return z3::in_re(s, glob_regex(z3, pattern, ignore_case));
  if (ps.empty()) return s == str_lit(z3, "");
  bool lead = ps.front().kind == Piece::Star, trail = ps.back().kind == Piece::Star;
  if (ps.size() == 1 && lead) return z3.bool_val(true);  // "*"
  const std::string& text = ps[lead ? 1 : 0].text;
  z3::expr t = str_lit(z3, text);
  if (lead && trail) return z3::expr(z3, Z3_mk_seq_contains(z3, s, t));
  if (lead) return z3::suffixof(t, s);
  if (trail) return z3::prefixof(t, s);
  return s == t;
}

}  // namespace iamlint::solver
