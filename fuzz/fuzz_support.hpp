// What the fuzz targets share: failing loudly on a broken invariant, linting bytes as a file with every rule on and
// checking that whatever comes back is located inside the input, and writing a JsonTree back out as JSON so that a
// loader's result can be loaded again and compared. docs/fuzzing.md lists the targets and their invariants.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "linter/json_tree.hpp"
#include "linter/lint.hpp"

namespace iamlint::fuzz {

// Aborts with `what` when `ok` is false: libFuzzer keeps the input as a crash, the replay test fails.
void require(bool ok, std::string_view what);

std::string_view as_text(const uint8_t* data, std::size_t size) noexcept;

// A position that names a character of the file, or the place just after its last one.
bool inside(const linter::SourceFile& source, linter::Position at);

// Lints `bytes` as the file `path` with every rule (the path's extension decides JSON or YAML, as for a real file),
// and checks every finding's and every problem's location against the bytes. Returns the result for further checks.
linter::FileResult lint_checked(std::string_view bytes, const std::string& path, const linter::LintOptions& options);
// The same with the input type forced, as --input-type does, and the other options left as they are by default.
void lint_as(std::string_view bytes, linter::InputType type, const std::string& path);

// UTF-8 as RFC 3629 has it: no overlong forms, no surrogates, nothing past U+10FFFF.
bool valid_utf8(std::string_view s);

// `s` as a JSON string, quotes included: `"` and `\` escaped, control characters as \u00XX, other bytes as they are.
std::string json_string(std::string_view s);

// The tree as compact JSON: keys and strings escaped, numbers as written, YAML's spellings of true/false/null in
// JSON's. Loading it again gives a tree of the same shape, keys and values (same_tree).
std::string to_json(const linter::JsonTree& tree);

// Same structure, keys and scalar values (Bool compared by value, so that YAML's `True` equals JSON's `true`);
// spans and the symbolic flag are not compared.
bool same_tree(const linter::JsonTree& a, const linter::JsonTree& b);

// Requires that `tree` survives to_json and a JSON load unchanged, and that the policy model built over the copy is
// the model built over the original (statements, effects, which elements each has, at the same pointers).
void require_round_trip(const linter::SourceFile& source, const linter::JsonTree& tree, std::string_view what);

}  // namespace iamlint::fuzz
