#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"pass-role-without-passed-to-service",
     "\"{0}\" allows iam:PassRole on {1} with no iam:PassedToService condition: the roles can be passed to any "
     "service that accepts a role; pin the service with \"StringEquals\": {\"iam:PassedToService\": "
     "\"<service>.amazonaws.com\"}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_AssociatedResourceArn"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM234",
    .name = "pass-role-without-passed-to-service",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "iam:PassRole is allowed on named roles without an iam:PassedToService condition.",
    .description = "Flags an `Allow` statement of an identity policy that grants `iam:PassRole` (by name or "
                   "through a pattern such as `iam:Pass*`) on role ARNs or ARN patterns, when its conditions pin "
                   "neither `iam:PassedToService` nor `iam:AssociatedResourceArn`. Reported at the action value "
                   "that grants it, with the first role ARN. A statement whose `Resource` holds `\"*\"`, or that uses "
                   "`NotResource` or `NotAction`, is IAM205's and IAM202's, and is not reported here; roles an "
                   "unconditional `Deny` of the policy removes are not counted.",
    .rationale = "Risk: medium. The roles a principal may pass are a list of permissions it can lend to code it "
                 "starts. Without `iam:PassedToService`, a role meant for one service (an ECS task role) can be "
                 "handed to another that runs the principal's code in a different way (a Lambda function, a Glue "
                 "job, a CloudFormation stack), which widens what the principal can do with it. The IAM User Guide "
                 "recommends the condition on every `iam:PassRole` grant.",
    .fix = "Add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"ecs-tasks.amazonaws.com\"}}` "
           "with the service the roles are for, in a statement of their own if the statement grants other "
           "actions.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class PassRoleWithoutPassedToService final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Identity || s.effect != linter::Effect::Allow) return;
    const Node* resource = s.get(Element::Resource);
    if (resource == nullptr || !s.has(Element::Action) || star_resource(policy, s) != nullptr) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::ActionInfo* pass_role = catalog.find_action("iam:PassRole");
    if (pass_role == nullptr || !linter::statement_covers(policy, s, *pass_role)) return;
    if ((narrowing_of(*policy.tree, s) & kNarrowPassedToService) != 0 ||
        pins_key(*policy.tree, s, "iam:AssociatedResourceArn")) {
      return;
    }
    auto index = static_cast<uint32_t>(pass_role - catalog.actions().data());
    const Node* first = nullptr;
    std::size_t count = 0;
    linter::for_each_value(*policy.tree, *resource, [&](const Node& v) {
      if (!v.is_string() || !may_name_role(v.text) || is_denied(policy, index, v.text)) return;
      if (first == nullptr) first = &v;
      ++count;
    });
    if (first == nullptr) return;
    const Node* at = action_value_for(policy, s, *pass_role);
    if (at == nullptr) return;
    std::string roles;
    roles.append(1, '"').append(first->text).append(1, '"');
    if (count > 1) roles.append(" and ").append(std::to_string(count - 1)).append(" more");
    out.report(*at, "pass-role-without-passed-to-service", {at->text, roles});
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_pass_role_without_passed_to_service() {
  return std::make_unique<PassRoleWithoutPassedToService>();
}

}  // namespace iamlint::rules
