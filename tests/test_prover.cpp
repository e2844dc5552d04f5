// The prover on the two-account example (fixtures/cross-account/properties.yaml): the four outcomes issue 6 asks
// for, each counterexample and witness exactly, every one replayed through the evaluator; the suggested fix
// (fixtures/cross-account-enforced/) proved; and the policy-to-policy properties.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <deque>
#include <fstream>
#include <sstream>

#include "linter/cli.hpp"
#include "solver/manifest.hpp"
#include "solver/prove_command.hpp"
#include "solver/prover.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using solver::Decision;
using solver::PropertyKind;
using solver::PropertyResult;
using solver::Verdict;
using solver::World;

namespace {

const std::string kDevUser = "arn:aws:iam::111111111111:user/dev-user";
const std::string kRole = "arn:aws:iam::222222222222:role/ProdS3RWRole";
const std::string kProdRoot = "arn:aws:iam::222222222222:root";

fs::path example(const std::string& name) { return source_dir() / "fixtures" / name; }

struct Proving {
  solver::Environment env;
  solver::PropertiesFile file;
  std::vector<PropertyResult> results;

  Proving(const std::string& dir, World world = World::Open) {
    auto error = solver::load_environment((example(dir) / "environment.yaml").string(), env);
    INFO((error ? error->describe() : std::string()));
    REQUIRE_FALSE(error);
    file = solver::load_properties((example(dir) / "properties.yaml").string());
    REQUIRE(file.errors.empty());
    solver::ProverOptions options;
    options.world = world;
    solver::Prover prover(env, options);
    for (const solver::Property& p : file.properties) {
      results.push_back(prover.prove(p));
      CHECK_FALSE(results.back().replay_mismatch);
    }
  }
  const PropertyResult& named(const std::string& prefix) const {
    for (const PropertyResult& r : results) {
      if (r.property->name.starts_with(prefix)) return r;
    }
    FAIL("no property named " << prefix);
    return results.front();
  }
};

bool one_of(const std::string& v, std::initializer_list<const char*> options) {
  for (const char* o : options) {
    if (v == o) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("prove: 'only ProdS3RWRole can write prod-data-bucket' is refuted in the open world, by the account root",
          "[prover]") {
  Proving p("cross-account");
  const PropertyResult& r = p.named("only ProdS3RWRole can write");
  CHECK(r.verdict == Verdict::Refuted);
  CHECK(r.world == World::Open);
  REQUIRE(r.steps.size() == 1);
  const solver::ProofStep& s = r.steps[0];
  // The listed principals are tried first: no listed user or role but the role may write; the root user of the
  // bucket's own account may, with no policy at all (the bucket policy's Allow takes nothing away from it).
  CHECK(s.request.principal == kProdRoot);
  CHECK(one_of(s.request.action, {"s3:PutObject", "s3:DeleteObject"}));
  CHECK(s.request.resource == "arn:aws:s3:::prod-data-bucket/example-object");
  CHECK(s.decision == Decision::Allowed);
  CHECK(s.reason == "the root user of 222222222222 has every permission in its account");
  // The suggested Deny, proved to make the claim hold.
  CHECK(r.suggestion ==
        "add this statement to the policy of arn:aws:s3:::prod-data-bucket ("
        + (example("cross-account") / "prod-account" / "prod-data-bucket-policy.json").lexically_normal().string() +
        "): {\"Action\":[\"s3:PutObject\",\"s3:DeleteObject\"],\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalArn\":"
        "[\"arn:aws:iam::222222222222:role/ProdS3RWRole\"]}},\"Effect\":\"Deny\",\"Principal\":\"*\",\"Resource\":"
        "[\"arn:aws:s3:::prod-data-bucket/*\"],\"Sid\":\"DenyAllButTheAllowedPrincipals\"}");
  REQUIRE(r.suggestion_verdict);
  CHECK(*r.suggestion_verdict == Verdict::Proved);
}

TEST_CASE("prove: with the suggested Deny in the bucket policy, 'only ProdS3RWRole can write' is proved", "[prover]") {
  Proving p("cross-account-enforced");
  const PropertyResult& r = p.named("only ProdS3RWRole can write");
  CHECK(r.verdict == Verdict::Proved);
  CHECK(r.steps.empty());
  CHECK(r.suggestion.empty());
}

TEST_CASE("prove: no principal outside the two accounts can assume ProdS3RWRole", "[prover]") {
  Proving p("cross-account");
  const PropertyResult& r = p.named("no principal outside");
  CHECK(r.verdict == Verdict::Proved);
  CHECK(r.steps.empty());
}

TEST_CASE("prove: dev-user can put objects into prod-data-bucket by way of ProdS3RWRole, with the witness chain",
          "[prover]") {
  Proving p("cross-account");
  const PropertyResult& r = p.named("dev-user can put objects");
  CHECK(r.verdict == Verdict::Proved);
  REQUIRE(r.steps.size() == 2);
  CHECK(r.steps[0].request.principal == kDevUser);
  CHECK(r.steps[0].request.action == "sts:AssumeRole");
  CHECK(r.steps[0].request.resource == kRole);
  CHECK(r.steps[0].decision == Decision::Allowed);
  CHECK(r.steps[1].request.principal == "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/iamlint-session");
  CHECK(r.steps[1].request.action == "s3:PutObject");
  CHECK(r.steps[1].request.resource == "arn:aws:s3:::prod-data-bucket/example-object");
  CHECK(r.steps[1].decision == Decision::Allowed);
}

TEST_CASE("prove: 'only members of Developers can assume ProdS3RWRole' is refuted in the open world, proved closed",
          "[prover]") {
  Proving p("cross-account");
  const PropertyResult& open = p.named("only members of Developers can assume ProdS3RWRole");
  CHECK(open.property->world == std::nullopt);
  CHECK(open.verdict == Verdict::Refuted);
  REQUIRE(open.steps.size() == 1);
  // A user of DevAccount the environment does not list, whose own policy allows sts:AssumeRole: the trust policy
  // trusts the whole account. (ops-user is listed, has no policy, and cannot; the root user cannot assume roles.)
  CHECK(open.steps[0].request.principal == "arn:aws:iam::111111111111:user/unlisted-user");
  CHECK(open.steps[0].request.action == "sts:AssumeRole");
  CHECK(open.steps[0].request.resource == kRole);
  CHECK(open.steps[0].principal_note ==
        "a user of 111111111111 that the environment does not list, with an identity policy that allows "
        "sts:AssumeRole on arn:aws:iam::222222222222:role/ProdS3RWRole");
  CHECK(open.steps[0].decision == Decision::Allowed);
  // No suggestion: the trust policy, not a bucket policy, is what to change.
  const PropertyResult& closed = p.named("only members of Developers can assume ProdS3RWRole, counting");
  CHECK(closed.world == World::Closed);
  CHECK(closed.verdict == Verdict::Proved);
}

TEST_CASE("prove: --closed-world applies to every property that does not say otherwise", "[prover]") {
  Proving p("cross-account", World::Closed);
  CHECK(p.named("only members of Developers can assume ProdS3RWRole").verdict == Verdict::Proved);
  // The account root is listed with its account: still refuted in the closed world.
  CHECK(p.named("only ProdS3RWRole can write").verdict == Verdict::Refuted);
}

TEST_CASE("prove: a question no statement can answer yes is decided without the solver", "[prover]") {
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment((example("cross-account") / "environment.yaml").string(), env));
  solver::PropertiesFile f = solver::parse_properties(
      "{cannot: {principals: ['" + kDevUser + "'], actions: [s3:PutObject], resources: ['arn:aws:s3:::prod-data-bucket/*']}}",
      "--property");
  REQUIRE(f.errors.empty());
  REQUIRE(f.properties.size() == 1);
  solver::Prover prover(env, {});
  PropertyResult r = prover.prove(f.properties[0]);
  CHECK(r.verdict == Verdict::Proved);
  CHECK(r.solver_calls == 0);
  // Through the role it can, and the chain says how.
  f = solver::parse_properties("{cannot: {principals: ['" + kDevUser +
                                   "'], actions: [s3:PutObject], resources: ['arn:aws:s3:::prod-data-bucket/*'], "
                                   "via-roles: 1}}",
                               "--property");
  REQUIRE(f.errors.empty());
  r = prover.prove(f.properties[0]);
  CHECK(r.verdict == Verdict::Refuted);
  REQUIRE(r.steps.size() == 2);
  CHECK(r.steps[0].request.action == "sts:AssumeRole");
  CHECK(r.steps[1].request.principal == "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/iamlint-session");
}

TEST_CASE("prove: who-can lists every principal that can write the bucket, each with a witness", "[prover]") {
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment((example("cross-account") / "environment.yaml").string(), env));
  solver::PropertiesFile f = solver::parse_properties(
      "{who-can: {actions: [s3:PutObject], resources: ['arn:aws:s3:::prod-data-bucket/*']}}", "--property");
  REQUIRE(f.errors.empty());
  solver::Prover prover(env, {});
  PropertyResult r = prover.prove(f.properties[0]);
  CHECK(r.verdict == Verdict::Proved);
  std::vector<std::string> who;
  for (const solver::WhoCan& w : r.who) {
    who.push_back(w.principal);
    REQUIRE(w.witness.size() == 1);
    CHECK(w.witness[0].decision == Decision::Allowed);
  }
  CHECK(who == std::vector<std::string>{"a session of " + kRole, "the root user of 222222222222",
                                        "a user of 222222222222 that the environment does not list",
                                        "a session of a role of 222222222222 that the environment does not list"});
  CHECK_FALSE(r.replay_mismatch);
}

namespace {

fs::path write_temp(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / "iamlint-test-prover";
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p) << text;
  return p;
}

// `with_bucket`: an environment that lists the bucket the policies name, which a comparison of policies must ignore
// (it once excluded the listed bucket's objects, and proved a widened policy granted nothing new).
PropertyResult prove_text(const std::string& yaml, bool with_bucket = false) {
  solver::PropertiesFile f = solver::parse_properties(yaml, "--property");
  INFO(yaml);
  REQUIRE(f.errors.empty());
  REQUIRE(f.properties.size() == 1);
  static std::deque<solver::Property> keep;  // results point at their property
  keep.push_back(f.properties[0]);
  solver::Environment env;
  if (with_bucket) {
    env.accounts.push_back({"123456789012", "reports", {}, false});
    solver::Resource& r = env.resources.emplace_back();
    r.arn = "arn:aws:s3:::reports";
    r.account = "123456789012";
    r.type = "s3:bucket";
    env.index();
  }
  solver::Prover prover(env, {});
  return prover.prove(keep.back());
}

}  // namespace

