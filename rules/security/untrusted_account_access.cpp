#include <algorithm>
#include <string>
#include <vector>

#include "linter/text.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"untrusted-account",
     "\"{0}\" grants access to account {1}, which is not in this rule's trusted-accounts ({2}); add the account "
     "there if it is yours or a partner's, or remove the grant"},
    {"untrusted-account-wildcard",
     "\"{0}\" matches principals of any account, and no aws:PrincipalOrgID or aws:PrincipalAccount condition keeps "
     "them to the trusted accounts ({1})"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html"};
constexpr linter::OptionDef kOptions[] = {
    {"trusted-accounts",
     "the 12-digit ids of the accounts that may be granted access: your own and your partners'. Without it the "
     "rule reports nothing."},
    {"organization-id",
     "your organization's id (`o-...`): a statement whose conditions pin `aws:PrincipalOrgID` to it is trusted "
     "whatever its principals."},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM241",
    .name = "untrusted-account-access",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A resource or trust policy grants access to an account outside the configured trusted list.",
    .description =
        "With the `trusted-accounts` option set, flags each `AWS` principal of an `Allow` statement in a resource "
        "policy or role trust policy that names an account not in the list: an account id, an account's root ARN, "
        "or a user, role or session ARN of that account. A principal with a wildcard in its account field "
        "(`arn:aws:iam::*:role/x`) is flagged too. `\"*\"` is IAM224's and IAM212's. A statement is trusted when a "
        "condition pins `aws:PrincipalOrgID` to the configured `organization-id`, or `aws:PrincipalAccount` to "
        "trusted accounts only (with a positive operator, without `IfExists`). Risk: high.",
    .rationale = "Access Analyzer's external access findings exist because grants to other accounts are how data "
                 "leaves an organization: a bucket, key or role that a vendor's or a former partner's account can "
                 "use. Whether an account is trusted is a fact about your organization that no policy states, so "
                 "only a list you keep can tell a typo or a stale grant from a partner.",
    .fix = "Remove the grant, correct the account id, or, when the account is trusted, add it to the rule's "
           "`trusted-accounts` in `.iamlint.yaml` so that the decision is reviewed where the list is kept.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
    .options = kOptions,
};

// Whether every value the statement's conditions pin `key` to is in `allowed` (and there is at least one).
bool pinned_within(const linter::JsonTree& tree, const Statement& s, std::string_view key,
                   const std::vector<std::string_view>& allowed) {
  if (allowed.empty() || !pins_key(tree, s, key)) return false;
  const Node* condition = s.get(Element::Condition);
  bool any = false, all = true;
  for (const Node& op_node : tree.children(*condition)) {
    if (!op_node.is_object()) continue;
    linter::ConditionOperator op = linter::parse_condition_operator(op_node.key);
    if (!is_narrowing_operator(op)) continue;
    for (const Node& k : tree.children(op_node)) {
      if (!linter::iequals(k.key, key)) continue;
      linter::for_each_value(tree, k, [&](const Node& v) {
        any = true;
        bool listed = v.is_string() && !linter::has_wildcard(v.text) &&
                      std::find(allowed.begin(), allowed.end(), v.text) != allowed.end();
        all = all && listed;
      });
    }
  }
  return any && all;
}

class UntrustedAccountAccess final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Resource && policy.type != PolicyType::Trust) return;
    if (s.effect != linter::Effect::Allow) return;
    std::span<const std::string> trusted = out.options().strings("trusted-accounts");
    if (trusted.empty()) return;
    const linter::JsonTree& tree = *policy.tree;
    std::vector<std::string_view> accounts(trusted.begin(), trusted.end());
    std::vector<std::string_view> organization;
    if (auto org = out.options().string("organization-id")) organization.push_back(*org);
    if (pinned_within(tree, s, "aws:PrincipalOrgID", organization) ||
        pinned_within(tree, s, "aws:PrincipalAccount", accounts)) {
      return;
    }
    std::string listed;
    for (std::string_view a : accounts) listed += (listed.empty() ? "" : ", ") + std::string(a);
    for_each_principal(tree, s, "AWS", [&](const Node& v) {
      if (!v.is_string()) return;
      std::string_view account = principal_account(v.text);
      if (account.empty()) return;
      if (linter::has_wildcard(account)) {
        out.report(v, "untrusted-account-wildcard", {v.text, listed});
      } else if (std::find(accounts.begin(), accounts.end(), account) == accounts.end()) {
        out.report(v, "untrusted-account", {v.text, account, listed});
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_untrusted_account_access() { return std::make_unique<UntrustedAccountAccess>(); }

}  // namespace iamlint::rules
