#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

// One message per Access Analyzer variant: how the statement reaches iam:PassRole (the action itself, a wildcard,
// or NotAction) times how it reaches every role ("*" or NotResource).
constexpr linter::MessageDef kMessages[] = {
    {"pass-role-star-resource",
     "\"{0}\" with \"Resource\": \"*\" lets the principal pass any role in the account, administrator roles "
     "included, to any service that accepts one; list the role ARNs it may pass"},
    {"pass-role-star-action-and-resource",
     "\"{0}\" includes iam:PassRole, and with \"Resource\": \"*\" lets the principal pass any role to any service "
     "that accepts one; allow iam:PassRole separately on the role ARNs it may pass"},
    {"pass-role-not-resource",
     "\"{0}\" with NotResource lets the principal pass every role the NotResource does not exclude to any "
     "service; list the role ARNs in Resource"},
    {"pass-role-star-action-and-not-resource",
     "\"{0}\" includes iam:PassRole, and with NotResource lets the principal pass every role the NotResource does "
     "not exclude; allow iam:PassRole separately on the role ARNs it may pass"},
    {"pass-role-not-action-and-star-resource",
     "this NotAction does not exclude iam:PassRole, so with \"Resource\": \"*\" the principal may pass any role to "
     "any service; exclude iam:PassRole or list the actions in Action"},
    {"pass-role-not-action-and-not-resource",
     "this NotAction does not exclude iam:PassRole, and with NotResource the principal may pass every role the "
     "NotResource does not exclude; list the actions and the role ARNs"},
    {"pass-role-narrowed",
     "\"{0}\" allows iam:PassRole on every role; narrowed by {1}, so only to the services or roles the condition "
     "names; list the role ARNs as well"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "PASS_ROLE_WITH_STAR_IN_RESOURCE"},
    {"Access Analyzer", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"},
    {"Access Analyzer", "PASS_ROLE_WITH_NOT_RESOURCE"},
    {"Access Analyzer", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"},
    {"Access Analyzer", "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"},
    {"Access Analyzer", "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM205",
    .name = "pass-role-wildcard",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "iam:PassRole is allowed on every role.",
    .description = "Flags an `Allow` statement that grants `iam:PassRole` (by name, through a wildcard such as "
                   "`iam:*`, `iam:Pass*` or `*`, or because its `NotAction` does not exclude it) on `\"*\"` or "
                   "through `NotResource`, with one message per Access Analyzer variant. When an "
                   "`iam:PassedToService`, resource-tag or other service-specific condition narrows the grant, it is "
                       "reported as a warning "
                   "that names the keys. Not reported when an unconditional `Deny` of the same policy denies "
                   "`iam:PassRole` on `\"*\"`.",
    .rationale = "Passing a role to a service (EC2, Lambda, Glue, CloudFormation, ECS…) lets the principal run code "
                 "with that role's permissions. On `\"*\"` that includes every administrator role of the account: "
                 "the most common path of privilege escalation in AWS.",
    .fix = "Allow `iam:PassRole` in a statement of its own, on the ARNs of the roles the principal must pass, "
           "and pin the service with `\"StringEquals\": {\"iam:PassedToService\": \"ec2.amazonaws.com\"}`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class PassRoleWildcard final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    static const linter::ActionInfo* const pass_role = linter::Catalog::embedded().find_action("iam:PassRole");
    if (pass_role == nullptr || !linter::statement_covers(policy, s, *pass_role)) return;
    bool not_resource = s.has(Element::NotResource);
    if (!not_resource && star_resource(policy, s) == nullptr) return;
    uint32_t index = static_cast<uint32_t>(pass_role - catalog.actions().data());
    if (is_denied(policy, index, "*")) return;

    // Where to point, and which variant: the literal action if written, else the first wildcard that matches it.
    const Node* at = nullptr;
    bool literal = false;
    linter::Part part = linter::Part::Value;
    if (const Node* action = s.get(Element::Action)) {
      linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
        if (!v.is_string() || literal || !linter::wildcard_match_icase(v.text, "iam:PassRole")) return;
        literal = !linter::has_wildcard(v.text);
        if (literal || at == nullptr) at = &v;
      });
    } else {
      at = s.get(Element::NotAction);
      part = linter::Part::Key;
    }
    if (at == nullptr) return;
    std::string_view shown = part == linter::Part::Key ? std::string_view("NotAction") : at->text;

    unsigned narrowed = narrowing_of(*policy.tree, s) & (kNarrowPassedToService | kNarrowResource | kNarrowService);
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *at, "pass-role-narrowed", {shown, keys}, part);
      return;
    }
    std::string_view id;
    if (part == linter::Part::Key) {
      id = not_resource ? "pass-role-not-action-and-not-resource" : "pass-role-not-action-and-star-resource";
    } else if (literal) {
      id = not_resource ? "pass-role-not-resource" : "pass-role-star-resource";
    } else {
      id = not_resource ? "pass-role-star-action-and-not-resource" : "pass-role-star-action-and-resource";
    }
    out.report(*at, id, {shown}, part);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_pass_role_wildcard() { return std::make_unique<PassRoleWildcard>(); }

}  // namespace iamlint::rules
