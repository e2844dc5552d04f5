#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"principal-not-allowed",
     "{0} is not allowed in {1}, which applies to the identities it is attached to or governs and names none itself"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "UNSUPPORTED_PRINCIPAL"},
    {"Access Analyzer", "SCP_SYNTAX_ERROR_PRINCIPAL"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM011",
    .name = "principal-in-identity-policy",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "Principal or NotPrincipal in a policy type that takes none.",
    .description = "Flags `Principal` and `NotPrincipal` in identity policies, permission boundaries, session "
                   "policies and service control policies. A policy that has a `Principal` is inferred to be a "
                   "resource or trust policy, so this rule fires when the type is given with `--policy-type` (or, "
                   "later, comes from where the policy was found).",
    .rationale = "IAM refuses an identity policy with a `Principal`: the principal is the identity the policy is "
                 "attached to. Its presence usually means a resource policy was pasted where an identity policy "
                 "belongs, or the reverse.",
    .fix = "Remove the element, or attach the document where it belongs (a resource or trust policy).",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class PrincipalInIdentityPolicy final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (linter::policy_type_has_principal(policy.type)) return;
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      if (const Node* n = s.get(e)) {
        out.report(*n, "principal-not-allowed", {n->key, linter::policy_type_phrase(policy.type)}, linter::Part::Key);
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_principal_in_identity_policy() {
  return std::make_unique<PrincipalInIdentityPolicy>();
}

}  // namespace iamlint::rules
