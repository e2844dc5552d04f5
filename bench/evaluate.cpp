// iamlint-bench-evaluate: how long the evaluator takes to decide one request in a large environment. The prover
// replays every counterexample through it and the reports ask it about every principal, so it must take
// microseconds, not milliseconds.
//
// Usage: iamlint-bench-evaluate [ROLES [REQUESTS]]   (defaults 2000 and 200000)
//
// The environment is synthetic and deterministic: an organization of two member accounts under one OU, with an SCP
// at each level; in account 111111111111, ROLES roles, each with a trust policy, an inline policy of three
// statements (one with a condition, one Deny with a wildcard resource) and, for one in five, a permissions
// boundary; in account 222222222222, ROLES / 4 buckets, each with a bucket policy that grants a few of the roles
// across accounts and denies plain HTTP. Requests are drawn from the roles, five S3 actions and the buckets' objects.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "solver/evaluator.hpp"

using namespace iamlint;

namespace {

solver::PolicyId add_policy(solver::Environment& env, std::string name, std::string json, linter::PolicyType type) {
  solver::EnvPolicy& p = env.policies.emplace_back();
  p.name = std::move(name);
  p.path = p.name;
  p.type = type;
  p.source = std::make_shared<linter::SourceFile>(p.path, std::move(json));
  linter::JsonLoader loader;
  if (auto error = loader.load(*p.source, p.tree)) {
    std::fprintf(stderr, "iamlint-bench-evaluate: %s: %s\n", p.name.c_str(), error->message.c_str());
    std::exit(2);
  }
  linter::build_policy(*p.source, p.tree, type, linter::PolicyHolder::Managed, p.policy);
  return static_cast<solver::PolicyId>(env.policies.size() - 1);
}

std::string bucket_name(std::size_t i) { return "data-" + std::to_string(i); }

}  // namespace

