// Policies inside AWS CLI outputs: what each shape is detected as, how its policy is typed, how options override
// that, and what findings in a policy from a string are called (docs/inputs.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/cli.hpp"
#include "linter/inputs.hpp"
#include "linter/lint.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

linter::Detection detect(const std::string& file, linter::JsonTree& tree, std::unique_ptr<linter::SourceFile>& src,
                         linter::InputType forced = linter::InputType::Auto) {
  linter::ReadResult read = linter::read_source((source_dir() / "fixtures" / "inputs" / "cli" / file).string(),
                                                linter::LoadLimits{}.max_file_size);
  REQUIRE(read.source);
  src = std::move(read.source);
  linter::JsonLoader loader;
  REQUIRE_FALSE(loader.load(*src, tree));
  return linter::detect_input(tree, forced);
}

const linter::Rule* rule(std::string_view id) { return registry().find(id); }

// Runs the command line with every rule; `out` gets what it wrote to both streams.
int run(std::vector<std::string> args, std::string& out) {
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e);
  out = o.str() + e.str();
  return code;
}

}  // namespace

TEST_CASE("each AWS CLI output is detected, and its policy typed from where it was found") {
  using linter::InputType;
  using linter::PolicyHolder;
  using linter::PolicyType;
  struct Case {
    std::string file;
    InputType input;
    std::string label;
    std::optional<PolicyType> type;
    std::optional<PolicyHolder> holder;
  };
  const Case cases[] = {
      {"01-get-policy-version.json", InputType::GetPolicyVersion, "/PolicyVersion/Document", PolicyType::Identity, {}},
      {"02-get-role.json", InputType::GetRole, "/Role/AssumeRolePolicyDocument", PolicyType::Trust, {}},
      {"03-get-role-policy.json", InputType::GetRolePolicy, "/PolicyDocument", PolicyType::Identity,
       PolicyHolder::InlineRole},
      {"04-get-user-policy.json", InputType::GetUserPolicy, "/PolicyDocument", PolicyType::Identity,
       PolicyHolder::InlineUser},
      {"05-get-group-policy.json", InputType::GetGroupPolicy, "/PolicyDocument", PolicyType::Identity,
       PolicyHolder::InlineGroup},
      {"06-get-bucket-policy.json", InputType::GetBucketPolicy, "/Policy", PolicyType::Resource, {}},
      {"07-get-policy-version-url-encoded.json", InputType::GetPolicyVersion, "/PolicyVersion/Document",
       PolicyType::Identity, {}},
      {"08-describe-policy-scp.json", InputType::DescribePolicy, "/Policy/Content", PolicyType::Scp, {}},
      {"09-describe-policy-rcp.json", InputType::DescribePolicy, "/Policy/Content", PolicyType::Rcp, {}},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    linter::JsonTree tree;
    std::unique_ptr<linter::SourceFile> src;
    linter::Detection d = detect(c.file, tree, src);
    CHECK(d.type == c.input);
    CHECK_FALSE(d.error);
    REQUIRE(d.sites.size() == 1);
    CHECK(d.sites[0].label == c.label);
    CHECK(d.sites[0].type == c.type);
    CHECK(d.sites[0].holder == c.holder);
    // Forcing the shape that was detected finds the same place.
    linter::Detection forced = detect(c.file, tree, src, c.input);
    REQUIRE(forced.sites.size() == 1);
    CHECK(forced.sites[0].label == c.label);
  }
  // An organizations policy that is not IAM policy language gives no policy, and says why.
  linter::JsonTree tree;
  std::unique_ptr<linter::SourceFile> src;
  linter::Detection tag = detect("11-describe-policy-tag-policy.json", tree, src);
  CHECK(tag.sites.empty());
  CHECK(tag.skipped == "an organizations TAG_POLICY is not an IAM policy");
}

TEST_CASE("a bare policy is its own site, and --input-type policy reads a wrapper as a bare policy") {
  linter::JsonTree tree;
  std::unique_ptr<linter::SourceFile> src;
  linter::Detection d = detect("03-get-role-policy.json", tree, src, linter::InputType::Policy);
  CHECK(d.type == linter::InputType::Policy);
  REQUIRE(d.sites.size() == 1);
  CHECK(d.sites[0].node == tree.root());
  CHECK(d.sites[0].label.empty());
}

