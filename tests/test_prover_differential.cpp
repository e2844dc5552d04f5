// The prover's encoding against the evaluator, on random environments and random requests: for every request, the
// decision formula (solver/prover.cpp, through encoded_allowed) must allow exactly what Evaluator::evaluate allows.
// Policies, principals, resources and contexts are drawn from small pools chosen so that statements match often and
// every part of the evaluation logic is reached: Deny, NotAction, NotResource, Principal forms and NotPrincipal,
// same- and cross-account, roles' trust policies, a KMS key, boundaries, SCPs and RCPs, conditions on keys the
// environment sets and on keys the caller sends, policy variables.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "solver/encoding_checks.hpp"
#include "solver/evaluator.hpp"
#include "solver/match.hpp"
#include "solver/prover.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using solver::Decision;
using solver::Environment;
using solver::PolicyId;

namespace {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, n), the same on every platform (std::uniform_int_distribution is not).
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(engine_() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  std::mt19937_64 engine_;
};

const std::vector<std::string> kAccounts = {"111111111111", "222222222222"};

const std::vector<std::string> kActions = {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "sts:AssumeRole",
                                           "kms:Decrypt",  "iam:GetUser",  "s3:DeleteObject"};
const std::vector<std::string> kActionPatterns = {"s3:GetObject", "s3:PutObject", "s3:*",     "s3:Get*", "*",
                                                  "sts:AssumeRole", "kms:*",      "iam:Get*", "s3:*Object",
                                                  "s3:?etObject",  "S3:getobject"};
const std::vector<std::string> kResources = {"arn:aws:s3:::bucket-a",          "arn:aws:s3:::bucket-a/x.txt",
                                             "arn:aws:s3:::bucket-a/home/alice/f", "arn:aws:s3:::bucket-b/y",
                                             "arn:aws:iam::111111111111:role/app", "arn:aws:iam::222222222222:role/ops",
                                             "arn:aws:kms:us-east-1:222222222222:key/k1",
                                             "arn:aws:iam::111111111111:user/alice", "*"};
const std::vector<std::string> kResourcePatterns = {
    "*", "arn:aws:s3:::bucket-a", "arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-*", "arn:aws:s3:::*/x.txt",
    "arn:aws:s3:::bucket-a/home/${aws:username}/*", "arn:aws:iam::*:role/*", "arn:aws:iam::111111111111:role/app",
    "arn:aws:kms:*:222222222222:key/*", "arn:aws:iam::111111111111:user/${aws:username}", "arn:aws:s3:::bucket-?/y"};
const std::vector<std::string> kPrincipals = {
    R"("*")", R"({"AWS": "*"})", R"({"AWS": "111111111111"})", R"({"AWS": "arn:aws:iam::222222222222:root"})",
    R"({"AWS": "arn:aws:iam::111111111111:user/alice"})", R"({"AWS": "arn:aws:iam::111111111111:role/app"})",
    R"({"AWS": ["arn:aws:iam::222222222222:role/ops", "arn:aws:iam::111111111111:user/bob"]})",
    R"({"Service": "ec2.amazonaws.com"})",
    R"({"AWS": "arn:aws:sts::111111111111:assumed-role/app/s1"})"};
const std::vector<std::string> kNotPrincipals = {
    R"({"AWS": ["arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:root"]})",
    R"({"AWS": "arn:aws:iam::222222222222:role/ops"})"};
const std::vector<std::string> kConditions = {
    R"({"Bool": {"aws:SecureTransport": "true"}})",
    R"({"Bool": {"aws:MultiFactorAuthPresent": "false"}})",
    R"({"StringEquals": {"aws:PrincipalTag/team": "blue"}})",
    R"({"StringNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::111111111111:role/app"]}})",
    R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111111111111:*"}})",
    R"({"StringLike": {"aws:userid": "AROA*"}})",
    R"({"StringEquals": {"aws:PrincipalAccount": "222222222222"}})",
    R"({"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}})",
    R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})",
    R"({"NotIpAddress": {"aws:SourceIp": ["10.1.0.0/16", "192.0.2.0/24"]}})",
    R"({"NumericLessThan": {"s3:max-keys": "10"}})",
    R"({"StringEquals": {"s3:prefix": ["home/", "home/${aws:username}/"]}})",
    R"({"Null": {"aws:SourceIp": "true"}})",
    R"({"StringEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}})",
    R"({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}})",
    R"({"ForAllValues:StringLike": {"aws:TagKeys": "t*"}})",
    R"({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}})",
    R"({"StringEquals": {"aws:PrincipalType": "User"}})",
    R"({"StringEquals": {"aws:username": "alice"}})",
    R"({"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}})",
};

