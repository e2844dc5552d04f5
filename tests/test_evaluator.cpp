// The request evaluator against the IAM User Guide's evaluation logic ("Policy evaluation logic", "Cross-account
// policy evaluation logic", the Principal and NotPrincipal pages): each point of issue 5's list has a test here, and
// the User Guide's worked cases (../shared/reference, when present) are replayed as golden tests.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

#include "solver/evaluator.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using solver::Decision;
using solver::Environment;
using solver::PolicyId;

namespace {

// Loads a policy document into the environment, typed as given.
PolicyId add_policy(Environment& env, const std::string& name, const std::string& json,
                    linter::PolicyType type = linter::PolicyType::Identity) {
  solver::EnvPolicy& p = env.policies.emplace_back();
  p.name = name;
  p.path = name + ".json";
  p.type = type;
  p.source = std::make_shared<linter::SourceFile>(p.path, json);
  linter::JsonLoader loader;
  auto error = loader.load(*p.source, p.tree);
  INFO(name << ": " << json);
  REQUIRE_FALSE(error);
  linter::build_policy(*p.source, p.tree, type, linter::PolicyHolder::Managed, p.policy);
  return static_cast<PolicyId>(env.policies.size() - 1);
}

std::string allow(const std::string& action, const std::string& resource, const std::string& extra = "") {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ")" + action +
         R"(", "Resource": ")" + resource + "\"" + extra + "}]}";
}

std::string deny(const std::string& action, const std::string& resource) {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ")" + action +
         R"(", "Resource": ")" + resource + "\"}]}";
}

std::string grant(const std::string& principal, const std::string& action, const std::string& resource,
                  const std::string& effect = "Allow") {
  return R"({"Version": "2012-10-17", "Statement": [{"Effect": ")" + effect + R"(", "Principal": )" + principal +
         R"(, "Action": ")" + action + R"(", "Resource": ")" + resource + "\"}]}";
}

solver::User& add_user(Environment& env, const std::string& account, const std::string& name) {
  solver::User& u = env.users.emplace_back();
  u.account = account;
  u.name = name;
  u.arn = "arn:aws:iam::" + account + ":user/" + name;
  u.id = "AIDA" + name;
  return u;
}

solver::Role& add_role(Environment& env, const std::string& account, const std::string& name) {
  solver::Role& r = env.roles.emplace_back();
  r.account = account;
  r.name = name;
  r.arn = "arn:aws:iam::" + account + ":role/" + name;
  r.id = "AROA" + name;
  return r;
}

solver::Resource& add_resource(Environment& env, const std::string& arn, const std::string& account,
                               const std::string& type = "s3:bucket") {
  solver::Resource& r = env.resources.emplace_back();
  r.arn = arn;
  r.account = account;
  r.type = type;
  return r;
}

Decision decide(const Environment& env, const std::string& principal, const std::string& action,
                const std::string& resource, solver::Context context = {}) {
  solver::Evaluator evaluator(env);
  return evaluator.evaluate(solver::Request{principal, action, resource, std::move(context)});
}

const std::string kAlice = "arn:aws:iam::111122223333:user/alice";
const std::string kObject = "arn:aws:s3:::examplebucket/a.txt";

}  // namespace

TEST_CASE("an explicit Deny in any policy wins over every Allow") {
  Environment env;
  solver::User& u = add_user(env, "111122223333", "alice");
  u.policies = {add_policy(env, "allow", allow("s3:*", "*")), add_policy(env, "deny", deny("s3:PutObject", "*"))};
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:PutObject", kObject) == Decision::ExplicitDeny);
  // A Deny in the resource policy wins over the identity policy's Allow too.
  add_resource(env, kObject, "111122223333").policy =
      add_policy(env, "bucket", grant(R"("*")", "s3:GetObject", "*", "Deny"), linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ExplicitDeny);
}

TEST_CASE("nothing allows: an implicit deny; actions match case-insensitively") {
  Environment env;
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("S3:get*", "*"))};
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:PutObject", kObject) == Decision::ImplicitDeny);
}

