#include "solver/audit_methods.hpp"

namespace iamlint::solver {

namespace {

using T = MethodTarget;
constexpr MethodRequest kPass{"iam:PassRole", On::Target, {}};
// A resource the caller creates: the audit names it iamlint-audit (and tries the names the caller's policies allow).
#define NEW(action, resource) MethodRequest{action, On::New, resource}
#define ANY(action) MethodRequest{action, On::Any, {}}
#define ON_TARGET(action) MethodRequest{action, On::Target, {}}

constexpr std::string_view kFunction = "arn:aws:lambda:${region}:${account}:function:iamlint-audit";
constexpr std::string_view kInstance = "arn:aws:ec2:${region}:${account}:instance/iamlint-audit";
constexpr std::string_view kStack = "arn:aws:cloudformation:${region}:${account}:stack/iamlint-audit/*";
constexpr std::string_view kInstanceProfile = "an instance profile holds the role (the environment does not list "
                                              "instance profiles; with iam:CreateInstanceProfile the caller makes one)";

// Sources: Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (2018) and its two follow-ups;
// the AWS documentation of each service's role passing (IAM User Guide, "Grant a user permissions to pass a role to an
// AWS service"). Methods that need a running resource the environment does not describe (an instance, a function, a
// notebook, a development endpoint, a stack) are listed in docs/audit.md as not checked.
constexpr EscalationMethod kMethods[] = {
    // Rewriting its own permissions.
    {"put-user-policy", "iam:PutUserPolicy on itself", T::SelfPrincipal, {}, {ON_TARGET("iam:PutUserPolicy")}, {}},
    {"attach-user-policy", "iam:AttachUserPolicy (AdministratorAccess) on itself", T::SelfPrincipal, {},
     {ON_TARGET("iam:AttachUserPolicy")}, {}},
    {"put-role-policy", "iam:PutRolePolicy on itself", T::SelfPrincipal, {}, {ON_TARGET("iam:PutRolePolicy")}, {}},
    {"attach-role-policy", "iam:AttachRolePolicy (AdministratorAccess) on itself", T::SelfPrincipal, {},
     {ON_TARGET("iam:AttachRolePolicy")}, {}},
    {"create-policy-version", "iam:CreatePolicyVersion (as default) of a managed policy attached to itself",
     T::SelfPolicy, {}, {ON_TARGET("iam:CreatePolicyVersion")}, {}},
    {"put-group-policy", "iam:PutGroupPolicy on a group it is in", T::SelfGroup, {}, {ON_TARGET("iam:PutGroupPolicy")},
     {}},
    {"attach-group-policy", "iam:AttachGroupPolicy (AdministratorAccess) on a group it is in", T::SelfGroup, {},
     {ON_TARGET("iam:AttachGroupPolicy")}, {}},
    {"add-user-to-group", "iam:AddUserToGroup: joins a group that is an administrator", T::AnyGroup, {},
     {ON_TARGET("iam:AddUserToGroup")}, {}},
    // Becoming another principal.
    {"assume-role", "sts:AssumeRole", T::Role, {}, {ON_TARGET("sts:AssumeRole")}, {}},
    {"update-assume-role-policy", "iam:UpdateAssumeRolePolicy: makes the role trust it, then assumes it", T::Role, {},
     {ON_TARGET("iam:UpdateAssumeRolePolicy")}, {}},
    {"create-access-key", "iam:CreateAccessKey for another user", T::User, {}, {ON_TARGET("iam:CreateAccessKey")}, {}},
    {"create-login-profile", "iam:CreateLoginProfile: a console password for another user", T::User, {},
     {ON_TARGET("iam:CreateLoginProfile")}, "the user has no console password yet"},
    {"update-login-profile", "iam:UpdateLoginProfile: changes another user's console password", T::User, {},
     {ON_TARGET("iam:UpdateLoginProfile")}, "the user has a console password"},
    // Creating a principal that it controls.
    {"create-role", "iam:CreateRole trusting itself, with iam:PutRolePolicy", T::NewRole, {},
     {NEW("iam:CreateRole", "arn:aws:iam::${account}:role/iamlint-audit"),
      NEW("iam:PutRolePolicy", "arn:aws:iam::${account}:role/iamlint-audit")},
     {}},
    {"create-role-attach", "iam:CreateRole trusting itself, with iam:AttachRolePolicy (AdministratorAccess)",
     T::NewRole, {},
     {NEW("iam:CreateRole", "arn:aws:iam::${account}:role/iamlint-audit"),
      NEW("iam:AttachRolePolicy", "arn:aws:iam::${account}:role/iamlint-audit")},
     {}},
    {"create-user", "iam:CreateUser with iam:PutUserPolicy and iam:CreateAccessKey", T::NewUser, {},
     {NEW("iam:CreateUser", "arn:aws:iam::${account}:user/iamlint-audit"),
      NEW("iam:PutUserPolicy", "arn:aws:iam::${account}:user/iamlint-audit"),
      NEW("iam:CreateAccessKey", "arn:aws:iam::${account}:user/iamlint-audit")},
     {}},
    // Passing a role to a service that runs the caller's code.
    {"pass-role-ec2", "iam:PassRole to EC2 with ec2:RunInstances", T::ServiceRole, "ec2.amazonaws.com",
     {kPass, NEW("ec2:RunInstances", kInstance)}, kInstanceProfile},
    {"pass-role-ec2-spot", "iam:PassRole to EC2 with ec2:RequestSpotInstances", T::ServiceRole, "ec2.amazonaws.com",
     {kPass, NEW("ec2:RequestSpotInstances", "arn:aws:ec2:${region}:${account}:spot-instances-request/iamlint-audit")},
     kInstanceProfile},
    {"pass-role-autoscaling", "iam:PassRole to EC2 through a launch configuration and an Auto Scaling group",
     T::ServiceRole, "ec2.amazonaws.com",
     {kPass,
      NEW("autoscaling:CreateLaunchConfiguration",
          "arn:aws:autoscaling:${region}:${account}:launchConfiguration:*:launchConfigurationName/iamlint-audit"),
      NEW("autoscaling:CreateAutoScalingGroup",
          "arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/iamlint-audit")},
     kInstanceProfile},
    {"pass-role-launch-template", "iam:PassRole to EC2 through a launch template and an Auto Scaling group",
     T::ServiceRole, "ec2.amazonaws.com",
     {kPass, NEW("ec2:CreateLaunchTemplate", "arn:aws:ec2:${region}:${account}:launch-template/iamlint-audit"),
      NEW("autoscaling:CreateAutoScalingGroup",
          "arn:aws:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/iamlint-audit")},
     kInstanceProfile},
    {"pass-role-emr", "iam:PassRole to EC2 with elasticmapreduce:RunJobFlow (the cluster's instance role)",
     T::ServiceRole, "ec2.amazonaws.com", {kPass, NEW("elasticmapreduce:RunJobFlow", "arn:aws:elasticmapreduce:${region}:${account}:cluster/iamlint-audit")},
     kInstanceProfile},
    {"pass-role-lambda", "iam:PassRole to Lambda with lambda:CreateFunction and lambda:InvokeFunction",
     T::ServiceRole, "lambda.amazonaws.com",
     {kPass, NEW("lambda:CreateFunction", kFunction), NEW("lambda:InvokeFunction", kFunction)}, {}},
    {"pass-role-lambda-event-source",
     "iam:PassRole to Lambda with lambda:CreateFunction and lambda:CreateEventSourceMapping", T::ServiceRole,
     "lambda.amazonaws.com",
     {kPass, NEW("lambda:CreateFunction", kFunction),
      ANY("lambda:CreateEventSourceMapping")},
     "a stream or queue the caller can write to triggers the function"},
    {"pass-role-lambda-url",
     "iam:PassRole to Lambda with lambda:CreateFunction, lambda:CreateFunctionUrlConfig and lambda:AddPermission",
     T::ServiceRole, "lambda.amazonaws.com",
     {kPass, NEW("lambda:CreateFunction", kFunction), NEW("lambda:CreateFunctionUrlConfig", kFunction),
      NEW("lambda:AddPermission", kFunction)},
     {}},
    {"pass-role-cloudformation", "iam:PassRole to CloudFormation with cloudformation:CreateStack", T::ServiceRole,
     "cloudformation.amazonaws.com", {kPass, NEW("cloudformation:CreateStack", kStack)}, {}},
    {"pass-role-cloudformation-change-set",
     "iam:PassRole to CloudFormation with cloudformation:CreateChangeSet and cloudformation:ExecuteChangeSet",
     T::ServiceRole, "cloudformation.amazonaws.com",
     {kPass, NEW("cloudformation:CreateChangeSet", kStack), NEW("cloudformation:ExecuteChangeSet", kStack)}, {}},
    {"pass-role-glue-dev-endpoint", "iam:PassRole to Glue with glue:CreateDevEndpoint", T::ServiceRole,
     "glue.amazonaws.com", {kPass, NEW("glue:CreateDevEndpoint", "arn:aws:glue:${region}:${account}:devEndpoint/iamlint-audit")},
     {}},
    {"pass-role-glue-job", "iam:PassRole to Glue with glue:CreateJob and glue:StartJobRun", T::ServiceRole,
     "glue.amazonaws.com",
     {kPass, NEW("glue:CreateJob", "arn:aws:glue:${region}:${account}:job/iamlint-audit"),
      NEW("glue:StartJobRun", "arn:aws:glue:${region}:${account}:job/iamlint-audit")},
     {}},
    {"pass-role-ecs-task", "iam:PassRole to ECS tasks with ecs:RegisterTaskDefinition and ecs:RunTask",
     T::ServiceRole, "ecs-tasks.amazonaws.com",
     {kPass, ANY("ecs:RegisterTaskDefinition"),
      NEW("ecs:RunTask", "arn:aws:ecs:${region}:${account}:task-definition/iamlint-audit:1")},
     "a cluster to run the task in"},
    {"pass-role-ecs-service", "iam:PassRole to ECS tasks with ecs:RegisterTaskDefinition and ecs:CreateService",
     T::ServiceRole, "ecs-tasks.amazonaws.com",
     {kPass, ANY("ecs:RegisterTaskDefinition"),
      NEW("ecs:CreateService", "arn:aws:ecs:${region}:${account}:service/default/iamlint-audit")},
     "a cluster to run the service in"},
    {"pass-role-batch", "iam:PassRole to ECS tasks with batch:RegisterJobDefinition and batch:SubmitJob",
     T::ServiceRole, "ecs-tasks.amazonaws.com",
     {kPass, NEW("batch:RegisterJobDefinition", "arn:aws:batch:${region}:${account}:job-definition/iamlint-audit"),
      NEW("batch:SubmitJob", "arn:aws:batch:${region}:${account}:job-definition/iamlint-audit")},
     "a job queue to submit to"},
    {"pass-role-codebuild", "iam:PassRole to CodeBuild with codebuild:CreateProject and codebuild:StartBuild",
     T::ServiceRole, "codebuild.amazonaws.com",
     {kPass, NEW("codebuild:CreateProject", "arn:aws:codebuild:${region}:${account}:project/iamlint-audit"),
      NEW("codebuild:StartBuild", "arn:aws:codebuild:${region}:${account}:project/iamlint-audit")},
     {}},
    {"pass-role-sagemaker-notebook",
     "iam:PassRole to SageMaker with sagemaker:CreateNotebookInstance and "
     "sagemaker:CreatePresignedNotebookInstanceUrl",
     T::ServiceRole, "sagemaker.amazonaws.com",
     {kPass, NEW("sagemaker:CreateNotebookInstance", "arn:aws:sagemaker:${region}:${account}:notebook-instance/iamlint-audit"),
      NEW("sagemaker:CreatePresignedNotebookInstanceUrl",
          "arn:aws:sagemaker:${region}:${account}:notebook-instance/iamlint-audit")},
     {}},
    {"pass-role-sagemaker-training", "iam:PassRole to SageMaker with sagemaker:CreateTrainingJob", T::ServiceRole,
     "sagemaker.amazonaws.com",
     {kPass, NEW("sagemaker:CreateTrainingJob", "arn:aws:sagemaker:${region}:${account}:training-job/iamlint-audit")}, {}},
    {"pass-role-sagemaker-processing", "iam:PassRole to SageMaker with sagemaker:CreateProcessingJob", T::ServiceRole,
     "sagemaker.amazonaws.com",
     {kPass, NEW("sagemaker:CreateProcessingJob", "arn:aws:sagemaker:${region}:${account}:processing-job/iamlint-audit")},
     {}},
    {"pass-role-data-pipeline",
     "iam:PassRole to Data Pipeline with datapipeline:CreatePipeline, PutPipelineDefinition and ActivatePipeline",
     T::ServiceRole, "datapipeline.amazonaws.com",
     {kPass, ANY("datapipeline:CreatePipeline"), ANY("datapipeline:PutPipelineDefinition"),
      ANY("datapipeline:ActivatePipeline")},
     {}},
    {"pass-role-step-functions", "iam:PassRole to Step Functions with states:CreateStateMachine and states:StartExecution",
     T::ServiceRole, "states.amazonaws.com",
     {kPass, NEW("states:CreateStateMachine", "arn:aws:states:${region}:${account}:stateMachine:iamlint-audit"),
      NEW("states:StartExecution", "arn:aws:states:${region}:${account}:stateMachine:iamlint-audit")},
     {}},
    {"pass-role-scheduler", "iam:PassRole to EventBridge Scheduler with scheduler:CreateSchedule (a universal target)",
     T::ServiceRole, "scheduler.amazonaws.com",
     {kPass, NEW("scheduler:CreateSchedule", "arn:aws:scheduler:${region}:${account}:schedule/default/iamlint-audit")},
     {}},
    {"pass-role-app-runner", "iam:PassRole to App Runner with apprunner:CreateService", T::ServiceRole,
     "tasks.apprunner.amazonaws.com",
     {kPass, NEW("apprunner:CreateService", "arn:aws:apprunner:${region}:${account}:service/iamlint-audit/*")}, {}},
};

#undef NEW
#undef ANY
#undef ON_TARGET

}  // namespace

std::span<const EscalationMethod> escalation_methods() noexcept { return kMethods; }

const EscalationMethod* find_method(std::string_view id) noexcept {
  for (const EscalationMethod& m : kMethods) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

}  // namespace iamlint::solver
