#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"service-wildcard-action",
     "\"{0}\" allows every {1} action, including those that change its permissions or delete data; list the "
     "actions that are needed"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM201",
    .name = "service-wildcard-action",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow grants every action of a service (\"s3:*\").",
    .description = "Flags an `Action` value of the form `service:*` in an `Allow` statement, in identity and "
                   "resource policies alike. `*` alone and partial wildcards such as `s3:Get*` are other rules' "
                   "concern; `Deny` statements are not flagged, since denying a whole service is a sound guardrail.",
    .rationale = "A whole-service grant includes the service's permissions-management and destructive actions: "
                 "for S3, `s3:PutBucketPolicy`, `s3:DeleteBucket` and `s3:PutBucketPublicAccessBlock` come with "
                 "`s3:GetObject`. Conditions narrow who or when, never which actions. A bucket policy granting "
                 "`s3:*` to a role hands that role the bucket's own access control.",
    .fix = "List the actions the principal uses, e.g. `s3:GetObject`, `s3:PutObject` and `s3:ListBucket`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class ServiceWildcardAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* action = s.get(Element::Action);
    if (s.effect != linter::Effect::Allow || action == nullptr) return;
    linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
      if (!v.is_string()) return;
      std::string_view a = v.text;
      auto colon = a.find(':');
      if (colon == std::string_view::npos || colon == 0 || a.substr(colon + 1) != "*") return;
      std::string_view service = a.substr(0, colon);
      if (linter::has_wildcard(service)) return;
      out.report(v, "service-wildcard-action", {a, service});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_service_wildcard_action() { return std::make_unique<ServiceWildcardAction>(); }

}  // namespace iamlint::rules
