#include <algorithm>

#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"data-exfiltration",
     "actions that read data or secrets are allowed on every resource: {1}; list the buckets, parameters or secrets "
         "that are needed"},
    {"data-exfiltration-narrowed",
     "actions that read data or secrets are allowed on every resource: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html",
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM210",
    .name = "data-exfiltration",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Actions that read secrets or data are allowed on \"*\".",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement that grants `s3:GetObject`, "
                   "`ssm:GetParameter`, `ssm:GetParameters`, `ssm:GetParametersByPath` or "
                   "`secretsmanager:GetSecretValue`: reads of every object, parameter or secret of the account. "
                   "`kms:Decrypt` is left out: a key policy must allow it too. Deny and condition handling as for "
                   "IAM207.",
    .rationale = "Secrets, parameters and objects are where credentials, keys and customer data live. A read on "
                 "`\"*\"` lets whoever holds the principal copy all of them, including those of other teams and "
                 "those created later.",
    .fix = "Scope reads to the ARNs the workload uses: `arn:aws:s3:::app-bucket/*`, "
           "`arn:aws:ssm:*:*:parameter/app/*`, `arn:aws:secretsmanager:*:*:secret:app/*`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
};
// Resolved once, on first use.
const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = catalog_indexes(kActions);
  return set;
}

class DataExfiltration final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    report_wanted_on_star(policy, s, action_set(), "data-exfiltration", "data-exfiltration-narrowed", out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_data_exfiltration() { return std::make_unique<DataExfiltration>(); }

}  // namespace iamlint::rules
