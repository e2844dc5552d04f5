// Terraform plans and states (terraform show -json): which policies are found, how each is typed and named, which
// policy document data sources are left to their consumers, and why a plan without a policy gives nothing
// (docs/inputs.md, "Terraform plans"). The fixtures' findings and locations are checked in test_inputs.cpp.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "linter/inputs.hpp"
#include "tests/fixture_support.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using linter::InputType;
using linter::PolicyHolder;
using linter::PolicyType;

namespace {

std::string fixture(const std::string& file) {
  return (source_dir() / "fixtures" / "inputs" / "terraform" / file).string();
}

// A loaded file and what detection made of it; the tree and source live as long as the sites that point into them.
struct Detected {
  std::unique_ptr<linter::SourceFile> source;
  linter::JsonTree tree;
  linter::Detection d;
};

void detect(std::unique_ptr<linter::SourceFile> source, Detected& out, InputType forced = InputType::Auto) {
  out.source = std::move(source);
  linter::JsonLoader loader;
  REQUIRE_FALSE(loader.load(*out.source, out.tree));
  out.d = linter::detect_input(out.tree, forced);
}

void detect_file(const std::string& file, Detected& out) {
  linter::ReadResult read = linter::read_source(fixture(file), linter::LoadLimits{}.max_file_size);
  REQUIRE(read.source);
  detect(std::move(read.source), out);
}

void detect_text(const std::string& text, Detected& out, InputType forced = InputType::Auto) {
  detect(std::make_unique<linter::SourceFile>("mem.json", text), out, forced);
}

struct Expected {
  std::string name, label;
  std::optional<PolicyType> type;
  std::optional<PolicyHolder> holder;
};

void check_sites(const linter::Detection& d, const std::vector<Expected>& expected) {
  CHECK(d.type == InputType::TerraformPlan);
  CHECK_FALSE(d.error);
  CHECK(d.skipped.empty());
  REQUIRE(d.sites.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].name);
    CHECK(d.sites[i].name == expected[i].name);
    CHECK(d.sites[i].label == expected[i].label);
    CHECK(d.sites[i].type == expected[i].type);
    CHECK(d.sites[i].holder == expected[i].holder);
  }
}

}  // namespace

TEST_CASE("a Terraform plan gives the policy of every known attribute, typed and named by its resource") {
  Detected r;
  detect_file("01-plan.json", r);
  const std::string pv = "/planned_values/root_module/";
  const std::string ps = "/prior_state/values/root_module/";
  // Not here: aws_iam_role_policy.later (known after apply), aws_organizations_policy.tags (a TAG_POLICY),
  // aws_sqs_queue.dead_letters (an empty policy), and the documents that a role or a role policy consumes:
  // data.aws_iam_policy_document.trust and module.net.data.aws_iam_policy_document.flow_logs.
  check_sites(r.d, {
      {"aws_ecr_repository_policy.app (policy)", pv + "resources/0/values/policy", PolicyType::Resource, {}},
      {"aws_iam_group_policy.developers (policy)", pv + "resources/1/values/policy", PolicyType::Identity,
       PolicyHolder::InlineGroup},
      {"aws_iam_policy.deploy (policy)", pv + "resources/2/values/policy", PolicyType::Identity, PolicyHolder::Managed},
      {"aws_iam_role.app (assume_role_policy)", pv + "resources/3/values/assume_role_policy", PolicyType::Trust, {}},
      {"aws_iam_role.app (inline_policy logs)", pv + "resources/3/values/inline_policy/0/policy", PolicyType::Identity,
       PolicyHolder::InlineRole},
      {"aws_iam_role_policy.app_ec2 (policy)", pv + "resources/4/values/policy", PolicyType::Identity,
       PolicyHolder::InlineRole},
      {"aws_iam_user_policy.ci (policy)", pv + "resources/6/values/policy", PolicyType::Identity,
       PolicyHolder::InlineUser},
      {"aws_kms_key.main (policy)", pv + "resources/7/values/policy", PolicyType::Resource, {}},
      {"aws_organizations_policy.deny_leave (content)", pv + "resources/8/values/content", PolicyType::Scp, {}},
      {"aws_organizations_policy.trusted_only (content)", pv + "resources/10/values/content", PolicyType::Rcp, {}},
      {"aws_s3_bucket_policy.reports (policy)", pv + "resources/11/values/policy", PolicyType::Resource, {}},
      {"aws_secretsmanager_secret_policy.db (policy)", pv + "resources/12/values/policy", PolicyType::Resource, {}},
      {"aws_sns_topic_policy.alerts (policy)", pv + "resources/13/values/policy", PolicyType::Resource, {}},
      {"aws_sqs_queue_policy.jobs (policy)", pv + "resources/15/values/policy", PolicyType::Resource, {}},
      {"module.net.aws_iam_role.flow_logs (assume_role_policy)",
       pv + "child_modules/0/resources/0/values/assume_role_policy", PolicyType::Trust, {}},
      {"module.net.aws_iam_role_policy.flow_logs (policy)", pv + "child_modules/0/resources/1/values/policy",
       PolicyType::Identity, PolicyHolder::InlineRole},
      // Nobody consumes these two: their type is inferred from the document. The module's `trust` is not the
      // root's, which its role consumes.
      {"data.aws_iam_policy_document.reports (json)", ps + "resources/0/values/json", {}, {}},
      {"module.net.data.aws_iam_policy_document.trust (json)", ps + "child_modules/0/resources/1/values/json", {}, {}},
  });
}

