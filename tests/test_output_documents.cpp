// Every command's documents against their consumers' formats: the JSON output against its own schema
// (docs/schemas/iamlint-output.schema.json), SARIF against the official SARIF 2.1.0 schema, JUnit parsed as XML,
// Markdown within a comment's size; for lint, prove and report, over the running example.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/cli.hpp"
#include "linter/report.hpp"
#include "solver/prove_command.hpp"
#include "solver/report_command.hpp"
#include "tests/fixture_support.hpp"
#include "tests/json_schema.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using nlohmann::json;

namespace {

struct CommandRun {
  int code = 0;
  std::string out, err;
};

CommandRun iamlint_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  CommandRun r;
  r.code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e,
                           {solver::prove_command(), solver::report_command()});
  r.out = o.str();
  r.err = e.str();
  return r;
}

const json& schema(const std::string& relative) {
  static std::map<std::string, json> cache;
  auto [it, added] = cache.try_emplace(relative);
  if (added) it->second = json::parse(read_file(source_dir() / relative));
  return it->second;
}

// Parses a document and checks it against a schema; the document for further checks.
json valid(const std::string& text, const std::string& schema_path) {
  json doc = json::parse(text);
  CHECK(joined(validate_json_schema(schema(schema_path), doc)) == "");
  return doc;
}

json valid_json(const std::string& text) { return valid(text, "docs/schemas/iamlint-output.schema.json"); }
json valid_sarif(const std::string& text) { return valid(text, "tests/data/sarif-schema-2.1.0.json"); }

std::string example(const std::string& name) { return (source_dir() / "fixtures" / "cross-account" / name).string(); }

bool xmllint_present() { return std::system("xmllint --version >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("the JSON output's schema is complete and strict", "[report][schema]") {
  std::vector<std::string> errors =
      validate_json_schema(schema("docs/schemas/iamlint-output.schema.json"), json{{"schema_version", 2}});
  REQUIRE_FALSE(errors.empty());
  CHECK(std::any_of(errors.begin(), errors.end(), [](const std::string& e) { return e.starts_with("/schema_version"); }));
  // A field the schema does not know is an error: the schema must grow with the output.
  CommandRun r = iamlint_cli({"lint", "--format", "json", (source_dir() / "fixtures" / "rules").string()});
  json doc = valid_json(r.out);
  doc["findings"][0]["surprise"] = true;
  CHECK_FALSE(validate_json_schema(schema("docs/schemas/iamlint-output.schema.json"), doc).empty());
}

TEST_CASE("lint's JSON and SARIF follow their schemas over every fixture set", "[report][schema]") {
  // Rules' good and bad cases, malformed inputs (problems), wrapped inputs and templates (policy, label), and a
  // configuration with suppressions (suppressed, unused-suppression).
  for (const char* dir : {"rules", "malformed", "inputs", "cloudformation", "cross-account"}) {
    INFO(dir);
    std::string path = (source_dir() / "fixtures" / dir).string();
    CommandRun json_run = iamlint_cli({"lint", "--format", "json", "--fail-on", "none", path});
    json doc = valid_json(json_run.out);
    CHECK_FALSE(doc["files"].empty());
    CommandRun sarif_run = iamlint_cli({"lint", "--format", "sarif", "--fail-on", "none", path});
    json sarif = valid_sarif(sarif_run.out);
    CHECK(json_run.code == sarif_run.code);
    // One SARIF result per finding of the JSON (suppressed ones included) and per problem.
    CHECK(sarif["runs"][0]["results"].size() == doc["findings"].size() + doc["problems"].size());
  }
  TempDir dir;
  InDirectory in(source_dir() / "fixtures" / "config" / "project");
  CommandRun r = iamlint_cli({"lint", "--format", "json", "."});
  json doc = valid_json(r.out);
  std::size_t suppressed = 0, unused = 0;
  for (const json& f : doc["findings"]) {
    suppressed += f.contains("suppressed");
    unused += f["rule"] == "unused-suppression";
  }
  CHECK(suppressed == doc["summary"]["suppressed"]);
  CHECK(suppressed > 0);
  CHECK(unused > 0);
  valid_sarif(iamlint_cli({"lint", "--format", "sarif", "."}).out);
}

TEST_CASE("report on the example: one run writes every format, each valid for its consumer", "[report]") {
  TempDir dir;
  std::vector<std::string> args = {"report", "--env", example("environment.yaml"), "--properties",
                                   example("properties.yaml"), "--format", "json", "-o", dir / "report.json"};
  for (const char* f : {"sarif", "junit", "markdown", "html", "text"}) {
    args.emplace_back("--output");
    args.push_back(std::string(f) + "=" + (dir / ("report." + std::string(f))));
  }
  CommandRun r = iamlint_cli(args);
  INFO(r.err);
  // Security findings in the example, and two claims refuted.
  CHECK(r.code == 1);
  CHECK(r.out.empty());

  json doc = valid_json(read_file(dir / "report.json"));
  // The environment's five policy files were linted, since no file was named.
  CHECK(doc["files"].size() == 5);
  CHECK(doc["property_summary"] == json{{"properties", 5}, {"proved", 3}, {"refuted", 2}, {"unknown", 0},
                                        {"not_as_expected", 2}});
  const json& only = doc["properties"][0];
  CHECK(only["name"] == "only ProdS3RWRole can write prod-data-bucket");
  CHECK(only["steps"][0]["principal"] == "arn:aws:iam::222222222222:root");
  CHECK(only["steps"][0]["reason"] == "the root user of 222222222222 has every permission in its account");  // no statement to point at
  CHECK(doc["statistics"]["policies"] == 5);
  CHECK(doc["statistics"]["principals"] == 3);  // dev-user, ops-user, ProdS3RWRole

  json sarif = valid_sarif(read_file(dir / "report.sarif"));
  std::size_t property_failures = 0;
  for (const json& result : sarif["runs"][0]["results"]) {
    if (result["ruleId"] != "iamlint/property") continue;
    ++property_failures;
    const json& region = result["locations"][0]["physicalLocation"]["region"];
    CHECK(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].get<std::string>().ends_with(
        "properties.yaml"));
    CHECK((region["startLine"] == 7 || region["startLine"] == 26));
    CHECK(result["message"]["text"].get<std::string>().find("arn:aws:iam::") != std::string::npos);
  }
  CHECK(property_failures == 2);

  std::string junit = read_file(dir / "report.junit");
  CHECK(junit.find("<testsuite name=\"properties\" tests=\"5\" failures=\"2\"") != std::string::npos);
  if (xmllint_present()) {
    CHECK(std::system(("xmllint --noout " + (dir / "report.junit")).c_str()) == 0);
  } else {
    WARN("xmllint is not installed (Debian libxml2-utils): JUnit checked without an XML parser");
  }
  std::string markdown = read_file(dir / "report.markdown");
  CHECK(markdown.size() <= linter::kMarkdownLimit);
  CHECK(markdown.find("only ProdS3RWRole can write prod-data-bucket") != std::string::npos);
  std::string text = read_file(dir / "report.text");
  CHECK(text.find("REFUTED only ProdS3RWRole can write prod-data-bucket") != std::string::npos);
}

