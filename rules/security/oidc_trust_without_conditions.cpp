#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"oidc-without-audience",
     "the role trusts tokens from {0} without a {0}:aud condition: a token issued to any client of that provider "
     "can assume it; pin the audience with StringEquals"},
    {"oidc-without-audience-narrowed",
     "the role trusts tokens from {0} without a {0}:aud condition; narrowed by {0}:sub, which pins the subject; pin "
     "the audience too"},
    {"github-without-subject",
     "the role trusts GitHub Actions tokens without a {0}:sub condition: a workflow in any GitHub repository, "
     "anybody's, can assume it; pin the repository with \"repo:<owner>/<repo>:*\""},
    {"github-subject-wildcard",
     "the {0}:sub condition \"{1}\" admits workflows of any GitHub owner: anybody's repository can assume the "
     "role; pin the owner and repository"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif",
    "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM221",
    .name = "oidc-trust-without-conditions",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A role trusts an OIDC provider without pinning the audience (and, for GitHub, the repository).",
    .description = "In a role trust policy's `Allow` statements that grant `sts:AssumeRoleWithWebIdentity` to a "
                   "`Federated` OIDC provider (`arn:aws:iam::…:oidc-provider/<host>`, or a provider name such as "
                   "`cognito-identity.amazonaws.com`), flags the provider when no condition pins `<host>:aud`. For "
                   "GitHub Actions (`token.actions.githubusercontent.com`) it also flags a missing `<host>:sub` "
                   "condition, and a `sub` value that admits any owner (`*`, `repo:*`); a missing audience is then "
                   "a warning when `sub` is pinned. Conditions count by the rules of conditions.hpp: a positive "
                   "operator, no IfExists, no ForAllValues. A statement that unconditional `Deny` statements cancel is "
                   "not reported.",
    .rationale = "An OIDC provider issues tokens to many clients and subjects. The audience says which client the "
                 "token was for; the subject says who. GitHub's provider is shared by every GitHub user: without "
                 "a `sub` condition, any repository's workflow can assume the role.",
    .fix = "Add `\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}` and "
           "`\"StringLike\": {\"token.actions.githubusercontent.com:sub\": \"repo:my-org/my-repo:*\"}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kGitHub = "token.actions.githubusercontent.com";

// The provider host of a Federated value that names an OIDC provider, else empty.
std::string_view oidc_host(std::string_view federated) {
  constexpr std::string_view kMarker = ":oidc-provider/";
  if (federated.substr(0, 4) == "arn:") {
    auto at = federated.find(kMarker);
    return at == std::string_view::npos ? std::string_view() : federated.substr(at + kMarker.size());
  }
  // Provider names (cognito-identity.amazonaws.com, accounts.google.com, graph.facebook.com, www.amazon.com).
  return federated.find('.') != std::string_view::npos ? federated : std::string_view();
}

// A sub value that any owner's repository matches.
bool admits_any_owner(std::string_view sub) {
  return sub.empty() || sub[0] == '*' || sub.substr(0, 6) == "repo:*" || sub.substr(0, 6) == "repo:?";
}

class OidcTrustWithoutConditions final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust || s.effect != linter::Effect::Allow) return;
    static const linter::ActionInfo* const web = linter::Catalog::embedded().find_action("sts:AssumeRoleWithWebIdentity");
    if (web == nullptr || !linter::statement_covers(policy, s, *web) || is_fully_denied(policy, s)) return;
    const linter::JsonTree& tree = *policy.tree;
    for_each_principal(tree, s, "Federated", [&](const Node& v) {
      if (!v.is_string()) return;
      std::string_view host = oidc_host(v.text);
      if (host.empty()) return;
      bool github = host.substr(0, kGitHub.size()) == kGitHub;
      std::string sub_key = std::string(host) + ":sub";
      bool sub_pinned = false;
      if (github) {
        const Node* broad = nullptr;
        for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
          if (!linter::iequals(key.key, sub_key) || !is_narrowing_operator(op)) return;
          sub_pinned = true;
          linter::for_each_value(tree, key, [&](const Node& value) {
            if (broad == nullptr && value.is_string() && admits_any_owner(value.text)) broad = &value;
          });
        });
        if (!sub_pinned) {
          out.report(v, "github-without-subject", {host});
        } else if (broad != nullptr) {
          out.report(*broad, "github-subject-wildcard", {host, broad->text});
          sub_pinned = false;
        }
      }
      if (pins_key(tree, s, std::string(host) + ":aud")) return;
      if (sub_pinned) {
        out.report_at(linter::Severity::Warning, v, "oidc-without-audience-narrowed", {host});
      } else {
        out.report(v, "oidc-without-audience", {host});
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_oidc_trust_without_conditions() {
  return std::make_unique<OidcTrustWithoutConditions>();
}

}  // namespace iamlint::rules
