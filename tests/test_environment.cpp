// The environment manifest (docs/environment.md): the two-account example loads exactly, from its policy files and
// from its account dumps alike; every kind of fault is reported with its file:line:col; managed policies resolve.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "fixture_support.hpp"
#include "solver/evaluator.hpp"
#include "solver/manifest.hpp"

using namespace iamlint;
using namespace iamlint::solver;
using iamlint::linter::PolicyType;
namespace fs = std::filesystem;

namespace {

fs::path cross_account() { return testing::source_dir() / "fixtures" / "cross-account"; }
fs::path env_fixtures() { return testing::source_dir() / "fixtures" / "environment"; }

Environment load_ok(const fs::path& manifest, std::vector<EnvProblem>* warnings = nullptr) {
  Environment env;
  std::optional<EnvError> error = load_environment(manifest.string(), env, warnings);
  INFO((error ? error->describe() : std::string()));
  REQUIRE_FALSE(error);
  return env;
}

const EnvPolicy& policy(const Environment& env, PolicyId id) { return env.policies.at(id); }

// "line:col" of the statement with this Sid in a policy, in the file it was read from.
std::string statement_at(const EnvPolicy& p, std::string_view sid) {
  for (const linter::Statement& s : p.policy.statements) {
    const linter::Node* n = s.get(linter::Element::Sid);
    if (n == nullptr) continue;
    if (n->text != sid) continue;
    linter::Position at = p.policy.position(s.node->span.offset);
    return std::to_string(at.line) + ":" + std::to_string(at.column);
  }
  return "no statement " + std::string(sid);
}

// Principals and their policies, by name, type and statement count: what both forms of the example must agree on.
std::string summary(const Environment& env) {
  std::ostringstream out;
  auto policies = [&](const std::vector<PolicyId>& ids) {
    for (PolicyId id : ids) {
      const EnvPolicy& p = env.policies[id];
      out << "  " << p.name << " [" << linter::policy_type_name(p.type) << ", " << p.policy.statements.size()
          << " statements]\n";
    }
  };
  for (const Account& a : env.accounts) out << "account " << a.id << " " << a.name << "\n";
  for (const Group& g : env.groups) {
    out << g.arn << "\n";
    policies(g.policies);
  }
  for (const User& u : env.users) {
    out << u.arn << " id=" << u.id << " groups=";
    for (const std::string& g : u.groups) out << g << ";";
    out << "\n";
    policies(u.policies);
  }
  for (const Role& r : env.roles) {
    out << r.arn << " id=" << r.id << " max=" << r.max_session_duration << "\n";
    if (r.trust) policies({*r.trust});
    policies(r.policies);
  }
  for (const Resource& r : env.resources) {
    out << r.arn << " " << r.type << " owner=" << r.account << "\n";
    if (r.policy) policies({*r.policy});
  }
  return out.str();
}

}  // namespace

