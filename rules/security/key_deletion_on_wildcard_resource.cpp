#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"key-deletion-on-wildcard-resource",
     "{0} actions that destroy KMS keys or their key material are allowed on every key: {1}; list the key ARNs, "
     "or leave deletion to key administrators"},
    {"key-deletion-on-wildcard-resource-narrowed",
     "{0} actions that destroy KMS keys or their key material are allowed on every key: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html",
    "https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-adding-permission.html",
    "https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-delete-key-material.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM239",
    .name = "key-deletion-on-wildcard-resource",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Scheduling the deletion of any KMS key is allowed.",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement of an identity policy that grants "
                   "`kms:ScheduleKeyDeletion` or `kms:DeleteImportedKeyMaterial`, by name or through a wildcard "
                   "such as `kms:*` or `kms:Delete*` (statements with `Action: \"*\"` or `NotAction` are IAM200's "
                   "and IAM202's). In a key policy `\"*\"` means the key itself, so key policies are not flagged. "
                   "Deny and condition handling as for IAM207: a statement narrowed by `aws:ResourceTag/<key>`, "
                   "`kms:ViaService` or a principal condition is reported as a warning that names the keys.",
    .rationale = "Risk: high. Deleting a KMS key is irreversible: everything encrypted under it, backups and "
                 "snapshots included, becomes unrecoverable once the waiting period ends, which makes key deletion "
                 "a ransomware and sabotage technique. AWS's guidance is to grant it to few key administrators and "
                 "to alarm on it. IAM207 reports these actions among every write on `\"*\"`; this rule names them, "
                 "because their damage cannot be undone.",
    .fix = "List the key ARNs the principal administers, or remove the actions and leave deletion to a key "
           "administrator role; add `\"Condition\": {\"NumericGreaterThanEquals\": "
           "{\"kms:ScheduleKeyDeletionPendingWindowInDays\": 30}}` for the longest waiting period.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {"kms:ScheduleKeyDeletion", "kms:DeleteImportedKeyMaterial"};

const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = required_catalog_indexes(kActions);
  return set;
}

class KeyDeletionOnWildcardResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Identity) return;
    report_wanted_on_star(policy, s, action_set(), "key-deletion-on-wildcard-resource",
                          "key-deletion-on-wildcard-resource-narrowed", out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_key_deletion_on_wildcard_resource() {
  return std::make_unique<KeyDeletionOnWildcardResource>();
}

}  // namespace iamlint::rules
