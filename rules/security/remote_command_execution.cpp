#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"remote-command-execution",
     "{0} actions that run commands or open a shell on compute are allowed on every resource: {1}; list the "
     "clusters, instances or documents, or pin them with aws:ResourceTag"},
    {"remote-command-execution-narrowed",
     "{0} actions that run commands or open a shell on compute are allowed on every resource: {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configure-access-to-serial-console.html",
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup.html",
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/state-manager-about.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM229",
    .name = "remote-command-execution",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Actions that run commands or open shells on compute are allowed on \"*\".",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement that grants actions that run "
                   "commands in, or open a shell on, running compute: `ecs:ExecuteCommand` (a shell in any "
                   "container), `ec2-instance-connect:SendSerialConsoleSSHPublicKey` (the serial console of any "
                   "instance), `ssm:StartAutomationExecution` (any Automation runbook, scripts included) and "
                   "`ssm:CreateAssociation` (any document, `AWS-RunShellScript` included, on any instance). "
                   "`ssm:SendCommand`, `ssm:StartSession` and `ec2-instance-connect:SendSSHPublicKey` on `\"*\"` are "
                   "escalation methods that IAM208 reports, and are not repeated here. Deny and condition handling "
                   "as for IAM207: a statement narrowed by `aws:ResourceTag/<key>`, `ecs:cluster`, `ssm:resourceTag` "
                   "and the like is reported as a warning that names the keys.",
    .rationale = "Risk: high. Code that runs on an instance or in a container acts with its role's credentials "
                 "and reads its memory, disks and secrets; on `\"*\"` that is every workload of the account, "
                 "production and the roles attached to it included, whatever the principal's own permissions.",
    .fix = "Scope the actions to the resources the principal operates: the cluster and task ARNs for "
           "`ecs:ExecuteCommand`, tagged instances with `\"StringEquals\": {\"aws:ResourceTag/team\": \"web\"}`, "
           "and the ARNs of the runbooks and documents it may start.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr std::string_view kActions[] = {
    "ecs:ExecuteCommand",
    "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
    "ssm:StartAutomationExecution",
    "ssm:CreateAssociation",
};

const std::vector<uint32_t>& action_set() {
  static const std::vector<uint32_t> set = required_catalog_indexes(kActions);
  return set;
}

class RemoteCommandExecution final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (!grants_permissions(policy.type)) return;
    report_wanted_on_star(policy, s, action_set(), "remote-command-execution", "remote-command-execution-narrowed",
                          out);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_remote_command_execution() { return std::make_unique<RemoteCommandExecution>(); }

}  // namespace iamlint::rules