std::string list_or_one(Random& rng, const std::vector<std::string>& pool) {
  std::size_t n = 1 + rng.below(2);
  if (n == 1) return "\"" + rng.pick(pool) + "\"";
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", \"" : "\"") + rng.pick(pool) + "\"";
  return out + "]";
}

std::string statement(Random& rng, bool with_principal) {
  std::ostringstream s;
  s << "{\"Effect\": \"" << (rng.chance(70) ? "Allow" : "Deny") << "\"";
  if (with_principal) {
    if (rng.chance(85)) {
      s << ", \"Principal\": " << rng.pick(kPrincipals);
    } else {
      s << ", \"NotPrincipal\": " << rng.pick(kNotPrincipals);
    }
  }
  s << (rng.chance(85) ? ", \"Action\": " : ", \"NotAction\": ") << list_or_one(rng, kActionPatterns);
  if (!with_principal || rng.chance(80)) {
    s << (rng.chance(85) ? ", \"Resource\": " : ", \"NotResource\": ") << list_or_one(rng, kResourcePatterns);
  }
  if (rng.chance(45)) {
    std::string c = rng.pick(kConditions);
    if (rng.chance(30)) {
      // Two operators in one block: ANDed.
      std::string d = rng.pick(kConditions);
      if (d != c) c.replace(c.size() - 1, 1, ", " + d.substr(1));
    }
    s << ", \"Condition\": " << c;
  }
  s << "}";
  return s.str();
}

std::string policy(Random& rng, bool with_principal) {
  std::string out = rng.chance(90) ? R"({"Version": "2012-10-17", "Statement": [)" : R"({"Statement": [)";
  std::size_t n = 1 + rng.below(3);
  for (std::size_t i = 0; i < n; ++i) out += (i ? ", " : "") + statement(rng, with_principal);
  return out + "]}";
}

PolicyId add_policy(Environment& env, const std::string& json, linter::PolicyType type) {
  solver::EnvPolicy& p = env.policies.emplace_back();
  p.name = "p" + std::to_string(env.policies.size());
  p.path = p.name + ".json";
  p.type = type;
  p.source = std::make_shared<linter::SourceFile>(p.path, json);
  linter::JsonLoader loader;
  auto error = loader.load(*p.source, p.tree);
  INFO(json);
  REQUIRE_FALSE(error);
  linter::build_policy(*p.source, p.tree, type, linter::PolicyHolder::Managed, p.policy);
  return static_cast<PolicyId>(env.policies.size() - 1);
}

void build(Environment& env, Random& rng) {
  using linter::PolicyType;
  for (const std::string& a : kAccounts) env.accounts.push_back({a, "acct-" + a, {}, false});
  if (rng.chance(40)) {
    env.accounts[1].ou_path = {"ou-1"};
    env.organization = solver::Organization{"o-abc123def4", "r-root", {}, {}};
    env.organization->scps["r-root"] = {add_policy(env, policy(rng, false), PolicyType::Scp)};
    if (rng.chance(50)) env.organization->scps["ou-1"] = {add_policy(env, policy(rng, false), PolicyType::Scp)};
    if (rng.chance(50)) env.organization->rcps["r-root"] = {add_policy(env, policy(rng, false), PolicyType::Rcp)};
    if (rng.chance(30)) env.accounts[0].management = true;
  }
  for (const char* name : {"alice", "bob"}) {
    solver::User& u = env.users.emplace_back();
    u.account = "111111111111";
    u.name = name;
    u.arn = "arn:aws:iam::111111111111:user/" + u.name;
    u.id = std::string("AIDA") + name;
    if (rng.chance(50)) u.tags["team"] = rng.chance(50) ? "blue" : "red";
    if (rng.chance(80)) u.policies.push_back(add_policy(env, policy(rng, false), PolicyType::Identity));
  }
  if (rng.chance(30)) env.users[0].boundary = add_policy(env, policy(rng, false), PolicyType::PermissionsBoundary);
  for (const auto& [account, name] : std::vector<std::pair<std::string, std::string>>{{"111111111111", "app"},
                                                                                        {"222222222222", "ops"}}) {
    solver::Role& r = env.roles.emplace_back();
    r.account = account;
    r.name = name;
    r.arn = "arn:aws:iam::" + account + ":role/" + name;
    r.id = "AROA" + name;
    if (rng.chance(40)) r.tags["team"] = "blue";
    if (rng.chance(80)) r.policies.push_back(add_policy(env, policy(rng, false), PolicyType::Identity));
    if (rng.chance(85)) r.trust = add_policy(env, policy(rng, true), PolicyType::Trust);
  }
  if (rng.chance(20)) env.roles[1].boundary = add_policy(env, policy(rng, false), PolicyType::PermissionsBoundary);
  solver::Resource& a = env.resources.emplace_back();
  a.arn = "arn:aws:s3:::bucket-a";
  a.account = "111111111111";
  a.type = "s3:bucket";
  if (rng.chance(50)) a.tags["owner"] = "alice";
  if (rng.chance(80)) a.policy = add_policy(env, policy(rng, true), PolicyType::Resource);
  solver::Resource& b = env.resources.emplace_back();
  b.arn = "arn:aws:s3:::bucket-b";
  b.account = "222222222222";
  b.type = "s3:bucket";
  if (rng.chance(80)) b.policy = add_policy(env, policy(rng, true), PolicyType::Resource);
  solver::Resource& k = env.resources.emplace_back();
  k.arn = "arn:aws:kms:us-east-1:222222222222:key/k1";
  k.account = "222222222222";
  k.type = "kms:key";
  if (rng.chance(80)) k.policy = add_policy(env, policy(rng, true), PolicyType::Resource);
  env.index();
}

