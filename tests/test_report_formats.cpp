// The report formats (SARIF, JUnit, Markdown) over real lint runs and hand-built property results, and the JSON
// Schema validator that checks every SARIF document these tests write against the official schema.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "linter/config.hpp"
#include "linter/output.hpp"
#include "linter/report.hpp"
#include "tests/fixture_support.hpp"
#include "tests/json_schema.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using nlohmann::json;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

const json& sarif_schema() {
  static const json schema = json::parse(read_file(source_dir() / "tests" / "data" / "sarif-schema-2.1.0.json"));
  return schema;
}

// Writes SARIF and checks it against the official schema: every SARIF document of these tests goes through here.
json sarif_of(const linter::Report& report) {
  std::ostringstream out;
  linter::write_sarif(out, report);
  json doc = json::parse(out.str());
  CHECK(joined(validate_json_schema(sarif_schema(), doc)) == "");
  return doc;
}

template <typename Writer>
std::string written(Writer write, const linter::Report& report) {
  std::ostringstream out;
  write(out, report);
  return out.str();
}

// Lints `paths` (relative to the current directory) with `rules`, and the configuration `config_path` if given.
linter::LintResult lint_paths(const std::vector<const linter::Rule*>& rules, std::vector<std::string> paths,
                              const std::string& config_path = "") {
  linter::Config config;
  linter::LintOptions options;
  options.paths = std::move(paths);
  options.jobs = 1;
  if (!config_path.empty()) {
    REQUIRE_FALSE(linter::load_config(config_path, registry().all(), config));
    linter::apply_config(config, options);
    options.fingerprint_root = config.directory();
  }
  linter::Engine engine(rules, config);
  return linter::lint(engine, options);
}

linter::Report report_of(const linter::LintResult& result, const std::vector<const linter::Rule*>& rules) {
  linter::Report r;
  r.tool_version = "0.0.0-test";
  r.lint = &result;
  r.rules = rules;
  return r;
}

linter::SourceRef ref(std::string path, uint32_t line, uint32_t column, uint32_t end_column, std::string note) {
  return {std::move(path), {line, column}, {line, end_column}, std::move(note)};
}

// A property of fixtures/cross-account/properties.yaml, at its entry.
linter::PropertyReport property(std::string name, std::string kind, uint32_t line, linter::PropertyVerdict verdict) {
  linter::PropertyReport p;
  p.at = ref("fixtures/cross-account/properties.yaml", line, 5, static_cast<uint32_t>(5 + name.size()), "");
  p.name = std::move(name);
  p.kind = std::move(kind);
  p.verdict = verdict;
  return p;
}

linter::RequestStep step(std::string principal, std::string action, std::string resource,
                         std::vector<linter::SourceRef> deciding) {
  linter::RequestStep s;
  s.principal = std::move(principal);
  s.action = std::move(action);
  s.resource = std::move(resource);
  s.allowed = true;
  s.decision = "Allowed";
  s.deciding = std::move(deciding);
  return s;
}

// Three properties of the cross-account example as the prover reports them: a refuted `only` with a two-step
// counterexample, a proved `can`, and an undecided one.
std::vector<linter::PropertyReport> sample_properties() {
  const std::string prod = "fixtures/cross-account/prod-account/";
  linter::PropertyReport refuted =
      property("only ProdS3RWRole can write prod-data-bucket", "only", 7, linter::PropertyVerdict::Refuted);
  refuted.summary = "dev-user can s3:PutObject on prod-data-bucket without being ProdS3RWRole";
  linter::RequestStep assume =
      step("arn:aws:iam::111111111111:user/dev-user", "sts:AssumeRole", "arn:aws:iam::222222222222:role/ProdS3RWRole",
           {ref(prod + "ProdS3RWRole-trust-policy.json", 5, 7, 8, "ProdS3RWRole-trust-policy (trust policy)")});
  assume.reason = "an Allow in the trust policy";
  linter::RequestStep put =
      step("arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/s", "s3:PutObject", "arn:aws:s3:::prod-data-bucket/k",
           {ref(prod + "prod-data-bucket-policy.json", 5, 5, 6, "prod-data-bucket-policy (bucket policy)"),
            linter::SourceRef{"", {}, {}, "a stand-in policy"}});
  put.principal_note = "dev-user by way of ProdS3RWRole";
  put.context = {{"aws:SecureTransport", {"false"}}, {"aws:SourceIp", {}}};
  refuted.steps = {assume, put};

  linter::PropertyReport proved = property("dev-user can put objects into prod-data-bucket by way of ProdS3RWRole",
                                           "can", 19, linter::PropertyVerdict::Proved);
  proved.as_expected = true;
  proved.summary = "a witness request is allowed";

  linter::PropertyReport unknown = property("only members of Developers can assume ProdS3RWRole", "only", 26,
                                            linter::PropertyVerdict::Unknown);
  unknown.unknown_reason = "the solver gave up at its resource limit";
  return {refuted, proved, unknown};
}

