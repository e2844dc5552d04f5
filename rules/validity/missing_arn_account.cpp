#include "rules/common/validity_arn_fields.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-arn-account",
     "\"{0}\" leaves the account empty, but {1} ARNs have one ({2}): an empty account matches no resource; write the "
     "account, or * for any"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM126",
    .name = "missing-arn-account",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Resource ARN leaves the account empty where its resource type has one.",
    .description = "Flags a `Resource` or `NotResource` ARN with an empty account field (`arn:aws:dynamodb:us-east-1::table/orders`) when every "
                   "ARN format of its service that fits the resource part has an account in the Service Authorization "
                   "Reference. ARNs whose service field holds a wildcard or a variable are skipped, and so are "
                   "services with formats both with and without an account for the same resource part. IAM114 reports "
                   "the opposite mistake.",
    .rationale = "IAM matches a policy ARN field by field, and an empty field matches only an empty one. A resource "
                 "whose ARN has an account never matches `arn:aws:dynamodb:us-east-1::table/orders`: the statement grants, or denies, nothing for it.",
    .fix = "Write the account (`arn:aws:dynamodb:us-east-1:111122223333:table/orders`), or `*` to match any.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class MissingArnAccount final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::report_missing_field(policy, s, out, validity::ArnField::Account, "missing-arn-account");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_arn_account() { return std::make_unique<MissingArnAccount>(); }

}  // namespace iamlint::rules