TEST_CASE("same account: identity and resource policies are a union; naming the account only delegates") {
  Environment env;
  add_user(env, "111122223333", "alice");
  solver::Resource& bucket = add_resource(env, kObject, "111122223333");
  SECTION("the resource policy names the user: allowed without an identity policy") {
    bucket.policy = add_policy(env, "b", grant(R"({"AWS": ")" + kAlice + R"("})", "s3:GetObject", "*"),
                               linter::PolicyType::Resource);
    env.index();
    CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  }
  SECTION("the resource policy names the account: the account's own policies decide") {
    bucket.policy = add_policy(env, "b", grant(R"({"AWS": "111122223333"})", "s3:GetObject", "*"),
                               linter::PolicyType::Resource);
    env.index();
    CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ImplicitDeny);
    env.users[0].policies = {add_policy(env, "a", allow("s3:GetObject", "*"))};
    env.index();
    CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  }
}

TEST_CASE("across accounts both the identity policy and the resource policy must allow") {
  Environment env;
  add_user(env, "111122223333", "alice");
  solver::Resource& bucket = add_resource(env, kObject, "444455556666");
  env.index();
  env.users[0].policies = {add_policy(env, "a", allow("s3:GetObject", "*"))};
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ImplicitDeny);  // no resource policy
  bucket.policy = add_policy(env, "b", grant(R"({"AWS": "arn:aws:iam::111122223333:root"})", "s3:GetObject", "*"),
                             linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  env.users[0].policies.clear();
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ImplicitDeny);  // resource side only
}

TEST_CASE("a role's trust policy must allow the caller explicitly, even in the same account") {
  Environment env;
  solver::User& alice = add_user(env, "111122223333", "alice");
  alice.policies = {add_policy(env, "a", allow("sts:AssumeRole", "*"))};
  solver::Role& role = add_role(env, "111122223333", "app");
  role.trust = add_policy(env, "trust",
                          R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": )"
                          R"("arn:aws:iam::111122223333:user/bob"}, "Action": "sts:AssumeRole"}]})",
                          linter::PolicyType::Trust);
  env.index();
  CHECK(decide(env, kAlice, "sts:AssumeRole", role.arn) == Decision::ImplicitDeny);
  CHECK(decide(env, "arn:aws:iam::111122223333:user/bob", "sts:AssumeRole", role.arn) == Decision::Allowed);
}

// The trust policy decides who may assume the role, and nothing else (IAM User Guide, "Roles terms and concepts":
// "trust policy ... defines which principals can assume the role"). An IAM action on the role, such as
// iam:PutRolePolicy (a privilege escalation), is decided by the caller's own policies, as for any IAM resource.
TEST_CASE("a role's trust policy governs sts actions on the role, not IAM actions on it") {
  Environment env;
  solver::User& alice = add_user(env, "111122223333", "alice");
  alice.policies = {add_policy(env, "a", allow("iam:PutRolePolicy", "arn:aws:iam::*:role/*"))};
  solver::Role& role = add_role(env, "111122223333", "app");
  role.trust = add_policy(env, "trust",
                          R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": )"
                          R"("arn:aws:iam::111122223333:user/bob"}, "Action": "*"}]})",
                          linter::PolicyType::Trust);
  const std::string app = role.arn;
  solver::Role& other = add_role(env, "444455556666", "cross");
  const std::string cross = other.arn;
  env.index();
  solver::Explanation ex;
  CHECK(solver::Evaluator(env).evaluate({kAlice, "iam:PutRolePolicy", app, {}}, &ex) == Decision::Allowed);
  CHECK(ex.reason == "an identity policy allows it");
  // Nor does the trust policy's "Action": "*" give bob anything but the STS actions.
  CHECK(decide(env, "arn:aws:iam::111122223333:user/bob", "iam:PutRolePolicy", app) == Decision::ImplicitDeny);
  CHECK(decide(env, "arn:aws:iam::111122223333:user/bob", "sts:TagSession", app) == Decision::Allowed);
  // Another account's role has no resource policy for IAM actions: its account alone can change it.
  CHECK(decide(env, kAlice, "iam:PutRolePolicy", cross) == Decision::ImplicitDeny);
}

