#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"wildcard-in-equals-operator",
     "{0} matches \"{1}\" literally: its * or ? stands only for itself; use {2} for a pattern"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "WILDCARD_WITHOUT_LIKE_OPERATOR"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM110",
    .name = "wildcard-in-equals-operator",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A StringEquals value holds * or ?, which it matches literally.",
    .description = "Flags a value holding `*` or `?` under `StringEquals`, `StringNotEquals`, "
                   "`StringEqualsIgnoreCase` or `StringNotEqualsIgnoreCase` (with or without `IfExists` and set "
                   "operators). The escapes `${*}` and `${?}`, which ask for a literal character, are not flagged. "
                   "`ArnEquals` is not flagged: like `ArnLike`, it matches each ARN field with wildcards.",
    .rationale = "Only the `Like` operators treat `*` and `?` as wildcards. `\"StringEquals\": "
                 "{\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/ci-*\"}` matches only a role literally "
                 "named `ci-*`: an `Allow` written that way grants nothing, and a `StringNotEquals` `Deny` denies "
                 "every role it was meant to exempt.",
    .fix = "Use `StringLike` (or `StringNotLike`) for patterns, or `ArnLike` for ARNs; keep `StringEquals` for "
           "exact values.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

// A * or ? outside ${...}; ${*} and ${?} are the documented way to write them literally.
bool has_unescaped_wildcard(std::string_view v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v.compare(i, 2, "${") == 0) {
      std::size_t close = v.find('}', i);
      if (close == std::string_view::npos) return linter::find_wildcard(v, i) != std::string_view::npos;
      i = close;
      continue;
    }
    if (v[i] == '*' || v[i] == '?') return true;
  }
  return false;
}

class WildcardInEqualsOperator final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      const validity::OperatorInfo* info = validity::find_operator(parsed.base);
      if (info == nullptr || !info->literal_equals) return;
      bool negated = parsed.base.find("Not") != std::string_view::npos;
      linter::for_each_value(*policy.tree, k, [&](const Node& v) {
        if (v.is_string() && has_unescaped_wildcard(v.text)) {
          out.report(v, "wildcard-in-equals-operator", {op.key, v.text, negated ? "StringNotLike" : "StringLike"});
        }
      });
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_wildcard_in_equals_operator() {
  return std::make_unique<WildcardInEqualsOperator>();
}

}  // namespace iamlint::rules
