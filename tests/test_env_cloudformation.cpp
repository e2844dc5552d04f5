// CloudFormation templates included in an environment, each deployed as one stack in its account
// (docs/environment.md, "CloudFormation templates"): the cross-account example from its templates agrees with the
// example from its policy files, entity for entity and decision for decision, and every resource type read resolves
// its names and ARNs from the stack's account, region, name and parameters.
#include <catch2/catch.hpp>

#include <sstream>

#include "fixture_support.hpp"
#include "solver/evaluator.hpp"
#include "solver/manifest.hpp"

using namespace iamlint;
using namespace iamlint::solver;
namespace fs = std::filesystem;

namespace {

fs::path cross_account() { return testing::source_dir() / "fixtures" / "cross-account"; }

Environment load_stack_env(const fs::path& manifest, std::vector<EnvProblem>& warnings) {
  Environment env;
  std::optional<EnvError> error = load_environment(manifest.string(), env, &warnings);
  INFO((error ? error->describe() : std::string()));
  REQUIRE_FALSE(error);
  return env;
}

// Entities, memberships and policies (name, type, statements): unique ids are left out, a template has none.
std::string entities(const Environment& env) {
  std::ostringstream out;
  auto policy = [&](PolicyId id) {
    const EnvPolicy& p = env.policies[id];
    out << "  " << p.name << " [" << linter::policy_type_name(p.type) << ", " << p.policy.statements.size() << "]\n";
  };
  for (const Group& g : env.groups) {
    out << g.arn << " in " << g.account << "\n";
    for (PolicyId id : g.policies) policy(id);
  }
  for (const User& u : env.users) {
    out << u.arn << " in " << u.account << " groups:";
    for (const std::string& g : u.groups) out << " " << g;
    out << "\n";
    for (PolicyId id : u.policies) policy(id);
  }
  for (const Role& r : env.roles) {
    out << r.arn << " in " << r.account << " max " << r.max_session_duration << "\n";
    if (r.trust) policy(*r.trust);
    for (PolicyId id : r.policies) policy(id);
  }
  for (const Resource& r : env.resources) {
    out << r.arn << " " << r.type << " of " << r.account << "\n";
    if (r.policy) policy(*r.policy);
  }
  return out.str();
}

// "path:line:col" of the statement with this Sid.
std::string located(const EnvPolicy& p, std::string_view sid) {
  for (const linter::Statement& s : p.policy.statements) {
    const linter::Node* n = s.get(linter::Element::Sid);
    if (n == nullptr || n->text != sid) continue;
    linter::Position at = p.policy.position(s.node->span.offset);
    return fs::path(p.path).filename().string() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  }
  return "no statement " + std::string(sid);
}

Decision decide(const Environment& env, const std::string& principal, const std::string& action,
                const std::string& resource) {
  return Evaluator(env).evaluate(Request{principal, action, resource, {}});
}

const std::string kDevUser = "arn:aws:iam::111111111111:user/dev-user";
const std::string kOpsUser = "arn:aws:iam::111111111111:user/ops-user";
const std::string kProdRole = "arn:aws:iam::222222222222:role/ProdS3RWRole";
const std::string kSession = "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/s";

}  // namespace

TEST_CASE("the cross-account example from its templates gives the environment of its policy files") {
  std::vector<EnvProblem> warnings, none;
  Environment from_templates = load_stack_env(cross_account() / "environment-from-templates.yaml", warnings);
  Environment from_files = load_stack_env(cross_account() / "environment.yaml", none);
  std::string described;
  for (const EnvProblem& w : warnings) described += w.describe() + "\n";
  CHECK(described.empty());
  CHECK(entities(from_templates) == entities(from_files));

  for (const Environment* env : {&from_templates, &from_files}) {
    CHECK(decide(*env, kDevUser, "sts:AssumeRole", kProdRole) == Decision::Allowed);
    CHECK(decide(*env, kOpsUser, "sts:AssumeRole", kProdRole) == Decision::ImplicitDeny);
    CHECK(decide(*env, kSession, "s3:PutObject", "arn:aws:s3:::prod-data-bucket/x") == Decision::Allowed);
    CHECK(decide(*env, kSession, "s3:ListBucket", "arn:aws:s3:::prod-data-bucket") == Decision::Allowed);
    CHECK(decide(*env, kSession, "s3:PutObject", "arn:aws:s3:::other-bucket/x") == Decision::ImplicitDeny);
    CHECK(decide(*env, kDevUser, "s3:PutObject", "arn:aws:s3:::prod-data-bucket/x") == Decision::ImplicitDeny);
  }

  // Statements are located in the templates.
  const Environment& env = from_templates;
  const Group* developers = env.group("arn:aws:iam::111111111111:group/Developers");
  REQUIRE(developers);
  REQUIRE(developers->policies.size() == 1);
  CHECK(located(env.policies[developers->policies[0]], "AssumeProdS3RWRole") == "template.yaml:19:17");
  const User* dev = env.user(kDevUser);
  REQUIRE(dev);
  REQUIRE(dev->policies.size() == 1);
  CHECK(located(env.policies[dev->policies[0]], "ViewAccountPasswordRequirements") == "template.yaml:50:17");
  const Role* role = env.role(kProdRole);
  REQUIRE(role);
  REQUIRE(role->trust);
  CHECK(located(env.policies[*role->trust], "TrustDevAccount") == "template.yaml:21:13");
  REQUIRE(role->policies.size() == 1);
  CHECK(located(env.policies[role->policies[0]], "ReadWriteProdDataObjects") == "template.yaml:35:17");
  const Resource* bucket = env.resource("arn:aws:s3:::prod-data-bucket");
  REQUIRE(bucket);
  REQUIRE(bucket->policy);
  CHECK(located(env.policies[*bucket->policy], "AllowOnlyProdS3RWRole") == "template.yaml:56:13");
  CHECK(env.policies[*bucket->policy].path == (cross_account() / "prod-account" / "template.yaml").string());
}