// AWS STS API Reference, AssumeRole: "You cannot use AWS account root user credentials to call AssumeRole. You must
// use credentials for an IAM user or an IAM role to call AssumeRole." A trust policy naming the account (its root)
// delegates to the account's users and roles, never to the root user itself.
TEST_CASE("the root user cannot assume a role, even one whose trust policy names its account") {
  Environment env;
  // Each reference is used before the next add_*: adding to a vector moves what it holds.
  solver::Role& role = add_role(env, "111122223333", "app");
  role.trust = add_policy(env, "trust", grant(R"({"AWS": "arn:aws:iam::111122223333:root"})", "sts:AssumeRole", "*"),
                          linter::PolicyType::Trust);
  const std::string app = role.arn;
  solver::Role& other = add_role(env, "444455556666", "cross");
  other.trust = add_policy(env, "trust2", grant(R"({"AWS": "111122223333"})", "sts:AssumeRole", "*"),
                           linter::PolicyType::Trust);
  const std::string cross = other.arn;
  solver::User& alice = add_user(env, "111122223333", "alice");
  alice.policies = {add_policy(env, "a", allow("sts:AssumeRole", "*"))};
  env.index();
  solver::Explanation ex;
  CHECK(solver::Evaluator(env).evaluate({"arn:aws:iam::111122223333:root", "sts:AssumeRole", app, {}}, &ex) ==
        Decision::ImplicitDeny);
  CHECK(ex.reason == "the root user cannot call sts:AssumeRole (AWS STS API Reference, AssumeRole)");
  CHECK(decide(env, "arn:aws:iam::111122223333:root", "STS:assumerole", cross) == Decision::ImplicitDeny);
  // Its users still may, and the root user keeps every other permission of its account.
  CHECK(decide(env, kAlice, "sts:AssumeRole", app) == Decision::Allowed);
  CHECK(decide(env, kAlice, "sts:AssumeRole", cross) == Decision::Allowed);
  // Its other permissions need no policy, and the evaluator says so rather than naming an identity policy it has not.
  CHECK(solver::Evaluator(env).evaluate({"arn:aws:iam::111122223333:root", "iam:CreateUser",
                                         "arn:aws:iam::111122223333:user/bob", {}},
                                        &ex) == Decision::Allowed);
  CHECK(ex.reason == "the root user of 111122223333 has every permission in its account");
}

TEST_CASE("a KMS key policy must allow: identity policies count only when the key policy trusts the account") {
  Environment env;
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("kms:Decrypt", "*"))};
  std::string key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  solver::Resource& k = add_resource(env, key, "111122223333", "kms:key");
  k.policy = add_policy(env, "key", grant(R"({"AWS": "arn:aws:iam::111122223333:user/bob"})", "kms:*", "*"),
                        linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "kms:Decrypt", key) == Decision::ImplicitDeny);
  env.policies[*k.policy] = {};
  k.policy = add_policy(env, "key2", grant(R"({"AWS": "arn:aws:iam::111122223333:root"})", "kms:*", "*"),
                        linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "kms:Decrypt", key) == Decision::Allowed);
}

TEST_CASE("SCPs: every level from the root to the account must allow; a Deny anywhere denies; management exempt") {
  Environment env;
  solver::Account& member = env.accounts.emplace_back();
  member.id = "111122223333";
  member.ou_path = {"ou-prod"};
  solver::Account& management = env.accounts.emplace_back();
  management.id = "999999999999";
  management.management = true;
  env.organization = solver::Organization{"o-abc", "r-root", {}, {}};
  PolicyId full = add_policy(env, "FullAWSAccess", allow("*", "*"), linter::PolicyType::Scp);
  env.organization->scps["r-root"] = {full};
  env.organization->scps["111122223333"] = {full};
  env.organization->scps["999999999999"] = {};
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("s3:*", "*"))};
  add_user(env, "999999999999", "admin").policies = {add_policy(env, "b", allow("s3:*", "*"))};
  env.index();
  // Nothing is attached to the OU: it allows nothing.
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ImplicitDeny);
  env.organization->scps["ou-prod"] = {add_policy(env, "ou", allow("s3:Get*", "*"), linter::PolicyType::Scp)};
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:PutObject", kObject) == Decision::ImplicitDeny);
  env.organization->scps["111122223333"].push_back(
      add_policy(env, "deny-get", deny("s3:GetObject", "*"), linter::PolicyType::Scp));
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ExplicitDeny);
  // The management account is not governed by SCPs, even with nothing attached to it.
  CHECK(decide(env, "arn:aws:iam::999999999999:user/admin", "s3:PutObject", kObject) == Decision::Allowed);
  // The root user of a member account is.
  CHECK(decide(env, "arn:aws:iam::111122223333:root", "s3:GetObject", kObject) == Decision::ExplicitDeny);
}