TEST_CASE("prove writes SARIF, JUnit and JSON too; --output refuses an unknown format or an unwritable path",
          "[report]") {
  std::vector<std::string> base = {"prove", "--env", example("environment.yaml"), "--properties",
                                   example("properties.yaml")};
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = base;
    args.insert(args.end(), more.begin(), more.end());
    return iamlint_cli(args);
  };
  CommandRun sarif = with({"--format", "sarif"});
  CHECK(sarif.code == 1);
  json log = valid_sarif(sarif.out);
  CHECK(log["runs"][0]["results"].size() == 2);  // the two refuted claims; the three proved are only counted
  CHECK(log["runs"][0]["properties"]["iamlint/properties"]["proved"] == 3);
  json doc = valid_json(with({"--format", "json"}).out);
  CHECK(doc["findings"].empty());
  CHECK(doc["properties"].size() == 5);

  CommandRun bad = with({"--output", "yaml=x.yaml"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown format 'yaml'") != std::string::npos);
  CommandRun no_path = with({"--output", "sarif"});
  CHECK(no_path.code == 2);
  CHECK(no_path.err.find("FORMAT=PATH") != std::string::npos);
  CommandRun unwritable = with({"--output", "sarif=/nonexistent-dir/x.sarif"});
  CHECK(unwritable.code == 2);
  CHECK(unwritable.err.find("cannot write /nonexistent-dir/x.sarif") != std::string::npos);
}

TEST_CASE("report without an environment lints the files it is given; without either it is a usage error",
          "[report]") {
  CommandRun r = iamlint_cli({"report", "--format", "json", example("prod-account/prod-data-bucket-policy.json")});
  json doc = valid_json(r.out);
  CHECK(doc["files"].size() == 1);
  CHECK(doc["properties"].empty());
  CommandRun none = iamlint_cli({"report"});
  CHECK(none.code == 2);
  CHECK(none.err.find("give files to lint") != std::string::npos);
}
