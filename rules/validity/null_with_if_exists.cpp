#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"null-with-if-exists",
     "\"{0}\" is not a condition operator: IfExists cannot be added to Null, which already tests whether the key "
     "is present; write \"Null\""},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "NULL_WITH_IF_EXISTS"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM111",
    .name = "null-with-if-exists",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Condition uses NullIfExists.",
    .description = "Flags the operator `NullIfExists`, with or without a `ForAllValues:`/`ForAnyValue:` prefix.",
    .rationale = "The IAM User Guide allows `IfExists` on every condition operator except `Null`: `Null` is the "
                 "operator that asks whether a key is present, so \"if it exists\" has no meaning there. IAM does "
                 "not accept the policy.",
    .fix = "Write `\"Null\": {\"aws:TokenIssueTime\": \"true\"}` (the key is absent) or `\"false\"` (present).",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class NullWithIfExists final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* condition = s.get(Element::Condition);
    if (condition == nullptr || !condition->is_object()) return;
    for (const Node& op : policy.tree->children(*condition)) {
      linter::ConditionOperator parsed = linter::parse_condition_operator(op.key);
      if (parsed.base == "Null" && parsed.if_exists) out.report(op, "null-with-if-exists", {op.key}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_null_with_if_exists() { return std::make_unique<NullWithIfExists>(); }

}  // namespace iamlint::rules
