#include <string>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"federated-needs-action",
     "the federated principal \"{0}\" can only assume the role with {1}, which this statement does not allow"},
    {"principal-cannot-use-action",
     "\"{0}\" is not a federated principal, so it cannot call {1}; it assumes roles with sts:AssumeRole, which "
     "this statement does not allow"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html",
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html",
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM118",
    .name = "trust-action-mismatch",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A trust statement's principal cannot use its sts:AssumeRole* action.",
    .description = "In `Allow` statements that allow `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or "
                   "`sts:AssumeRoleWithWebIdentity`, flags a `Federated` principal whose own action is not allowed "
                   "(a `saml-provider/` ARN needs `sts:AssumeRoleWithSAML`; an `oidc-provider/` ARN, "
                   "`accounts.google.com`, `graph.facebook.com`, `www.amazon.com` and "
                   "`cognito-identity.amazonaws.com` need `sts:AssumeRoleWithWebIdentity`), and an `AWS` or "
                   "`Service` principal in a statement that allows only the federated actions. Statements with "
                   "`NotAction` are skipped.",
    .rationale = "Each kind of principal reaches a role through one STS operation: IAM users, roles and services "
                 "call `AssumeRole`, SAML sessions `AssumeRoleWithSAML`, web identities "
                 "`AssumeRoleWithWebIdentity`. A trust statement that pairs a principal with another operation "
                 "admits nobody: the GitHub Actions or Okta federation it was written for fails with AccessDenied, "
                 "and the fix is often to widen the statement in haste.",
    .fix = "Pair each principal with its action: `{\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/"
           "token.actions.githubusercontent.com\"}` with `sts:AssumeRoleWithWebIdentity`, a `saml-provider/` with "
           "`sts:AssumeRoleWithSAML`, `AWS` and `Service` principals with `sts:AssumeRole`; split the statement if "
           "it names both kinds.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kWebIdentityProviders[] = {"accounts.google.com", "graph.facebook.com", "www.amazon.com",
                                                      "cognito-identity.amazonaws.com"};

class TrustActionMismatch final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* principal = s.get(Element::Principal);
    if (s.effect != linter::Effect::Allow || principal == nullptr || !principal->is_object() ||
        s.get(Element::Action) == nullptr) {
      return;
    }
    const linter::Catalog& catalog = linter::Catalog::embedded();
    auto covers = [&](std::string_view name) {
      const linter::ActionInfo* action = catalog.find_action(name);
      return action != nullptr && linter::statement_covers(policy, s, *action, catalog);
    };
    bool role = covers("sts:AssumeRole"), saml = covers("sts:AssumeRoleWithSAML"),
         web = covers("sts:AssumeRoleWithWebIdentity");
    if (!role && !saml && !web) return;
    for (const Node& type : policy.tree->children(*principal)) {
      linter::for_each_value(*policy.tree, type, [&](const Node& v) {
        if (!v.is_string()) return;
        if (type.key == "Federated") {
          std::string_view needed = needed_action(v.text);
          if (needed.empty()) return;
          bool allowed = needed == "sts:AssumeRoleWithSAML" ? saml : web;
          if (!allowed) out.report(v, "federated-needs-action", {v.text, needed});
        } else if ((type.key == "AWS" || type.key == "Service") && !role) {
          out.report(v, "principal-cannot-use-action",
                     {v.text, saml && web ? "sts:AssumeRoleWithSAML or sts:AssumeRoleWithWebIdentity"
                              : saml      ? "sts:AssumeRoleWithSAML"
                                          : "sts:AssumeRoleWithWebIdentity"});
        }
      });
    }
  }

 private:
  // The STS action a federated principal uses, or empty when the value is not recognised (IAM117 reports it).
  static std::string_view needed_action(std::string_view federated) {
    if (federated.find(":saml-provider/") != std::string_view::npos) return "sts:AssumeRoleWithSAML";
    if (federated.find(":oidc-provider/") != std::string_view::npos) return "sts:AssumeRoleWithWebIdentity";
    for (std::string_view p : kWebIdentityProviders) {
      if (federated == p) return "sts:AssumeRoleWithWebIdentity";
    }
    return {};
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_trust_action_mismatch() { return std::make_unique<TrustActionMismatch>(); }

}  // namespace iamlint::rules
