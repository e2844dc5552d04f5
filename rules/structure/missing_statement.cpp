#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-statement", "the policy has no Statement element; AWS refuses a policy without one"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html", kDocGrammar};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "MISSING_STATEMENT"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM004",
    .name = "missing-statement",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "The policy has no Statement element.",
    .description = "Flags a policy document (a JSON object) without a `Statement` element. A `statement` or "
                   "`Statements` key does not count: IAM element names are case-sensitive (IAM015 names those).",
    .rationale = "`Statement` is the only element that carries permissions. IAM refuses a policy without it.",
    .fix = "Add `\"Statement\": [ ... ]` with at least one statement.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingStatement final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.root != nullptr && policy.root->is_object() && policy.statement == nullptr) {
      out.report(*policy.root, "missing-statement");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_statement() { return std::make_unique<MissingStatement>(); }

}  // namespace iamlint::rules