TEST_CASE("prove: no-new-access, equivalent and access-not-granted compare policies by what they allow",
          "[prover]") {
  fs::path old_policy = write_temp("old.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]})");
  fs::path same_policy = write_temp("same.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::reports/2024/*", "arn:aws:s3:::reports/*"]},
    {"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::reports/*"}]})");
  fs::path wider_policy = write_temp("wider.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::reports/*"}]})");
  fs::path mfa_policy = write_temp("mfa.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*",
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]})");
  auto pair = [](const char* kind, const fs::path& a, const fs::path& b) {
    return std::string("{") + kind + ": {old: '" + a.string() + "', new: '" + b.string() + "'}}";
  };
  SECTION("a narrower or equal policy grants nothing new") {
    CHECK(prove_text(pair("no-new-access", old_policy, same_policy)).verdict == Verdict::Proved);
    CHECK(prove_text(pair("no-new-access", old_policy, mfa_policy)).verdict == Verdict::Proved);
    PropertyResult eq = prove_text("{equivalent: {a: '" + old_policy.string() + "', b: '" + same_policy.string() + "'}}");
    CHECK(eq.verdict == Verdict::Proved);
  }
  SECTION("a wider policy: the new access, as a request only the new policy allows") {
    PropertyResult r = prove_text(pair("no-new-access", old_policy, wider_policy));
    CHECK(r.verdict == Verdict::Refuted);
    REQUIRE(r.steps.size() == 1);
    CHECK(r.steps[0].request.action.starts_with("s3:Get"));
    CHECK(r.steps[0].request.action != "s3:GetObject");
    CHECK(r.steps[0].request.resource.starts_with("arn:aws:s3:::reports/"));
    CHECK(r.steps[0].decision == Decision::Allowed);
    CHECK_FALSE(r.replay_mismatch);
    PropertyResult listed = prove_text(pair("no-new-access", old_policy, wider_policy), true);
    CHECK(listed.verdict == Verdict::Refuted);
    REQUIRE(listed.steps.size() == 1);
    CHECK(listed.steps[0].request.resource.starts_with("arn:aws:s3:::reports/"));
    PropertyResult eq = prove_text("{equivalent: {a: '" + old_policy.string() + "', b: '" + mfa_policy.string() + "'}}");
    CHECK(eq.verdict == Verdict::Refuted);
    REQUIRE(eq.steps.size() == 1);
    // Without MFA only the old policy allows it.
    CHECK(eq.steps[0].request.action == "s3:GetObject");
    CHECK_FALSE(eq.replay_mismatch);
  }
  SECTION("access-not-granted") {
    CHECK(prove_text("{access-not-granted: {policy: '" + old_policy.string() + "', actions: ['s3:Put*', 'iam:*']}}")
              .verdict == Verdict::Proved);
    PropertyResult r = prove_text("{access-not-granted: {policy: '" + wider_policy.string() +
                                  "', actions: ['s3:GetBucket*', 's3:GetObjectAcl'], resources: ['arn:aws:s3:::reports/secret/*']}}");
    CHECK(r.verdict == Verdict::Refuted);
    REQUIRE(r.steps.size() == 1);
    // Either action the property names: a policy grants s3:GetBucketAcl on an object ARN as readily (the grant
    // does not check that the action takes that resource type).
    std::string action = r.steps[0].request.action;
    CHECK((action == "s3:GetObjectAcl" || action.starts_with("s3:GetBucket")));
    CHECK(r.steps[0].request.resource.starts_with("arn:aws:s3:::reports/secret/"));
  }
}

