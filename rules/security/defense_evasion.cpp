#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"defense-evasion",
     "{0} actions that stop, delete or blind logging and threat detection are allowed: {1}; leave them to the "
     "security team's roles and deny them to everyone else"},
    {"defense-evasion-narrowed",
     "{0} actions that stop, delete or blind logging and threat detection are allowed: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/guardduty/latest/ug/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-fsbp-controls.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM228",
    .name = "defense-evasion",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Actions that stop or blind logging and threat detection are allowed.",
    .description = "Flags an `Allow` statement of an identity or resource policy that grants, on any resource, "
                   "actions that switch off the account's audit trail or threat detection, naming them: stopping or "
                   "deleting CloudTrail trails and event data stores or changing what they record "
                   "(`cloudtrail:StopLogging`, `DeleteTrail`, `UpdateTrail`, `PutEventSelectors`…), deleting or "
                   "suspending GuardDuty detectors, members and publishing destinations, or teaching GuardDuty to "
                   "ignore (`guardduty:CreateIPSet`, `CreateFilter`…), stopping AWS Config recording "
                   "(`config:StopConfigurationRecorder`, `DeleteConfigurationRecorder`, `DeleteDeliveryChannel`), "
                   "disabling Security Hub, Macie, Inspector or Detective, deleting IAM Access Analyzer analyzers or "
                   "archiving their findings, deleting VPC flow logs, and leaving the organization "
                   "(`organizations:LeaveOrganization`, which sheds its SCPs). The list is data in this file; each "
                   "entry must exist in the service catalog, or the rule's tests fail. Deleting an application's "
                   "own log groups (`logs:DeleteLogGroup`) is not listed: tools that own their log groups need it. "
                   "Statements with `Action: \"*\"` or `NotAction` are IAM200's and IAM202's; actions an "
                   "unconditional `Deny` of the policy removes on every resource of the statement, or that its "
                   "conditions exclude, are not counted; a statement narrowed by a principal, organization, MFA, "
                   "network, resource or service condition (kNarrowGrant) is reported as a warning that names the "
                   "keys.",
    .rationale = "Risk: high. Attackers who obtain credentials switch off what would record or detect them before "
                 "they act (MITRE ATT&CK T1562.008, Impair Defenses: Disable or Modify Cloud Logs): a stopped trail "
                 "or a deleted detector leaves no record of what followed. AWS's own guidance is to keep these "
                 "actions to a few security roles and to deny them in SCPs for everyone else.",
    .fix = "Remove the actions from this policy, or keep them in a statement of their own for the security team's "
           "role, and deny them elsewhere: `{\"Effect\": \"Deny\", \"Action\": [\"cloudtrail:StopLogging\", "
           "\"cloudtrail:DeleteTrail\", \"guardduty:DeleteDetector\"], \"Resource\": \"*\"}` in an SCP.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
    "cloudtrail:DeleteEventDataStore", "cloudtrail:StopEventDataStoreIngestion",
    "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:DisassociateFromAdministratorAccount",
    "guardduty:DisassociateFromMasterAccount", "guardduty:DeleteMembers", "guardduty:DisassociateMembers",
    "guardduty:StopMonitoringMembers", "guardduty:DeletePublishingDestination", "guardduty:CreateIPSet",
    "guardduty:UpdateIPSet", "guardduty:CreateFilter", "guardduty:UpdateFilter",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel",
    "securityhub:DisableSecurityHub", "securityhub:BatchDisableStandards",
    "securityhub:DisassociateFromAdministratorAccount", "securityhub:DisassociateFromMasterAccount",
    "access-analyzer:DeleteAnalyzer", "access-analyzer:CreateArchiveRule", "access-analyzer:UpdateArchiveRule",
    "detective:DeleteGraph", "detective:DisassociateMembership", "macie2:DisableMacie", "inspector2:Disable",
    "ec2:DeleteFlowLogs", "organizations:LeaveOrganization",
};

const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = required_catalog_indexes(kActions);
  return set;
}

class DefenseEvasion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (!grants_permissions(policy.type)) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::vector<uint32_t> found = granted_listed_actions(policy, s, action_set());
    if (found.empty()) return;
    const Node* at = action_value_for(policy, s, catalog.actions()[found.front()]);
    if (at == nullptr) return;
    std::string count = std::to_string(found.size());
    std::string names = describe_actions(found, 6);
    unsigned narrowed = narrowing_of(*policy.tree, s) & kNarrowGrant;
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *at, "defense-evasion-narrowed", {count, names, keys});
    } else {
      out.report(*at, "defense-evasion", {count, names});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_defense_evasion() { return std::make_unique<DefenseEvasion>(); }

}  // namespace iamlint::rules
