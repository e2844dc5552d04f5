// The configuration file: discovery, every error with its place, rule settings and options, globs, suppressions.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "linter/config.hpp"
#include "linter/lint.hpp"
#include "tests/fixture_support.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

std::string fixture(const std::string& rel) { return (source_dir() / "fixtures" / rel).string(); }

const std::vector<const linter::Rule*>& all_rules() { return registry().all(); }

// The rules the command-line tests run: a structural warning at the document, a structural error and a security
// finding in statements.
const std::vector<const linter::Rule*>& test_rules() {
  static const auto rules = rules_named({"IAM001", "IAM006", "IAM201"});
  return rules;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr std::string_view kNoVersion = R"({
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}
)";

// A rule that reports the options it is given, to show that they reach it.
constexpr linter::MessageDef kProbeMessages[] = {{"options", "trusted [{0}], organization {1}, {2} options"}};
constexpr linter::OptionDef kProbeOptions[] = {
    {"trusted-accounts", "ids"}, {"organization-id", "an id"}, {"max-statements", "a number"}};
constexpr linter::RuleMeta kProbeMeta{
    .id = "IAM990",
    .name = "options-probe",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "Reports its options.",
    .description = "",
    .rationale = "",
    .fix = "",
    .messages = kProbeMessages,
    .equivalents = {},
    .references = {},
    .options = kProbeOptions,
};

class OptionsProbe final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kProbeMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const linter::Policy& policy, linter::Reporter& out) const override {
    const linter::RuleOptions& opts = out.options();
    std::string accounts;
    for (const std::string& a : opts.strings("trusted-accounts")) accounts += (accounts.empty() ? "" : " ") + a;
    std::string count = std::to_string(opts.entries().size());
    out.report(*policy.root, "options", {accounts, opts.string("organization-id").value_or("none"), count});
  }
};

}  // namespace

TEST_CASE("each configuration error is reported at its line and column") {
  // Each file's first line is "# error: LINE:COL: MESSAGE"; IAMLINT_BLESS=1 rewrites it.
  fs::path dir = source_dir() / "fixtures" / "config" / "errors";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 33);
  for (const fs::path& file : files) {
    INFO(relative_path(file));
    std::string text = read_file(file);
    auto newline = text.find('\n');
    REQUIRE(newline != std::string::npos);
    std::string expected = text.substr(0, newline);
    linter::Config config;
    auto error = linter::load_config(file.string(), all_rules(), config);
    REQUIRE(error.has_value());
    REQUIRE(error->at.has_value());
    CHECK(error->path == file.string());
    std::string actual =
        "# error: " + std::to_string(error->at->line) + ":" + std::to_string(error->at->column) + ": " + error->message;
    if (bless_mode()) write_file(file, actual + text.substr(newline));
    CHECK(actual == expected);
    CHECK(config.rules.empty());
    CHECK(config.suppressions.empty());
  }
}

