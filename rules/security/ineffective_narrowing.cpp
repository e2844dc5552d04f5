#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"ineffective-narrowing",
     "\"{0}\" matches every value {1} can take, so this condition narrows nothing; write the exact organization, "
     "account, ARN, VPC or external id"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM230",
    .name = "ineffective-narrowing",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "A narrowing condition key is matched with a pattern that matches every value.",
    .description = "Flags, in an `Allow` statement, a value of a condition key that says who may call or from "
                   "where (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:userid`, `aws:username`, "
                   "`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `sts:ExternalId`, `aws:SourceArn`, "
                   "`aws:SourceAccount`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceVpc`, "
                   "`aws:SourceVpce`, `aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:ResourceOrgPaths`) under an "
                   "operator that reads wildcards (`StringLike`, `ArnLike`, `ArnEquals`, with or without "
                   "`IfExists` or `ForAnyValue`) when the value is wildcards and the structure every value shares: "
                   "`*`, `arn:aws:*`, `arn:*:*:*:*:*`, `o-*`, `o-*/*`, `vpce-*`, or twelve `?` for an account. "
                   "Values of `aws:SourceIp` are IAM231's; tag keys are not flagged, since `StringLike` `*` there "
                   "requires the tag to exist. The shared narrowing logic (rules/conditions.cpp) does not count "
                   "such values as narrowing, so other security rules report the statement at full severity.",
    .rationale = "Risk: medium. The condition reads as a guard (\"only our organization\", \"only with the external "
                 "id\", \"only from this bucket\") but admits every caller: any account can create an organization "
                 "whose id starts with `o-`, and any external id matches `*`, which voids the confused-deputy "
                 "protection it was meant to give. Reviewers and tools that trust the key's name miss the exposure.",
    .fix = "Write the exact value: `\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"}`, the account id, "
           "the ARN of the calling resource, the VPC endpoint id, or the external id agreed with the third party.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr unsigned kWhoOrWhere =
    kNarrowPrincipal | kNarrowOrganization | kNarrowExternalId | kNarrowSource | kNarrowNetwork | kNarrowResource;

class IneffectiveNarrowing final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    for_each_condition(*policy.tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (op.qualifier == linter::ConditionQualifier::ForAllValues) return;
      if (op.base != "StringLike" && op.base != "ArnLike" && op.base != "ArnEquals") return;
      if ((narrowing_kind_of_key(key.key) & kWhoOrWhere) == 0) return;
      if (key.key.find('/') != std::string_view::npos) return;  // aws:ResourceTag/<key>: "*" requires the tag
      if (linter::iequals(key.key, "aws:SourceIp") || linter::iequals(key.key, "aws:VpcSourceIp")) return;
      const Node* value = value_matching_everything(*policy.tree, op, key);
      if (value != nullptr) out.report(*value, "ineffective-narrowing", {value->text, key.key});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_ineffective_narrowing() { return std::make_unique<IneffectiveNarrowing>(); }

}  // namespace iamlint::rules