int main(int argc, char** argv) {
  std::size_t roles = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  std::size_t requests = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 200000;
  std::size_t buckets = std::max<std::size_t>(1, roles / 4);
  solver::Environment env;
  for (const char* id : {"111111111111", "222222222222"}) {
    solver::Account& a = env.accounts.emplace_back();
    a.id = id;
    a.ou_path = {"ou-workloads"};
  }
  env.organization = solver::Organization{"o-bench", "r-root", {}, {}};
  solver::PolicyId full = add_policy(
      env, "FullAWSAccess", R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})",
      linter::PolicyType::Scp);
  env.organization->scps["r-root"] = {full};
  env.organization->scps["ou-workloads"] = {
      full, add_policy(env, "DenyLeaving",
                       R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:Leave*",)"
                       R"("Resource":"*"}]})",
                       linter::PolicyType::Scp)};
  env.organization->scps["111111111111"] = {full};
  env.organization->scps["222222222222"] = {full};
  solver::PolicyId boundary = add_policy(
      env, "boundary",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]})",
      linter::PolicyType::PermissionsBoundary);
  for (std::size_t i = 0; i < roles; ++i) {
    solver::Role& r = env.roles.emplace_back();
    r.account = "111111111111";
    r.name = "role-" + std::to_string(i);
    r.arn = "arn:aws:iam::111111111111:role/" + r.name;
    r.id = "AROA" + std::to_string(i);
    r.tags["team"] = i % 2 == 0 ? "data" : "web";
    r.trust = add_policy(env, r.name + " trust",
                         R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":)"
                         R"("ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})",
                         linter::PolicyType::Trust);
    std::string b = bucket_name(i % buckets);
    r.policies = {add_policy(
        env, r.name + " inline",
        R"({"Version":"2012-10-17","Statement":[)"
        R"({"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::)" +
            b + R"(","arn:aws:s3:::)" + b + R"(/*"]},)"
            R"({"Sid":"Write","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::)" + b +
            R"(/${aws:PrincipalTag/team}/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":["data","web"]}}},)"
            R"({"Sid":"NoLogs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}]})",
        linter::PolicyType::Identity)};
    if (i % 5 == 0) r.boundary = boundary;
  }
  for (std::size_t i = 0; i < buckets; ++i) {
    std::string b = bucket_name(i);
    std::string grantees;
    for (std::size_t k = i; k < roles; k += buckets) {
      if (!grantees.empty()) grantees += ',';
      grantees += "\"arn:aws:iam::111111111111:role/role-" + std::to_string(k) + "\"";
    }
    solver::PolicyId policy = add_policy(
        env, b + " policy",
        R"({"Version":"2012-10-17","Statement":[)"
        R"({"Sid":"Grant","Effect":"Allow","Principal":{"AWS":[)" + grantees +
            R"(]},"Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::)" + b +
            R"(","arn:aws:s3:::)" + b + R"(/*"]},)"
            R"({"Sid":"TLS","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::)" + b +
            R"(/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]})",
        linter::PolicyType::Resource);
    for (const std::string& arn : {"arn:aws:s3:::" + b, "arn:aws:s3:::" + b + "/data/report.csv",
                                   "arn:aws:s3:::" + b + "/web/index.html"}) {
      solver::Resource& res = env.resources.emplace_back();
      res.arn = arn;
      res.account = "222222222222";
      res.type = "s3:bucket";
      res.policy = policy;
    }
  }
  env.index();
  solver::Evaluator evaluator(env);

  // A request the environment allows (role-0 reads its own bucket across accounts): if it is not allowed, the
  // figures below would time the wrong path.
  {
    solver::Request q{"arn:aws:sts::111111111111:assumed-role/role-0/s", "s3:GetObject",
                      "arn:aws:s3:::" + bucket_name(0) + "/data/report.csv", {}};
    q.context.set("aws:SecureTransport", "true");
    solver::Explanation ex;
    if (evaluator.evaluate(q, &ex) != solver::Decision::Allowed) {
      std::fprintf(stderr, "iamlint-bench-evaluate: the sanity request is %s: %s\n",
                   std::string(solver::decision_name(ex.decision)).c_str(), ex.reason.c_str());
      return 1;
    }
  }
  // The requests, drawn before timing: half of them for the bucket the role may use.
  std::mt19937_64 rng(42);
  const char* actions[] = {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetObjectAcl"};
  std::vector<solver::Request> batch;
  for (std::size_t i = 0; i < std::min<std::size_t>(requests, 10000); ++i) {
    std::size_t r = rng() % roles;
    solver::Request q;
    q.principal = "arn:aws:sts::111111111111:assumed-role/role-" + std::to_string(r) + "/s";
    q.action = actions[rng() % 5];
    std::size_t b = rng() % 2 == 0 ? r % buckets : rng() % buckets;
    q.resource = env.resources[3 * b + rng() % 3].arn;
    q.context.set("aws:SecureTransport", rng() % 10 == 0 ? "false" : "true");
    batch.push_back(std::move(q));
  }
  std::size_t allowed = 0, explicit_denied = 0;
  auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < requests; ++i) {
    solver::Decision d = evaluator.evaluate(batch[i % batch.size()]);
    allowed += d == solver::Decision::Allowed;
    explicit_denied += d == solver::Decision::ExplicitDeny;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::size_t explained = std::min<std::size_t>(requests, 20000);
  auto start_ex = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < explained; ++i) {
    solver::Explanation ex;
    evaluator.evaluate(batch[i % batch.size()], &ex);
  }
  double seconds_ex = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_ex).count();
  std::printf("environment: %zu roles, %zu resources, %zu policies; %zu requests (%zu allowed, %zu explicitly denied)\n",
              roles, env.resources.size(), env.policies.size(), requests, allowed, explicit_denied);
  std::printf("evaluate:              %.2f us per request (%.0f requests/s)\n",
              seconds * 1e6 / static_cast<double>(requests), static_cast<double>(requests) / seconds);
  std::printf("evaluate + explain:    %.2f us per request\n", seconds_ex * 1e6 / static_cast<double>(explained));
  return 0;
}