TEST_CASE("a configuration error exits 2 with file:line:col, before any file is read") {
  std::string config = fixture("config/errors/14-suppression-without-reason.yaml");
  CliRun r = run_cli(test_rules(), {"lint", "--config", config, "/nonexistent.json"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "iamlint: " + config + ":3:5: this suppression has no 'reason': say why the finding is accepted\n");
  CliRun missing = run_cli(test_rules(), {"lint", "--config", "/nonexistent/.iamlint.yaml", "x.json"});
  CHECK(missing.code == 2);
  CHECK(missing.err ==
        "iamlint: /nonexistent/.iamlint.yaml: cannot read the configuration: No such file or directory\n");
  CHECK(run_cli(test_rules(), {"lint", "--config", config, "--no-config", "x.json"}).code == 2);
}

TEST_CASE("columns count characters after a byte order mark, as for policies") {
  linter::Config config;
  auto error = linter::parse_config("\xEF\xBB\xBFrulez: 1\n", "c.yaml", all_rules(), config);
  REQUIRE(error);
  CHECK(error->describe() ==
        "c.yaml:1:1: unknown key 'rulez' in the configuration; expected version, rules, include, exclude or "
        "suppressions");
  error = linter::parse_config("rules: {\"\xC3\xA9\": off}\n", "c.yaml", all_rules(), config);
  REQUIRE(error);
  CHECK(error->describe() == "c.yaml:1:9: unknown rule '\xC3\xA9' (see 'iamlint rules')");
}

TEST_CASE("an empty configuration, or one of comments, changes nothing") {
  linter::Config config;
  CHECK_FALSE(linter::parse_config("", "c.yaml", all_rules(), config));
  CHECK_FALSE(linter::parse_config("# nothing yet\n", "c.yaml", all_rules(), config));
  CHECK_FALSE(linter::parse_config("rules:\nsuppressions:\nexclude:\n", "c.yaml", all_rules(), config));
  CHECK(config.rules.empty());
  CHECK_FALSE(config.include);
}

TEST_CASE("the documented example configuration reads as documented") {
  linter::Config config;
  std::string path = fixture("config/example/.iamlint.yaml");
  auto error = linter::load_config(path, all_rules(), config);
  INFO((error ? error->describe() : ""));
  REQUIRE_FALSE(error);
  REQUIRE(config.rules.size() == 4);
  CHECK(config.rules[0].rule_id == "IAM003");
  CHECK(config.rules[0].enabled == false);
  CHECK(config.rules[1].rule_id == "IAM001");
  CHECK(config.rules[1].severity == linter::Severity::Error);
  CHECK_FALSE(config.rules[1].enabled);
  CHECK(config.rules[2].rule_id == "IAM201");
  CHECK(config.rules[2].severity == linter::Severity::Warning);
  CHECK(config.rules[3].rule_id == "IAM241");
  const linter::RuleOptions& opts = config.rules[3].options;
  CHECK(std::vector<std::string>(opts.strings("trusted-accounts").begin(), opts.strings("trusted-accounts").end()) ==
        std::vector<std::string>{"111122223333", "444455556666"});
  CHECK(opts.string("organization-id") == "o-a1b2c3d4e5");
  CHECK_FALSE(opts.string("trusted-accounts"));  // a list, not a single value
  CHECK(opts.find("trusted-accounts")->is_list);
  CHECK(opts.find("trusted-accounts")->at.line == 17);
  CHECK(opts.strings("no-such-option").empty());
  REQUIRE(config.include);
  CHECK(*config.include == std::vector<std::string>{"*.json", "*.policy"});
  CHECK(config.exclude == std::vector<std::string>{"vendor/*", "*.draft.json"});
  REQUIRE(config.suppressions.size() == 3);
  const linter::Suppression& s = config.suppressions[1];
  CHECK(s.rule_id == "IAM201");
  CHECK(s.path == "ci/deploy-role.json");
  CHECK(s.sid == "DeployArtifacts");
  CHECK_FALSE(s.pointer);
  CHECK(s.reason == "The deploy role writes any object of the artifacts bucket; the bucket holds nothing else.");
  CHECK(s.index == 1);
  CHECK(s.at.line == 32);
  CHECK(s.at.column == 5);
  CHECK(config.suppressions[2].pointer == "/Statement/0/Principal");
}

TEST_CASE("the configuration is found from a directory upward, the nearest first") {
  TempDir tmp;
  std::string top = tmp.write(".iamlint.yaml", "rules:\n  IAM001: off\n");
  fs::create_directories(tmp.path() / "a" / "b" / "c");
  CHECK(linter::find_config(tmp / "a/b/c") == top);
  CHECK(linter::find_config(tmp / "a/b/c/") == top);
  std::string near = tmp.write("a/.iamlint.yaml", "");
  CHECK(linter::find_config(tmp / "a/b/c") == near);
  CHECK(linter::find_config(tmp / "a") == near);
  CHECK(linter::find_config(tmp.path().string()) == top);
  {
    InDirectory in(tmp.path() / "a" / "b");
    CHECK(linter::find_config(".") == "../.iamlint.yaml");  // relative start, relative answer
  }
}

TEST_CASE("lint uses the configuration found from the current directory, unless --no-config or --config") {
  TempDir tmp;
  tmp.write(".iamlint.yaml", "rules:\n  IAM001: off\n");
  std::string other = tmp.write("other.yaml", "rules:\n  IAM001: error\n");
  tmp.write("src/deep/policy.json", std::string(kNoVersion));
  InDirectory in(tmp.path() / "src" / "deep");
  CliRun found = run_cli(test_rules(), {"lint", "--color", "never", "policy.json"});
  CHECK(found.code == 0);
  CHECK(found.out.empty());
  CliRun ignored = run_cli(test_rules(), {"lint", "--color", "never", "--no-config", "policy.json"});
  CHECK(ignored.code == 0);
  CHECK(ignored.out.find("policy.json:1:1: warning: the policy has no Version element") != std::string::npos);
  CliRun given = run_cli(test_rules(), {"lint", "--color", "never", "--config", other, "policy.json"});
  CHECK(given.code == 1);
  CHECK(given.out.find("policy.json:1:1: error: the policy has no Version element") != std::string::npos);
}

TEST_CASE("a severity override changes the finding's severity and the exit code") {
  TempDir tmp;
  std::string policy = tmp.write("policy.json", std::string(kNoVersion));
  std::string raise = tmp.write("raise.yaml", "rules:\n  missing-version: error\n");
  std::string lower = tmp.write("lower.yaml", "rules:\n  IAM001:\n    severity: suggestion\n");
  CHECK(run_cli(test_rules(), {"lint", "--no-config", policy}).code == 0);  // a warning, under --fail-on security
  CliRun raised = run_cli(test_rules(), {"lint", "--format", "json", "--config", raise, policy});
  CHECK(raised.code == 1);
  auto doc = nlohmann::json::parse(raised.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["severity"] == "error");
  CHECK(doc["summary"]["by_severity"]["error"] == 1);
  CHECK(run_cli(test_rules(), {"lint", "--fail-on", "warning", "--config", lower, policy}).code == 0);
  CHECK(run_cli(test_rules(), {"lint", "--fail-on", "suggestion", "--config", lower, policy}).code == 1);
}

TEST_CASE("a rule the configuration disables does not run; --only overrides it and --disable adds to it") {
  TempDir tmp;
  std::string policy = tmp.write("policy.json", R"({
  "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]
}
)");
  std::string config = tmp.write("c.yaml", "rules:\n  IAM001: off\n  invalid-effect:\n    enabled: true\n");
  auto rules_of = [](const CliRun& r) {
    std::vector<std::string> out;
    auto doc = nlohmann::json::parse(r.out);
    for (const auto& f : doc["findings"]) out.push_back(f["rule"]);
    return out;
  };
  CHECK(rules_of(run_cli(test_rules(), {"lint", "--format", "json", "--no-config", policy})) ==
        std::vector<std::string>{"IAM001", "IAM006"});
  CHECK(rules_of(run_cli(test_rules(), {"lint", "--format", "json", "--config", config, policy})) ==
        std::vector<std::string>{"IAM006"});
  CHECK(rules_of(run_cli(test_rules(), {"lint", "--format", "json", "--config", config, "--only", "IAM001", policy})) ==
        std::vector<std::string>{"IAM001"});
  CHECK(rules_of(run_cli(test_rules(), {"lint", "--format", "json", "--config", config, "--disable", "IAM006", policy}))
            .empty());
  CliRun unknown = run_cli(test_rules(), {"lint", "--config", config, "--disable", "IAM999", policy});
  CHECK(unknown.code == 2);
  CHECK(unknown.err == "iamlint: unknown rule 'IAM999' in --disable (see 'iamlint rules')\n");
}