TEST_CASE("a forced input type that the file does not have is an input error at the wrapper") {
  linter::LintOptions options;
  options.input_type = linter::InputType::GetRole;
  linter::FileResult r = lint_text("{\n  \"Role\": {\"RoleName\": \"x\"}\n}", options);
  REQUIRE_FALSE(r.problems.empty());
  CHECK(r.problems.front().message == "not get-role output: Role.AssumeRolePolicyDocument is missing");
  REQUIRE(r.problems.front().at);
  CHECK(r.problems.front().at->line == 1);
  CHECK(r.problems.front().at->column == 1);
  options.input_type = linter::InputType::GetBucketPolicy;
  r = lint_text("{\"Policy\": 7}", options);
  REQUIRE_FALSE(r.problems.empty());
  CHECK(r.problems.front().message == "not get-bucket-policy output: Policy (a string) is missing");
}

TEST_CASE("an explicit --policy-type or --policy-holder wins over what the wrapper implies") {
  // A 2,500-character inline policy: over a user's inline quota (2,048), under a role's (10,240).
  std::string actions;
  for (int i = 0; i < 160; ++i) actions += std::string(actions.empty() ? "" : ",") + "\"s3:GetObject" + "\"";
  std::string policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [" + actions +
                       "], \"Resource\": \"arn:aws:s3:::b/*\"}]}";
  std::string text = "{\"UserName\": \"alice\", \"PolicyName\": \"p\", \"PolicyDocument\": " + policy + "}";
  linter::LintOptions options;
  linter::FileResult user = lint_text(text, options, {rule("IAM022")});
  REQUIRE(user.findings.size() == 1);
  CHECK(user.findings[0].message.find("user inline policy") != std::string::npos);
  options.holder = linter::PolicyHolder::InlineRole;
  CHECK(lint_text(text, options, {rule("IAM022")}).findings.empty());

  // get-role implies a trust policy; --policy-type identity makes its Principal a finding.
  std::string role = R"({"Role": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [)"
                     R"({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}})";
  CHECK(lint_text(role, {}, {rule("IAM011")}).findings.empty());
  linter::LintOptions identity;
  identity.policy_type = linter::PolicyType::Identity;
  CHECK(lint_text(role, identity, {rule("IAM011")}).findings.size() == 1);
}

TEST_CASE("a policy in a string is located through escapes, and sized as the policy it decodes to") {
  // \u0022 (6 bytes) and \" (2 bytes) stand for one quote each; \n for a line break that stays on the outer line.
  std::string text = "{\"Policy\": \"{\\n\\u0022Version\\u0022: \\\"2012-10-17\\\", \\\"Statement\\\": "
                      "{\\\"Effect\\\": \\\"allow\\\", \\\"Principal\\\": \\\"*\\\", \\\"Action\\\": \\\"s3:GetObject\\\", "
                      "\\\"Resource\\\": \\\"arn:aws:s3:::b/*\\\"}}\"}";
  linter::FileResult r = lint_text(text, {}, {rule("IAM006")});
  REQUIRE(r.problems.empty());
  REQUIRE(r.findings.size() == 1);
  const linter::Finding& f = r.findings[0];
  CHECK(f.policy == "/Policy");
  CHECK(f.pointer == "/Statement/Effect");
  std::size_t at = text.find("\\\"allow\\\"");
  CHECK(f.offset == at);
  CHECK(f.length == std::string_view("\\\"allow\\\"").size());  // the escaped token, quotes included
  CHECK(f.begin.line == 1);
  CHECK(f.begin.column == at + 1);

  // An SCP of about 4,100 characters written with \u escapes (about 24,000 bytes in the file) is under the SCP quota
  // of 5,120; with 5,200 characters it is over it.
  auto scp = [](int letters) {
    std::string sid;
    for (int i = 0; i < letters; ++i) sid += "\\u0041";
    return "{\"Policy\": {\"PolicySummary\": {\"Type\": \"SERVICE_CONTROL_POLICY\"}, \"Content\": \"{\\\"Version\\\": "
           "\\\"2012-10-17\\\", \\\"Statement\\\": {\\\"Sid\\\": \\\"" + sid + "\\\", \\\"Effect\\\": \\\"Deny\\\", "
           "\\\"Action\\\": \\\"s3:*\\\", \\\"Resource\\\": \\\"*\\\"}}\"}}";
  };
  linter::FileResult under = lint_text(scp(4000), {}, {rule("IAM022")});
  CHECK(under.problems.empty());
  CHECK(under.findings.empty());
  linter::FileResult over = lint_text(scp(5200), {}, {rule("IAM022")});
  REQUIRE(over.findings.size() == 1);
  CHECK(over.findings[0].message.find("service control policy") != std::string::npos);
}

TEST_CASE("fingerprints of a policy in a string survive re-escaping the string, and name the policy's place") {
  std::string pretty = "{\"Policy\": \"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  \\\"Statement\\\": [{\\\"Effect\\\": "
                       "\\\"allow\\\", \\\"Principal\\\": \\\"*\\\", \\\"Action\\\": \\\"s3:GetObject\\\", \\\"Resource\\\": "
                       "\\\"*\\\"}]\\n}\"}";
  std::string minified = "{\"Policy\":\"{\\u0022Version\\u0022:\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":"
                         "\\\"allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"s3:GetObject\\\",\\\"Resource\\\":"
                         "\\\"*\\\"}]}\"}";
  std::string bare = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"allow\", \"Principal\": \"*\", "
                     "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
  auto fingerprint = [](const std::string& text) {
    linter::FileResult r = lint_text(text, {}, {rule("IAM006")});
    REQUIRE(r.findings.size() == 1);
    return r.findings[0].fingerprint;
  };
  CHECK(fingerprint(pretty) == fingerprint(minified));
  CHECK(fingerprint(pretty) != fingerprint(bare));
}

TEST_CASE("the JSON output names the policy's place, and the command line's --input-type overrides detection") {
  std::string file = (source_dir() / "fixtures" / "inputs" / "cli" / "06-get-bucket-policy.json").string();
  std::string out;
  CHECK(run({"lint", "--no-config", "--format", "json", "--only", "IAM102", file}, out) == 1);
  nlohmann::json j = nlohmann::json::parse(out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["policy"] == "/Policy");
  CHECK(j["findings"][0]["pointer"] == "/Statement/1/Action");
  CHECK(j["findings"][0]["line"] == 2);
  CHECK(j["findings"][0]["column"] == 441);
  // Read as a bare policy, the wrapper is a document without a Statement.
  CHECK(run({"lint", "--no-config", "--format", "json", "--only", "IAM004", "--input-type", "policy", file}, out) == 1);
  j = nlohmann::json::parse(out);
  REQUIRE(j["findings"].size() == 1);
  CHECK_FALSE(j["findings"][0].contains("policy"));
  CHECK(run({"lint", "--no-config", "--input-type", "cloudformation", file}, out) == 2);
}

TEST_CASE("a broken policy in a string is an input error at its place in the file, never a crash") {
  struct Case {
    std::string text;
    uint32_t column;
    std::string message;
  };
  const Case cases[] = {
      {R"({"Policy": ""})", 13, "in the policy at /Policy: "},                       // empty: the closing quote
      {R"({"Policy": "{\"Statement\": [}"})", 30, "in the policy at /Policy: "},     // at the `}`
      {R"({"Policy": "%7B%2"})", 16, "in the policy at /Policy: invalid URL escape"},  // at the `%`
      {R"({"Policy": "%7B%22Statement%22%3A%5B%7D"})", 37, "in the policy at /Policy: "},  // at `%7D`
      {R"({"Policy": "%7B%22Sid%22%3A%22%FF%22%7D"})", 31, "in the policy at /Policy: "},  // bad UTF-8, at `%FF`
      {"{\"Policy\": \"" + std::string(70, '[') + "\"}", 77, "in the policy at /Policy: nesting deeper than 64"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    linter::FileResult r = lint_text(c.text);
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems.front().message.starts_with(c.message));
    REQUIRE(r.problems.front().at);
    CHECK(r.problems.front().at->line == 1);
    CHECK(r.problems.front().at->column == c.column);
  }
  // A string holding a JSON scalar is valid JSON: a policy of the wrong type, as a bare file holding one is.
  linter::FileResult scalar = lint_text(R"({"Policy": "null"})", {}, {rule("IAM016")});
  CHECK(scalar.problems.empty());
  REQUIRE(scalar.findings.size() == 1);
  CHECK(scalar.findings[0].begin.column == 13);
}

TEST_CASE("a file that is only a URL-encoded policy is decoded; a bad escape in it is an error at the escape") {
  linter::FileResult ok = lint_text("\n%7B%22Statement%22%3A%7B%22Effect%22%3A%22allow%22%7D%7D\n", {}, {rule("IAM006")});
  CHECK(ok.problems.empty());
  REQUIRE(ok.findings.size() == 1);
  CHECK(ok.findings[0].policy.empty());
  CHECK(ok.findings[0].pointer == "/Statement/Effect");
  CHECK(ok.findings[0].begin.line == 2);
  CHECK(ok.findings[0].begin.column == 40);  // the %22 that opens "allow"
  linter::FileResult bad = lint_text("%7B%2", {}, {rule("IAM006")});
  REQUIRE_FALSE(bad.problems.empty());
  CHECK(bad.problems.front().message.starts_with("in the URL-encoded policy: invalid URL escape"));
  CHECK(bad.problems.front().at->column == 4);
  // With a wrapper type forced, a file that is not JSON is the usual input error.
  linter::LintOptions role;
  role.input_type = linter::InputType::GetRole;
  linter::FileResult forced = lint_text("%7B%7D", role);
  REQUIRE_FALSE(forced.problems.empty());
  CHECK_FALSE(forced.problems.front().message.starts_with("in the URL-encoded policy"));
}

TEST_CASE("an account dump gives every policy in it, typed and named by where it is") {
  using linter::PolicyHolder;
  using linter::PolicyType;
  linter::ReadResult read = linter::read_source(
      (source_dir() / "fixtures" / "inputs" / "authorization-details" / "01-account.json").string(),
      linter::LoadLimits{}.max_file_size);
  REQUIRE(read.source);
  linter::JsonLoader loader;
  linter::JsonTree tree;
  REQUIRE_FALSE(loader.load(*read.source, tree));
  linter::Detection d = linter::detect_input(tree, linter::InputType::Auto);
  CHECK(d.type == linter::InputType::AuthorizationDetails);
  struct Site {
    std::string name;
    PolicyType type;
    PolicyHolder holder;
  };
  const Site expected[] = {
      {"user alice, inline policy alice-s3", PolicyType::Identity, PolicyHolder::InlineUser},
      {"user ci-bot, inline policy ci-logs", PolicyType::Identity, PolicyHolder::InlineUser},
      {"group Developers, inline policy dev-ec2", PolicyType::Identity, PolicyHolder::InlineGroup},
      {"role ProdS3RWRole, trust policy", PolicyType::Trust, PolicyHolder::Managed},
      {"role ProdS3RWRole, inline policy s3-access", PolicyType::Identity, PolicyHolder::InlineRole},
      {"role ec2-app, trust policy", PolicyType::Trust, PolicyHolder::Managed},
      // Attached: named by who uses it. The boundary of ec2-app is not in the dump: nothing to lint, no problem.
      {"policy DevS3Read v2 (default); attached to user ci-bot, role ec2-app", PolicyType::Identity,
       PolicyHolder::Managed},
      {"policy DevS3Read v1 (not default); attached to user ci-bot, role ec2-app", PolicyType::Identity,
       PolicyHolder::Managed},
      {"policy OpsAdmin v2 (default)", PolicyType::Identity, PolicyHolder::Managed},
      {"policy OpsAdmin v1 (not default)", PolicyType::Identity, PolicyHolder::Managed},
      {"AWS managed policy ReadOnlyAccess v1 (default); attached to group Developers", PolicyType::Identity,
       PolicyHolder::AwsManaged},
  };
  REQUIRE(d.sites.size() == std::size(expected));
  for (std::size_t k = 0; k < d.sites.size(); ++k) {
    INFO(expected[k].name);
    CHECK(d.sites[k].name == expected[k].name);
    CHECK(d.sites[k].type == expected[k].type);
    CHECK(d.sites[k].holder == expected[k].holder);
  }
  CHECK(d.sites[3].label == "/RoleDetailList/0/AssumeRolePolicyDocument");
  // Forced on a file of another shape, it says what is missing.
  linter::LintOptions forced;
  forced.input_type = linter::InputType::AuthorizationDetails;
  linter::FileResult other = lint_text(R"({"Role": {}})", forced);
  REQUIRE_FALSE(other.problems.empty());
  CHECK(other.problems.front().message.starts_with("not authorization-details output"));
}

TEST_CASE("findings from an account dump name their policy in the text and JSON output") {
  std::string file = (source_dir() / "fixtures" / "inputs" / "authorization-details" / "01-account.json").string();
  std::string out;
  // The broken document is an input problem (exit code 2); the other policies are checked all the same.
  CHECK(run({"lint", "--no-config", "--format", "json", "--only", "IAM212", file}, out) == 2);
  nlohmann::json j = nlohmann::json::parse(out);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["label"] == "role ProdS3RWRole, trust policy");
  CHECK(j["findings"][0]["policy"] == "/RoleDetailList/0/AssumeRolePolicyDocument");
  CHECK(j["findings"][0]["line"] == 85);
  CHECK(run({"lint", "--no-config", "--only", "IAM212", file}, out) == 2);
  CHECK(out.find("[IAM212 public-trust]\n  in role ProdS3RWRole, trust policy\n") != std::string::npos);
  // A file that wraps one policy has no label.
  std::string bucket = (source_dir() / "fixtures" / "inputs" / "cli" / "06-get-bucket-policy.json").string();
  CHECK(run({"lint", "--no-config", "--format", "json", "--only", "IAM102", bucket}, out) == 1);
  CHECK_FALSE(nlohmann::json::parse(out)["findings"][0].contains("label"));
}

