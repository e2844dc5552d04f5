#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"not-principal-in-trust-policy", "NotPrincipal is not allowed in a role trust policy"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM013",
    .name = "not-principal-in-trust-policy",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A role trust policy uses NotPrincipal.",
    .description = "Flags `NotPrincipal` in a role trust policy.",
    .rationale = "IAM does not accept `NotPrincipal` in a trust policy. Even where it is accepted, an `Allow` with "
                 "`NotPrincipal` trusts everyone but the listed principals, which is never what a trust policy "
                 "means.",
    .fix = "List the principals that may assume the role in `Principal`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class NotPrincipalInTrustPolicy final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust) return;
    if (const Node* n = s.get(Element::NotPrincipal)) {
      out.report(*n, "not-principal-in-trust-policy", {}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_not_principal_in_trust_policy() {
  return std::make_unique<NotPrincipalInTrustPolicy>();
}

}  // namespace iamlint::rules
