// Reads YAML (a CloudFormation template, in practice) into the same JsonTree that JSON loads into, every value and
// key spanning its token in the file, so that a policy found in YAML is located like one found in JSON.
//
// Mapping: a mapping is an Object (keys are scalars), a sequence an Array. A plain scalar that YAML's core schema
// reads as null, a boolean or a number becomes that JSON type (`true`, `12`); every other scalar, and every quoted or
// block scalar, is a String. A CloudFormation short-form tag becomes the long form it stands for: `!GetAtt A.B` is an
// Object with the one member `Fn::GetAtt` (its key spans the tag) holding the String "A.B", exactly what the JSON
// template would hold. docs/inputs.md lists the tags.
#pragma once

#include <optional>
#include <string_view>

#include "linter/json_loader.hpp"
#include "linter/json_tree.hpp"
#include "linter/source.hpp"

namespace iamlint::linter {

// Fills `tree` from the first YAML document of the file. Errors (syntax, nesting beyond limits.max_depth, aliases
// that expand the document beyond a multiple of its size) come back located. Only the first document is read: a
// CloudFormation template is one.
std::optional<InputError> load_yaml(const SourceFile& source, JsonTree& tree, const LoadLimits& limits);

// Whether a file is to be read as YAML: its name ends in .yaml or .yml, or it ends in .template (CloudFormation's
// own extension, used for both) and its first character, after a BOM and white space, is not '{'.
bool is_yaml_path(std::string_view path, std::string_view text) noexcept;

// The file offset of a YAML scalar's token (its tag left out), and the length of the token: a quoted scalar to its
// closing quote, a plain scalar to the end of its first line (or a flow indicator, in flow context), a block
// scalar's indicator. For locating the bytes of a string's value in the file, see yaml_string_map.
uint32_t yaml_token_length(std::string_view text, uint32_t offset, bool in_flow) noexcept;

// The file offset of each byte of `value`, the value a scalar at `offset` has after YAML has read it (quotes,
// escapes, indentation and folding undone), plus one past its end: found by walking the value and the file side by
// side. A byte the walk cannot place (a character written as an escape) takes the place of the last byte placed.
void yaml_string_map(std::string_view text, uint32_t offset, std::string_view value, std::vector<uint32_t>& map);

}  // namespace iamlint::linter
