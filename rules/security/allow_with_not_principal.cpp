#include "rules/common/deny.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-with-not-principal",
     "an Allow with NotPrincipal grants to every principal it does not list, anonymous users included; name the "
     "principals in Principal instead"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "ALLOW_WITH_NOT_PRINCIPAL"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM204",
    .name = "allow-with-not-principal",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow uses NotPrincipal, granting to everybody it does not list.",
    .description = "Flags the `NotPrincipal` element of an `Allow` statement, in any policy type. `NotPrincipal` "
                   "in a `Deny` is not flagged here, nor is an `Allow` that unconditional `Deny` statements of the "
                   "policy cancel entirely.",
    .rationale = "`Allow` with `NotPrincipal` grants the actions to every principal except the listed ones: every "
                 "AWS account and anonymous callers. AWS documents it as a pattern to avoid in `Allow` statements.",
    .fix = "Name the principals in `Principal`. To exclude principals from a grant to an account, use a `Deny` "
           "with an `aws:PrincipalArn` condition.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class AllowWithNotPrincipal final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* not_principal = s.get(Element::NotPrincipal);
    if (s.effect != linter::Effect::Allow || not_principal == nullptr || is_fully_denied(policy, s)) return;
    out.report(*not_principal, "allow-with-not-principal", {}, linter::Part::Key);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allow_with_not_principal() { return std::make_unique<AllowWithNotPrincipal>(); }

}  // namespace iamlint::rules
