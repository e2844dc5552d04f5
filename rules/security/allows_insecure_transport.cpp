#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allows-insecure-transport",
     "this Allow applies to requests sent over plain HTTP (aws:SecureTransport false), whose data and signed "
     "headers cross the network unencrypted; remove the condition, or make the statement a Deny"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM236",
    .name = "allows-insecure-transport",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow applies only to requests sent without TLS.",
    .description = "Flags, in an `Allow` statement, `aws:SecureTransport` under `Bool` or `BoolIfExists` with the "
                   "value `false` (as a string or a JSON boolean). Reported at the condition key. The pattern is "
                   "the documented `Deny` against plain HTTP with its effect turned to `Allow`, usually by a copy "
                   "and paste.",
    .rationale = "Risk: high. Such a statement grants its permissions only to requests that are not encrypted in "
                 "transit, so any use of it exposes the request and response, object contents included, to whoever "
                 "is on the network path; and it silently grants nothing to the TLS clients it was probably meant "
                 "for, which invites widening it further.",
    .fix = "Grant without the condition, and deny plain HTTP in a statement of its own: `{\"Effect\": \"Deny\", "
           "\"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [...], \"Condition\": {\"Bool\": "
           "{\"aws:SecureTransport\": \"false\"}}}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AllowsInsecureTransport final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    for_each_condition(*policy.tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (op.base != "Bool" || op.qualifier != linter::ConditionQualifier::None) return;
      if (!linter::iequals(key.key, "aws:SecureTransport") || !values_are_bool(*policy.tree, key, false)) return;
      out.report(key, "allows-insecure-transport", {}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allows_insecure_transport() { return std::make_unique<AllowsInsecureTransport>(); }

}  // namespace iamlint::rules
