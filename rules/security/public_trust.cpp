#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"public-trust",
     "the role trusts every AWS principal, in every account: anybody with AWS credentials can assume it; name the "
     "accounts or roles that should"},
    {"public-trust-narrowed",
     "the role trusts every AWS principal; narrowed by {0}, so only the principals the condition admits can "
     "assume it; name them in Principal instead"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM212",
    .name = "public-trust",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A role trust policy lets any AWS principal assume the role.",
    .description = "Flags `\"Principal\": \"*\"` or `{\"AWS\": \"*\"}` in an `Allow` statement of a role trust "
                   "policy. When `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`, "
                   "`aws:PrincipalAccount` or `aws:userid` pin the caller (by the rules of conditions.hpp: no "
                   "IfExists on optional keys, no ForAllValues, no `\"*\"`), it is reported as a warning that "
                   "names the keys. Not reported when an unconditional `Deny` of the policy denies the statement's "
                   "actions.",
    .rationale = "`*` in a trust policy means every principal of every AWS account: anybody can create an account "
                 "and assume the role. The role's permissions become public.",
    .fix = "Name the principals: `{\"AWS\": \"arn:aws:iam::111122223333:role/ci\"}`; to admit an organization, keep "
           "`*` only with `\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class PublicTrust final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust || s.effect != linter::Effect::Allow) return;
    const Node* star = everyone_principal(*policy.tree, s);
    if (star == nullptr || is_fully_denied(policy, s)) return;
    unsigned narrowed = narrowing_of(*policy.tree, s) & (kNarrowPrincipal | kNarrowOrganization);
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *star, "public-trust-narrowed", {keys});
    } else {
      out.report(*star, "public-trust");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_public_trust() { return std::make_unique<PublicTrust>(); }

}  // namespace iamlint::rules