solver::Request request(Random& rng) {
  static const std::vector<std::string> principals = {
      "arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob",
      "arn:aws:sts::111111111111:assumed-role/app/s1", "arn:aws:sts::222222222222:assumed-role/ops/s2",
      "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root", "ec2.amazonaws.com", ""};
  solver::Request q;
  q.principal = rng.pick(principals);
  q.action = rng.pick(kActions);
  q.resource = rng.pick(kResources);
  if (rng.chance(60)) q.context.set("aws:SecureTransport", rng.chance(50) ? "true" : "false");
  if (rng.chance(40)) q.context.set("aws:MultiFactorAuthPresent", rng.chance(50) ? "true" : "false");
  if (rng.chance(60)) q.context.set("aws:SourceIp", rng.pick(std::vector<std::string>{"10.1.2.3", "10.2.0.1", "192.0.2.7", "203.0.113.9", "2001:db8::1"}));
  if (rng.chance(40)) q.context.set("s3:max-keys", rng.pick(std::vector<std::string>{"5", "10", "100", "ten"}));
  if (rng.chance(40)) q.context.set("s3:prefix", rng.pick(std::vector<std::string>{"home/", "home/alice/", "x"}));
  if (rng.chance(30)) q.context.set("aws:RequestedRegion", rng.chance(50) ? "us-east-1" : "eu-west-1");
  if (rng.chance(40)) {
    std::vector<std::string> keys;
    for (const char* k : {"env", "team", "cost"}) {
      if (rng.chance(50)) keys.emplace_back(k);
    }
    q.context.set("aws:TagKeys", keys);
  }
  if (rng.chance(50)) q.context.set("aws:CurrentTime", rng.chance(50) ? "2019-06-01T00:00:00Z" : "2024-06-01T00:00:00Z");
  return q;
}

}  // namespace

TEST_CASE("the prover's decision formula allows exactly what the evaluator allows, on random environments",
          "[prover][differential]") {
  Random rng(0x6a09e667f3bcc908ULL);
  std::size_t checked = 0, allowed = 0, refused = 0;
  for (int e = 0; e < 250; ++e) {
    Environment env;
    build(env, rng);
    solver::Evaluator evaluator(env);
    solver::DecisionChecker checker(env);
    for (int i = 0; i < 40; ++i) {
      solver::Request q = request(rng);
      std::string why;
      std::optional<bool> encoded = checker.allowed(q, &why);
      if (!encoded) {
        ++refused;
        INFO(why);
        CHECK(!why.empty());
        continue;
      }
      solver::Explanation ex;
      bool evaluated = evaluator.evaluate(q, &ex) == Decision::Allowed;
      if (*encoded != evaluated) {
        std::ostringstream policies;
        for (const solver::EnvPolicy& p : env.policies) policies << p.name << ": " << p.source->text() << '\n';
        auto ids = [&](const std::vector<PolicyId>& v) {
          std::string out;
          for (PolicyId id : v) out += " " + env.policies[id].name;
          return out;
        };
        for (const solver::User& u : env.users) {
          policies << u.arn << ":" << ids(u.policies) << (u.boundary ? " boundary " + env.policies[*u.boundary].name : "") << '\n';
        }
        for (const solver::Role& r : env.roles) {
          policies << r.arn << ":" << ids(r.policies) << (r.trust ? " trust " + env.policies[*r.trust].name : "")
                   << (r.boundary ? " boundary " + env.policies[*r.boundary].name : "") << '\n';
        }
        for (const solver::Resource& r : env.resources) {
          policies << r.arn << ":" << (r.policy ? " " + env.policies[*r.policy].name : std::string()) << '\n';
        }
        if (env.organization) {
          for (const auto& [t, v] : env.organization->scps) policies << "SCP " << t << ":" << ids(v) << '\n';
          for (const auto& [t, v] : env.organization->rcps) policies << "RCP " << t << ":" << ids(v) << '\n';
          policies << "management: " << env.accounts[0].management << '\n';
        }
        INFO("environment " << e << ", request " << i << ": " << q.principal << ' ' << q.action << ' ' << q.resource);
        INFO("evaluator: " << solver::decision_name(ex.decision) << ", " << ex.reason);
        INFO(policies.str());
        CHECK(*encoded == evaluated);
      }
      ++checked;
      if (evaluated) ++allowed;
    }
  }
  WARN("differential: " << checked << " requests compared (" << allowed << " allowed), " << refused
                        << " refused by the encoding");
  CHECK(checked >= 10000);
  CHECK(allowed >= checked / 20);  // the pools must make allowed requests common enough to mean something
  CHECK(refused == 0);
}