TEST_CASE("RCPs govern the resources of member accounts, whoever calls") {
  Environment env;
  solver::Account& a = env.accounts.emplace_back();
  a.id = "111122223333";
  env.organization = solver::Organization{"o-abc", "r-root", {}, {}};
  PolicyId full = add_policy(env, "RCPFullAWSAccess", grant(R"("*")", "*", "*"), linter::PolicyType::Rcp);
  env.organization->rcps["r-root"] = {full};
  env.organization->rcps["111122223333"] = {
      full, add_policy(env, "tls",
                       R"({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", )"
                       R"("Action": "s3:*", "Resource": "*", "Condition": {"BoolIfExists": )"
                       R"({"aws:SecureTransport": "false"}}}]})",
                       linter::PolicyType::Rcp)};
  add_user(env, "444455556666", "eve").policies = {add_policy(env, "e", allow("s3:*", "*"))};
  add_resource(env, kObject, "111122223333").policy =
      add_policy(env, "b", grant(R"({"AWS": "444455556666"})", "s3:GetObject", "*"), linter::PolicyType::Resource);
  env.index();
  std::string eve = "arn:aws:iam::444455556666:user/eve";
  solver::Context tls;
  tls.set("aws:SecureTransport", "true");
  CHECK(decide(env, eve, "s3:GetObject", kObject, tls) == Decision::Allowed);
  solver::Context plain;
  plain.set("aws:SecureTransport", "false");
  CHECK(decide(env, eve, "s3:GetObject", kObject, plain) == Decision::ExplicitDeny);
}

TEST_CASE("a permissions boundary limits identity policies, not a resource policy naming the user") {
  Environment env;
  solver::User& alice = add_user(env, "111122223333", "alice");
  alice.policies = {add_policy(env, "a", allow("s3:*", "*"))};
  alice.boundary = add_policy(env, "boundary", allow("s3:GetObject", "*"), linter::PolicyType::PermissionsBoundary);
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:PutObject", kObject) == Decision::ImplicitDeny);
  add_resource(env, kObject, "111122223333").policy = add_policy(
      env, "b", grant(R"({"AWS": ")" + kAlice + R"("})", "s3:PutObject", "*"), linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "s3:PutObject", kObject) == Decision::Allowed);
}

TEST_CASE("principals: anonymous callers, services, the root user, NotPrincipal") {
  Environment env;
  solver::Resource& b = add_resource(env, kObject, "111122223333");
  b.policy = add_policy(env, "b",
                        R"({"Version": "2012-10-17", "Statement": [)"
                        R"({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"},)"
                        R"({"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},)"
                        R"( "Action": "s3:PutObject", "Resource": "*"},)"
                        R"({"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/alice",)"
                        R"( "arn:aws:iam::111122223333:root"]}, "Action": "s3:DeleteObject", "Resource": "*"}]})",
                        linter::PolicyType::Resource);
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("s3:*", "*"))};
  add_user(env, "111122223333", "bob").policies = {add_policy(env, "b2", allow("s3:*", "*"))};
  env.index();
  CHECK(decide(env, "", "s3:GetObject", kObject) == Decision::Allowed);  // {"AWS": "*"} includes anonymous callers
  CHECK(decide(env, "", "s3:PutObject", kObject) == Decision::ImplicitDeny);
  CHECK(decide(env, "logging.s3.amazonaws.com", "s3:PutObject", kObject) == Decision::Allowed);
  CHECK(decide(env, "lambda.amazonaws.com", "s3:PutObject", kObject) == Decision::ImplicitDeny);
  // NotPrincipal listing alice and her account: she escapes the Deny, bob does not.
  CHECK(decide(env, kAlice, "s3:DeleteObject", kObject) == Decision::Allowed);
  CHECK(decide(env, "arn:aws:iam::111122223333:user/bob", "s3:DeleteObject", kObject) == Decision::ExplicitDeny);
  // The root user needs no identity policy in its own account.
  CHECK(decide(env, "arn:aws:iam::111122223333:root", "s3:PutObject", kObject) == Decision::Allowed);
}

