#include "tests/report_example.hpp"

#include "linter/cli.hpp"
#include "linter/lint.hpp"

namespace iamlint::testing {

using namespace iamlint::linter;

const char* const kExamplePolicies[5] = {
    "fixtures/cross-account/dev-account/developers-group-policy.json",
    "fixtures/cross-account/dev-account/dev-user-self-service-policy.json",
    "fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json",
    "fixtures/cross-account/prod-account/ProdS3RWRole-permissions-policy.json",
    "fixtures/cross-account/prod-account/prod-data-bucket-policy.json",
};

namespace {

constexpr const char* kProperties = "fixtures/cross-account/properties.yaml";
constexpr const char* kDevRoot = "arn:aws:iam::111111111111:root";
constexpr const char* kProdRoot = "arn:aws:iam::222222222222:root";
constexpr const char* kDevUser = "arn:aws:iam::111111111111:user/dev-user";
constexpr const char* kOpsUser = "arn:aws:iam::111111111111:user/ops-user";
constexpr const char* kUnlisted = "arn:aws:iam::111111111111:user/unlisted-user";
constexpr const char* kGroup = "arn:aws:iam::111111111111:group/Developers";
constexpr const char* kRole = "arn:aws:iam::222222222222:role/ProdS3RWRole";
constexpr const char* kBucket = "arn:aws:s3:::prod-data-bucket";

SourceRef at(const char* path, uint32_t line, uint32_t column, const char* note) {
  return {path, {line, column}, {line, column}, note};
}

const SourceRef kTrust = at("fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json", 4, 5,
                            "role ProdS3RWRole, trust policy");

RequestStep assume_step(const char* principal, std::vector<SourceRef> deciding) {
  RequestStep s;
  s.principal = principal;
  s.action = "sts:AssumeRole";
  s.resource = kRole;
  s.allowed = true;
  s.decision = "Allowed";
  s.reason = "both the identity policy and the trust policy of arn:aws:iam::222222222222:role/ProdS3RWRole allow it";
  s.deciding = std::move(deciding);
  return s;
}

PropertyReport property(const char* name, const char* kind, uint32_t line, PropertyVerdict verdict, bool as_expected,
                        const char* summary) {
  PropertyReport p;
  p.name = name;
  p.kind = kind;
  p.at = at(kProperties, line, 3, "");
  p.verdict = verdict;
  p.as_expected = as_expected;
  p.summary = summary;
  return p;
}

std::vector<PropertyReport> properties() {
  std::vector<PropertyReport> out;
  PropertyReport only = property("only ProdS3RWRole can write prod-data-bucket", "only", 7, PropertyVerdict::Refuted,
                                 false, "another principal can perform s3:PutObject: the root user of 222222222222");
  RequestStep put;
  put.principal = kProdRoot;
  put.action = "s3:PutObject";
  put.resource = "arn:aws:s3:::prod-data-bucket/example-object";
  put.context = {{"aws:SecureTransport", {"true"}}, {"aws:MultiFactorAuthPresent", {}}};
  put.allowed = true;
  put.decision = "Allowed";
  put.reason = "the root user of 222222222222 has every permission in its account";
  put.deciding = {{"", {}, {}, "the root user's implicit access to its own account"}};
  only.steps = {put};
  only.suggestion =
      "add this statement to the policy of arn:aws:s3:::prod-data-bucket "
      "(fixtures/cross-account/prod-account/prod-data-bucket-policy.json): "
      R"({"Action":["s3:PutObject","s3:DeleteObject"],"Condition":{"StringNotEquals":{"aws:PrincipalArn":)"
      R"(["arn:aws:iam::222222222222:role/ProdS3RWRole"]}},"Effect":"Deny","Principal":"*",)"
      R"("Resource":["arn:aws:s3:::prod-data-bucket/*"],"Sid":"DenyAllButTheAllowedPrincipals"})";
  only.suggestion_verdict = PropertyVerdict::Proved;
  out.push_back(std::move(only));

  out.push_back(property("no principal outside DevAccount and ProdAccount can assume ProdS3RWRole",
                         "no-external-access", 13, PropertyVerdict::Proved, true,
                         "no principal outside 111111111111, 222222222222 can perform sts:AssumeRole on "
                         "arn:aws:iam::222222222222:role/ProdS3RWRole"));

  PropertyReport can = property("dev-user can put objects into prod-data-bucket by way of ProdS3RWRole", "can", 19,
                                PropertyVerdict::Proved, true,
                                "arn:aws:iam::111111111111:user/dev-user can perform s3:PutObject on "
                                "arn:aws:s3:::prod-data-bucket/*");
  can.steps.push_back(assume_step(
      kDevUser, {kTrust, at("fixtures/cross-account/dev-account/developers-group-policy.json", 4, 5,
                            "group Developers, inline policy assume-prod-s3-rw")}));
  RequestStep write;
  write.principal = "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/iamlint-session";
  write.action = "s3:PutObject";
  write.resource = "arn:aws:s3:::prod-data-bucket/example-object";
  write.allowed = true;
  write.decision = "Allowed";
  write.reason = "the resource policy of arn:aws:s3:::prod-data-bucket allows "
                 "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/iamlint-session";
  write.deciding = {at("fixtures/cross-account/prod-account/prod-data-bucket-policy.json", 5, 5,
                       "resource arn:aws:s3:::prod-data-bucket, resource policy"),
                    at("fixtures/cross-account/prod-account/ProdS3RWRole-permissions-policy.json", 10, 5,
                       "role ProdS3RWRole, inline policy prod-s3-rw")};
  can.steps.push_back(write);
  out.push_back(std::move(can));

  PropertyReport members = property("only members of Developers can assume ProdS3RWRole", "only", 26,
                                    PropertyVerdict::Refuted, false,
                                    "another principal can perform sts:AssumeRole: a user of 111111111111 that the "
                                    "environment does not list");
  RequestStep unlisted = assume_step(kUnlisted, {kTrust, {"", {}, {}, "the stand-in identity policy"}});
  unlisted.principal_note = "a user of 111111111111 that the environment does not list, with an identity policy that "
                            "allows sts:AssumeRole on arn:aws:iam::222222222222:role/ProdS3RWRole";
  members.steps = {unlisted};
  out.push_back(std::move(members));

  PropertyReport closed = property("only members of Developers can assume ProdS3RWRole, counting only the principals "
                                   "listed",
                                   "only", 32, PropertyVerdict::Proved, true,
                                   "only arn:aws:iam::111111111111:group/Developers can perform sts:AssumeRole on "
                                   "arn:aws:iam::222222222222:role/ProdS3RWRole");
  closed.open_world = false;
  out.push_back(std::move(closed));
  return out;
}

GraphNode node(const char* id, const char* label, NodeKind kind, const char* account, Risk risk,
               std::vector<std::string> notes = {}) {
  return {id, label, kind, account, risk, std::move(notes)};
}

GraphEdge edge(const char* from, const char* to, EdgeKind kind, bool cross, Risk risk, const char* label,
               bool on_path = false) {
  return {from, to, kind, cross, risk, label, on_path};
}

AccessGraph graph() {
  AccessGraph g;
  g.accounts = {{"111111111111", "DevAccount"}, {"222222222222", "ProdAccount"}};
  g.nodes = {
      node(kDevRoot, "DevAccount root", NodeKind::Account, "111111111111", 0),
      node(kDevUser, "dev-user", NodeKind::User, "111111111111", 0),
      node(kOpsUser, "ops-user", NodeKind::User, "111111111111", 0),
      node(kUnlisted, "any unlisted user", NodeKind::User, "111111111111", 3,
           {"refutes \"only members of Developers can assume ProdS3RWRole\""}),
      node(kGroup, "Developers", NodeKind::Group, "111111111111", 0),
      node(kProdRoot, "ProdAccount root", NodeKind::Account, "222222222222", 3,
           {"refutes \"only ProdS3RWRole can write prod-data-bucket\""}),
      node(kRole, "ProdS3RWRole", NodeKind::Role, "222222222222", 2,
           {"IAM220 whole-account-trust: trusts every principal of 111111111111"}),
      node(kBucket, "prod-data-bucket", NodeKind::Resource, "222222222222", 3,
           {"IAM201 service-wildcard-action: \"s3:*\" in the bucket policy",
            "IAM225 missing-secure-transport", "IAM401 allow-meant-to-restrict: an Allow meant to restrict", "refutes \"only ProdS3RWRole can write prod-data-bucket\""}),
  };
  g.edges = {
      edge(kDevUser, kGroup, EdgeKind::Member, false, 0, ""),
      edge(kGroup, kRole, EdgeKind::Assume, true, 2, "sts:AssumeRole"),
      edge(kDevUser, kRole, EdgeKind::Assume, true, 2, "sts:AssumeRole"),
      edge(kUnlisted, kRole, EdgeKind::Assume, true, 3, "sts:AssumeRole", true),
      edge(kRole, kBucket, EdgeKind::Access, false, 0, "s3:ListBucket, s3:GetObject, s3:PutObject (+1)"),
      edge(kProdRoot, kBucket, EdgeKind::Access, false, 3, "s3:PutObject, s3:DeleteObject", true),
  };
  return g;
}

}  // namespace

std::unique_ptr<ExampleReport> cross_account_example() {
  auto example = std::make_unique<ExampleReport>();
  LintOptions options;
  options.paths.assign(std::begin(kExamplePolicies), std::end(kExamplePolicies));
  options.jobs = 1;
  Engine engine(example->registry.all());
  example->lint = lint(engine, options);
  Report& r = example->report;
  r.tool_version = kVersion;
  r.lint = &example->lint;
  r.rules = example->registry.all();
  r.environment = "fixtures/cross-account/environment.yaml";
  r.properties = properties();
  r.graph = graph();
  r.statistics.policies = 5;
  r.statistics.principals = 4;
  return example;
}

}  // namespace iamlint::testing