TEST_CASE("a rule reads its options through the Reporter; the engine answers for any rule id") {
  OptionsProbe probe;
  std::vector<const linter::Rule*> rules = {&probe};
  linter::Config config;
  auto error = linter::parse_config(R"(rules:
  options-probe:
    options:
      trusted-accounts: [111122223333, "012345678901"]
      organization-id: o-a1b2c3d4e5
      max-statements: 20
)",
                                    "c.yaml", rules, config);
  REQUIRE_FALSE(error);
  linter::Engine engine(rules, config);
  CHECK(engine.options_for("IAM990").string("max-statements") == "20");
  CHECK(engine.options_for("IAM990").find("organization-id")->at.line == 5);
  CHECK(engine.options_for("IAM990").find("organization-id")->at.column == 24);
  CHECK(engine.options_for("IAM001").empty());

  linter::LintOptions options;
  linter::Workspace ws(options.limits);
  linter::SourceFile source("p.json", R"({"Statement": []})");
  linter::FileResult result;
  result.path = "p.json";
  linter::lint_source(engine, options, ws, source, result);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message == "trusted [111122223333 012345678901], organization o-a1b2c3d4e5, 3 options");

  linter::Engine bare(rules);
  linter::FileResult plain;
  plain.path = "p.json";
  linter::lint_source(bare, options, ws, source, plain);
  REQUIRE(plain.findings.size() == 1);
  CHECK(plain.findings[0].message == "trusted [], organization none, 0 options");
}