TEST_CASE("the request context gets what AWS sets from the environment; the caller may override it") {
  Environment env;
  solver::User& alice = add_user(env, "111122223333", "alice");
  alice.tags["team"] = "data";
  alice.policies = {add_policy(env, "a",
                               allow("s3:GetObject", "arn:aws:s3:::examplebucket/${aws:username}/*",
                                     R"(, "Condition": {"StringEquals": {"aws:PrincipalTag/team": "data"}})"))};
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", "arn:aws:s3:::examplebucket/alice/x") == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:GetObject", "arn:aws:s3:::examplebucket/bob/x") == Decision::ImplicitDeny);
  solver::Context other;
  other.set("aws:PrincipalTag/team", "web");
  CHECK(decide(env, kAlice, "s3:GetObject", "arn:aws:s3:::examplebucket/alice/x", other) == Decision::ImplicitDeny);
}

TEST_CASE("role assumption chains are followed, shortest first") {
  Environment env;
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("sts:AssumeRole", "*"))};
  solver::Role& first = add_role(env, "111122223333", "first");
  first.trust = add_policy(env, "t1", grant(R"({"AWS": ")" + kAlice + R"("})", "sts:AssumeRole", "*"),
                           linter::PolicyType::Trust);
  first.policies = {add_policy(env, "p1", allow("sts:AssumeRole", "*"))};
  solver::Role& second = add_role(env, "444455556666", "second");
  second.trust = add_policy(env, "t2", grant(R"({"AWS": "111122223333"})", "sts:AssumeRole", "*"),
                            linter::PolicyType::Trust);
  env.index();
  solver::Evaluator evaluator(env);
  auto reach = evaluator.reachable_roles(kAlice, 3);
  REQUIRE(reach.size() == 2);
  CHECK(reach[0].role->name == "first");
  CHECK(reach[1].role->name == "second");  // alice's own policy allows it, and the trust names her account
  CHECK(reach[1].chain == std::vector<std::string>{second.arn});
  CHECK(evaluator.reachable_roles(kAlice, 0).empty());
}

TEST_CASE("the explanation names the decision, the reason and the deciding statements") {
  Environment env;
  solver::User& u = add_user(env, "111122223333", "alice");
  u.policies = {add_policy(env, "allow", allow("s3:*", "*")), add_policy(env, "deny", deny("s3:PutObject", "*"))};
  env.index();
  solver::Evaluator evaluator(env);
  solver::Explanation ex;
  CHECK(evaluator.evaluate(solver::Request{kAlice, "s3:PutObject", kObject, {}}, &ex) == Decision::ExplicitDeny);
  CHECK(ex.decision == Decision::ExplicitDeny);
  CHECK(ex.reason == "an explicit Deny applies");
  REQUIRE(ex.deciding.size() == 1);
  CHECK(env.policies[ex.deciding[0].policy].name == "deny");
  CHECK(ex.matched.size() == 2);
}

