#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"create-slr-star-resource",
     "\"{0}\" allows iam:CreateServiceLinkedRole on \"*\" with no iam:AWSServiceName condition: the principal "
     "can create the service-linked role of any service; pin the service with iam:AWSServiceName or list the "
     "role ARNs"},
    {"create-slr-not-resource",
     "\"{0}\" allows iam:CreateServiceLinkedRole through NotResource with no iam:AWSServiceName condition: the "
     "principal can create the service-linked role of any service; list the role ARNs in Resource"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "CREATE_SLR_WITH_STAR_IN_RESOURCE"},
    {"Access Analyzer", "CREATE_SLR_WITH_NOT_RESOURCE"},
    {"Access Analyzer", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE"},
    {"Access Analyzer", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE"},
    {"Access Analyzer", "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"},
    {"Access Analyzer", "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM206",
    .name = "create-service-linked-role-wildcard",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "iam:CreateServiceLinkedRole is allowed for every service.",
    .description = "Flags an `Allow` statement that grants `iam:CreateServiceLinkedRole` (by name or through a "
                   "wildcard or `NotAction`) on `\"*\"` or through `NotResource`, when its conditions do not pin "
                   "`iam:AWSServiceName`. Not reported when an unconditional `Deny` of the same policy denies the "
                   "action on `\"*\"`.",
    .rationale = "A service-linked role carries permissions that the service defines, and some of them are broad. "
                 "Creating the one of a service the principal does not use turns on that service's access in the "
                 "account; the permission should name the services it is for.",
    .fix = "Add `\"Condition\": {\"StringEquals\": {\"iam:AWSServiceName\": \"elasticbeanstalk.amazonaws.com\"}}`, "
           "or allow it on the role ARN `arn:aws:iam::*:role/aws-service-role/<service>/*`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class CreateServiceLinkedRoleWildcard final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    static const linter::ActionInfo* const slr = linter::Catalog::embedded().find_action("iam:CreateServiceLinkedRole");
    if (slr == nullptr || !linter::statement_covers(policy, s, *slr)) return;
    bool not_resource = s.has(Element::NotResource);
    if (!not_resource && star_resource(policy, s) == nullptr) return;
    if ((narrowing_of(*policy.tree, s) & kNarrowServiceName) != 0) return;
    if (is_denied(policy, static_cast<uint32_t>(slr - catalog.actions().data()), "*")) return;
    const Node* at = nullptr;
    linter::Part part = linter::Part::Value;
    if (const Node* action = s.get(Element::Action)) {
      linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
        if (at == nullptr && v.is_string() && linter::wildcard_match_icase(v.text, "iam:CreateServiceLinkedRole")) {
          at = &v;
        }
      });
    } else {
      at = s.get(Element::NotAction);
      part = linter::Part::Key;
    }
    if (at == nullptr) return;
    std::string_view shown = part == linter::Part::Key ? std::string_view("NotAction") : at->text;
    out.report(*at, not_resource ? "create-slr-not-resource" : "create-slr-star-resource", {shown}, part);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_create_service_linked_role_wildcard() {
  return std::make_unique<CreateServiceLinkedRoleWildcard>();
}

}  // namespace iamlint::rules
