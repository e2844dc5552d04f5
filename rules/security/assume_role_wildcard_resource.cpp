#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"assume-role-wildcard-resource",
     "sts:AssumeRole on \"*\" lets the principal assume every role, in any account, whose trust policy trusts it "
     "or its whole account; list the role ARNs it needs"},
    {"assume-role-wildcard-resource-narrowed",
     "sts:AssumeRole on \"*\" lets the principal assume every role whose trust policy trusts it or its account; "
     "narrowed by {0}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM227",
    .name = "assume-role-wildcard-resource",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An identity policy allows sts:AssumeRole on every role.",
    .description = "Flags the `\"*\"` value of `Resource` in an identity policy's `Allow` statement that grants "
                   "`sts:AssumeRole` by name or through a wildcard such as `sts:*` or `sts:Assume*` (statements "
                   "with `Action: \"*\"` or `NotAction` are IAM200's and IAM202's). A statement narrowed by "
                   "`aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceTag/<key>` or a principal, MFA or "
                   "network condition is reported as a warning that names the keys; an unconditional `Deny` of "
                   "`sts:AssumeRole` on `\"*\"` cancels the finding.",
    .rationale = "Role trust is decided on both sides. A trust policy that trusts a whole account (see IAM220) "
                 "leaves the decision to this policy; with `\"*\"` here, the principal can assume every such role, "
                 "including administrator and cross-account roles nobody meant it to reach.",
    .fix = "List the roles: `\"Resource\": \"arn:aws:iam::222222222222:role/ProdS3RWRole\"`, or at least pin the "
           "account with `aws:ResourceAccount`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AssumeRoleWildcardResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Identity) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    static const linter::ActionInfo* const assume = linter::Catalog::embedded().find_action("sts:AssumeRole");
    if (assume == nullptr) return;
    uint32_t index = static_cast<uint32_t>(assume - catalog.actions().data());
    if (scopable_on_star(policy, s, [&](uint32_t a) { return a == index; }).empty()) return;
    const Node& star = *star_resource(policy, s);
    unsigned narrowed = narrowing_of(*policy.tree, s) & kNarrowGrant;
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, star, "assume-role-wildcard-resource-narrowed", {keys});
    } else {
      out.report(star, "assume-role-wildcard-resource");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_assume_role_wildcard_resource() {
  return std::make_unique<AssumeRoleWildcardResource>();
}

}  // namespace iamlint::rules
