#include "rules/common/deny.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-with-not-resource",
     "an Allow with NotResource grants its actions on every resource it does not list, in every account and "
     "every resource created later; list the resources to allow in Resource instead"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM203",
    .name = "allow-with-not-resource",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow uses NotResource, granting on every resource it does not list.",
    .description = "Flags the `NotResource` element of an `Allow` statement, unless unconditional `Deny` "
                   "statements of the same policy cancel every action it grants. `NotResource` in a `Deny` is a "
                   "sound guardrail and is not flagged.",
    .rationale = "`Allow` with `NotResource` grants the actions on every resource except the listed ones: in "
                 "every account (resources in other accounts that trust this one included) and on every resource "
                 "created later. Combined with a broad `Action` it is close to administrator access.",
    .fix = "List the resources in `Resource`. To exclude a few resources from a grant, add a `Deny` on them.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AllowWithNotResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* not_resource = s.get(Element::NotResource);
    if (s.effect != linter::Effect::Allow || not_resource == nullptr || is_fully_denied(policy, s)) return;
    out.report(*not_resource, "allow-with-not-resource", {}, linter::Part::Key);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allow_with_not_resource() { return std::make_unique<AllowWithNotResource>(); }

}  // namespace iamlint::rules