const std::vector<const linter::Rule*>& config_rules() {
  static const auto rules = rules_named({"IAM001", "IAM006", "IAM201"});
  return rules;
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

// ---------------------------------------------------------------------------------------------------------------
// SARIF

TEST_CASE("SARIF of the cross-account example: rules, levels, places and the JSON output's fingerprints",
          "[report][sarif]") {
  InDirectory in(source_dir());
  const auto& rules = registry().all();
  linter::LintResult result = lint_paths(rules, {"fixtures/cross-account/prod-account"});
  linter::Report report = report_of(result, rules);
  json doc = sarif_of(report);
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const json& run = doc["runs"][0];
  CHECK(run["columnKind"] == "unicodeCodePoints");
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] ==
        "file://" + linter::uri_encode_path(source_dir().string()) + "/");
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "iamlint");
  CHECK(driver["version"] == "0.0.0-test");
  REQUIRE(driver["rules"].size() == rules.size() + 3);
  for (std::size_t i = 0; i < rules.size(); ++i) CHECK(driver["rules"][i]["id"] == rules[i]->meta().id);
  const json& own = driver["rules"];
  CHECK(own[rules.size()]["id"] == "iamlint/input");
  CHECK(own[rules.size() + 1]["id"] == "iamlint/unused-suppression");
  CHECK(own[rules.size() + 2]["id"] == "iamlint/property");

  std::vector<std::string> rows;
  for (const json& r : run["results"]) {
    const json& loc = r["locations"][0]["physicalLocation"];
    CHECK(driver["rules"][r["ruleIndex"].get<std::size_t>()]["id"] == r["ruleId"]);
    CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    // A region without an end is the empty token of a YAML mapping (a template's statement): its start only.
    const json& region = loc["region"];
    std::string end = region.contains("endLine") ? "-" + std::to_string(region["endLine"].get<int>()) + ":" +
                                                       std::to_string(region["endColumn"].get<int>())
                                                 : "";
    rows.push_back(r["ruleId"].get<std::string>() + " " + r["level"].get<std::string>() + " " +
                   loc["artifactLocation"]["uri"].get<std::string>().substr(36) + " " +
                   std::to_string(region["startLine"].get<int>()) + ":" +
                   std::to_string(region["startColumn"].get<int>()) + end + " " +
                   r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].get<std::string>());
  }
  CHECK(joined(rows) == joined({
                            "IAM220 error ProdS3RWRole-trust-policy.json 8:16-8:48 /Statement/0/Principal/AWS",
                            "IAM220 error authorization-details.json 18:36-18:68 /Statement/0/Principal/AWS",
                            "IAM225 note prod-data-bucket-policy.json 4:3-4:14 /Statement",
                            "IAM401 error prod-data-bucket-policy.json 5:5-5:6 /Statement/0",
                            "IAM201 error prod-data-bucket-policy.json 11:17-11:23 /Statement/0/Action",
                            "IAM220 error template.yaml 24:25-24:58 /Statement/0/Principal/AWS",
                            "IAM225 note template.yaml 55:9-55:18 /Statement",
                            "IAM401 error template.yaml 56:13 /Statement/0",
                            "IAM201 error template.yaml 60:21-60:25 /Statement/0/Action",
                        }));
  const json& first = run["results"][0];
  CHECK(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json");
  CHECK(first["message"]["text"] == result.files[1].findings[0].message);
  CHECK_FALSE(first.contains("suppressions"));
  CHECK(run["results"][1]["properties"]["label"] == "role ProdS3RWRole, trust policy");
  CHECK(run["results"][1]["properties"]["policy"] == "/RoleDetailList/0/AssumeRolePolicyDocument");

  // The fingerprints are the JSON output's, result for finding.
  std::ostringstream out;
  linter::write_json(out, result, "0.0.0-test");
  json findings = json::parse(out.str())["findings"];
  REQUIRE(findings.size() == run["results"].size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    CHECK(run["results"][i]["partialFingerprints"]["iamlint/v1"] == findings[i]["fingerprint"]);
    CHECK(findings[i]["fingerprint"].get<std::string>().size() == 16);
  }

  // The rule's descriptor: what GitHub shows and how it ranks a security alert.
  const json& iam220 = driver["rules"][first["ruleIndex"].get<std::size_t>()];
  CHECK(iam220["name"] == "whole-account-trust");
  CHECK(iam220["helpUri"] == "https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM220-whole-account-trust.md");
  CHECK(iam220["defaultConfiguration"]["level"] == "error");
  CHECK(iam220["properties"]["tags"] == json::array({"security", "iam"}));
  CHECK(iam220["properties"]["security-severity"] == "7.5");
  CHECK(iam220["shortDescription"]["text"] == rules_named({"IAM220"})[0]->meta().summary);
  const json& iam001 = driver["rules"][0];
  CHECK(iam001["id"] == "IAM001");
  CHECK(iam001["properties"]["tags"] == json::array({"structure", "iam"}));
  CHECK_FALSE(iam001["properties"].contains("security-severity"));
}