TEST_CASE("each broken policy of an account dump is a problem of its own; the others are checked") {
  const std::string text = R"({"RoleDetailList": [
  {"RoleName": "a", "AssumeRolePolicyDocument": "%7B%2"},
  {"RoleName": "b", "AssumeRolePolicyDocument": "%zz"},
  {"RoleName": "c", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}]})";
  linter::FileResult r = lint_text(text, {}, {rule("IAM212")});
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].message.starts_with("in the policy at role a, trust policy"));
  CHECK(r.problems[0].at->line == 2);
  CHECK(r.problems[1].message.starts_with("in the policy at role b, trust policy"));
  CHECK(r.problems[1].at->line == 3);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].label == "role c, trust policy");
}

TEST_CASE("a managed policy of an account dump is typed by its use, and its label says who uses it") {
  using linter::PolicyHolder;
  using linter::PolicyType;
  std::string file = (source_dir() / "fixtures" / "inputs" / "authorization-details" / "02-policy-use.json").string();
  linter::ReadResult read = linter::read_source(file, linter::LoadLimits{}.max_file_size);
  REQUIRE(read.source);
  linter::JsonLoader loader;
  linter::JsonTree tree;
  REQUIRE_FALSE(loader.load(*read.source, tree));
  linter::Detection d = linter::detect_input(tree, linter::InputType::Auto);
  struct Site {
    std::string name;
    PolicyType type;
  };
  const Site expected[] = {
      {"role fn, trust policy", PolicyType::Trust},
      {"role batch, trust policy", PolicyType::Trust},
      // Only ever a boundary: the boundary rules apply, every version alike.
      {"policy Boundary v2 (default); boundary of user ana, role fn", PolicyType::PermissionsBoundary},
      {"policy Boundary v1 (not default); boundary of user ana, role fn", PolicyType::PermissionsBoundary},
      // Attached and a boundary: what it grants where attached matters more; the label says it is both.
      {"policy Shared v1 (default); attached to user ana, user ben, user cleo and 2 more; boundary of role batch",
       PolicyType::Identity},
      {"policy Unused v1 (default)", PolicyType::Identity},
  };
  REQUIRE(d.sites.size() == std::size(expected));
  for (std::size_t k = 0; k < d.sites.size(); ++k) {
    INFO(k);
    CHECK(d.sites[k].name == expected[k].name);
    CHECK(d.sites[k].type == expected[k].type);
    CHECK(d.sites[k].holder == PolicyHolder::Managed);
  }
  // The same deny-only document: IAM313 flags it where it is a boundary, not where it is also attached. The AWS
  // managed policy attached to role fn and group ops is not in the dump: no finding, no problem.
  linter::FileResult r = run_fixture(file, {rule("IAM313")}, {}).result;
  CHECK(r.problems.empty());
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].label == "policy Boundary v2 (default); boundary of user ana, role fn");
  CHECK(r.findings[0].policy == "/Policies/0/PolicyVersionList/0/Document");
  CHECK(r.findings[1].label == "policy Boundary v1 (not default); boundary of user ana, role fn");
  CHECK(r.findings[1].policy == "/Policies/0/PolicyVersionList/1/Document");
}