TEST_CASE("the cross-account manifest loads exactly") {
  std::vector<EnvProblem> warnings;
  Environment env = load_ok(cross_account() / "environment.yaml", &warnings);
  CHECK(warnings.empty());
  CHECK_FALSE(env.organization);

  REQUIRE(env.accounts.size() == 2);
  CHECK(env.accounts[0].id == "111111111111");
  CHECK(env.accounts[0].name == "DevAccount");
  CHECK(env.accounts[1].name == "ProdAccount");
  CHECK(env.accounts[0].ou_path.empty());
  CHECK_FALSE(env.accounts[0].management);

  REQUIRE(env.groups.size() == 1);
  const Group* developers = env.group("arn:aws:iam::111111111111:group/Developers");
  REQUIRE(developers);
  CHECK(developers->account == "111111111111");
  REQUIRE(developers->policies.size() == 1);
  const EnvPolicy& group_policy = policy(env, developers->policies[0]);
  CHECK(group_policy.name == "group Developers, inline policy assume-prod-s3-rw");
  CHECK(group_policy.type == PolicyType::Identity);
  CHECK(group_policy.policy.holder == linter::PolicyHolder::InlineGroup);
  CHECK(group_policy.path == (cross_account() / "dev-account" / "developers-group-policy.json").string());
  CHECK(statement_at(group_policy, "AssumeProdS3RWRole") == "4:5");

  REQUIRE(env.users.size() == 2);
  const User* dev = env.user("arn:aws:iam::111111111111:user/dev-user");
  REQUIRE(dev);
  CHECK(dev->id == "AIDAEXAMPLEDEVUSER01");
  CHECK(dev->groups == std::vector<std::string>{"arn:aws:iam::111111111111:group/Developers"});
  REQUIRE(dev->policies.size() == 1);
  CHECK(policy(env, dev->policies[0]).name == "user dev-user, inline policy dev-user-self-service");
  CHECK(statement_at(policy(env, dev->policies[0]), "ViewAccountPasswordRequirements") == "17:5");
  CHECK_FALSE(dev->boundary);
  const User* ops = env.user("arn:aws:iam::111111111111:user/ops-user");
  REQUIRE(ops);
  CHECK(ops->groups.empty());
  CHECK(ops->policies.empty());

  REQUIRE(env.roles.size() == 1);
  const Role* role = env.role("arn:aws:iam::222222222222:role/ProdS3RWRole");
  REQUIRE(role);
  CHECK(role->account == "222222222222");
  CHECK(role->max_session_duration == 3600);
  REQUIRE(role->trust);
  CHECK(policy(env, *role->trust).type == PolicyType::Trust);
  CHECK(policy(env, *role->trust).policy.type == PolicyType::Trust);
  CHECK(policy(env, *role->trust).name == "role ProdS3RWRole, trust policy");
  CHECK(statement_at(policy(env, *role->trust), "TrustDevAccount") == "4:5");
  REQUIRE(role->policies.size() == 1);
  CHECK(policy(env, role->policies[0]).name == "role ProdS3RWRole, inline policy prod-s3-rw");

  REQUIRE(env.resources.size() == 1);
  const Resource* bucket = env.resource("arn:aws:s3:::prod-data-bucket");
  REQUIRE(bucket);
  CHECK(bucket->account == "222222222222");
  CHECK(bucket->type == "s3:bucket");
  REQUIRE(bucket->policy);
  const EnvPolicy& bucket_policy = policy(env, *bucket->policy);
  CHECK(bucket_policy.type == PolicyType::Resource);
  CHECK(bucket_policy.policy.resource_type == "s3:bucket");
  CHECK(bucket_policy.name == "resource arn:aws:s3:::prod-data-bucket, resource policy");
  CHECK(statement_at(bucket_policy, "AllowOnlyProdS3RWRole") == "5:5");

  CHECK(env.policies.size() == 5);
  CHECK(env.user("arn:aws:iam::111111111111:user/nobody") == nullptr);
  CHECK(env.account("222222222222") == &env.accounts[1]);
}

TEST_CASE("the example from its account dumps gives the same principals and policies") {
  Environment from_files = load_ok(cross_account() / "environment.yaml");
  Environment from_dumps = load_ok(cross_account() / "environment-from-dumps.yaml");
  CHECK(summary(from_dumps) == summary(from_files));
  // Located in the dump, not in the files beside it.
  const Role* role = from_dumps.role("arn:aws:iam::222222222222:role/ProdS3RWRole");
  REQUIRE(role);
  REQUIRE(role->trust);
  const EnvPolicy& trust = from_dumps.policies[*role->trust];
  CHECK(trust.path == (cross_account() / "prod-account" / "authorization-details.json").string());
  CHECK(statement_at(trust, "TrustDevAccount") == "14:21");
  CHECK(trust.policy.holder == linter::PolicyHolder::InlineRole);
}