TEST_CASE("SARIF keeps suppressed findings with the suppression's kind and justification", "[report][sarif]") {
  InDirectory in(source_dir());
  SECTION("suppressed by the configuration, with the unused suppression as a result of its own") {
    linter::LintResult result =
        lint_paths(config_rules(), {"fixtures/config/project"}, "fixtures/config/project/.iamlint.yaml");
    json run = sarif_of(report_of(result, config_rules()))["runs"][0];
    std::vector<std::string> rows;
    for (const json& r : run["results"]) {
      std::string row = r["ruleId"].get<std::string>() + " " + r["level"].get<std::string>() + " " +
                        std::to_string(r["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>());
      for (const json& s : r.value("suppressions", json::array())) {
        row += ' ';
        row += s["kind"].get<std::string>() + " " + s["status"].get<std::string>() + " at " +
               s["location"]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>() + ":" +
               std::to_string(s["location"]["physicalLocation"]["region"]["startLine"].get<int>()) + ": " +
               s["justification"].get<std::string>();
      }
      rows.push_back(row);
    }
    CHECK(joined(rows) ==
          joined({
              "IAM201 error 7 external accepted at fixtures/config/project/.iamlint.yaml:8: The build fleet starts and "
              "stops its own instances.",
              "IAM006 error 12",
              "IAM201 error 7",
              "IAM201 error 13 external accepted at fixtures/config/project/.iamlint.yaml:4: The log bucket's policy "
              "is managed by the platform team.",
              "IAM001 warning 1 external accepted at fixtures/config/project/.iamlint.yaml:12: Legacy policies "
              "predate the Version element; they are retired in Q3.",
              "IAM201 error 5",
              "iamlint/unused-suppression warning 15",
          }));
    const json& unused = run["results"][6];
    CHECK(unused["ruleIndex"] == 4);
    CHECK(unused["locations"][0]["physicalLocation"]["region"] == json{{"startLine", 15}, {"startColumn", 5}});
    CHECK(unused["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "fixtures/config/project/.iamlint.yaml");
    CHECK(unused["partialFingerprints"]["iamlint/v1"].get<std::string>().size() == 16);
  }
  SECTION("suppressed in a template's metadata, next to the template's input problems") {
    const auto& rules = registry().all();
    linter::LintResult result = lint_paths(rules, {"fixtures/inputs/cloudformation/04-suppressions.yaml"});
    json run = sarif_of(report_of(result, rules))["runs"][0];
    std::vector<std::string> rows;
    for (const json& r : run["results"]) {
      const json& region = r["locations"][0]["physicalLocation"]["region"];
      std::string row = r["ruleId"].get<std::string>() + " " + r["level"].get<std::string>() + " " +
                        std::to_string(region["startLine"].get<int>()) + ":" +
                        std::to_string(region["startColumn"].get<int>());
      for (const json& s : r.value("suppressions", json::array())) {
        row += ' ';
        row += s["kind"].get<std::string>() + ": " + s["justification"].get<std::string>();
      }
      rows.push_back(row);
    }
    CHECK(joined(rows) ==
          joined({
              "iamlint/input error 11:21",
              "iamlint/input error 12:19",
              "iamlint/input error 28:17",
              "IAM225 note 18:9",
              "IAM224 error 21:24 inSource: the bucket serves the public website; CloudFront is not used",
              "IAM224 error 36:24",
          }));
    CHECK(run["results"][0]["message"]["text"] ==
          "the iamlint ignore entry for IAM225 needs a reason: say why the finding does not apply");
    CHECK(run["results"][0]["ruleIndex"] == rules.size());
  }
}

TEST_CASE("SARIF names files as URI references under the root, or as absolute file URIs outside it",
          "[report][sarif]") {
  TempDir tmp;
  tmp.write("root/my policies/a#1.json",
            R"({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})");
  tmp.write("outside.json", "{\"Version\": \"2012-10-17\", \"Statement\": [}");
  InDirectory in(tmp.path() / "root");
  linter::LintResult result = lint_paths(config_rules(), {"my policies/a#1.json", "../outside.json"});
  REQUIRE(result.files.size() == 2);
  json run = sarif_of(report_of(result, config_rules()))["runs"][0];
  std::string root = "file://" + linter::uri_encode_path((tmp.path() / "root").string()) + "/";
  CHECK(run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root);
  REQUIRE(run["results"].size() == 2);
  CHECK(run["results"][0]["ruleId"] == "IAM201");
  CHECK(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] ==
        json{{"uri", "my%20policies/a%231.json"}, {"uriBaseId", "%SRCROOT%"}});
  CHECK(run["results"][1]["ruleId"] == "iamlint/input");
  CHECK(run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"] ==
        json{{"uri", "file://" + linter::uri_encode_path(tmp.path().string()) + "/outside.json"}});
}

TEST_CASE("SARIF gives each property not as expected as a failure with its counterexample's statements",
          "[report][sarif]") {
  InDirectory in(source_dir());
  linter::Report report;
  report.tool_version = "0.0.0-test";
  report.properties = sample_properties();
  json run = sarif_of(report)["runs"][0];
  REQUIRE(run["tool"]["driver"]["rules"].size() == 3);
  // The proved property is no result (code scanning could show it as an alert); the run counts it.
  REQUIRE(run["results"].size() == 2);
  CHECK(run["properties"]["iamlint/properties"] ==
        json{{"total", 3}, {"proved", 1}, {"refuted", 1}, {"unknown", 1}, {"notAsExpected", 2}});
  const json& refuted = run["results"][0];
  CHECK(refuted["ruleId"] == "iamlint/property");
  CHECK(refuted["ruleIndex"] == 2);
  CHECK(refuted["level"] == "error");
  CHECK_FALSE(refuted.contains("kind"));
  CHECK(refuted["message"]["text"] ==
        "only ProdS3RWRole can write prod-data-bucket (only): refuted, expected to hold. dev-user can s3:PutObject on "
        "prod-data-bucket without being ProdS3RWRole. Counterexample: arn:aws:iam::111111111111:user/dev-user may "
        "sts:AssumeRole on arn:aws:iam::222222222222:role/ProdS3RWRole: Allowed (an Allow in the trust policy); then "
        "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/s (dev-user by way of ProdS3RWRole) may s3:PutObject on "
        "arn:aws:s3:::prod-data-bucket/k with aws:SecureTransport=false, aws:SourceIp: Allowed");
  CHECK(refuted["locations"][0]["physicalLocation"] ==
        json::parse(R"({"artifactLocation": {"uri": "fixtures/cross-account/properties.yaml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 49}})"));
  // The stand-in policy has no place: only the two located statements are related locations.
  REQUIRE(refuted["relatedLocations"].size() == 2);
  CHECK(refuted["relatedLocations"][0]["id"] == 0);
  CHECK(refuted["relatedLocations"][0]["message"]["text"] == "ProdS3RWRole-trust-policy (trust policy)");
  CHECK(refuted["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"] ==
        "fixtures/cross-account/prod-account/prod-data-bucket-policy.json");
  CHECK(refuted["relatedLocations"][1]["physicalLocation"]["region"]["startLine"] == 5);
  CHECK(refuted["properties"] == json{{"verdict", "refuted"}, {"asExpected", false}});
  const json& unknown = run["results"][1];
  CHECK(unknown["level"] == "error");
  CHECK(unknown["message"]["text"] ==
        "only members of Developers can assume ProdS3RWRole (only): unknown, expected to hold. the solver gave up at "
        "its resource limit");
  CHECK(unknown["partialFingerprints"]["iamlint/v1"] != refuted["partialFingerprints"]["iamlint/v1"]);
}

// ---------------------------------------------------------------------------------------------------------------
// JUnit

namespace {

bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

// Checks well-formedness with xmllint when it is installed.
void check_well_formed(const std::string& xml) {
  if (!have_xmllint()) {
    WARN("xmllint is not installed: the JUnit XML is not checked for well-formedness");
    return;
  }
  TempDir tmp;
  std::string file = tmp.write("report.xml", xml);
  CHECK(std::system(("xmllint --noout '" + file + "' 2>/dev/null").c_str()) == 0);
}

std::string unescape(std::string s) {
  for (auto [entity, c] : {std::pair{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1))
      s.replace(at, strlen(entity), c);
  }
  return s;
}

// Each testcase as "classname | name | outcome [type] message", the attributes unescaped.
std::vector<std::string> testcases(const std::string& xml) {
  static const std::regex kCase(R"re(<testcase classname="([^"]*)" name="([^"]*)"(?: time="[^"]*")?(/?)>)re");
  static const std::regex kOutcome(
      R"re(^\s*<(failure|error|skipped|system-out)(?: message="([^"]*)")?(?: type="([^"]*)")?)re");
  std::vector<std::string> out;
  for (std::sregex_iterator it(xml.begin(), xml.end(), kCase), end; it != end; ++it) {
    std::string row = unescape((*it)[1].str()) + " | " + unescape((*it)[2].str()) + " | ";
    std::smatch m;
    std::string rest = xml.substr(static_cast<std::size_t>(it->position() + it->length()));
    if ((*it)[3] == "/" || !std::regex_search(rest, m, kOutcome)) row += "passed";
    else
      row +=
          m[1].str() + (m[3].matched ? " [" + m[3].str() + "]" : "") + (m[2].matched ? " " + unescape(m[2].str()) : "");
    out.push_back(row);
  }
  return out;
}

}  // namespace

TEST_CASE("JUnit: a case per file and rule, failing at --fail-on, and a case per property", "[report][junit]") {
  InDirectory in(source_dir());
  const auto& rules = registry().all();
  linter::LintResult result = lint_paths(rules, {"fixtures/cross-account/prod-account"});
  linter::Report report = report_of(result, rules);
  report.properties = sample_properties();
  std::string xml = written(linter::write_junit, report);
  check_well_formed(xml);
  CHECK(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<testsuites name=\"iamlint\" tests=\"13\" failures=\"9\" errors=\"0\">\n"
                      "  <testsuite name=\"lint\" tests=\"10\" failures=\"7\" errors=\"0\" skipped=\"0\">\n"));
  CHECK(count(xml, "<testsuite name=\"properties\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\">") == 1);
  const std::string dir = "fixtures/cross-account/prod-account/";
  CHECK(joined(testcases(xml)) ==
        joined({
            dir + "ProdS3RWRole-permissions-policy.json | no findings | passed",
            dir + "ProdS3RWRole-trust-policy.json | IAM220 whole-account-trust | failure [security] " +
                result.files[1].findings[0].message,
            dir + "authorization-details.json | IAM220 whole-account-trust | failure [security] " +
                result.files[2].findings[0].message,
            dir + "prod-data-bucket-policy.json | IAM225 missing-secure-transport | system-out",
            dir + "prod-data-bucket-policy.json | IAM401 allow-meant-to-restrict | failure [security] " +
                result.files[3].findings[1].message,
            dir + "prod-data-bucket-policy.json | IAM201 service-wildcard-action | failure [security] " +
                result.files[3].findings[2].message,
            dir + "template.yaml | IAM220 whole-account-trust | failure [security] " +
                result.files[4].findings[0].message,
            dir + "template.yaml | IAM225 missing-secure-transport | system-out",
            dir + "template.yaml | IAM401 allow-meant-to-restrict | failure [security] " +
                result.files[4].findings[2].message,
            dir + "template.yaml | IAM201 service-wildcard-action | failure [security] " +
                result.files[4].findings[3].message,
            "fixtures/cross-account/properties.yaml | only ProdS3RWRole can write prod-data-bucket | failure [refuted] "
            "refuted: dev-user can s3:PutObject on prod-data-bucket without being ProdS3RWRole",
            "fixtures/cross-account/properties.yaml | dev-user can put objects into prod-data-bucket by way of "
            "ProdS3RWRole | system-out",
            "fixtures/cross-account/properties.yaml | only members of Developers can assume ProdS3RWRole | failure "
            "[unknown] unknown: only members of Developers can assume ProdS3RWRole",
        }));
  // The failure's text lists the findings; the counterexample is written out with its deciding statements.
  CHECK(count(xml, ">" + dir + "prod-data-bucket-policy.json:11:17: security: ") == 1);
  CHECK(count(xml,
              "Counterexample:\n  1. arn:aws:iam::111111111111:user/dev-user may sts:AssumeRole on "
              "arn:aws:iam::222222222222:role/ProdS3RWRole: Allowed (an Allow in the trust policy)\n"
              "     decided by ProdS3RWRole-trust-policy (trust policy) at " +
                  dir + "ProdS3RWRole-trust-policy.json:5:7\n") == 1);

  // At --fail-on suggestion the missing secure transport fails too.
  report.fail_on = linter::Severity::Suggestion;
  std::string strict = written(linter::write_junit, report);
  CHECK(count(strict, "<testsuite name=\"lint\" tests=\"10\" failures=\"9\" errors=\"0\" skipped=\"0\">") == 1);
  CHECK(count(strict, "\" type=\"suggestion\">") == 2);
}

TEST_CASE("JUnit: input problems are errors, suppressed findings do not fail, and any text stays well-formed XML",
          "[report][junit]") {
  InDirectory in(source_dir());
  const auto& rules = registry().all();
  linter::LintResult result = lint_paths(rules, {"fixtures/inputs/cloudformation/04-suppressions.yaml"});
  // A message no policy gives, with every character XML treats specially or forbids, and a byte that is no UTF-8.
  result.files[0].findings[1].message = "a <b> & \"c\" 'd' ]]> \x01\x1f\x7f \xEF\xBF\xBE \xff end";
  linter::Report report = report_of(result, rules);
  std::string xml = written(linter::write_junit, report);
  check_well_formed(xml);
  const std::string file = "fixtures/inputs/cloudformation/04-suppressions.yaml";
  CHECK(joined(testcases(xml)) ==
        joined({
            file + " | input | error [input] the iamlint ignore entry for IAM225 needs a reason: say why the finding "
                   "does not apply (and 2 more)",
            file + " | IAM225 missing-secure-transport | system-out",
            file + " | IAM224 public-resource-policy | failure [security] " + result.files[0].findings[2].message,
        }));
  CHECK(count(xml, "tests=\"3\" failures=\"1\" errors=\"1\"") == 2);
  CHECK(count(xml, file + ":21:24: security: a &lt;b&gt; &amp; \"c\" 'd' ]]&gt; \xEF\xBF\xBD\xEF\xBF\xBD\x7f "
                          "\xEF\xBF\xBD \xEF\xBF\xBD end (suppressed: the bucket serves the public website; "
                          "CloudFront is not used)\n") == 1);
  CHECK(count(xml, file + ":12:19: error: an iamlint ignore entry needs a rule id such as IAM220\n") == 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

TEST_CASE("Markdown: the summary, the findings by file with links, and the properties", "[report][markdown]") {
  InDirectory in(source_dir());
  linter::LintResult result =
      lint_paths(config_rules(), {"fixtures/config/project"}, "fixtures/config/project/.iamlint.yaml");
  linter::Report report = report_of(result, config_rules());
  report.properties = sample_properties();
  std::string md = written(linter::write_markdown, report);
  CHECK(md == R"md(## iamlint

| Severity | Findings |
| --- | ---: |
| error | 1 |
| security | 2 |
| warning | 1 |
| suggestion | 0 |

4 findings in 3 files; 3 suppressed.

**Properties:** 1 proved, 1 refuted, 1 unknown; 2 not as expected.

### fixtures/config/project/app/compute.json

- **error** [IAM006](https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM006-invalid-effect.md): Effect "allow" must be written "Allow": the value is case-sensitive ([12:17](fixtures/config/project/app/compute.json#L12))

### fixtures/config/project/app/storage.json

- **security** [IAM201](https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM201-service-wildcard-action.md): "s3:\*" allows every s3 action, including those that change its permissions or delete data; list the actions that are needed ([7:17](fixtures/config/project/app/storage.json#L7))

### fixtures/config/project/legacy/old-admin.json

- **security** [IAM201](https://github.com/iamlint/iamlint/blob/main/docs/rules/IAM201-service-wildcard-action.md): "iam:\*" allows every iam action, including those that change its permissions or delete data; list the actions that are needed ([5:15](fixtures/config/project/legacy/old-admin.json#L5))

### fixtures/config/project/.iamlint.yaml

- **warning** unused-suppression: this suppression \(IAM006 in '\*'\) matched no finding in this run: remove it, or correct its rule, path, sid or pointer ([15:5](fixtures/config/project/.iamlint.yaml#L15))

### Properties

- **refuted** (not as expected): only ProdS3RWRole can write prod-data-bucket ([fixtures/cross-account/properties.yaml:7:5](fixtures/cross-account/properties.yaml#L7))
  - dev-user can s3:PutObject on prod-data-bucket without being ProdS3RWRole
  - Counterexample:
    1. arn:aws:iam::111111111111:user/dev-user may sts:AssumeRole on arn:aws:iam::222222222222:role/ProdS3RWRole: Allowed \(an Allow in the trust policy\); decided by [ProdS3RWRole-trust-policy \(trust policy\)](fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json#L5)
    2. arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/s \(dev-user by way of ProdS3RWRole\) may s3:PutObject on arn:aws:s3:::prod-data-bucket/k with aws:SecureTransport=false, aws:SourceIp: Allowed; decided by [prod-data-bucket-policy \(bucket policy\)](fixtures/cross-account/prod-account/prod-data-bucket-policy.json#L5), a stand-in policy
- **proved**: dev-user can put objects into prod-data-bucket by way of ProdS3RWRole ([fixtures/cross-account/properties.yaml:19:5](fixtures/cross-account/properties.yaml#L19))
  - a witness request is allowed
- **unknown** (not as expected): only members of Developers can assume ProdS3RWRole ([fixtures/cross-account/properties.yaml:26:5](fixtures/cross-account/properties.yaml#L26))
  - Undecided: the solver gave up at its resource limit
)md");
}

TEST_CASE("Markdown: a crafted message cannot add links, HTML or table cells to the comment", "[report][markdown]") {
  linter::FileResult f;
  f.path = "p.json";
  linter::Finding g;
  g.rule = &rules_named({"IAM201"})[0]->meta();
  g.severity = linter::Severity::Security;
  g.message = "see [here](https://evil.example) <img src=x onerror=alert(1)> | `x` *y* _z_\n# heading";
  g.begin = {3, 7};
  f.findings.push_back(g);
  linter::LintResult result;
  result.files.push_back(f);
  std::string md = written(linter::write_markdown, report_of(result, {}));
  CHECK(count(md,
              "\n- **security** [IAM201](https://github.com/iamlint/iamlint/blob/main/docs/rules/"
              "IAM201-service-wildcard-action.md): see \\[here\\]\\(https://evil.example\\) \\<img src=x "
              "onerror=alert\\(1\\)\\> \\| \\`x\\` \\*y\\* \\_z\\_ \\# heading ([3:7](p.json#L3))\n") == 1);
  CHECK(count(md, "<img") == count(md, "\\<img"));
}

TEST_CASE("Markdown: a suggested statement is a code block that its own backticks cannot close", "[report][markdown]") {
  linter::PropertyReport p;
  p.name = "only the role";
  p.kind = "only";
  p.verdict = linter::PropertyVerdict::Refuted;
  p.suggestion = "add this statement to the policy of b: {\"Sid\":\"a```b\"}";
  linter::Report report;
  report.properties.push_back(p);
  std::string md = written(linter::write_markdown, report);
  CHECK(count(md, "  - A statement that would make it hold: add this statement to the policy of b:\n\n"
                  "    ````json\n    {\"Sid\":\"a```b\"}\n    ````\n") == 1);
}

TEST_CASE("Markdown stays within its limit, cutting findings with an exact count and keeping the properties",
          "[report][markdown]") {
  linter::LintResult result;
  const linter::RuleMeta& rule = rules_named({"IAM201"})[0]->meta();
  const std::size_t files = 40, per_file = 50;
  for (std::size_t i = 0; i < files; ++i) {
    linter::FileResult f;
    f.path = "policies/p" + std::to_string(i) + ".json";
    for (std::size_t k = 0; k < per_file; ++k) {
      linter::Finding g;
      g.rule = &rule;
      g.severity = linter::Severity::Security;
      g.message = "the action 's3:*' grants every action of the service, finding " + std::to_string(k);
      g.begin = {static_cast<uint32_t>(k + 1), 5};
      f.findings.push_back(g);
    }
    result.files.push_back(f);
  }
  linter::Report report = report_of(result, {});
  report.properties = sample_properties();
  std::string md = written(linter::write_markdown, report);
  CHECK(md.size() <= linter::kMarkdownLimit);
  CHECK(md.size() > linter::kMarkdownLimit - 400);
  std::size_t shown = count(md, "\n- **security** ");
  CHECK(shown < files * per_file);
  CHECK(count(md, "\n… and " + std::to_string(files * per_file - shown) +
                      " more findings not shown.\n\n### Properties\n") == 1);
  CHECK(count(md, "| security | 2000 |") == 1);
  CHECK(count(md, "- **refuted** (not as expected): only ProdS3RWRole") == 1);
  CHECK(count(md, "- **unknown** (not as expected): only members of Developers") == 1);
  CHECK(md.ends_with("  - Undecided: the solver gave up at its resource limit\n"));
  // Under the limit nothing is cut.
  result.files.resize(2);
  std::string small = written(linter::write_markdown, report_of(result, {}));
  CHECK(count(small, "\n- **security** ") == 2 * per_file);
  CHECK(count(small, "more findings not shown") == 0);
}
