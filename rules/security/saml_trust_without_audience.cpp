#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"saml-trust-without-audience",
     "the role trusts SAML assertions from {0} without a SAML:aud condition; pin it to the AWS sign-in endpoint: "
     "\"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM222",
    .name = "saml-trust-without-audience",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A role trusts a SAML provider without pinning SAML:aud.",
    .description = "Flags the `Federated` SAML provider (`arn:aws:iam::…:saml-provider/<name>`) of a role trust "
                   "policy's `Allow` statement that grants `sts:AssumeRoleWithSAML`, when no condition pins "
                   "`SAML:aud` (by the rules of conditions.hpp: a positive operator, no IfExists, no `*`), unless "
                   "unconditional `Deny` statements of the policy cancel the statement.",
    .rationale = "`SAML:aud` is the audience the assertion was issued for. AWS's role-creation wizard adds it; "
                 "without it, the trust policy accepts an assertion from the identity provider that was meant for "
                 "another service provider, if the provider signs both with the same key.",
    .fix = "Add `\"Condition\": {\"StringEquals\": {\"SAML:aud\": \"https://signin.aws.amazon.com/saml\"}}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class SamlTrustWithoutAudience final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust || s.effect != linter::Effect::Allow) return;
    static const linter::ActionInfo* const saml = linter::Catalog::embedded().find_action("sts:AssumeRoleWithSAML");
    if (saml == nullptr || !linter::statement_covers(policy, s, *saml)) return;
    if (pins_key(*policy.tree, s, "SAML:aud") || is_fully_denied(policy, s)) return;
    for_each_principal(*policy.tree, s, "Federated", [&](const Node& v) {
      if (!v.is_string()) return;
      auto at = v.text.find(":saml-provider/");
      if (v.text.substr(0, 4) != "arn:" || at == std::string_view::npos) return;
      out.report(v, "saml-trust-without-audience", {v.text.substr(at + 15)});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_saml_trust_without_audience() {
  return std::make_unique<SamlTrustWithoutAudience>();
}

}  // namespace iamlint::rules
