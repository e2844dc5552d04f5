#include "linter/model.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"multiple-bool-values",
     "{0} gives \"{1}\" both true and false: the condition holds for every request that carries the key, whatever "
     "its value"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "INVALID_CONDITION_MULTIPLE_BOOLEAN"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM123",
    .name = "multiple-bool-values",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Bool condition gives both true and false for one key.",
    .description = "Flags a `Bool` or `BoolIfExists` condition whose value list for one key holds both `true` and "
                   "`false` (as strings in any case, or JSON Booleans).",
    .rationale = "The values of one key are ORed: `\"aws:SecureTransport\": [\"true\", \"false\"]` holds for every "
                 "request that carries the key, so the condition tests nothing but the key's presence. A `Deny` "
                 "meant to refuse plain HTTP then refuses every request, and an `Allow` meant to require MFA grants "
                 "without it. Access Analyzer reports this as an error.",
    .fix = "Keep the one value you mean. To test only whether the key is present, use the `Null` operator.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MultipleBoolValues final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& key) {
      if (parsed.base != "Bool" || !key.is_array()) return;
      bool seen_true = false, seen_false = false;
      for (const Node& v : policy.tree->children(key)) {
        if (v.type != linter::JsonType::Bool && !v.is_string()) continue;
        if (linter::iequals(v.text, "true")) seen_true = true;
        else if (linter::iequals(v.text, "false")) seen_false = true;
      }
      if (seen_true && seen_false) out.report(key, "multiple-bool-values", {op.key, key.key}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_multiple_bool_values() { return std::make_unique<MultipleBoolValues>(); }

}  // namespace iamlint::rules
