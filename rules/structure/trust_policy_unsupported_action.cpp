#include <algorithm>

#include "linter/catalog.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unsupported-action",
     "\"{0}\" is not an action on a role: a trust policy can only allow or deny sts:AssumeRole, "
     "sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and "
     "sts:SetContext. Grant other permissions in the role's permissions policy"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "UNSUPPORTED_ACTION_IN_POLICY"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

// The STS actions whose resource is a role: the only ones a role's trust policy can control.
constexpr std::string_view kTrustActions[] = {"sts:AssumeRole",       "sts:AssumeRoleWithSAML",
                                              "sts:AssumeRoleWithWebIdentity", "sts:TagSession",
                                              "sts:SetSourceIdentity", "sts:SetContext"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM024",
    .name = "trust-policy-unsupported-action",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A role trust policy allows an action that is not a role-trust action.",
    .description =
        "In role trust policies, flags each `Action` value that matches none of the actions whose resource is the "
        "role: `sts:AssumeRole`, `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, "
        "`sts:SetSourceIdentity` and `sts:SetContext`. Wildcards count when they match one of them (`sts:*`, "
        "`sts:AssumeRole*`, `*`). `NotAction` is not checked. A policy whose type is inferred is taken for a trust "
        "policy when it names principals and no resources and allows an `sts:AssumeRole` action. Which principal may use which `AssumeRole` "
        "variant is IAM118's.",
    .rationale = "A trust policy is the role's resource policy, and the role is the resource only of these STS "
                 "actions. `s3:GetObject` or `iam:PassRole` in a trust policy is usually a permission that was "
                 "meant for the role's permissions policy: IAM refuses it, and the access it was meant to give is "
                 "missing.",
    .fix = "Keep only role-trust actions in the trust policy, and move other permissions to a permissions policy "
           "attached to the role.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

// A trust policy, given or inferred. Inference calls a policy with principals a trust policy only when all its
// actions are sts:AssumeRole*, so the trust policy this rule is about is inferred to be a resource policy; a
// resource policy whose statements name no resource and that grants a role-assumption action is one.
bool is_trust_policy(const Policy& policy) {
  if (policy.type == PolicyType::Trust) return true;
  if (policy.type != PolicyType::Resource || !policy.type_inferred) return false;
  bool assume = false;
  for (const Statement& s : policy.statements) {
    if (s.has(Element::Resource) || s.has(Element::NotResource)) return false;
    const Node* action = s.get(Element::Action);
    if (action == nullptr) continue;
    linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
      if (v.is_string() && linter::iequals(v.text.substr(0, std::min<std::size_t>(v.text.size(), 14)),
                                           "sts:AssumeRole")) {
        assume = true;
      }
    });
  }
  return assume;
}

class TrustPolicyUnsupportedAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (!is_trust_policy(policy)) return;
    const Node* action = s.get(Element::Action);
    if (action == nullptr) return;
    linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
      if (!v.is_string() || v.text.empty()) return;
      for (std::string_view a : kTrustActions) {
        if (linter::wildcard_match_icase(v.text, a)) return;
      }
      out.report(v, "unsupported-action", {v.text});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_trust_policy_unsupported_action() {
  return std::make_unique<TrustPolicyUnsupportedAction>();
}

}  // namespace iamlint::rules
