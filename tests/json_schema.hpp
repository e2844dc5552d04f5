// A JSON Schema validator for the tests: the draft-04/draft-07 keywords that the schemas of our output formats use
// (SARIF 2.1.0's, docs/), so that every document a test writes is checked against the official schema.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace iamlint::testing {

// The ways `doc` breaks `schema`, one message each, starting with the JSON pointer of the offending value ("" for
// the root) and ending with the schema keyword's place: "/runs/0/level: \"bad\" is not one of [...] (#/.../enum)".
// Empty when `doc` is valid. Faults of the schema itself (a keyword this validator does not know, a $ref to nothing,
// a format it cannot check, a pattern that is no regular expression) are reported first, with the schema's pointer,
// and the document is then not checked: a keyword is never silently ignored.
std::vector<std::string> validate_json_schema(const nlohmann::json& schema, const nlohmann::json& doc);

// SARIF text against the official SARIF 2.1.0 schema (tests/data), for every test that makes SARIF: the faults, or
// one "not JSON: ..." when it does not parse.
std::vector<std::string> sarif_errors(const std::string& text);

}  // namespace iamlint::testing
