// Small pieces every Z3 encoding shares: strings as byte sequences, the glob of StringLike as a regular expression.
// Only solver/ includes this header (z3++.h).
#pragma once

#include <z3++.h>

#include <string>
#include <string_view>

namespace iamlint::solver {

// A String literal holding exactly these bytes, one character per byte (no escape processing, NULs kept): the
// evaluator compares bytes, so the encoding does too.
z3::expr str_lit(z3::context& z3, std::string_view bytes);

// A String value of a model as bytes. Characters above 0xFF cannot occur when every free String is constrained by
// byte_string(); if one does, it is written as '?' and `ok` (when given) is set to false.
std::string str_value(const z3::expr& value, bool* ok = nullptr);

// The constraint "every character of `s` is a byte" (0x00-0xFF), for every free String a counterexample will carry.
z3::expr byte_string(const z3::expr& s);

// The glob of match_pattern() (solver/match.hpp) as a regular expression over String: `*` any run, `?` one
// character, `\*` `\?` `\\` the characters themselves, other characters literal, ASCII letters in both cases when
// `ignore_case` (match_pattern folds with std::tolower in the C locale).
z3::expr glob_regex(z3::context& z3, std::string_view pattern, bool ignore_case);

// The same glob as a formula over `s`, using prefix/suffix/equality when the pattern allows it (no `?`, at most a
// leading and a trailing `*`, case-sensitive), which Z3 decides far faster than a regular expression.
z3::expr glob_matches(z3::context& z3, std::string_view pattern, const z3::expr& s, bool ignore_case);

}  // namespace iamlint::solver
