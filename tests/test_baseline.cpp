// Fingerprints and baselines: the hash, the canonical statement text, and a baseline that survives reformatting.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "linter/baseline.hpp"
#include "linter/lint.hpp"
#include "tests/fixture_support.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

const std::vector<const linter::Rule*>& test_rules() {
  static const auto rules = rules_named({"IAM001", "IAM006", "IAM201"});
  return rules;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Lints a policy held in memory, as the file `path`.
std::vector<linter::Finding> findings_of(const std::string& text, const std::string& path = "p.json") {
  linter::Engine engine(test_rules());
  linter::LintOptions options;
  linter::Workspace ws(options.limits);
  linter::SourceFile source(path, text);
  linter::FileResult result;
  result.path = path;
  linter::lint_source(engine, options, ws, source, result);
  REQUIRE(result.problems.empty());
  return result.findings;
}

std::vector<std::string> fingerprints_of(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& f : findings_of(text)) out.push_back(std::string(f.rule->id) + " " + f.fingerprint);
  return out;
}

// Two statements, each with a finding: IAM201 in the first, IAM006 in the second.
constexpr std::string_view kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"},
    {"Sid": "List", "Effect": "allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}
  ]
}
)";

// The same policy reformatted: another indentation, members reordered, an Id that moves the statements down.
constexpr std::string_view kReformatted = R"({
    "Id": "bucket-access",
    "Statement": [
        {
            "Effect": "Allow",
            "Sid": "Read",
            "Resource": "arn:aws:s3:::bucket/*",
            "Action": "s3:*"
        },
        {
            "Sid": "List",
            "Action": "s3:ListBucket",
            "Effect": "allow",
            "Resource": "arn:aws:s3:::bucket"
        }
    ],
    "Version": "2012-10-17"
})";

}  // namespace

TEST_CASE("FNV-1a 64 gives the published values") {
  CHECK(linter::fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(linter::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(linter::fnv1a64("foobar") == 0x85944171f73967e8ull);
  CHECK(linter::fnv1a64("bar", linter::fnv1a64("foo")) == linter::fnv1a64("foobar"));
  CHECK(linter::hex64(0xab) == "00000000000000ab");
  CHECK(linter::hex64(0x85944171f73967e8ull) == "85944171f73967e8");
}

TEST_CASE("the canonical JSON of a node sorts members, drops whitespace and escapes only what JSON requires") {
  linter::SourceFile source("t.json",
                            "{ \"b\" : [1, 2.50, true, null],\n \"a\": \"q\\\"\\u0001\\u00e9\\/\\n\", "
                            "\"c\": {\"z\": {}, \"y\": []} }");
  linter::JsonLoader loader;
  linter::JsonTree tree;
  REQUIRE_FALSE(loader.load(source, tree));
  std::string out;
  linter::canonical_json(tree, *tree.root(), out);
  CHECK(out == "{\"a\":\"q\\\"\\u0001\xC3\xA9/\\u000a\",\"b\":[1,2.50,true,null],\"c\":{\"y\":[],\"z\":{}}}");
}

TEST_CASE("the fingerprint is the documented hash") {
  auto findings = findings_of(R"({"Statement": [{"Effect": "allow"}]})");
  REQUIRE(findings.size() == 2);
  const linter::Finding& f = findings[1];
  REQUIRE(std::string(f.rule->id) == "IAM006");
  std::string statement_hash = linter::hex64(linter::fnv1a64(R"({"Effect":"allow"})"));
  std::string input = "IAM006";
  input += '\0';
  input += "p.json";
  input += '\0';
  input += "/Statement/*/Effect";
  input += '\0';
  input += statement_hash;
  CHECK(f.fingerprint == linter::hex64(linter::fnv1a64(input)));
  CHECK(f.fingerprint == "009104adc978e9c4");  // pinned: a change here invalidates every user's baseline
  // Outside statements there is no statement hash: rule, path, pointer and an empty last part.
  const linter::Finding& g = findings[0];
  REQUIRE(std::string(g.rule->id) == "IAM001");
  std::string outside = "IAM001";
  outside += '\0';
  outside += "p.json";
  outside += '\0';
  outside += '\0';
  CHECK(g.fingerprint == linter::hex64(linter::fnv1a64(outside)));
}

TEST_CASE("fingerprints survive reformatting, line moves and statements added before, not a changed statement") {
  auto before = fingerprints_of(std::string(kPolicy));
  REQUIRE(before.size() == 2);
  CHECK(fingerprints_of(std::string(kReformatted)) == before);
  // A statement added in front shifts the others' indices; their own content still names them.
  std::string shifted(kPolicy);
  shifted.replace(
      shifted.find("    {\"Sid\": \"Read\""), 0,
      "    {\"Sid\": \"New\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\n");
  CHECK(fingerprints_of(shifted) == before);
  // A lone statement object and an array of it are the same statement.
  auto lone = fingerprints_of(
      R"({"Version": "2012-10-17", "Statement": {"Effect": "allow", "Action": "a:B", "Resource": "*"}})");
  auto listed = fingerprints_of(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "a:B", "Resource": "*"}]})");
  CHECK(lone == listed);
  // Changing the statement makes its findings new: the baseline accepted that statement, not this one.
  std::string changed(kPolicy);
  changed.replace(changed.find("arn:aws:s3:::bucket/*"), 21, "arn:aws:s3:::other/*");
  auto after = fingerprints_of(changed);
  REQUIRE(after.size() == 2);
  CHECK(after[0] != before[0]);
  CHECK(after[1] == before[1]);
  // Another file is another finding.
  CHECK(findings_of(std::string(kPolicy), "q.json")[0].fingerprint != findings_of(std::string(kPolicy))[0].fingerprint);
}