// The User Guide's own cases, kept beside the project (../shared/reference): every request case is replayed.
TEST_CASE("the IAM User Guide's evaluation cases give the decisions the pages state") {
  std::ifstream in(source_dir() / ".." / "shared" / "reference" / "aws-docs-evaluation-cases.jsonl");
  if (!in) {
    WARN("../shared/reference/aws-docs-evaluation-cases.jsonl is absent: the User Guide cases are skipped");
    return;
  }
  int replayed = 0;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json c = nlohmann::json::parse(line);
    if (!c.contains("request") || !c.contains("principal")) continue;
    INFO(c["topic"].get<std::string>() << " (" << c["source"].get<std::string>() << ")");
    Environment env;
    std::string principal = c["principal"];
    if (principal == "anonymous") principal.clear();
    std::string account = principal.starts_with("arn:") ? principal.substr(principal.find("::") + 2, 12) : "";
    auto policies = [&](const nlohmann::json& list, const std::string& name) {
      std::vector<PolicyId> out;
      for (const auto& p : list) out.push_back(add_policy(env, name, p.dump()));
      return out;
    };
    std::optional<PolicyId> boundary;
    if (c.contains("permissions_boundary")) {
      boundary = add_policy(env, "boundary", c["permissions_boundary"].dump(), linter::PolicyType::PermissionsBoundary);
    }
    if (c.contains("principal_role")) {
      std::string role_arn = c["principal_role"];
      solver::Role& r = add_role(env, account, role_arn.substr(role_arn.rfind('/') + 1));
      r.policies = policies(c.value("identity_policies", nlohmann::json::array()), "identity");
      r.boundary = boundary;
    } else if (principal.find(":user/") != std::string::npos) {
      solver::User& u = add_user(env, account, principal.substr(principal.rfind('/') + 1));
      u.policies = policies(c.value("identity_policies", nlohmann::json::array()), "identity");
      u.boundary = boundary;
      for (const auto& g : c.value("groups", nlohmann::json::array())) {
        solver::Group& group = env.groups.emplace_back();
        group.name = g["name"];
        group.account = account;
        group.arn = "arn:aws:iam::" + account + ":group/" + group.name;
        group.policies = policies(g["policies"], "group " + group.name);
        u.groups.push_back(group.arn);
      }
    }
    std::string resource = c["request"]["resource"];
    std::string owner = c.value("resource_owner", account);
    if (c.contains("trust_policy")) {
      solver::Role& target = env.roles.emplace_back();
      target.arn = resource;
      target.account = owner;
      target.name = resource.substr(resource.rfind('/') + 1);
      target.trust = add_policy(env, "trust", c["trust_policy"].dump(), linter::PolicyType::Trust);
    } else if (c.contains("resource_policy")) {
      add_resource(env, resource, owner).policy =
          add_policy(env, "resource", c["resource_policy"].dump(), linter::PolicyType::Resource);
    } else if (c.contains("resource_owner")) {
      add_resource(env, resource, owner);
    }
    env.index();
    solver::Context context;
    nlohmann::json request_context = c["request"].value("context", nlohmann::json::object());
    for (const auto& [k, v] : request_context.items()) {
      if (v.is_array()) {
        std::vector<std::string> values;
        for (const auto& x : v) values.push_back(x.is_string() ? x.get<std::string>() : x.dump());
        context.set(k, values);
      } else {
        context.set(k, v.is_string() ? v.get<std::string>() : v.dump());
      }
    }
    Decision d = decide(env, principal, c["request"]["action"], resource, context);
    std::string expect = c["expect"];
    std::string got = d == Decision::Allowed ? "Allowed" : d == Decision::ExplicitDeny ? "ExplicitDeny" : "ImplicitDeny";
    if (expect == "NotDeniedByThisStatement") {
      CHECK(got != "ExplicitDeny");  // the page says only that this Deny spares the caller
    } else {
      CHECK(got == expect);
    }
    ++replayed;
  }
  CHECK(replayed >= 40);
}