TEST_CASE("a Terraform state is read like a plan; without a configuration a document is linted on its own too") {
  Detected r;
  detect_file("05-state.json", r);
  check_sites(r.d, {
      {"data.aws_iam_policy_document.trust (json)", "/values/root_module/resources/0/values/json", {}, {}},
      {"aws_iam_role.mobile (assume_role_policy)", "/values/root_module/resources/1/values/assume_role_policy",
       PolicyType::Trust, {}},
      {"module.events.aws_sns_topic.events (policy)", "/values/root_module/child_modules/0/resources/0/values/policy",
       PolicyType::Resource, {}},
  });
}

TEST_CASE("a Terraform plan without a policy to lint says why") {
  Detected unknown, tags, none;
  detect_file("03-unknown-after-apply.json", unknown);
  CHECK(unknown.d.type == InputType::TerraformPlan);
  CHECK(unknown.d.sites.empty());
  // The deferred document is consumed by the role policy, so it is that policy which waits for apply. The bucket's
  // policy is unknown too, but the configuration never set it: the provider computes it, and there is none to wait for.
  CHECK(unknown.d.skipped ==
        "a Terraform plan without a policy to lint (known only after apply: aws_iam_role_policy.reports (policy))");
  CHECK(lint_text(read_file(fixture("03-unknown-after-apply.json"))).problems.empty());

  detect_file("04-tag-policy.json", tags);
  CHECK(tags.d.sites.empty());
  CHECK(tags.d.skipped ==
        "a Terraform plan without a policy to lint (not IAM policies: "
        "aws_organizations_policy.cost_center (TAG_POLICY))");

  detect_text(R"({"format_version": "1.0", "values": {"root_module": {}}})", none);
  CHECK(none.d.type == InputType::TerraformPlan);
  CHECK(none.d.sites.empty());
  CHECK(none.d.skipped == "a Terraform state without IAM policies");
}

TEST_CASE("a consumed document is found through module calls and instance keys, and only where it is consumed") {
  // A for_each module whose counted role uses a document keyed by a string with a bracket in it; a sibling document
  // that nothing uses is linted on its own.
  const std::string plan = R"json({
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.team[\"ops\"]", "resources": [
    {"address": "module.team[\"ops\"].aws_iam_role.this[0]", "mode": "managed", "type": "aws_iam_role", "name": "this",
     "index": 0, "values": {"assume_role_policy":
       "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"}}]}"}}
  ]}]}},
  "prior_state": {"values": {"root_module": {"child_modules": [{"address": "module.team[\"ops\"]", "resources": [
    {"address": "module.team[\"ops\"].data.aws_iam_policy_document.trust[\"a]b\"]", "mode": "data",
     "type": "aws_iam_policy_document", "name": "trust", "index": "a]b", "values": {"json": "{\"Statement\":[]}"}},
    {"address": "module.team[\"ops\"].data.aws_iam_policy_document.other", "mode": "data",
     "type": "aws_iam_policy_document", "name": "other", "values": {"json": "{\"Statement\":[]}"}}
  ]}]}}},
  "configuration": {"root_module": {"module_calls": {"team": {"module": {"resources": [
    {"address": "aws_iam_role.this", "mode": "managed", "type": "aws_iam_role", "name": "this", "expressions": {
      "assume_role_policy": {"references": ["data.aws_iam_policy_document.trust[\"a]b\"].json",
                                            "data.aws_iam_policy_document.trust"]}}}
  ]}}}}}
})json";
  Detected r;
  detect_text(plan, r);
  const std::string ps = "/prior_state/values/root_module/child_modules/0/resources/";
  check_sites(r.d, {
      {"module.team[\"ops\"].aws_iam_role.this[0] (assume_role_policy)",
       "/planned_values/root_module/child_modules/0/resources/0/values/assume_role_policy", PolicyType::Trust, {}},
      {"module.team[\"ops\"].data.aws_iam_policy_document.other (json)", ps + "1/values/json", {}, {}},
  });

  // The same plan without its configuration: nothing says the document is consumed, so it is linted on its own too.
  Detected bare;
  detect_text(plan.substr(0, plan.find(",\n  \"configuration\"")) + "}", bare);
  CHECK(bare.d.sites.size() == 3);
}

