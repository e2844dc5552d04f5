#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"whole-account-trust",
     "the role trusts every principal of account {0} whose own policies allow sts:AssumeRole, with no MFA, "
     "external id or principal condition; name the roles or users (aws:PrincipalArn), or require "
     "aws:MultiFactorAuthPresent or sts:ExternalId"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_aws-accounts.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM220",
    .name = "whole-account-trust",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A role trust policy trusts a whole account with no narrowing condition.",
    .description = "Flags, in a role trust policy's `Allow` statements, a principal that is an account "
                   "(`arn:aws:iam::111111111111:root` or `111111111111`) when the statement's conditions narrow "
                   "it by none of: `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:userid`, `aws:PrincipalOrgID`, "
                   "`aws:PrincipalOrgPaths`, `sts:ExternalId`, `aws:MultiFactorAuthPresent` (Bool true) or "
                   "`aws:MultiFactorAuthAge`. A condition counts only if a request without the key cannot satisfy "
                   "it: `StringEqualsIfExists` on `sts:ExternalId` or `BoolIfExists` on MFA narrow nothing.",
    .rationale = "Naming an account in a trust policy delegates the decision to that account: any user or role "
                 "there whose identity policy allows `sts:AssumeRole` on this role (an administrator, a CI role, "
                 "a compromised developer) can assume it. The trust policy then forces nothing by itself: not "
                 "the group that was meant, not MFA, and, for third parties, no external id against the confused "
                 "deputy problem.",
    .fix = "Name the principals that should assume the role, or keep the account and add a condition: "
           "`\"Condition\": {\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::111111111111:role/ci-*\"}}`, "
           "`\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` for people, or `\"StringEquals\": "
           "{\"sts:ExternalId\": \"...\"}` for a third party.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr unsigned kEnough = kNarrowPrincipal | kNarrowOrganization | kNarrowExternalId | kNarrowMfa;

class WholeAccountTrust final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust || s.effect != linter::Effect::Allow) return;
    const Node* principal = s.get(Element::Principal);
    if (principal == nullptr || !principal->is_object()) return;
    const Node* aws = policy.tree->member(*principal, "AWS");
    if (aws == nullptr || (narrowing_of(*policy.tree, s) & kEnough) != 0) return;
    linter::for_each_value(*policy.tree, *aws, [&](const Node& v) {
      if (!v.is_string()) return;
      std::string_view account = whole_account(v.text);
      if (!account.empty()) out.report(v, "whole-account-trust", {account});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_whole_account_trust() { return std::make_unique<WholeAccountTrust>(); }

}  // namespace iamlint::rules
