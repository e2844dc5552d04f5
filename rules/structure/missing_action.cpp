#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-action", "the statement has neither Action nor NotAction; AWS refuses a statement without one"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_ACTION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM008",
    .name = "missing-action",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has neither Action nor NotAction.",
    .description = "Flags a statement object with neither `Action` nor `NotAction`.",
    .rationale = "Every statement must name its actions; IAM refuses a policy with a statement that does not.",
    .fix = "Add `Action` with the actions the statement is about.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    if (s.node->is_object() && !s.has(Element::Action) && !s.has(Element::NotAction)) {
      out.report(*s.node, "missing-action");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_action() { return std::make_unique<MissingAction>(); }

}  // namespace iamlint::rules