TEST_CASE("terraform-plan is detected only from its own members, and forcing it on another file is an error") {
  CHECK(linter::parse_input_type("terraform-plan") == InputType::TerraformPlan);
  CHECK(linter::input_type_name(InputType::TerraformPlan) == "terraform-plan");

  Detected lone;
  detect_text(R"({"format_version": "1.2", "terraform_version": "1.9.5"})", lone);
  CHECK(lone.d.type == InputType::Policy);  // a format_version alone is no plan: the rules say what it lacks

  linter::LintOptions forced;
  forced.input_type = InputType::TerraformPlan;
  linter::FileResult r = lint_text(R"({"Version": "2012-10-17", "Statement": []})", forced);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message ==
        "not terraform-plan output: format_version with planned_values, resource_changes or values.root_module is "
        "missing");
  REQUIRE(r.problems[0].at);
  CHECK(r.problems[0].at->line == 1);
  CHECK(r.problems[0].at->column == 1);
}

TEST_CASE("findings in a Terraform plan name the resource address and attribute in text and JSON output") {
  CliRun text = run_cli(registry().all(), {"lint", "--color", "never", fixture("01-plan.json")});
  CHECK(text.code == 1);
  CHECK(text.out.find("01-plan.json:264:168: security: \"logs:*\" allows every logs action") != std::string::npos);
  CHECK(text.out.find("[IAM201 service-wildcard-action]\n  in module.net.aws_iam_role_policy.flow_logs (policy)\n") !=
        std::string::npos);

  CliRun json = run_cli(registry().all(), {"lint", "--format", "json", fixture("02-broken-string.json")});
  CHECK(json.code == 2);  // the broken policy leaves the file not checked; the other policy is linted all the same
  nlohmann::json doc = nlohmann::json::parse(json.out);
  REQUIRE(doc["findings"].size() == 1);
  CHECK(doc["findings"][0]["label"] == "aws_iam_policy.read_all (policy)");
  CHECK(doc["findings"][0]["policy"] == "/planned_values/root_module/resources/0/values/policy");
  REQUIRE(doc["problems"].size() == 1);
  CHECK(doc["problems"][0]["line"] == 32);
  CHECK(doc["problems"][0]["column"] == 121);
}

TEST_CASE("a plan without planned_values is read from each change's after; a destroyed resource has none") {
  Detected r;
  detect_text(R"json({"format_version": "1.2", "resource_changes": [
  {"address": "aws_iam_policy.gone", "mode": "managed", "type": "aws_iam_policy", "name": "gone",
   "change": {"actions": ["delete"], "before": {"policy": "{\"Statement\":[]}"}, "after": null}},
  {"address": "aws_iam_policy.kept", "mode": "managed", "type": "aws_iam_policy", "name": "kept",
   "change": {"actions": ["update"], "before": {"policy": "{\"Statement\":[]}"},
              "after": {"policy": "{\"Statement\":[]}"}}}
]})json",
              r);
  check_sites(r.d, {{"aws_iam_policy.kept (policy)", "/resource_changes/1/change/after/policy", PolicyType::Identity,
                     PolicyHolder::Managed}});
}
