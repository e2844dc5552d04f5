#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"action-and-not-action", "the statement has both Action and NotAction; a statement takes exactly one of them"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "UNSUPPORTED_ELEMENT_COMBINATION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM007",
    .name = "action-and-not-action",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has both Action and NotAction.",
    .description = "Flags a statement with both an `Action` and a `NotAction` element. The finding points at "
                   "`NotAction`.",
    .rationale = "The grammar allows one of the two. IAM refuses the policy, and a reader cannot tell which set of "
                 "actions was meant.",
    .fix = "Keep one element. To allow all actions of a service except some, use a second statement with "
           "`Effect: Deny`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class ActionAndNotAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    if (s.has(Element::Action) && s.has(Element::NotAction)) {
      out.report(*s.get(Element::NotAction), "action-and-not-action", {}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_action_and_not_action() { return std::make_unique<ActionAndNotAction>(); }

}  // namespace iamlint::rules
