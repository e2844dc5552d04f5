#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"service-trust-without-source",
     "the statement grants to the service {0} without aws:SourceArn, aws:SourceAccount or aws:SourceOrgID: the "
     "service may act here on behalf of any customer's resource (confused deputy); pin the source"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM223",
    .name = "service-trust-without-source",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "A resource policy grants an AWS service without aws:SourceArn or aws:SourceAccount.",
    .description = "Flags each `Service` principal of an `Allow` statement in a resource policy (a bucket, topic, "
                   "queue, key or function policy) whose conditions pin none of `aws:SourceArn`, "
                   "`aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths` (IfExists and `*` do not count). "
                   "Role trust policies are not flagged: AWS services assume roles only for the account's own "
                   "resources, and AWS's own trust policies rarely carry these keys. An `Allow` that unconditional "
                   "`Deny` statements of the policy cancel entirely is not reported.",
    .rationale = "A service principal stands for the service acting for any of its customers. Without a source "
                 "condition, another account's CloudTrail trail, EventBridge rule or S3 notification can be "
                 "pointed at this resource, and the service will write to or read from it on that account's behalf: "
                 "the cross-service confused deputy.",
    .fix = "Add `\"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": \"111122223333\"}}`, or `ArnLike` on "
           "`aws:SourceArn` with the ARN of the resource that uses the service.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class ServiceTrustWithoutSource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Resource || s.effect != linter::Effect::Allow) return;
    if ((narrowing_of(*policy.tree, s) & kNarrowSource) != 0 || is_fully_denied(policy, s)) return;
    for_each_principal(*policy.tree, s, "Service", [&](const Node& v) {
      if (v.is_string()) out.report(v, "service-trust-without-source", {v.text});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_service_trust_without_source() {
  return std::make_unique<ServiceTrustWithoutSource>();
}

}  // namespace iamlint::rules