TEST_CASE("a baseline round trip: written, then matched after reformatting, while a new finding still counts") {
  TempDir tmp;
  std::string policy = tmp.write("policies/p.json", std::string(kPolicy));
  std::string baseline = tmp / "baseline.json";
  std::string policies = tmp / "policies";

  CliRun wrote = run_cli(test_rules(), {"lint", "--color", "never", "--write-baseline", baseline, policies});
  CHECK(wrote.code == 0);
  CHECK(wrote.err == "iamlint: wrote 2 findings to " + baseline + "\n");
  CHECK(wrote.out == "0 findings in 1 file; 2 findings in the baseline\n");

  auto file = nlohmann::json::parse(read_file(baseline));
  CHECK(file["baseline_version"] == 1);
  CHECK(file["tool"]["name"] == "iamlint");
  REQUIRE(file["findings"].size() == 2);
  CHECK(file["findings"][0]["rule"] == "IAM201");
  CHECK(file["findings"][0]["path"] == "policies/p.json");  // relative to the baseline's directory
  CHECK(file["findings"][0]["pointer"] == "/Statement/0/Action");
  CHECK(file["findings"][1]["rule"] == "IAM006");
  CHECK(file["findings"][1]["pointer"] == "/Statement/1/Effect");
  std::string fp = file["findings"][0]["fingerprint"];
  CHECK(fp.size() == 16);

  // JSON output gives the same fingerprints.
  CliRun json = run_cli(test_rules(), {"lint", "--format", "json", "--baseline", baseline, policies});
  auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["findings"].empty());
  CHECK(doc["summary"]["baselined"] == 2);
  CHECK(doc["summary"]["findings"] == 0);
  CliRun all = run_cli(
      test_rules(), {"lint", "--format", "json", "--fail-on", "none", "--config", tmp.write("c.yaml", ""), policies});
  CHECK(nlohmann::json::parse(all.out)["findings"][0]["fingerprint"] == fp);

  write_file(policy, std::string(kReformatted));
  CliRun same =
      run_cli(test_rules(), {"lint", "--color", "never", "--fail-on", "warning", "--baseline", baseline, policies});
  CHECK(same.code == 0);
  CHECK(same.out == "0 findings in 1 file; 2 findings in the baseline\n");

  std::string grown(kReformatted);
  grown.replace(grown.find("\n    ],"), 0,
                ",\n        {\"Effect\": \"deny\", \"Action\": \"s3:DeleteBucket\", \"Resource\": \"*\"}");
  write_file(policy, grown);
  CliRun fresh = run_cli(test_rules(), {"lint", "--color", "never", "--baseline", baseline, policies});
  CHECK(fresh.code == 1);
  CHECK(count(fresh.out, "[IAM") == 1);
  CHECK(fresh.out.find(policy + ":16:20: error: Effect \"deny\" must be written \"Deny\"") != std::string::npos);
  CHECK(fresh.out.find("1 finding (1 error) in 1 file; 2 findings in the baseline\n") != std::string::npos);
}

TEST_CASE("paths are made relative lexically, with forward slashes") {
  using linter::path_relative_to;
  CHECK(path_relative_to("policies/a.json", "", "/work") == "policies/a.json");
  CHECK(path_relative_to("/work/p/a.json", "/work", "/elsewhere") == "p/a.json");
  CHECK(path_relative_to("a.json", "../b", "/w/c") == "../c/a.json");
  CHECK(path_relative_to("./x/../y.json", ".", "/w") == "y.json");
  CHECK(path_relative_to("/w/a/", "/w/", "/") == "a");
  CHECK(path_relative_to("/w", "/w", "/") == ".");
  CHECK(path_relative_to("//w///a.json", "/", "/") == "w/a.json");
  CHECK(path_relative_to("-", "/w", "/") == "-");
}