TEST_CASE("a manifest with an organization, managed policies, a boundary and tags") {
  std::vector<EnvProblem> warnings;
  Environment env = load_ok(env_fixtures() / "good" / "organization.yaml", &warnings);
  CHECK(warnings.empty());
  REQUIRE(env.organization);
  CHECK(env.organization->id == "o-a1b2c3d4e5");
  CHECK(env.organization->root_id == "r-ab12");
  REQUIRE(env.organization->scps.count("r-ab12") == 1);
  REQUIRE(env.organization->scps.at("r-ab12").size() == 1);
  const EnvPolicy& scp = env.policies[env.organization->scps.at("r-ab12")[0]];
  CHECK(scp.type == PolicyType::Scp);
  CHECK(scp.name == "SCP deny-leaving");
  CHECK(statement_at(scp, "DenyLeaving") == "20:13");
  CHECK(env.organization->rcps.empty());

  REQUIRE(env.account("333333333333"));
  CHECK(env.account("333333333333")->management);
  CHECK(env.account("444444444444")->ou_path == std::vector<std::string>{"ou-ab12-workload", "ou-ab12-prod"});

  const Role* app = env.role("arn:aws:iam::444444444444:role/app");
  REQUIRE(app);
  CHECK(app->max_session_duration == 7200);
  CHECK(app->tags == Tags{{"env", "prod"}, {"team", "payments"}});
  REQUIRE(app->policies.size() == 1);
  const EnvPolicy& read_only = env.policies[app->policies[0]];
  CHECK(read_only.name == "AWS managed policy ReadOnlyAccess");
  CHECK(read_only.arn == "arn:aws:iam::aws:policy/ReadOnlyAccess");
  CHECK(read_only.policy.holder == linter::PolicyHolder::AwsManaged);
  CHECK_FALSE(read_only.policy.statements.empty());
  CHECK(env.managed_policy("arn:aws:iam::aws:policy/ReadOnlyAccess") == app->policies[0]);

  REQUIRE(app->boundary);
  const EnvPolicy& boundary = env.policies[*app->boundary];
  CHECK(boundary.arn == "arn:aws:iam::444444444444:policy/limits/boundary");
  CHECK(boundary.type == PolicyType::PermissionsBoundary);
  CHECK(boundary.policy.type == PolicyType::PermissionsBoundary);
  CHECK(env.managed_policy(boundary.arn) == app->boundary);

  const Resource* key = env.resource("arn:aws:kms:us-east-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab");
  REQUIRE(key);
  CHECK(key->type == "kms:key");
  CHECK(key->account == "444444444444");
  CHECK(key->tags == Tags{{"env", "prod"}});
  REQUIRE(key->policy);
  CHECK(statement_at(env.policies[*key->policy], "KeyAdmins") == "60:17");
}

TEST_CASE("faults of a manifest are located, each kind with its message") {
  fs::path dir = env_fixtures() / "errors";
  std::vector<fs::path> manifests;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") manifests.push_back(e.path());
  }
  std::sort(manifests.begin(), manifests.end());
  CHECK(manifests.size() == 11);
  for (const fs::path& manifest : manifests) {
    INFO(manifest.filename().string());
    Environment env;
    std::vector<EnvProblem> warnings;
    std::optional<EnvError> error = load_environment(manifest.string(), env, &warnings);
    const std::vector<EnvProblem>& problems = error ? error->problems : warnings;
    std::string actual;
    for (const EnvProblem& p : problems) {
      std::string line = p.describe();
      // Paths as written in the sidecar: relative to the fixture folder, or else to the source tree.
      for (const fs::path& base : {dir, testing::source_dir()}) {
        for (std::size_t at; (at = line.find(base.string() + "/")) != std::string::npos;) {
          line.erase(at, base.string().size() + 1);
        }
      }
      actual += line + "\n";
    }
    fs::path expected = manifest;
    expected.replace_extension(".expected");
    CHECK(actual == testing::read_file(expected));
  }
}

TEST_CASE("a warning alone does not fail the load, and the policy is kept") {
  std::vector<EnvProblem> warnings;
  Environment env = load_ok(env_fixtures() / "errors" / "unattached-policy.yaml", &warnings);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].warning);
  CHECK(warnings[1].warning);
  CHECK(env.managed_policy("arn:aws:iam::111111111111:policy/unused"));
  REQUIRE(env.organization);
  CHECK(env.organization->scps.empty());
  CHECK(env.policies.size() == 2);
}

TEST_CASE("an unreadable manifest is an error without a place") {
  Environment env;
  std::optional<EnvError> error = load_environment((env_fixtures() / "no-such.yaml").string(), env);
  REQUIRE(error);
  REQUIRE(error->problems.size() == 1);
  CHECK(error->problems[0].at.line == 0);
  CHECK(error->problems[0].describe() ==
        (env_fixtures() / "no-such.yaml").string() + ": cannot read the manifest: cannot open: No such file or directory");
}