// "Cross-account policy evaluation logic", the example: carlossalazar in 111111111111 may list buckets and do
// s3:*Object* in Production, never anything in a *log* bucket; 222222222222 owns Production, whose bucket policy
// lets him get, put, replicate and restore objects.
TEST_CASE("the User Guide's cross-account example: Production allowed, Production-logs denied, delete not granted") {
  Environment env;
  solver::User& carlos = add_user(env, "111111111111", "carlossalazar");
  carlos.policies = {add_policy(
      env, "carlossalazar",
      R"({"Version": "2012-10-17", "Statement": [)"
      R"({"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},)"
      R"({"Sid": "AllowS3ProductionObjectActions", "Effect": "Allow", "Action": "s3:*Object*",)"
      R"( "Resource": "arn:aws:s3:::Production/*"},)"
      R"({"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*",)"
      R"( "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}]})")};
  std::string production = "arn:aws:s3:::Production/file.txt";
  add_resource(env, production, "222222222222").policy = add_policy(
      env, "Production",
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": )"
      R"("arn:aws:iam::111111111111:user/carlossalazar"}, "Action": ["s3:GetObject*", "s3:PutObject*",)"
      R"( "s3:ReplicateObject", "s3:RestoreObject"], "Resource": "arn:aws:s3:::Production/*"}]})",
      linter::PolicyType::Resource);
  add_resource(env, "arn:aws:s3:::Production-logs/file.txt", "222222222222");
  env.index();
  std::string who = carlos.arn;
  CHECK(decide(env, who, "s3:PutObject", production) == Decision::Allowed);
  CHECK(decide(env, who, "s3:PutObject", "arn:aws:s3:::Production-logs/file.txt") == Decision::ExplicitDeny);
  CHECK(decide(env, who, "s3:DeleteObject", production) == Decision::ImplicitDeny);
}

TEST_CASE("an S3 object is governed by its bucket's policy and owned by the bucket's owner") {
  Environment env;
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("s3:GetObject", "*"))};
  add_resource(env, "arn:aws:s3:::examplebucket", "444455556666").policy =
      add_policy(env, "b", grant(R"({"AWS": "111122223333"})", "s3:GetObject", "arn:aws:s3:::examplebucket/*"),
                 linter::PolicyType::Resource);
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  CHECK(decide(env, kAlice, "s3:GetObject", "arn:aws:s3:::otherbucket/a.txt") == Decision::Allowed);  // own account
}

TEST_CASE("a policy type attached nowhere in the organization is not enabled and governs nothing") {
  Environment env;
  solver::Account& a = env.accounts.emplace_back();
  a.id = "111122223333";
  env.organization = solver::Organization{"o-abc", "r-root", {}, {}};
  add_user(env, "111122223333", "alice").policies = {add_policy(env, "a", allow("s3:*", "*"))};
  env.index();
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::Allowed);
  // Once SCPs are attached somewhere, every level needs one that allows.
  env.organization->scps["r-root"] = {add_policy(env, "full", allow("*", "*"), linter::PolicyType::Scp)};
  CHECK(decide(env, kAlice, "s3:GetObject", kObject) == Decision::ImplicitDeny);
}

TEST_CASE("a session policy limits what the role's policies and a grant to the role give the session") {
  Environment env;
  solver::Role& role = add_role(env, "111122223333", "app");
  role.policies = {add_policy(env, "p", allow("s3:*", "*"))};
  PolicyId session = add_policy(env, "session", allow("s3:GetObject", "*"), linter::PolicyType::Session);
  std::string arn = "arn:aws:sts::111122223333:assumed-role/app/s";
  add_resource(env, "arn:aws:s3:::shared", "111122223333").policy = add_policy(
      env, "b",
      R"({"Version": "2012-10-17", "Statement": [)"
      R"({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:ListBucket",)"
      R"( "Resource": "*"},)"
      R"({"Effect": "Allow", "Principal": {"AWS": ")" + arn + R"("}, "Action": "s3:PutObjectTagging", "Resource": "*"}]})",
      linter::PolicyType::Resource);
  env.index();
  solver::Evaluator evaluator(env);
  auto with_session = [&](const std::string& action, const std::string& resource) {
    solver::Request r{arn, action, resource, {}};
    r.session_policy = session;
    return evaluator.evaluate(r);
  };
  CHECK(with_session("s3:GetObject", kObject) == Decision::Allowed);
  CHECK(with_session("s3:PutObject", kObject) == Decision::ImplicitDeny);
  CHECK(evaluator.evaluate({arn, "s3:PutObject", kObject, {}}) == Decision::Allowed);  // without it
  // A grant to the role is limited by the session policy; a grant to the session itself is not.
  CHECK(with_session("s3:ListBucket", "arn:aws:s3:::shared") == Decision::ImplicitDeny);
  CHECK(with_session("s3:PutObjectTagging", "arn:aws:s3:::shared/x") == Decision::Allowed);
}