TEST_CASE("include and exclude: the configuration's, then --include replaces and --exclude adds") {
  TempDir tmp;
  for (const char* f : {"a.json", "b.policy", "vendor/c.json", "d.draft.json"}) tmp.write(f, std::string(kNoVersion));
  std::string config =
      tmp.write("c.yaml", "include: [\"*.json\", \"*.policy\"]\nexclude:\n  - vendor/*\n  - '*.draft.json'\n");
  auto files_of = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"lint", "--format", "json", "--config", config};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(tmp.path().string());
    std::vector<std::string> out;
    auto doc = nlohmann::json::parse(run_cli(test_rules(), args).out);
    for (const auto& f : doc["files"]) {
      out.push_back(fs::path(std::string(f["path"])).lexically_relative(tmp.path()).generic_string());
    }
    return out;
  };
  CHECK(files_of({}) == std::vector<std::string>{"a.json", "b.policy"});
  CHECK(files_of({"--include", "*.json"}) == std::vector<std::string>{"a.json"});
  CHECK(files_of({"--exclude", "a.*"}) == std::vector<std::string>{"b.policy"});
  CHECK(files_of({"--include", "*", "--exclude", "*.yaml"}) == std::vector<std::string>{"a.json", "b.policy"});
}

TEST_CASE("suppressions by Sid, by pointer and by path glob, with an unused one reported at its place") {
  std::string dir = fixture("config/project");
  std::string config = dir + "/.iamlint.yaml";
  CliRun r = run_cli(test_rules(), {"lint", "--format", "json", "--config", config, dir});
  CHECK(r.code == 1);
  auto doc = nlohmann::json::parse(r.out);
  REQUIRE(doc["files"].size() == 3);
  CHECK(doc["files"][0]["path"] == dir + "/app/compute.json");
  CHECK(doc["files"][0]["findings"] == 1);  // the IAM201 of statement 0 is suppressed by pointer
  CHECK(doc["files"][1]["findings"] == 1);  // the IAM201 of Sid "Logs" is suppressed by Sid
  CHECK(doc["files"][2]["findings"] == 1);  // IAM001 is suppressed by the glob legacy/*
  std::vector<std::string> rows;
  for (const auto& f : doc["findings"]) {
    std::string row = std::string(f["rule"]) + " " + fs::path(std::string(f["path"])).filename().string() + " " +
                      std::string(f["pointer"]) + " " + std::to_string(int(f["line"])) + ":" +
                      std::to_string(int(f["column"]));
    if (f.contains("suppressed")) {
      CHECK(f["suppressed"]["source"] == "config");
      row += " suppressed: " + std::string(f["suppressed"]["reason"]);
    }
    rows.push_back(row);
  }
  CHECK(joined(rows) == joined({
                           "IAM201 compute.json /Statement/0/Action 7:17 suppressed: The build fleet starts and "
                           "stops its own instances.",
                           "IAM006 compute.json /Statement/1/Effect 12:17",
                           "IAM201 storage.json /Statement/0/Action 7:17",
                           "IAM201 storage.json /Statement/1/Action 13:17 suppressed: The log bucket's policy is "
                           "managed by the platform team.",
                           "IAM001 old-admin.json  1:1 suppressed: Legacy policies predate the Version element; "
                           "they are retired in Q3.",
                           "IAM201 old-admin.json /Statement/Action 5:15",
                           "unused-suppression .iamlint.yaml /suppressions/3 15:5",
                       }));
  const auto& unused = doc["findings"][6];
  CHECK(unused["path"] == config);
  CHECK(unused["severity"] == "warning");
  CHECK(unused["category"] == "configuration");
  CHECK(unused["message"] ==
        "this suppression (IAM006 in '*') matched no finding in this run: remove it, or correct its rule, path, sid "
        "or pointer");
  CHECK(doc["summary"]["findings"] == 4);
  CHECK(doc["summary"]["suppressed"] == 3);
  CHECK(doc["summary"]["by_severity"]["warning"] == 1);
}