TEST_CASE("an account dump gives managed policies at their default version, boundaries and memberships") {
  std::vector<EnvProblem> warnings;
  Environment env = load_ok(env_fixtures() / "good" / "managed-dump.yaml", &warnings);
  CHECK(warnings.empty());
  fs::path dump = env_fixtures() / "good" / "managed-dump.json";

  const Group* readers = env.group("arn:aws:iam::555555555555:group/Readers");
  REQUIRE(readers);
  REQUIRE(readers->policies.size() == 1);
  const EnvPolicy& reports = env.policies[readers->policies[0]];
  CHECK(reports.name == "policy read-reports");
  CHECK(reports.arn == "arn:aws:iam::555555555555:policy/read-reports");
  CHECK(reports.path == dump.string());
  CHECK(reports.type == PolicyType::Identity);
  REQUIRE(reports.policy.statements.size() == 1);
  CHECK(statement_at(reports, "Reports") == "52:63");  // v2, the default; not v1
  CHECK(statement_at(reports, "Old") == "no statement Old");

  const User* carol = env.user("arn:aws:iam::555555555555:user/carol");
  REQUIRE(carol);
  CHECK(carol->id == "AIDAEXAMPLECAROL0001");
  CHECK(carol->account == "555555555555");
  CHECK(carol->groups == std::vector<std::string>{readers->arn});
  CHECK(carol->tags == Tags{{"team", "data"}});
  REQUIRE(carol->policies.size() == 1);
  CHECK(env.policies[carol->policies[0]].name == "AWS managed policy ReadOnlyAccess");
  REQUIRE(carol->boundary);
  const EnvPolicy& boundary = env.policies[*carol->boundary];
  CHECK(boundary.name == "policy carol-boundary");
  CHECK(boundary.type == PolicyType::PermissionsBoundary);
  CHECK(statement_at(boundary, "Limit") != "no statement Limit");

  const Role* batch = env.role("arn:aws:iam::555555555555:role/batch");
  REQUIRE(batch);
  CHECK(batch->max_session_duration == 14400);
  REQUIRE(batch->trust);
  // The trust policy is URL-encoded in the dump: its statement is located at the escape of its '{'.
  CHECK(statement_at(env.policies[*batch->trust], "Batch") == "35:95");
  CHECK(env.policies[*batch->trust].type == PolicyType::Trust);
  CHECK(env.policies.size() == 4);
}

