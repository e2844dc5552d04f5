#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"mfa-deny-antipattern",
     "a Deny with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"} does not deny requests made with long-term "
     "access keys, which carry no such key; use BoolIfExists"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM226",
    .name = "mfa-deny-antipattern",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "A Deny tests aws:MultiFactorAuthPresent with Bool, so requests without the key are not denied.",
    .description = "Flags the `aws:MultiFactorAuthPresent` key of a `Deny` statement's condition when the operator "
                   "is `Bool` (not `BoolIfExists`) and the value is `false`.",
    .rationale = "`aws:MultiFactorAuthPresent` is absent from requests signed with long-term access keys. A "
                 "condition on an absent key does not match, so `Bool … false` denies only temporary credentials "
                 "without MFA and lets an access key, the credential most often leaked, through. AWS documents "
                 "`BoolIfExists` for this pattern.",
    .fix = "Write `\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}`: the Deny then applies when the "
           "key is false or absent.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class MfaDenyAntipattern final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Deny) return;
    for_each_condition(*policy.tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (op.qualifier != linter::ConditionQualifier::None || op.base != "Bool" || op.if_exists) return;
      if (!linter::iequals(key.key, "aws:MultiFactorAuthPresent")) return;
      if (values_are_bool(*policy.tree, key, false)) out.report(key, "mfa-deny-antipattern", {}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_mfa_deny_antipattern() { return std::make_unique<MfaDenyAntipattern>(); }

}  // namespace iamlint::rules
