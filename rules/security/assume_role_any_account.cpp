#include "linter/text.hpp"
#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"assume-role-any-account",
     "sts:AssumeRole on \"{0}\" reaches roles of that name in every AWS account, other organizations' included; "
     "write the account id, or pin it with aws:ResourceAccount or aws:ResourceOrgID"},
    {"assume-role-any-account-narrowed",
     "sts:AssumeRole on \"{0}\" reaches roles of that name in every AWS account; narrowed by {1}, but not to an "
     "account"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM235",
    .name = "assume-role-any-account",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "sts:AssumeRole is allowed on role ARNs of any account.",
    .description = "Flags each `Resource` value of an identity policy's `Allow` statement that grants "
                   "`sts:AssumeRole` (by name or through a pattern) when the value can name a role and its account "
                   "field is a wildcard: `arn:aws:iam::*:role/Deploy`, `arn:aws:iam::*:role/cdk-*`. `\"*\"` itself "
                   "is IAM227's. Not reported when the statement pins `aws:ResourceAccount`, `aws:ResourceOrgID` "
                   "or `aws:ResourceOrgPaths`, or when an unconditional `Deny` of `sts:AssumeRole` covers the value; "
                   "a statement narrowed otherwise (kNarrowGrant: principal, MFA, network, tags…) is reported as a "
                   "warning that names the keys.",
    .rationale = "Risk: high. A role name is not unique across accounts. The principal can assume a role of that "
                 "name in any account whose trust policy trusts it, including an account an attacker creates with "
                 "a role named to match, and data or credentials then flow to that account. Pinning the account "
                 "or the organization closes this.",
    .fix = "Write the account ids: `arn:aws:iam::111122223333:role/Deploy`, or keep the wildcard and add "
           "`\"Condition\": {\"StringEquals\": {\"aws:ResourceOrgID\": \"o-a1b2c3d4e5\"}}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool account_is_wildcard(std::string_view resource) {
  auto parts = validity::split_arn(resource);
  return parts && (parts->account.empty() || linter::has_wildcard(parts->account));
}

class AssumeRoleAnyAccount final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Identity || s.effect != linter::Effect::Allow) return;
    const Node* resource = s.get(Element::Resource);
    if (resource == nullptr) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::ActionInfo* assume = catalog.find_action("sts:AssumeRole");
    if (assume == nullptr || !linter::statement_covers(policy, s, *assume)) return;
    const linter::JsonTree& tree = *policy.tree;
    bool account_pinned = pins_key(tree, s, "aws:ResourceAccount") || pins_key(tree, s, "aws:ResourceOrgID") ||
                          pins_key(tree, s, "aws:ResourceOrgPaths");
    if (account_pinned) return;
    auto index = static_cast<uint32_t>(assume - catalog.actions().data());
    unsigned narrowed = narrowing_of(tree, s) & kNarrowGrant;
    std::string keys = narrowed != kNarrowNone ? narrowing_keys(tree, s, narrowed) : std::string();
    linter::for_each_value(tree, *resource, [&](const Node& v) {
      if (!v.is_string() || !account_is_wildcard(v.text) || !may_name_role(v.text)) return;
      if (is_denied(policy, index, v.text)) return;
      if (narrowed != kNarrowNone) {
        out.report_at(linter::Severity::Warning, v, "assume-role-any-account-narrowed", {v.text, keys});
      } else {
        out.report(v, "assume-role-any-account", {v.text});
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_assume_role_any_account() { return std::make_unique<AssumeRoleAnyAccount>(); }

}  // namespace iamlint::rules
