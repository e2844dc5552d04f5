#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-with-not-action",
     "an Allow with NotAction grants every action it does not list ({0} today, and every action AWS adds later) "
     "on {1}; list the actions to allow in Action instead"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM202",
    .name = "allow-with-not-action",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow uses NotAction, granting every action it does not list.",
    .description = "Flags the `NotAction` element of an `Allow` statement. The message says how many catalog "
                   "actions the statement grants. Not reported when unconditional `Deny` statements of the same "
                   "policy cancel everything it grants. `NotAction` in a `Deny` (\"deny everything except\") is a "
                   "sound guardrail and is not flagged.",
    .rationale = "`Allow` with `NotAction` is an allow-list turned inside out: it grants thousands of actions, and "
                 "every action a service launches later, without anybody reviewing them. AWS's own "
                 "`PowerUserAccess` uses it on purpose; in custom policies it is almost always broader than meant.",
    .fix = "List the allowed actions in `Action`. To carve out exceptions from a broad grant, keep the grant "
           "narrow and add a `Deny` with the exceptions.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AllowWithNotAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* not_action = s.get(Element::NotAction);
    if (s.effect != linter::Effect::Allow || not_action == nullptr || is_fully_denied(policy, s)) return;
    std::size_t count = linter::statement_actions(policy, s).actions.size();
    std::string where = star_resource(policy, s) != nullptr || s.has(Element::NotResource)
                            ? "every resource"
                            : "the listed resources";
    out.report(*not_action, "allow-with-not-action", {std::to_string(count), where}, linter::Part::Key);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allow_with_not_action() { return std::make_unique<AllowWithNotAction>(); }

}  // namespace iamlint::rules
