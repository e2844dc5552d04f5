// A directory of mixed files, as a repository holds them: policies and wrappers are linted, JSON files that are no
// known shape are skipped and counted, files that claim to be JSON and are not are errors (docs/inputs.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "linter/inputs.hpp"
#include "tests/fixture_support.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

CliRun cli(std::vector<std::string> args) { return run_cli(registry().all(), std::move(args)); }

const std::string kDir = (source_dir() / "fixtures" / "mixed-directory").string();
const std::string kNoPolicy(linter::kNoPolicyFound);

// "RULE path line:col" for each finding of a JSON report, paths relative to the fixture directory.
std::vector<std::string> finding_rows(const nlohmann::json& doc) {
  std::vector<std::string> rows;
  for (const auto& f : doc["findings"]) {
    std::string path = f["path"];
    rows.push_back(std::string(f["rule"]) + ' ' + path.substr(kDir.size() + 1) + ' ' +
                   std::to_string(int(f["line"])) + ':' + std::to_string(int(f["column"])));
  }
  return rows;
}

linter::Detection detect_text(const std::string& text, linter::UnknownShape unknown) {
  static linter::JsonTree tree;
  static std::unique_ptr<linter::SourceFile> source;
  source = std::make_unique<linter::SourceFile>("mem.json", text);
  linter::JsonLoader loader;
  REQUIRE_FALSE(loader.load(*source, tree));
  return linter::detect_input(tree, linter::InputType::Auto, unknown);
}

}  // namespace

TEST_CASE("a walked directory: policies and wrappers are linted, other JSON skipped, non-JSON *.json an error") {
  CliRun r = cli({"lint", "--no-config", "--format", "json", kDir});
  CHECK(r.code == 2);  // notes.json could not be checked
  CHECK(r.err.empty());
  nlohmann::json doc = nlohmann::json::parse(r.out);
  std::vector<std::string> files;
  for (const auto& f : doc["files"]) files.push_back(std::string(f["path"]).substr(kDir.size() + 1));
  CHECK(files == std::vector<std::string>{"cli/get-role.json", "infra/stack.yaml", "notes.json",
                                          "policies/bucket.json", "policies/misspelt-statement.json"});
  CHECK(finding_rows(doc) == std::vector<std::string>{
                                 "IAM212 cli/get-role.json 7:50",              // the wrapper's trust policy
                                 "IAM001 infra/stack.yaml 7:9",                // the template's trust policy
                                 "IAM212 infra/stack.yaml 9:30",
                                 "IAM225 policies/bucket.json 3:3",            // the bare policy
                                 "IAM006 policies/bucket.json 5:17",
                                 "IAM004 policies/misspelt-statement.json 1:1",  // linted for its Version
                                 "IAM015 policies/misspelt-statement.json 3:3",
                             });
  REQUIRE(doc["problems"].size() == 1);
  CHECK(doc["problems"][0]["path"] == kDir + "/notes.json");
  CHECK(doc["problems"][0]["message"] == "invalid literal: expected 'true'");
  CHECK(doc["problems"][0]["line"] == 1);
  CHECK(doc["problems"][0]["column"] == 1);
  // YAML that is no template is skipped too, and so is YAML that does not parse when nothing in it is a template's
  // (a Helm chart's templates are YAML only once rendered).
  CHECK(doc["skipped"] == nlohmann::json::parse(R"([
    {"path": ")" + kDir + R"(/.github/workflows/ci.yml", "reason": "a YAML file that is not a CloudFormation template"},
    {"path": ")" + kDir + R"(/charts/web/templates/deployment.yaml", "reason": "unreadable YAML (a mapping key must be a scalar), and no CloudFormation template"},
    {"path": ")" + kDir + R"(/config/settings.json", "reason": ")" + kNoPolicy + R"("},
    {"path": ")" + kDir + R"(/data/regions.json", "reason": ")" + kNoPolicy + R"("},
    {"path": ")" + kDir + R"(/package.json", "reason": ")" + kNoPolicy + R"("}])"));
  CHECK(doc["summary"]["files"] == 5);
  CHECK(doc["summary"]["skipped"] == 5);
  CHECK(doc["summary"]["problems"] == 1);
}