TEST_CASE("baseline paths are relative to the baseline's directory, whatever the current directory") {
  TempDir tmp;
  tmp.write("policies/p.json", std::string(kPolicy));
  std::string baseline = tmp / "baseline.json";
  CHECK(run_cli(test_rules(), {"lint", "--write-baseline", baseline, tmp / "policies/p.json"}).code == 0);
  InDirectory in(tmp.path() / "policies");
  CliRun r = run_cli(test_rules(), {"lint", "--color", "never", "--baseline", "../baseline.json", "p.json"});
  CHECK(r.code == 0);
  CHECK(r.out == "0 findings in 1 file; 2 findings in the baseline\n");
}

TEST_CASE("the baseline is not linted as a policy when it lies in a linted directory") {
  TempDir tmp;
  tmp.write("p.json", std::string(kPolicy));
  std::string baseline = tmp / "iamlint-baseline.json";
  CHECK(run_cli(test_rules(), {"lint", "--write-baseline", baseline, tmp.path().string()}).code == 0);
  CliRun r = run_cli(test_rules(), {"lint", "--format", "json", "--baseline", baseline, tmp.path().string()});
  CHECK(r.code == 0);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["files"].size() == 1);
  CHECK(doc["files"][0]["path"] == tmp / "p.json");
  // Named on the command line, it is checked like any file.
  CHECK(nlohmann::json::parse(run_cli(test_rules(), {"lint", "--format", "json", "--fail-on", "none", "--baseline",
                                                     baseline, tmp.path().string(), baseline})
                                  .out)["files"]
            .size() == 2);
}

TEST_CASE("suppressed findings stay out of a baseline, and a duplicate finding needs two entries") {
  TempDir tmp;
  std::string two = tmp.write("p.json", R"({"Version": "2012-10-17", "Statement": [
  {"Effect": "allow", "Action": "a:B", "Resource": "*"},
  {"Effect": "allow", "Action": "a:B", "Resource": "*"}
]})");
  std::string config = tmp.write("c.yaml",
                                 "suppressions:\n  - {rule: IAM006, path: p.json, pointer: /Statement/0, "
                                 "reason: Kept for the test.}\n");
  std::string baseline = tmp / "b.json";
  CHECK(run_cli(test_rules(), {"lint", "--config", config, "--write-baseline", baseline, two}).code == 0);
  CHECK(nlohmann::json::parse(read_file(baseline))["findings"].size() == 1);
  // Without the suppression both identical findings have the same fingerprint; the baseline holds one of them.
  CliRun r = run_cli(test_rules(), {"lint", "--color", "never", "--no-config", "--baseline", baseline, two});
  CHECK(r.code == 1);
  CHECK(count(r.out, "[IAM006") == 1);
  CHECK(r.out.find("1 finding (1 error) in 1 file; 1 finding in the baseline\n") != std::string::npos);
}

TEST_CASE("a baseline that cannot be used is an error with its place, and nothing is linted") {
  TempDir tmp;
  std::string policy = tmp.write("p.json", std::string(kPolicy));
  auto error_of = [&](const std::string& text) {
    std::string path = tmp.write("b.json", text);
    CliRun r = run_cli(test_rules(), {"lint", "--baseline", path, policy});
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    return r.err.substr(r.err.find(path) + path.size());
  };
  CHECK(error_of(R"({"baseline_version": 1, "findings": [}")") ==
        ":1:38: invalid JSON: unexpected character '}': expected a JSON value\n");
  CHECK(error_of(R"({"baseline_version": 2, "findings": []})") ==
        ":1:22: baseline_version 2 is not supported (this iamlint reads 1): write the baseline again with "
        "--write-baseline\n");
  CHECK(error_of("{\"findings\": []}") == ":1:1: this is not an iamlint baseline: it has no baseline_version\n");
  CHECK(error_of("{\"baseline_version\": 1,\n \"findings\": [{\"fingerprint\": \"XYZ\"}]}") ==
        ":2:31: a fingerprint is 16 lowercase hexadecimal digits\n");
  CHECK(error_of("[]") == ":1:1: a baseline is a JSON object with baseline_version and findings\n");
  CliRun missing = run_cli(test_rules(), {"lint", "--baseline", tmp / "none.json", policy});
  CHECK(missing.code == 2);
  CHECK(missing.err == "iamlint: " + (tmp / "none.json") + ": cannot read the baseline: No such file or directory\n");
  CHECK(
      run_cli(test_rules(), {"lint", "--baseline", tmp / "b.json", "--write-baseline", tmp / "c.json", policy}).code ==
      2);
}
