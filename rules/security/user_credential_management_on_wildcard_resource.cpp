#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"user-credential-management-on-wildcard-resource",
     "{0} actions that add or change another IAM user's credentials or MFA devices are allowed on every user: "
     "{1}; scope them to arn:aws:iam::<account>:user/${aws:username} for self-service"},
    {"user-credential-management-on-wildcard-resource-narrowed",
     "{0} actions that add or change another IAM user's credentials or MFA devices are allowed on every user: {1}; "
     "narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html",
    "https://docs.aws.amazon.com/codecommit/latest/userguide/setting-up-ssh-unixes.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM240",
    .name = "user-credential-management-on-wildcard-resource",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Managing the SSH keys, signing certificates, access key status or MFA devices of every IAM user is "
               "allowed.",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement of an identity policy that grants "
                   "actions on the credentials of IAM users other than creating access keys and console passwords "
                   "(IAM209 and IAM208 report those): uploading or re-enabling SSH public keys "
                   "(`iam:UploadSSHPublicKey`, `iam:UpdateSSHPublicKey`) and signing certificates "
                   "(`iam:UploadSigningCertificate`, `iam:UpdateSigningCertificate`), re-activating access keys "
                   "(`iam:UpdateAccessKey`), and enabling, resynchronising, deactivating or deleting MFA devices "
                   "(`iam:EnableMFADevice`, `iam:ResyncMFADevice`, `iam:DeactivateMFADevice`, "
                   "`iam:DeleteVirtualMFADevice`). The list is data, checked against the catalog. Deny and "
                   "condition handling as for IAM207.",
    .rationale = "Risk: high. These actions let the principal act on any user's sign-in factors: add an SSH key "
                 "and use the user's CodeCommit repositories, re-activate a key that was disabled after a leak, or "
                 "remove a user's MFA device, or register one of its own on a user that has none, and so weaken or "
                 "take over that user's console sign-in. The IAM User Guide's self-service example grants them "
                 "only on the caller's own user, `user/${aws:username}`.",
    .fix = "Scope the actions to the caller's own user, "
           "`\"Resource\": \"arn:aws:iam::111122223333:user/${aws:username}\"` (and "
           "`mfa/${aws:username}` for virtual MFA devices), or leave them to an administrator role.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "iam:UploadSSHPublicKey",       "iam:UpdateSSHPublicKey",  "iam:UploadSigningCertificate",
    "iam:UpdateSigningCertificate", "iam:UpdateAccessKey",     "iam:EnableMFADevice",
    "iam:ResyncMFADevice",          "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice",
};

const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = required_catalog_indexes(kActions);
  return set;
}

class UserCredentialManagementOnWildcardResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Identity) return;
    report_wanted_on_star(policy, s, action_set(), "user-credential-management-on-wildcard-resource",
                          "user-credential-management-on-wildcard-resource-narrowed", out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_user_credential_management_on_wildcard_resource() {
  return std::make_unique<UserCredentialManagementOnWildcardResource>();
}

}  // namespace iamlint::rules
