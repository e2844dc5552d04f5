#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-effect", "the statement has no Effect element; add \"Effect\": \"Allow\" or \"Effect\": \"Deny\""},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_EFFECT"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM005",
    .name = "missing-effect",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has no Effect element.",
    .description = "Flags a statement object without `Effect`.",
    .rationale = "`Effect` is required: IAM refuses the policy, and a reader cannot tell whether the statement was "
                 "meant to allow or to deny.",
    .fix = "Add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingEffect final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    if (s.node->is_object() && s.effect == linter::Effect::Missing) out.report(*s.node, "missing-effect");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_effect() { return std::make_unique<MissingEffect>(); }

}  // namespace iamlint::rules
