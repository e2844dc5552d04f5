#include "rules/common/escalation.hpp"

namespace iamlint::rules {

namespace {

// From Rhino Security Labs' "AWS IAM Privilege Escalation – Methods and Mitigation" (2018) and its follow-ups, as
// collected by tools such as Cloudsplaining and Pacu; each method needs all its actions on "*".
constexpr EscalationMethod kMethods[] = {
    {"iam:CreatePolicyVersion", "write a new default version of a managed policy attached to itself",
     {"iam:CreatePolicyVersion"}},
    {"iam:SetDefaultPolicyVersion", "switch a managed policy of its own to an older, broader version",
     {"iam:SetDefaultPolicyVersion"}},
    {"iam:CreateAccessKey", "create an access key for another user, administrators included",
     {"iam:CreateAccessKey"}},
    {"iam:CreateLoginProfile", "set a console password for a user that has none and sign in as that user",
     {"iam:CreateLoginProfile"}},
    {"iam:UpdateLoginProfile", "change another user's console password and sign in as that user",
     {"iam:UpdateLoginProfile"}},
    {"iam:AttachUserPolicy", "attach AdministratorAccess to itself", {"iam:AttachUserPolicy"}},
    {"iam:AttachGroupPolicy", "attach AdministratorAccess to a group it is in", {"iam:AttachGroupPolicy"}},
    {"iam:AttachRolePolicy + sts:AssumeRole", "attach AdministratorAccess to a role it can assume",
     {"iam:AttachRolePolicy", "sts:AssumeRole"}},
    {"iam:PutUserPolicy", "write an inline policy granting itself anything", {"iam:PutUserPolicy"}},
    {"iam:PutGroupPolicy", "write an inline policy on a group it is in", {"iam:PutGroupPolicy"}},
    {"iam:PutRolePolicy + sts:AssumeRole", "write an inline policy on a role it can assume",
     {"iam:PutRolePolicy", "sts:AssumeRole"}},
    {"iam:AddUserToGroup", "add itself to an administrators group", {"iam:AddUserToGroup"}},
    {"iam:UpdateAssumeRolePolicy + sts:AssumeRole", "make any role trust it, then assume it",
     {"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"}},
    {"iam:PassRole + ec2:RunInstances", "start an instance with a privileged role and use its credentials",
     {"iam:PassRole", "ec2:RunInstances"}},
    {"iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction",
     "create a function with a privileged role and invoke it",
     {"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}},
    {"iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping",
     "create a function with a privileged role and trigger it from a stream or queue",
     {"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"}},
    {"lambda:UpdateFunctionCode", "replace the code of a function that runs with a privileged role",
     {"lambda:UpdateFunctionCode"}},
    {"iam:PassRole + glue:CreateDevEndpoint", "create a Glue development endpoint with a privileged role and log in",
     {"iam:PassRole", "glue:CreateDevEndpoint"}},
    {"glue:UpdateDevEndpoint", "add its SSH key to a Glue development endpoint that has a privileged role",
     {"glue:UpdateDevEndpoint"}},
    {"iam:PassRole + cloudformation:CreateStack", "create a stack that acts with a privileged role",
     {"iam:PassRole", "cloudformation:CreateStack"}},
    {"iam:PassRole + datapipeline:CreatePipeline + datapipeline:PutPipelineDefinition",
     "define a pipeline that runs commands with a privileged role",
     {"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}},
    {"iam:PassRole + codebuild:CreateProject + codebuild:StartBuild",
     "run a build with a privileged role",
     {"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"}},
    {"iam:PassRole + sagemaker:CreateNotebookInstance + sagemaker:CreatePresignedNotebookInstanceUrl",
     "create a notebook with a privileged role and open it",
     {"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}},
    {"sagemaker:CreatePresignedNotebookInstanceUrl", "open an existing notebook and act with its role",
     {"sagemaker:CreatePresignedNotebookInstanceUrl"}},
    {"iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask", "run a container task with a privileged role",
     {"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"}},
    {"ssm:SendCommand", "run commands on instances and use their roles' credentials", {"ssm:SendCommand"}},
    {"ssm:StartSession", "open a shell on instances and use their roles' credentials", {"ssm:StartSession"}},
    {"ec2-instance-connect:SendSSHPublicKey", "log in to instances over SSH and use their roles' credentials",
     {"ec2-instance-connect:SendSSHPublicKey"}},
};

}  // namespace

std::span<const EscalationMethod> escalation_methods() noexcept { return kMethods; }

}  // namespace iamlint::rules
