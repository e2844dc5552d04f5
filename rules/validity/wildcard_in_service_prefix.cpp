#include "rules/common/validity_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"wildcard-in-service-prefix",
     "\"{0}\" has a wildcard in its service prefix \"{1}\"; IAM matches it across every service whose prefix "
     "fits, which is rarely what was meant"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_SERVICE_IN_ACTION"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM104",
    .name = "wildcard-in-service-prefix",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An action pattern puts a wildcard in the service prefix.",
    .description = "Flags an `Action` or `NotAction` value whose part before the colon holds `*` or `?`, such as "
                   "`s*:GetObject`, `*:Get*` or `*:*`. A lone `*` is not flagged: it is the documented way to name "
                   "every action.",
    .rationale = "The IAM User Guide describes the action element as a service prefix followed by an action name "
                 "in which wildcards may appear; a wildcard in the prefix reaches across services the author did "
                 "not name (`s*:` covers s3, sns, sqs, ssm, sts, secretsmanager and dozens more), so a policy "
                 "meant to be narrow is broad, and a reviewer cannot tell from the text which services it covers.",
    .fix = "Name the service: `s3:GetObject` instead of `s*:GetObject`; write `*` alone when every action is meant.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class WildcardInServicePrefix final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_action_value(policy, s, [&](const Node& v, const validity::ActionValue& a) {
      if (a.form == validity::ActionForm::WildcardService) out.report(v, "wildcard-in-service-prefix", {v.text, a.service});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_wildcard_in_service_prefix() {
  return std::make_unique<WildcardInServicePrefix>();
}

}  // namespace iamlint::rules
