#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-effect", "Effect \"{0}\" is not valid: it must be exactly \"Allow\" or \"Deny\""},
    {"effect-case", "Effect \"{0}\" must be written \"{1}\": the value is case-sensitive"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_EFFECT"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM006",
    .name = "invalid-effect",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement's Effect is neither \"Allow\" nor \"Deny\".",
    .description = "Flags a string `Effect` other than `Allow` and `Deny`, including the same words in another "
                   "case (`allow`, `DENY`). A non-string `Effect` is IAM016's.",
    .rationale = "IAM accepts exactly `Allow` and `Deny`; anything else makes the policy invalid. A `Deny` that "
                 "never takes effect because it was written `deny` is a guardrail that silently is not there.",
    .fix = "Write `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class InvalidEffect final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    const Node* e = s.get(Element::Effect);
    if (e == nullptr || !e->is_string() || s.effect != linter::Effect::Invalid) return;
    for (std::string_view valid : {"Allow", "Deny"}) {
      if (linter::iequals(e->text, valid)) {
        out.report(*e, "effect-case", {e->text, valid});
        return;
      }
    }
    out.report(*e, "invalid-effect", {e->text});
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_effect() { return std::make_unique<InvalidEffect>(); }

}  // namespace iamlint::rules
