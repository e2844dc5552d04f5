#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"for-all-values-null",
     "ForAllValues:Null on \"{0}\" always holds, as the IAM Access Analyzer check reference documents: the "
     "condition tests nothing; use Null alone"},
    {"for-any-value-null",
     "ForAnyValue:Null on \"{0}\" never holds, as the IAM Access Analyzer check reference documents: the "
     "statement never applies; use Null alone"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "NULL_WITH_QUALIFIER"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM131",
    .name = "null-with-qualifier",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Validity,
    .summary = "A Null condition carries a ForAllValues or ForAnyValue qualifier.",
    .description = "Flags `ForAllValues:Null` and `ForAnyValue:Null`. (`...NullIfExists` with or without a qualifier "
                   "is IAM111's.)",
    .rationale = "`Null` asks whether a key is present in the request; the set qualifiers compare each value of a "
                 "multivalued key with the policy's values, which does not combine with a presence test. Access "
                 "Analyzer documents that `ForAllValues:Null` always returns true and `ForAnyValue:Null` always "
                 "false, so the condition either tests nothing or switches the statement off.",
    .fix = "Use `\"Null\": {\"aws:TagKeys\": \"false\"}` to require a key, `\"true\"` to require its absence, and a "
           "qualified string operator to test its values.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class NullWithQualifier final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator& op,
                                                          const Node& key) {
      if (op.base != "Null" || op.if_exists || op.qualifier == linter::ConditionQualifier::None) return;
      bool all = op.qualifier == linter::ConditionQualifier::ForAllValues;
      out.report(key, all ? "for-all-values-null" : "for-any-value-null", {key.key}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_null_with_qualifier() { return std::make_unique<NullWithQualifier>(); }

}  // namespace iamlint::rules
