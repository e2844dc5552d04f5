#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"principal-and-not-principal",
     "the statement has both Principal and NotPrincipal; a statement takes at most one of them"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "UNSUPPORTED_ELEMENT_COMBINATION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM025",
    .name = "principal-and-not-principal",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has both Principal and NotPrincipal.",
    .description = "Flags a statement with both a `Principal` and a `NotPrincipal` element, in any policy type. The "
                   "finding points at `NotPrincipal`. (In a policy type that takes no principal at all, IAM011 "
                   "reports each element as well.)",
    .rationale = "The grammar allows one of the two: IAM refuses the policy, and a reader cannot tell whether the "
                 "statement was meant for the principals listed or for everybody else.",
    .fix = "Keep one element. To apply a statement to everybody but a few principals, prefer `Principal: \"*\"` with "
           "an `aws:PrincipalArn` condition (`ArnNotEquals`) over `NotPrincipal`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class PrincipalAndNotPrincipal final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    if (s.has(Element::Principal) && s.has(Element::NotPrincipal)) {
      out.report(*s.get(Element::NotPrincipal), "principal-and-not-principal", {}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_principal_and_not_principal() {
  return std::make_unique<PrincipalAndNotPrincipal>();
}

}  // namespace iamlint::rules
