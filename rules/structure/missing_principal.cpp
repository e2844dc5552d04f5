#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-principal", "the statement has neither Principal nor NotPrincipal, which {0} requires"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_PRINCIPAL"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM012",
    .name = "missing-principal",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement of a resource or trust policy names no principal.",
    .description = "Flags a statement object without `Principal` or `NotPrincipal` in resource policies, role "
                   "trust policies, resource control policies and VPC endpoint policies.",
    .rationale = "In a resource-based policy the principal says who is granted or denied access; services refuse "
                 "a statement without one. A mixed document (some statements with a principal, some without) is "
                 "usually an identity statement pasted into a bucket or key policy.",
    .fix = "Add `Principal` naming the accounts, roles, users or services the statement is about.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingPrincipal final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (!linter::policy_type_has_principal(policy.type) || !s.node->is_object()) return;
    if (!s.has(Element::Principal) && !s.has(Element::NotPrincipal)) {
      out.report(*s.node, "missing-principal", {linter::policy_type_phrase(policy.type)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_principal() { return std::make_unique<MissingPrincipal>(); }

}  // namespace iamlint::rules
