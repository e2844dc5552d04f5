// The JSON Schema validator that checks the documents of the report formats against their official schemas.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/fixture_support.hpp"
#include "tests/json_schema.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using nlohmann::json;

namespace {

const json& sarif_schema() {
  static const json schema = json::parse(read_file(source_dir() / "tests" / "data" / "sarif-schema-2.1.0.json"));
  return schema;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// The validator

TEST_CASE("the JSON Schema validator accepts a valid document and names each fault's place", "[report][schema]") {
  const json schema = json::parse(R"({
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["name", "items"],
    "additionalProperties": false,
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z]+$"},
      "home": {"type": "string", "format": "uri"},
      "when": {"type": "string", "format": "date-time"},
      "level": {"enum": ["error", "warning"]},
      "count": {"type": "integer", "minimum": 1, "maximum": 3},
      "items": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"$ref": "#/definitions/item"}},
      "either": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]},
      "one": {"oneOf": [{"type": "string"}, {"type": ["integer", "null"]}]}
    },
    "definitions": {
      "item": {"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": {"type": "number"}}
    }
  })");
  const json good = json::parse(R"({"name": "ok", "home": "https://example.com/a%20b", "when": "2026-12-06T12:00:00.5+01:00", "level": "error", "count": 2,
    "items": [{"id": "x", "extra": 1.5}, {"id": "y"}], "either": {"b": 1}, "one": null})");
  CHECK(validate_json_schema(schema, good).empty());

  auto errors_with = [&](const char* pointer, const json& value) {
    json doc = good;
    if (value.is_discarded()) doc.erase(json::json_pointer(pointer).back());
    else doc[json::json_pointer(pointer)] = value;
    std::string text = joined(validate_json_schema(schema, doc));
    return text.substr(0, text.size() - 1);
  };
  CHECK(errors_with("/name", json(json::value_t::discarded)) == R"(: lacks the required property "name" (#/required))");
  CHECK(errors_with("/name", 7) == R"(/name: a number where the schema wants "string" (#/properties/name/type))");
  CHECK(errors_with("/name", "Bad") == R"(/name: "Bad" does not match "^[a-z]+$" (#/properties/name/pattern))");
  CHECK(errors_with("/level", "fatal") ==
        R"(/level: "fatal" is not one of ["error","warning"] (#/properties/level/enum))");
  CHECK(errors_with("/home", "not a uri") == R"(/home: "not a uri" is not a uri (#/properties/home/format))");
  CHECK(errors_with("/home", "relative/path") == R"(/home: "relative/path" is not a uri (#/properties/home/format))");
  CHECK(errors_with("/when", "2026-12-06 12:00:00Z") ==
        R"(/when: "2026-12-06 12:00:00Z" is not a date-time (#/properties/when/format))");
  CHECK(errors_with("/count", 2.5) == R"(/count: a number where the schema wants "integer" (#/properties/count/type))");
  CHECK(errors_with("/count", 4) == R"(/count: 4 is more than 3 (#/properties/count/maximum))");
  CHECK(errors_with("/count", 0) == R"(/count: 0 is less than 1 (#/properties/count/minimum))");
  CHECK(errors_with("/items", json::array()) == R"(/items: has 0 items, fewer than 1 (#/properties/items/minItems))");
  CHECK(errors_with("/items/1", json{{"id", "x"}, {"extra", 1.5}}) ==
        R"(/items: items 0 and 1 are equal (#/properties/items/uniqueItems))");
  // Through a $ref, the schema's place is the definition's.
  CHECK(errors_with("/items/1/id", 3) == R"(/items/1/id: a number where the schema wants "string" )"
                                         R"((#/definitions/item/properties/id/type))");
  CHECK(errors_with("/items/1/extra", "x") == R"(/items/1/extra: a string where the schema wants "number" )"
                                              R"((#/definitions/item/additionalProperties/type))");
  CHECK(errors_with("/surplus", 1) == R"(/surplus: is not a property the schema allows (#/additionalProperties))");
  CHECK(errors_with("/either", json::object()) ==
        R"(/either: matches 0 of the 2 schemas of anyOf (#/properties/either/anyOf): )"
        R"(/either: lacks the required property "a" (#/properties/either/anyOf/0/required); )"
        R"(/either: lacks the required property "b" (#/properties/either/anyOf/1/required))");
  CHECK(errors_with("/one", true) ==
        R"(/one: matches 0 of the 2 schemas of oneOf (#/properties/one/oneOf): )"
        R"(/one: a boolean where the schema wants "string" (#/properties/one/oneOf/0/type); )"
        R"(/one: a boolean where the schema wants ["integer","null"] (#/properties/one/oneOf/1/type))");
}

TEST_CASE("the JSON Schema validator refuses a schema it cannot check in full", "[report][schema]") {
  const json doc = {{"a", 1}};
  auto faults = [&](const char* text) {
    std::string out = joined(validate_json_schema(json::parse(text), doc));
    return out.substr(0, out.size() - 1);
  };
  CHECK(faults(R"({"properties": {"a": {"$ref": "#/definitions/missing"}}})") ==
        R"(schema #/properties/a/$ref: does not resolve: "#/definitions/missing")");
  CHECK(faults(R"({"$ref": "other.json#/x"})") == R"(schema #/$ref: does not resolve: "other.json#/x")");
  // A keyword it does not know fails even where the document never goes.
  CHECK(faults(R"({"definitions": {"unused": {"propertyNames": {"pattern": "^a"}}}})") ==
        "schema #/definitions/unused: unknown keyword 'propertyNames'");
  CHECK(faults(R"({"properties": {"a": {"exclusiveMinimum": 0}}})") ==
        "schema #/properties/a: unknown keyword 'exclusiveMinimum'");
  CHECK(faults(R"({"format": "email"})") == R"(schema #/format: format "email" cannot be checked by this validator)");
  CHECK(faults(R"({"type": "float"})") == R"(schema #/type: unknown type "float")");
  CHECK(faults(R"({"pattern": "(unclosed"})") ==
        R"(schema #/pattern: pattern "(unclosed" is not an ECMAScript regular expression)");
  CHECK(faults(R"({"items": [{"type": "string"}]})") == "schema #/items: an array of item schemas is not supported");
}

TEST_CASE("the SARIF schema uses only keywords the validator checks, and rejects a wrong log", "[report][schema]") {
  const json minimal = {{"version", "2.1.0"}, {"runs", json::array({{{"tool", {{"driver", {{"name", "x"}}}}}}})}};
  CHECK(validate_json_schema(sarif_schema(), minimal).empty());
  json wrong = minimal;
  wrong["version"] = "2.0.0";
  wrong["runs"][0]["results"] = json::array({{{"message", {{"text", "m"}}}, {"level", "fatal"}}});
  wrong["runs"][0]["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", "file:///a b/"}}}};
  CHECK(joined(validate_json_schema(sarif_schema(), wrong)) ==
        joined({
            R"(/runs/0/originalUriBaseIds/%SRCROOT%/uri: "file:///a b/" is not a uri-reference )"
            R"((#/definitions/artifactLocation/properties/uri/format))",
            R"(/runs/0/results/0/level: "fatal" is not one of ["none","note","warning","error"] )"
            R"((#/definitions/result/properties/level/enum))",
            R"(/version: "2.0.0" is not one of ["2.1.0"] (#/properties/version/enum))",
        }));
}
