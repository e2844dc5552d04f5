#include <algorithm>

#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"credentials-exposure",
     "actions that return credentials are allowed on every resource: {1}; list the users, clusters or instances they "
         "are for"},
    {"credentials-exposure-narrowed",
     "actions that return credentials are allowed on every resource: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_credentials_console.html",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-iam-access-control-identity-based.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM209",
    .name = "credentials-exposure",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Actions that return credentials are allowed on \"*\".",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement that grants actions whose response "
                   "carries credentials or secrets usable elsewhere: `iam:CreateAccessKey`, "
                   "`iam:CreateServiceSpecificCredential`, `iam:ResetServiceSpecificCredential`, "
                   "`sts:GetFederationToken`, `redshift:GetClusterCredentials`, "
                   "`redshift:GetClusterCredentialsWithIAM`, `redshift-serverless:GetCredentials`, "
                   "`lightsail:GetInstanceAccessDetails`, `lightsail:GetRelationalDatabaseMasterUserPassword`, "
                   "`codeartifact:GetAuthorizationToken`, `ec2:GetPasswordData`, `gamelift:GetInstanceAccess`, "
                   "`gamelift:GetComputeAccess` and `cognito-identity:GetOpenIdTokenForDeveloperIdentity`. Actions "
                   "that can only be granted on `\"*\"` (`ecr:GetAuthorizationToken`, `sts:GetSessionToken`) are not "
                   "flagged. Deny and condition handling as for IAM207.",
    .rationale = "These actions hand out credentials: an access key for any user (administrators included), a "
                 "database password, an instance's SSH key or Windows password. On `\"*\"` the principal can take "
                 "over any identity or host of that kind, and the credentials keep working after its own access is "
                 "revoked.",
    .fix = "Scope each action to the resources it is for: `arn:aws:iam::111122223333:user/${aws:username}` for "
           "self-service access keys, the cluster and database user ARNs for Redshift.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "iam:CreateAccessKey", "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
    "sts:GetFederationToken", "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials", "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword", "codeartifact:GetAuthorizationToken", "ec2:GetPasswordData",
    "gamelift:GetInstanceAccess", "gamelift:GetComputeAccess", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
};
// Resolved once, on first use.
const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = catalog_indexes(kActions);
  return set;
}

class CredentialsExposure final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    report_wanted_on_star(policy, s, action_set(), "credentials-exposure", "credentials-exposure-narrowed", out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_credentials_exposure() { return std::make_unique<CredentialsExposure>(); }

}  // namespace iamlint::rules
