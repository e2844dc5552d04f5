#include <unordered_map>

#include "rules/hygiene/canonical.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-statement", "this statement repeats the statement at {0}, apart from the Sid; remove one of them"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "REDUNDANT_STATEMENT"}};
constexpr std::string_view kReferences[] = {
    kDocElements, "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM303",
    .name = "duplicate-statement",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "Two statements are the same apart from their Sids.",
    .description =
        "Flags a statement that repeats an earlier statement of the same policy in everything but its `Sid`. The "
        "statements are compared for meaning, not spelling: the order of elements, the order of values in arrays "
        "and repeated values do not matter, a single value equals a one-item array, and actions are compared "
        "without regard to case. Everything else (Effect, principals, ARNs, condition operators, keys and values) "
        "must be written the same, so two statements that IAM could tell apart are never reported.",
    .rationale = "The second copy grants or denies nothing more. It usually comes from a copy and paste that was "
                 "meant to be edited, so the statement that was intended may be missing; and when one copy is "
                 "changed later, the other keeps granting what the change meant to remove.",
    .fix = "Remove one of the two statements, or make the copy the statement it was meant to be.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class DuplicateStatement final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.statements.size() < 2) return;
    const std::vector<bool> candidates = shares_summary(policy, element_bit(Element::Sid));
    std::unordered_map<std::string, const Statement*> seen;
    for (std::size_t i = 0; i < policy.statements.size(); ++i) {
      const Statement& s = policy.statements[i];
      if (!candidates[i]) continue;
      auto [it, inserted] = seen.emplace(canonical_statement(*policy.tree, s, element_bit(Element::Sid)), &s);
      if (!inserted) out.report(*s.node, "duplicate-statement", {statement_reference(policy, *it->second)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_duplicate_statement() { return std::make_unique<DuplicateStatement>(); }

}  // namespace iamlint::rules