TEST_CASE("with --verbose each skipped file is named on standard error, with why, one line each") {
  CliRun quiet = cli({"lint", "--no-config", "--color", "never", kDir});
  CHECK(quiet.err.empty());
  CliRun r = cli({"lint", "--no-config", "--color", "never", "--verbose", kDir});
  CHECK(r.code == quiet.code);
  CHECK(r.out == quiet.out);
  CHECK(r.err == "iamlint: skipped " + kDir + "/.github/workflows/ci.yml: a YAML file that is not a CloudFormation template\n" +
                 "iamlint: skipped " + kDir + "/charts/web/templates/deployment.yaml: unreadable YAML (a mapping key must be a scalar), and no CloudFormation template\n" +
                 "iamlint: skipped " + kDir + "/config/settings.json: " + kNoPolicy + "\n" +
                 "iamlint: skipped " + kDir + "/data/regions.json: " + kNoPolicy + "\n" +
                 "iamlint: skipped " + kDir + "/package.json: " + kNoPolicy + "\n");
  CHECK(r.out.ends_with("; 1 file could not be checked; 5 files skipped (no policy)\n"));
}

TEST_CASE("a file named on the command line is linted as a policy whatever its shape") {
  CliRun r = cli({"lint", "--no-config", "--format", "json", "--verbose", kDir + "/package.json"});
  CHECK(r.err.empty());
  nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["skipped"].empty());
  REQUIRE(doc["files"].size() == 1);
  CHECK(finding_rows(doc) == std::vector<std::string>{"IAM001 package.json 1:1", "IAM004 package.json 1:1",
                                                      "IAM015 package.json 2:3", "IAM015 package.json 3:3",
                                                      "IAM015 package.json 4:3", "IAM015 package.json 5:3",
                                                      "IAM015 package.json 6:3"});
  // A file that holds no policy for another reason is skipped, named or not, and says why.
  std::string tag = (source_dir() / "fixtures" / "inputs" / "cli" / "11-describe-policy-tag-policy.json").string();
  CliRun t = cli({"lint", "--no-config", "--format", "json", "--verbose", tag});
  CHECK(t.code == 0);
  CHECK(t.err == "iamlint: skipped " + tag + ": an organizations TAG_POLICY is not an IAM policy\n");
  CHECK(nlohmann::json::parse(t.out)["skipped"][0]["reason"] == "an organizations TAG_POLICY is not an IAM policy");
  // So does a forced input type on a walked directory: nothing is skipped.
  CliRun forced = cli({"lint", "--no-config", "--format", "json", "--input-type", "policy", kDir});
  nlohmann::json all = nlohmann::json::parse(forced.out);
  CHECK(all["skipped"].empty());
  CHECK(all["summary"]["files"] == 10);
  // ...and YAML files, which only ever hold templates, are errors when told to be policies.
  std::vector<std::string> problems;
  for (const auto& p : all["problems"]) problems.push_back(p["message"]);
  CHECK(std::count(problems.begin(), problems.end(),
                   "only CloudFormation templates are read from YAML, not policy input") == 2);
}

TEST_CASE("what a walked directory takes for a policy: a Statement, or a policy language Version, in any case") {
  using linter::UnknownShape;
  for (const char* text : {R"({"Statement": []})", R"({"statement": {}})", R"({"Version": "2012-10-17"})",
                           R"({"VERSION": "2008-10-17", "Id": "x"})"}) {
    INFO(text);
    linter::Detection d = detect_text(text, UnknownShape::Skip);
    CHECK(d.type == linter::InputType::Policy);
    CHECK(d.sites.size() == 1);
    CHECK(d.skipped.empty());
  }
  for (const char* text : {R"({"Version": "3"})", R"({"name": "x", "version": "1.0.0"})", R"([{"Statement": []}])",
                           R"({"Version": 2012})", "{}", "[]"}) {
    INFO(text);
    linter::Detection d = detect_text(text, UnknownShape::Skip);
    CHECK(d.type == linter::InputType::Auto);
    CHECK(d.sites.empty());
    CHECK(d.skipped == kNoPolicy);
    CHECK(detect_text(text, UnknownShape::Policy).sites.size() == 1);
  }
}
