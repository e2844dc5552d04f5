// Small pieces every Z3 encoding shares: strings as byte sequences, the glob of StringLike as a regular expression.
// Only solver/ includes this header (z3++.h).
#pragma once

#include <z3++.h>

#include <string>
#include <string_view>

namespace iamlint::solver {

// Strings over bytes: Z3's global `unicode` parameter off, so that a String's characters are 0x00-0xFF, as the
// evaluator's strings are bytes. Construct one before any z3::context that encodes policies (a member declared
// before the context, or a local); the parameter is process-wide and only ever set to this value.
struct ByteStrings {
  ByteStrings();
};

// A String literal holding exactly these bytes, one character per byte (no escape processing, NULs kept): the
// evaluator compares bytes, so the encoding does too.
z3::expr str_lit(z3::context& z3, std::string_view bytes);

// A String value of a model as bytes. Characters above 0xFF cannot occur under ByteStrings; should one (a context
// made without it), `ok` (when given) is set to false.
std::string str_value(const z3::expr& value, bool* ok = nullptr);

// The constraint "every character of `s` is a byte" (0x00-0xFF): true under ByteStrings, which is how it is kept
// (a regular expression over every free String made Z3 ten times slower). Kept as a name so that the encodings say
// where a counterexample's strings come from.
z3::expr byte_string(const z3::expr& s);

// The glob of match_pattern() (solver/match.hpp) as a regular expression over String: `*` any run, `?` one
// character, `\*` `\?` `\\` the characters themselves, other characters literal, ASCII letters in both cases when
// `ignore_case` (match_pattern folds with std::tolower in the C locale).
z3::expr glob_regex(z3::context& z3, std::string_view pattern, bool ignore_case);

// The same glob as a formula over `s`, using prefix/suffix/equality when the pattern allows it (no `?`, at most a
// leading and a trailing `*`, case-sensitive), which Z3 decides far faster than a regular expression.
z3::expr glob_matches(z3::context& z3, std::string_view pattern, const z3::expr& s, bool ignore_case);

}  // namespace iamlint::solver