TEST_CASE("suppressed findings are left out of the text output unless --show-suppressed, which gives the reason") {
  std::string dir = fixture("config/project");
  std::string config = dir + "/.iamlint.yaml";
  CliRun quiet = run_cli(test_rules(), {"lint", "--color", "never", "--config", config, dir});
  CHECK(count(quiet.out, "[IAM") == 3);
  CHECK(quiet.out.find("(suppressed)") == std::string::npos);
  CHECK(quiet.out.find(config + ":15:5: warning: this suppression (IAM006 in '*') matched no finding in this run: "
                                "remove it, or correct its rule, path, sid or pointer [unused-suppression]\n") !=
        std::string::npos);
  CHECK(quiet.out.find("4 findings (1 error, 2 security, 1 warning) in 3 files; 3 suppressed\n") != std::string::npos);
  CliRun shown = run_cli(test_rules(), {"lint", "--color", "never", "--show-suppressed", "--config", config, dir});
  CHECK(count(shown.out, "[IAM") == 6);
  CHECK(shown.out.find(dir + "/app/storage.json:13:17: security: \"s3:*\" allows every s3 action") !=
        std::string::npos);
  CHECK(shown.out.find("[IAM201 service-wildcard-action] (suppressed)\n"
                       "          \"Action\": \"s3:*\",\n"
                       "                    ^~~~~~\n" +
                       config + ":4:5: note: suppressed: The log bucket's policy is managed by the platform team.\n") !=
        std::string::npos);
  CHECK(shown.code == quiet.code);
}

TEST_CASE("an unused suppression counts toward --fail-on warning, and only when the run could have used it") {
  TempDir tmp;
  std::string config = tmp.write(".iamlint.yaml", R"(suppressions:
  - rule: IAM006
    path: "*"
    reason: Nothing matches.
  - rule: IAM001
    path: other/*.json
    reason: Only for the other directory.
)");
  std::string clean = tmp.write("policies/clean.json", R"({
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}
)");
  CliRun whole = run_cli(test_rules(), {"lint", "--color", "never", "--config", config, tmp.path().string()});
  CHECK(whole.code == 0);
  CHECK(count(whole.out, "[unused-suppression]") == 2);
  CHECK(whole.out.find(config + ":2:5: warning: this suppression (IAM006 in '*')") != std::string::npos);
  CHECK(whole.out.find(config + ":5:5: warning: this suppression (IAM001 in 'other/*.json')") != std::string::npos);
  CHECK(whole.out.find("2 findings (2 warning) in 1 file\n") != std::string::npos);
  CHECK(run_cli(test_rules(), {"lint", "--fail-on", "warning", "--config", config, tmp.path().string()}).code == 1);
  // Linting one file covers the suppressions whose glob matches it, not those for other files.
  CliRun one = run_cli(test_rules(), {"lint", "--color", "never", "--fail-on", "warning", "--config", config, clean});
  CHECK(one.code == 1);
  CHECK(count(one.out, "[unused-suppression]") == 1);
  CHECK(one.out.find("(IAM006 in '*')") != std::string::npos);
  // A suppression of a rule that did not run is not reported.
  CliRun only = run_cli(test_rules(), {"lint", "--only", "IAM201", "--config", config, tmp.path().string()});
  CHECK(count(only.out, "[unused-suppression]") == 0);
}

TEST_CASE("a suppression's pointer covers the node and what is inside it, whole tokens only") {
  linter::Suppression s;
  s.rule_id = "IAM201";
  s.path = "app/*.json";
  s.pointer = "/Statement/1";
  CHECK(linter::suppression_matches(s, "IAM201", "app/a.json", std::nullopt, "/Statement/1"));
  CHECK(linter::suppression_matches(s, "IAM201", "app/a.json", std::nullopt, "/Statement/1/Action/0"));
  CHECK_FALSE(linter::suppression_matches(s, "IAM201", "app/a.json", std::nullopt, "/Statement/10/Action"));
  CHECK_FALSE(linter::suppression_matches(s, "IAM006", "app/a.json", std::nullopt, "/Statement/1/Effect"));
  CHECK_FALSE(linter::suppression_matches(s, "IAM201", "lib/a.json", std::nullopt, "/Statement/1/Action"));
  CHECK(linter::suppression_matches(s, "IAM201", "app/sub/a.json", std::nullopt, "/Statement/1"));  // as --exclude
  s.pointer.reset();
  s.sid = "Logs";
  CHECK(linter::suppression_matches(s, "IAM201", "app/a.json", "Logs", "/Statement/4/Action"));
  CHECK_FALSE(linter::suppression_matches(s, "IAM201", "app/a.json", "logs", "/Statement/4/Action"));
  CHECK_FALSE(linter::suppression_matches(s, "IAM201", "app/a.json", std::nullopt, ""));
}