TEST_CASE("a stack resolves its names and ARNs from its account, region, name and parameters") {
  std::vector<EnvProblem> warnings;
  Environment env =
      load_stack_env(testing::source_dir() / "fixtures" / "environment" / "good" / "stack.yaml", warnings);
  const std::string app_role = "arn:aws:iam::444444444444:role/app/app-AppRole-GENERATED";
  const std::string queue = "arn:aws:sqs:eu-west-1:444444444444:app-Queue-GENERATED";
  const std::string topic = "arn:aws:sns:eu-west-1:444444444444:prod-events";
  const std::string key = "arn:aws:kms:eu-west-1:444444444444:key/app-Key-GENERATED";
  const std::string bucket = "arn:aws:s3:::app-bucket-generated";

  const Role* role = env.role(app_role);
  REQUIRE(role);
  CHECK(role->max_session_duration == 7200);
  CHECK(role->tags == Tags{{"env", "prod"}});
  REQUIRE(role->boundary);
  CHECK(env.policies[*role->boundary].arn == "arn:aws:iam::444444444444:policy/app-Boundary-GENERATED");
  CHECK(env.policies[*role->boundary].type == linter::PolicyType::PermissionsBoundary);
  REQUIRE(role->policies.size() == 2);  // read-shared (embedded), app (attached)
  CHECK(env.policies[role->policies[1]].arn == "arn:aws:iam::444444444444:policy/app-app");

  const User* carol = env.user("arn:aws:iam::444444444444:user/carol");
  REQUIRE(carol);
  CHECK(carol->groups == std::vector<std::string>{"arn:aws:iam::444444444444:group/prod-operators"});

  for (const std::string& arn : {queue, topic, key, bucket}) {
    INFO(arn);
    const Resource* r = env.resource(arn);
    REQUIRE(r);
    CHECK(r->account == "444444444444");
    CHECK(r->policy);
  }

  CHECK(decide(env, app_role, "sqs:SendMessage", queue) == Decision::Allowed);
  CHECK(decide(env, app_role, "sns:Publish", topic) == Decision::Allowed);
  CHECK(decide(env, app_role, "kms:Decrypt", key) == Decision::Allowed);
  CHECK(decide(env, app_role, "s3:GetObject", bucket + "/shared/a") == Decision::Allowed);
  CHECK(decide(env, "arn:aws:iam::444444444444:user/carol", "sqs:ReceiveMessage", queue) == Decision::Allowed);
  CHECK(decide(env, "arn:aws:iam::444444444444:user/carol", "sqs:SendMessage", queue) == Decision::ImplicitDeny);

  // What only the deployed stack knows stays symbolic, and says so where it is written.
  INFO((warnings.empty() ? std::string() : warnings[0].describe()));
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].describe().ends_with(
      "stack-template.yaml:69:36: warning: in AWS::IAM::Policy ReadShared, policy read-shared: "
      "${Fn::ImportValue other-stack-bucket-arn} is known only once the stack is deployed; it stays symbolic"));
}

TEST_CASE("what only a deployment knows is a located warning, and a file that is no template an error") {
  fs::path dir = testing::source_dir() / "fixtures" / "environment" / "cloudformation";
  Environment env;
  std::optional<EnvError> error = load_environment((dir / "unresolved.yaml").string(), env);
  REQUIRE(error);
  std::string described;
  for (const EnvProblem& p : error->problems) described += p.describe().substr(dir.string().size() + 1) + "\n";
  CHECK(described ==
        "unresolved-template.yaml:12:17: warning: the name of AWS::IAM::Role Imported is known only once the stack is "
        "deployed; it is left out\n"
        "unresolved-template.yaml:23:15: warning: an item of the groups of user worker is known only once the stack "
        "is deployed; it is left out\n"
        "unresolved-template.yaml:28:17: warning: the stack declares no user 'nobody'; the attachment is left out\n"
        "unresolved.yaml:8:25: '../good/stack.yaml' is no CloudFormation template\n");
  CHECK(env.roles.empty());
  REQUIRE(env.users.size() == 1);
  CHECK(env.users[0].groups.empty());
  CHECK(env.users[0].policies.empty());
}
