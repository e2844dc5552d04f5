#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"public-resource-policy",
     "the statement grants its actions to every principal, anonymous callers included: the resource is public; "
     "name the principals, or add an aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceVpce condition"},
    {"public-resource-policy-narrowed",
     "the statement grants its actions to every principal; narrowed by {0}, so only callers that meet the "
     "condition get them"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM224",
    .name = "public-resource-policy",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A resource policy grants access to any principal.",
    .description = "Flags `\"Principal\": \"*\"` or `{\"AWS\": \"*\"}` in an `Allow` statement of a resource "
                   "policy (bucket, key, queue, topic, secret… policies). When the statement's conditions pin the "
                   "caller's organization, account or ARN, the network (`aws:SourceVpc`, `aws:SourceVpce`, "
                   "`aws:SourceIp` other than `0.0.0.0/0`) or the calling resource (`aws:SourceArn`, "
                   "`aws:SourceAccount`), it is reported as a warning that names the keys. Not reported when "
                   "unconditional `Deny` statements of the policy cancel everything the statement grants.",
    .rationale = "A resource policy with `*` and no narrowing condition makes the resource public: any AWS account, "
                 "and for most services anonymous callers, can use the granted actions. Public buckets, queues and "
                 "snapshots are a leading cause of data leaks.",
    .fix = "Name the principals (`{\"AWS\": \"arn:aws:iam::111122223333:role/app\"}`), or keep `*` with a "
           "condition that pins them: `\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-…\"}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr unsigned kEnough = kNarrowPrincipal | kNarrowOrganization | kNarrowNetwork | kNarrowSource;

class PublicResourcePolicy final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Resource || s.effect != linter::Effect::Allow) return;
    const Node* star = everyone_principal(*policy.tree, s);
    if (star == nullptr || is_fully_denied(policy, s)) return;
    unsigned narrowed = narrowing_of(*policy.tree, s) & kEnough;
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *star, "public-resource-policy-narrowed", {keys});
    } else {
      out.report(*star, "public-resource-policy");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_public_resource_policy() { return std::make_unique<PublicResourcePolicy>(); }

}  // namespace iamlint::rules
