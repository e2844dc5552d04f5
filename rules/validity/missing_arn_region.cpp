#include "rules/common/validity_arn_fields.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-arn-region",
     "\"{0}\" leaves the region empty, but {1} ARNs have one ({2}): an empty region matches no resource; write the "
     "region, or * for any"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_ARN_REGION"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM125",
    .name = "missing-arn-region",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Resource ARN leaves the region empty where its resource type has one.",
    .description = "Flags a `Resource` or `NotResource` ARN with an empty region field (`arn:aws:sqs:::orders`) when every "
                   "ARN format of its service that fits the resource part has a region in the Service Authorization "
                   "Reference. ARNs whose service field holds a wildcard or a variable are skipped, and so are "
                   "services with formats both with and without a region for the same resource part. IAM114 reports "
                   "the opposite mistake.",
    .rationale = "IAM matches a policy ARN field by field, and an empty field matches only an empty one. A resource "
                 "whose ARN has a region never matches `arn:aws:sqs:::orders`: the statement grants, or denies, nothing for it.",
    .fix = "Write the region (`arn:aws:sqs:us-east-1:111122223333:orders`), or `*` to match any.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingArnRegion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::report_missing_field(policy, s, out, validity::ArnField::Region, "missing-arn-region");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_arn_region() { return std::make_unique<MissingArnRegion>(); }

}  // namespace iamlint::rules