TEST_CASE("a Terraform plan gives the principals, memberships and policies it declares") {
  std::vector<EnvProblem> warnings;
  Environment env = load_ok(env_fixtures() / "good" / "terraform.yaml", &warnings);
  fs::path plan = env_fixtures() / "good" / "terraform-plan.json";
  // The attachment to a role that neither the plan nor the account has is kept out, and said so where it is.
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].describe() ==
        plan.string() + ":117:21: warning: aws_iam_role_policy_attachment.legacy_reports: no role 'LegacyRole' in "
                        "account 111122223333 (neither in the plan nor included before it): left out");

  CHECK(summary(env) ==
        "account 111122223333 Reports\n"
        "arn:aws:iam::111122223333:group/analysts\n"
        "  group analysts, inline policy list-reports [identity, 1 statements]\n"
        "arn:aws:iam::111122223333:user/people/alice id= groups=arn:aws:iam::111122223333:group/analysts;\n"
        "  policy reports-read [identity, 1 statements]\n"
        "arn:aws:iam::111122223333:role/AppRole id= max=7200\n"
        "  role AppRole, trust policy [trust, 1 statements]\n"
        "  role AppRole, inline policy logs [identity, 1 statements]\n"
        "  role AppRole, inline policy kms-decrypt [identity, 1 statements]\n"
        "  policy reports-read [identity, 1 statements]\n"
        "arn:aws:kms:terraform:111122223333:key/aws_kms_key.reports kms:key owner=111122223333\n"
        "  resource arn:aws:kms:terraform:111122223333:key/aws_kms_key.reports, resource policy [resource, 1 statements]\n"
        "arn:aws:s3:::example-reports s3:bucket owner=111122223333\n"
        "  resource arn:aws:s3:::example-reports, resource policy [resource, 1 statements]\n"
        "arn:aws:sns:eu-west-1:111122223333:events sns:topic owner=111122223333\n"
        "  resource arn:aws:sns:eu-west-1:111122223333:events, resource policy [resource, 1 statements]\n"
        "arn:aws:sqs:eu-west-1:111122223333:jobs sqs:queue owner=111122223333\n"
        "  resource arn:aws:sqs:eu-west-1:111122223333:jobs, resource policy [resource, 1 statements]\n");

  // The customer managed policy: its ARN from account, path and name; one policy for both attachments (the role's
  // names it only after apply, through the configuration's reference; the user's names its ARN).
  const Role* app = env.role("arn:aws:iam::111122223333:role/AppRole");
  const User* alice = env.user("arn:aws:iam::111122223333:user/people/alice");
  REQUIRE(app);
  REQUIRE(alice);
  REQUIRE(app->policies.size() == 3);
  REQUIRE(alice->policies.size() == 1);
  CHECK(app->policies[2] == alice->policies[0]);
  const EnvPolicy& reports = env.policies[alice->policies[0]];
  CHECK(reports.arn == "arn:aws:iam::111122223333:policy/app/reports-read");
  CHECK(env.managed_policy("arn:aws:iam::111122223333:policy/app/reports-read") == alice->policies[0]);
  CHECK(reports.path == plan.string());
  CHECK(reports.policy.holder == linter::PolicyHolder::Managed);
  // Located in the plan through the string's escapes: compact JSON as jsonencode renders it, and indented JSON as
  // aws_iam_policy_document renders it.
  CHECK(statement_at(reports, "ReadReports") == "46:40");
  REQUIRE(app->trust);
  CHECK(statement_at(env.policies[*app->trust], "Ec2Assume") == "59:95");
  CHECK(env.policies[app->policies[1]].policy.holder == linter::PolicyHolder::InlineRole);
  CHECK(app->tags == Tags{{"team", "analytics"}});
  CHECK(alice->tags == Tags{{"team", "analytics"}});
  CHECK_FALSE(app->boundary);

  const Resource* bucket = env.resource("arn:aws:s3:::example-reports");
  REQUIRE(bucket);
  CHECK(bucket->tags == Tags{{"data", "internal"}});
  REQUIRE(bucket->policy);
  CHECK(env.policies[*bucket->policy].policy.resource_type == "s3:bucket");
  CHECK(statement_at(env.policies[*bucket->policy], "DenyInsecureTransport") == "214:83");
  CHECK(env.policies.size() == 9);
}

TEST_CASE("a decision through a plan's attachment of a customer managed policy") {
  Environment env = load_ok(env_fixtures() / "good" / "terraform.yaml");
  const std::string session = "arn:aws:sts::111122223333:assumed-role/AppRole/i-0abc";
  const std::string object = "arn:aws:s3:::example-reports/2026/q3.csv";
  {
    Evaluator evaluator(env);
    Explanation why;
    CHECK(evaluator.evaluate({session, "s3:GetObject", object, {}}, &why) == Decision::Allowed);
    REQUIRE(why.deciding.size() == 1);
    CHECK(env.policies[why.deciding[0].policy].name == "policy reports-read");
    CHECK(evaluator.evaluate({session, "s3:PutObject", object, {}}) == Decision::ImplicitDeny);
    Context insecure;
    insecure.set("aws:SecureTransport", "false");
    CHECK(evaluator.evaluate({session, "s3:GetObject", object, insecure}) == Decision::ExplicitDeny);
  }
  // Without the attachment that the plan resolves by reference, nothing else of the role allows it.
  Role& app = env.roles.at(0);
  REQUIRE(env.policies[app.policies.back()].name == "policy reports-read");
  app.policies.pop_back();
  Evaluator evaluator(env);
  CHECK(evaluator.evaluate({session, "s3:GetObject", object, {}}) == Decision::ImplicitDeny);
}
