#include <algorithm>

#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"resource-exposure",
     "actions that change who may access a resource are allowed on every resource: {1}; list the resources whose "
         "policies the principal manages"},
    {"resource-exposure-narrowed",
     "actions that change who may access a resource are allowed on every resource: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM211",
    .name = "resource-exposure",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Actions that change resource policies are allowed on \"*\".",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement that grants actions that rewrite a "
                   "resource-based policy, ACL or sharing attribute: bucket and access point policies and ACLs, S3 "
                   "Block Public Access, key policies and grants, queue and topic policies, Lambda permissions, "
                   "repository, secret, vault, file system and Glue resource policies, role trust policies, and "
                   "snapshot and image sharing. Deny and condition handling as for IAM207.",
    .rationale = "Whoever can rewrite a resource policy decides who else can use the resource: one call makes a "
                 "bucket public, shares a snapshot with another account, or lets an outside principal assume a role. "
                 "On `\"*\"` that covers every such resource of the account.",
    .fix = "Scope these actions to the resources the principal administers, and guard the rest with a `Deny` or an "
           "SCP.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutAccessPointPolicy",
    "s3:PutBucketPublicAccessBlock", "kms:PutKeyPolicy", "kms:CreateGrant", "sqs:AddPermission",
    "sqs:SetQueueAttributes", "sns:AddPermission", "sns:SetTopicAttributes", "lambda:AddPermission",
    "lambda:AddLayerVersionPermission", "ecr:SetRepositoryPolicy", "secretsmanager:PutResourcePolicy",
    "iam:UpdateAssumeRolePolicy", "glacier:SetVaultAccessPolicy", "backup:PutBackupVaultAccessPolicy",
    "elasticfilesystem:PutFileSystemPolicy", "glue:PutResourcePolicy", "ec2:ModifySnapshotAttribute",
    "ec2:ModifyImageAttribute", "rds:ModifyDBSnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute",
    "serverlessrepo:PutApplicationPolicy", "mediastore:PutContainerPolicy",
    "codeartifact:PutRepositoryPermissionsPolicy", "codeartifact:PutDomainPermissionsPolicy",
};
// Resolved once, on first use.
const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = catalog_indexes(kActions);
  return set;
}

class ResourceExposure final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    report_wanted_on_star(policy, s, action_set(), "resource-exposure", "resource-exposure-narrowed", out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_resource_exposure() { return std::make_unique<ResourceExposure>(); }

}  // namespace iamlint::rules
