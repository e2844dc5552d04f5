#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"for-all-values-without-null-check",
     "ForAllValues is true when the request carries no {0}, so this Allow also applies to requests without it; "
     "add \"Null\": {\"{0}\": \"false\"} to the statement"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM232",
    .name = "for-all-values-without-null-check",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "An Allow uses ForAllValues on a key without a Null check, so a request without the key passes.",
    .description = "Flags, in an `Allow` statement, each multivalued condition key (an `ArrayOf…` type in the "
                   "service catalog) under a `ForAllValues:` operator when no other condition of the statement "
                   "requires the key to be present: `\"Null\": {key: \"false\"}`, or a positive operator on the "
                   "same key without `IfExists` and without `ForAllValues` (such as `ForAnyValue:StringEquals`). "
                   "Reported at the condition key. Not flagged: lists of tag keys (`aws:TagKeys`, "
                   "`s3:RequestObjectTagKeys`), which are absent only when the request adds no tags, which a rule "
                   "\"only these tags\" means to allow; keys built from a parameter the action requires "
                   "(`kms:GrantOperations`, `route53:ChangeResourceRecordSets…`); single-valued keys, which IAM112 "
                   "reports; and `Deny` statements, where the missing key makes the `Deny` apply, the safe side.",
    .rationale = "Risk: medium. The IAM User Guide warns that `ForAllValues` returns true when the context key is "
                 "missing from the request, and advises caution when it is used with `Allow`. "
                 "`\"ForAllValues:StringEquals\": {\"kms:EncryptionContextKeys\": [\"tenant\"]}` reads as "
                 "\"only with the tenant context\", but also allows a request with no encryption context at all; "
                 "`aws:CalledVia` with `ForAllValues` also allows direct calls that no service made.",
    .fix = "Add `\"Null\": {\"kms:EncryptionContextKeys\": \"false\"}` (with the key used) to the same "
           "`Condition` block, so that the request must carry the key, or use `ForAnyValue` when at least one value "
           "must match.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// Keys whose absence is harmless or impossible, so ForAllValues alone says what was meant. A list of tag keys
// (aws:TagKeys, s3:RequestObjectTagKeys) is absent when the request adds no tags, which a rule "only these tags"
// allows. The others are built from a parameter the action requires (CreateGrant's Operations, the changes of
// ChangeResourceRecordSets), so every request for it carries them.
constexpr std::string_view kAlwaysPresent[] = {
    "kms:GrantOperations",
    "route53:ChangeResourceRecordSetsActions",
    "route53:ChangeResourceRecordSetsNormalizedRecordNames",
    "route53:ChangeResourceRecordSetsRecordTypes",
};

bool absence_matters(std::string_view key) {
  constexpr std::string_view kTagKeys = "TagKeys";
  if (key.size() >= kTagKeys.size() && linter::iequals(key.substr(key.size() - kTagKeys.size()), kTagKeys)) {
    return false;
  }
  for (std::string_view k : kAlwaysPresent) {
    if (linter::iequals(key, k)) return false;
  }
  // Single-valued keys under a set operator are IAM112's; keys the catalog does not know are IAM1xx's.
  const linter::ConditionKeyInfo* info = linter::Catalog::embedded().find_condition_key(key);
  return info != nullptr && linter::key_type_is_array(info->type);
}

class ForAllValuesWithoutNullCheck final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    for_each_condition(*policy.tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (op.qualifier != linter::ConditionQualifier::ForAllValues || op.base == "Null") return;
      if (!absence_matters(key.key)) return;
      if (requires_key(*policy.tree, s, key.key)) return;
      out.report(key, "for-all-values-without-null-check", {key.key}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_for_all_values_without_null_check() {
  return std::make_unique<ForAllValuesWithoutNullCheck>();
}

}  // namespace iamlint::rules