TEST_CASE("iamlint prove: text output and exit codes on the example", "[prover]") {
  std::vector<std::string> args = {"iamlint", "prove", "--env", (example("cross-account") / "environment.yaml").string(),
                                   "--properties", (example("cross-account") / "properties.yaml").string()};
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), out, err,
                             {solver::prove_command()});
  INFO(out.str() << err.str());
  CHECK(code == 1);  // two claims of the example are false
  CHECK(out.str().find("REFUTED only ProdS3RWRole can write prod-data-bucket [only, open world,") != std::string::npos);
  CHECK(out.str().find("with the suggestion: PROVED") != std::string::npos);
  CHECK(out.str().find("5 properties: 3 as expected, 2 not as expected, 0 unknown") != std::string::npos);
}

namespace {

solver::PolicyId bucket_policy(solver::Environment& env, const std::string& bucket, const std::string& json) {
  solver::EnvPolicy& p = env.policies.emplace_back();
  p.name = bucket + " policy";
  p.path = bucket + ".json";
  p.type = linter::PolicyType::Resource;
  p.source = std::make_shared<linter::SourceFile>(p.path, json);
  linter::JsonLoader loader;
  REQUIRE_FALSE(loader.load(*p.source, p.tree));
  linter::build_policy(*p.source, p.tree, p.type, linter::PolicyHolder::Managed, p.policy);
  solver::Resource& r = env.resources.emplace_back();
  r.arn = "arn:aws:s3:::" + bucket;
  r.account = "123456789012";
  r.type = "s3:bucket";
  r.policy = static_cast<solver::PolicyId>(env.policies.size() - 1);
  return *r.policy;
}

std::string anyone_reads(const std::string& bucket, const std::string& condition) {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", )"
         R"("Resource": "arn:aws:s3:::)" + bucket + R"(/*")" + (condition.empty() ? "" : ", \"Condition\": " + condition) +
         "}]}";
}

}  // namespace

// Access Analyzer's "no public access" check, and S3's meaning of public: a policy that admits only callers from
// given networks is not public, but a network as wide as 0.0.0.0/1 is the public all the same.
TEST_CASE("prove: not-public, with the aws:SourceIp subtlety", "[prover]") {
  solver::Environment env;
  env.accounts.push_back({"123456789012", "storage", {}, false});
  bucket_policy(env, "open", anyone_reads("open", ""));
  bucket_policy(env, "half-the-internet", anyone_reads("half-the-internet", R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/1"}})"));
  bucket_policy(env, "office", anyone_reads("office", R"({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/48"]}})"));
  bucket_policy(env, "all-but-office", anyone_reads("all-but-office", R"({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})"));
  bucket_policy(env, "org-only", anyone_reads("org-only", R"({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})"));
  env.index();
  solver::Prover prover(env, {});
  std::deque<solver::Property> keep;
  auto check = [&](const std::string& bucket) {
    solver::Property& p = keep.emplace_back();
    p.kind = PropertyKind::NotPublic;
    p.name = bucket;
    p.actions = {"s3:GetObject"};
    p.resources = {"arn:aws:s3:::" + bucket + "/*"};
    PropertyResult r = prover.prove(p);
    INFO(bucket << ": " << r.summary);
    CHECK_FALSE(r.replay_mismatch);
    if (r.verdict == Verdict::Refuted) {
      REQUIRE(r.steps.size() == 1);
      CHECK(r.steps[0].decision == Decision::Allowed);
    }
    return r;
  };
  PropertyResult open = check("open");
  CHECK(open.verdict == Verdict::Refuted);
  CHECK(open.steps[0].request.principal.empty());  // anonymous
  PropertyResult half = check("half-the-internet");
  CHECK(half.verdict == Verdict::Refuted);
  CHECK(half.steps[0].request.context.find("aws:SourceIp") != nullptr);
  CHECK(check("office").verdict == Verdict::Proved);
  CHECK(check("all-but-office").verdict == Verdict::Refuted);
  CHECK(check("org-only").verdict == Verdict::Proved);
}

TEST_CASE("iamlint diff: the access a new policy adds, one proved request per action, and what it takes away",
          "[prover]") {
  fs::path old_policy = write_temp("diff-old.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::reports/*"}]})");
  fs::path new_policy = write_temp("diff-new.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:PutObjectAcl"], "Resource": "arn:aws:s3:::reports/*"}]})");
  auto run = [](const std::vector<std::string>& extra, std::string& out) {
    std::vector<std::string> args = {"iamlint", "diff"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream o, e;
    int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e,
                               {solver::diff_command()});
    out = o.str() + e.str();
    return code;
  };
  std::string out;
  CHECK(run({old_policy.string(), new_policy.string()}, out) == 1);
  INFO(out);
  CHECK(out.find("access added:\n  s3:PutObject on arn:aws:s3:::reports/") != std::string::npos);
  CHECK(out.find("  s3:PutObjectAcl on arn:aws:s3:::reports/") != std::string::npos);
  CHECK(out.find("access removed:\n  s3:DeleteObject on arn:aws:s3:::reports/") != std::string::npos);
  CHECK(run({new_policy.string(), new_policy.string()}, out) == 0);
  CHECK(out.find("access added: none (proved)") != std::string::npos);
  CHECK(run({old_policy.string(), (fs::temp_directory_path() / "iamlint-no-such-file.json").string()}, out) == 2);
}

TEST_CASE("prove: who-can through roles lists who can reach a role that can, with the whole chain", "[prover]") {
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment((example("cross-account") / "environment.yaml").string(), env));
  solver::PropertiesFile f = solver::parse_properties(
      "{who-can: {actions: [s3:PutObject], resources: ['arn:aws:s3:::prod-data-bucket/*'], via-roles: 1}}",
      "--property");
  REQUIRE(f.errors.empty());
  solver::Prover prover(env, {});
  PropertyResult r = prover.prove(f.properties[0]);
  CHECK(r.verdict == Verdict::Proved);
  std::vector<std::string> who;
  for (const solver::WhoCan& w : r.who) who.push_back(w.principal);
  CHECK(who == std::vector<std::string>{
                   "a session of " + kRole, "the root user of 222222222222",
                   "a user of 222222222222 that the environment does not list",
                   "a session of a role of 222222222222 that the environment does not list",
                   kDevUser + ", by way of " + kRole,
                   "a user of 111111111111 that the environment does not list, by way of " + kRole,
                   "a session of a role of 111111111111 that the environment does not list, by way of " + kRole});
  const solver::WhoCan& dev = r.who[4];
  REQUIRE(dev.witness.size() == 2);
  CHECK(dev.witness[0].request.principal == kDevUser);
  CHECK(dev.witness[0].request.action == "sts:AssumeRole");
  CHECK(dev.witness[0].decision == Decision::Allowed);
  CHECK(dev.witness[1].request.action == "s3:PutObject");
  CHECK(dev.witness[1].decision == Decision::Allowed);
  CHECK_FALSE(r.replay_mismatch);
}

namespace {

int prove_cli(const std::vector<std::string>& extra, std::string& out, std::string& err) {
  std::vector<std::string> args = {"iamlint", "prove"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e,
                             {solver::prove_command()});
  out = o.str();
  err = e.str();
  return code;
}

}  // namespace

TEST_CASE("iamlint prove: JSON output, input errors located, expected refutations pass CI", "[prover]") {
  std::string env = (example("cross-account") / "environment.yaml").string();
  std::string out, err;
  SECTION("JSON: every result with its verdict, world, counterexample and time") {
    CHECK(prove_cli({"--env", env, "--properties", (example("cross-account") / "properties.yaml").string(), "--format",
                     "json"},
                    out, err) == 1);
    // The document every command writes (docs/json-format.md): no files linted here, five properties.
    nlohmann::json j = nlohmann::json::parse(out);
    CHECK(j["schema_version"] == 1);
    CHECK(j["findings"].empty());
    REQUIRE(j["properties"].size() == 5);
    const nlohmann::json& first = j["properties"][0];
    CHECK(first["verdict"] == "refuted");
    CHECK(first["kind"] == "only");
    CHECK(first["world"] == "open");
    CHECK(first["as_expected"] == false);
    CHECK(first["at"]["line"] == 7);
    CHECK(first["at"]["column"] == 3);
    CHECK(first["steps"][0]["principal"] == kProdRoot);
    CHECK(first["steps"][0]["decision"] == "Allowed");
    CHECK(first["steps"][0]["allowed"] == true);
    CHECK(first["suggestion_verdict"] == "proved");
    CHECK(first["solver_calls"].is_number_unsigned());
    CHECK(j["properties"][2]["verdict"] == "proved");
    CHECK(j["properties"][2]["steps"].size() == 2);
    CHECK(j["property_summary"]["unknown"] == 0);
    CHECK(j["property_summary"]["refuted"] == 2);
    CHECK(j["property_summary"]["not_as_expected"] == 2);
    CHECK(j["statistics"]["policies"] == 5);
  }
  SECTION("a claim marked expect: refuted passes while it stays false") {
    CHECK(prove_cli({"--env", env, "--property",
                     "{only: {principals: [" + kRole + "], actions: [s3:PutObject], resources: "
                     "['arn:aws:s3:::prod-data-bucket/*']}, expect: refuted}"},
                    out, err) == 0);
    CHECK(out.find("REFUTED only #1") != std::string::npos);
    CHECK(out.find("(expected)") != std::string::npos);
  }
  SECTION("a fault in a property is an input error at its place; nothing is proved") {
    CHECK(prove_cli({"--env", env, "--property", "{only: {principals: [x], actions: [PutObject], resources: ['*']}}"},
                    out, err) == 2);
    CHECK(err.find("--property:1:") != std::string::npos);
    CHECK(out.empty());
  }
  SECTION("an environment that does not load is an input error") {
    CHECK(prove_cli({"--env", (fs::temp_directory_path() / "iamlint-no-such-env.yaml").string(), "--property",
                     "{not-public: {resources: ['*']}}"},
                    out, err) == 2);
    CHECK_FALSE(err.empty());
  }
  SECTION("an undecided property is exit code 2 unless --incomplete-exit says otherwise; never PROVED") {
    // With the fix, every principal but the role needs the solver to be ruled out; one unit of Z3's resource
    // counter decides none of them.
    std::vector<std::string> args = {"--env", (example("cross-account-enforced") / "environment.yaml").string(),
                                     "--properties", (example("cross-account-enforced") / "properties.yaml").string(),
                                     "--rlimit", "1"};
    CHECK(prove_cli(args, out, err) == 2);
    CHECK(out.find("UNKNOWN only ProdS3RWRole can write prod-data-bucket") != std::string::npos);
    CHECK(out.find("within the limits (--rlimit 1, --timeout-ms 10000)") != std::string::npos);
    CHECK(out.find("PROVED") == std::string::npos);
    args.insert(args.end(), {"--incomplete-exit", "0"});
    CHECK(prove_cli(args, out, err) == 0);
    args.back() = "3";
    CHECK(prove_cli(args, out, err) == 3);
    args[args.size() - 2] = "--unknown-exit";  // its older name
    CHECK(prove_cli(args, out, err) == 3);
  }
}

// The evaluation logic page: an RCP does not apply to AWS service principals, and Principal "*" matches them. A
// service that no policy names is a principal all the same: before the prover had a stand-in for it, an RCP that
// shut out anonymous callers made "only alice can assume app" PROVED while ec2.amazonaws.com could (found by the
// differential test once its sampled requests no longer shared the environments' random stream).
TEST_CASE("a service that no policy names can be the counterexample, where an RCP stops anonymous callers",
          "[prover]") {
  fs::path trust = write_temp("unnamed-service-trust.json",
                              R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]})");
  fs::path rcp = write_temp(
      "unnamed-service-rcp.json",
      R"({"Version": "2012-10-17", "Statement": [
           {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
            "Condition": {"Null": {"aws:PrincipalAccount": "true"}}},
           {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})");
  fs::path manifest = write_temp("unnamed-service.yaml", "version: 1\norganization:\n  id: o-a1b2c3d4e5\n  root: r-ab12\n"
                                 "  policies:\n    - name: no-anonymous-assume\n      type: rcp\n      targets: [r-ab12]\n"
                                 "      file: " + rcp.string() + "\naccounts:\n  - id: '111111111111'\n    users:\n"
                                 "      - name: alice\n    roles:\n      - name: app\n        trust:\n          file: " +
                                 trust.string() + "\n");
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment(manifest.string(), env, nullptr));
  solver::Prover prover(env, {});
  solver::Property p;
  p.kind = solver::PropertyKind::Only;
  p.name = "only alice and app";
  p.principals = {"arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:role/app"};
  p.actions = {"sts:AssumeRole"};
  p.resources = {"arn:aws:iam::111111111111:role/app"};
  solver::PropertyResult r = prover.prove(p);
  REQUIRE(r.verdict == Verdict::Refuted);
  CHECK_FALSE(r.replay_mismatch);
  REQUIRE(r.steps.size() == 1);
  CHECK(r.steps[0].request.principal == "unnamed-service.amazonaws.com");
  CHECK(r.steps[0].decision == Decision::Allowed);
  CHECK(r.summary == "another principal can perform sts:AssumeRole: a service that no policy names "
                     "(unnamed-service.amazonaws.com)");
  // Closed world: only what the environment lists and names exists, so no such service.
  solver::Prover closed(env, {solver::World::Closed});
  CHECK(closed.prove(p).verdict == Verdict::Proved);
}

// As the evaluator reads it (test_evaluator.cpp): a trust policy decides sts actions on its role only.
TEST_CASE("the prover reads a role's trust policy for sts actions only", "[prover]") {
  fs::path trust = write_temp("sts-only-trust.json",
                              R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": )"
                              R"({"AWS": "arn:aws:iam::111111111111:user/bob"}, "Action": "*"}]})");
  fs::path alice = write_temp("sts-only-alice.json",
                              R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", )"
                              R"("Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::*:role/*"}]})");
  fs::path manifest = write_temp("sts-only.yaml", "version: 1\naccounts:\n  - id: '111111111111'\n    users:\n"
                                 "      - name: alice\n        policies:\n          - name: a\n            file: " +
                                 alice.string() + "\n      - name: bob\n    roles:\n      - name: app\n"
                                 "        trust:\n          file: " + trust.string() + "\n");
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment(manifest.string(), env, nullptr));
  solver::Prover prover(env, {solver::World::Closed});
  auto prove = [&](PropertyKind kind, const std::string& who, const std::string& action) {
    solver::Property p;
    p.kind = kind;
    p.name = who + " " + action;
    p.principals = {"arn:aws:iam::111111111111:user/" + who};
    p.actions = {action};
    p.resources = {"arn:aws:iam::111111111111:role/app"};
    PropertyResult r = prover.prove(p);
    CHECK_FALSE(r.replay_mismatch);
    return r.verdict;
  };
  CHECK(prove(PropertyKind::Can, "alice", "iam:PutRolePolicy") == Verdict::Proved);
  CHECK(prove(PropertyKind::Cannot, "bob", "iam:PutRolePolicy") == Verdict::Proved);
  CHECK(prove(PropertyKind::Can, "bob", "sts:AssumeRole") == Verdict::Proved);
  CHECK(prove(PropertyKind::Cannot, "alice", "sts:AssumeRole") == Verdict::Proved);
}

// Issue 8: Z3 can run past --rlimit and --timeout-ms on a regular expression of many wildcards (docs/limits.md). A
// property's own patterns were bounded; a policy of the environment holding such a pattern hung the prover as well.
TEST_CASE("a pattern of the environment's over the wildcard bound makes a property UNKNOWN, with its place",
          "[prover][adversarial]") {
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "*a";
  pattern += "*b";
  fs::path policy = write_temp("many-wildcards-policy.json",
                               "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n"
                               "  \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::" + pattern + "\"}]}");
  fs::path manifest = write_temp("many-wildcards.yaml", "version: 1\naccounts:\n  - id: '111111111111'\n    users:\n"
                                 "      - name: alice\n        policies:\n          - name: wild\n            file: " + policy.string() + "\n");
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment(manifest.string(), env, nullptr));
  solver::Prover prover(env, {});
  solver::Property p;
  p.kind = solver::PropertyKind::Only;
  p.name = "only alice";
  p.principals = {"arn:aws:iam::111111111111:user/alice"};
  p.actions = {"s3:GetObject"};
  p.resources = {"arn:aws:s3:::bucket/key"};
  solver::PropertyResult r = prover.prove(p);
  CHECK(r.verdict == Verdict::Unknown);
  CHECK(r.unknown_reason == "the pattern 'arn:aws:s3:::" + pattern.substr(0, 27) + "...' has 41 wildcards, over the "
                            "limit of 32 per pattern given to the solver, in user alice, inline policy wild (" +
                            policy.string() + ":2:41)");  // the value's opening quote
}