TEST_CASE("the prover's answers on random environments: every counterexample replays, no random request refutes a "
          "proof", "[prover][differential]") {
  Random rng(0xbb67ae8584caa73bULL);
  const std::vector<std::string> scopes = {"arn:aws:s3:::bucket-a/*", "arn:aws:s3:::bucket-a",
                                           "arn:aws:s3:::bucket-b/*", "arn:aws:iam::111111111111:role/app",
                                           "arn:aws:iam::222222222222:role/ops",
                                           "arn:aws:kms:us-east-1:222222222222:key/k1"};
  const std::vector<std::string> who = {"arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob",
                                        "arn:aws:iam::111111111111:role/app", "arn:aws:iam::222222222222:role/ops"};
  std::size_t proved = 0, refuted = 0, unknown = 0, sampled = 0;
  for (int e = 0; e < 60; ++e) {
    Environment env;
    build(env, rng);
    solver::Prover prover(env, {});
    solver::Evaluator evaluator(env);
    for (int k = 0; k < 6; ++k) {
      solver::Property p;
      p.kind = rng.chance(50) ? solver::PropertyKind::Cannot : solver::PropertyKind::Only;
      p.name = "random";
      p.principals = {rng.pick(who)};
      p.actions = {rng.pick(kActions)};
      p.resources = {rng.pick(scopes)};
      solver::PropertyResult r = prover.prove(p);
      INFO("environment " << e << ": " << solver::property_kind_name(p.kind) << ' ' << p.principals[0] << ' '
                          << p.actions[0] << ' ' << p.resources[0] << ": " << r.summary);
      if (r.verdict == solver::Verdict::Unknown) {
        ++unknown;
        continue;
      }
      CHECK_FALSE(r.replay_mismatch);
      if (r.verdict == solver::Verdict::Refuted) {
        ++refuted;
        REQUIRE_FALSE(r.steps.empty());
        CHECK(r.steps.back().decision == Decision::Allowed);
        CHECK(solver::resource_matches(p.resources[0], r.steps.back().request.resource));
        continue;
      }
      ++proved;
      // A proof about the listed principals is checked on random requests: none may be allowed. They come from a
      // generator of their own, so that a verdict that changes does not change the environments that follow.
      Random sample(0x3c6ef372fe94f82bULL ^ (static_cast<uint64_t>(e) << 8) ^ static_cast<uint64_t>(k));
      for (int i = 0; i < 25; ++i) {
        solver::Request q = request(sample);
        q.action = p.actions[0];
        if (p.kind == solver::PropertyKind::Cannot) {
          const std::string& named = p.principals[0];
          q.principal = named.find(":role/") == std::string::npos
                            ? named
                            : "arn:aws:sts::" + named.substr(13, 12) + ":assumed-role/" +
                                  named.substr(named.rfind('/') + 1) + "/s" + std::to_string(i);
        } else if (q.principal.find(p.principals[0].substr(p.principals[0].rfind('/') + 1) + "/") != std::string::npos ||
                   q.principal == p.principals[0]) {
          continue;  // the principal the claim allows
        }
        std::string target = p.resources[0];
        if (target.ends_with("/*")) target.replace(target.size() - 1, 1, sample.pick(std::vector<std::string>{"x.txt", "home/alice/f", "y"}));
        q.resource = target;
        ++sampled;
        solver::Explanation ex;
        INFO("sampled request: " << q.principal << ' ' << q.action << ' ' << q.resource);
        CHECK(evaluator.evaluate(q, &ex) != Decision::Allowed);
      }
    }
  }
  WARN("random properties: " << proved << " proved (" << sampled << " requests sampled against them), " << refuted
                             << " refuted and replayed, " << unknown << " unknown");
  CHECK(proved >= 40);
  CHECK(refuted >= 40);
  CHECK(unknown == 0);
}
