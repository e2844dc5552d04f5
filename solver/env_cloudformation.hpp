// A CloudFormation template included in an environment as one deployed stack (docs/environment.md, "CloudFormation
// templates"): the stack's account, region, name and parameters are known, so the ARNs and names that the template
// writes as intrinsic functions resolve to concrete strings, and the IAM entities and resources it declares become
// entities of the environment.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/cloudformation.hpp"
#include "solver/environment.hpp"

namespace iamlint::solver {

struct StackSettings {
  std::string account;  // the account of the manifest entry that includes the template
  std::string region = "us-east-1";
  std::string name;  // the stack's name; the template's file name without extension when the manifest gives none
  std::map<std::string, std::string> parameters;  // overrides of the template's parameters (and their defaults)
};

// The suffix of a name CloudFormation generates for a resource whose template sets none ("STACK-LogicalId-SUFFIX";
// lower case for a bucket): the real one is random and known only once deployed.
inline constexpr std::string_view kGeneratedSuffix = "GENERATED";

// The template as the deployed stack sees it: pseudo parameters, parameters (overridden as the settings say) and
// each resource's Ref and Fn::GetAtt values, in `known`.
linter::CfnTemplate stack_template(const linter::JsonTree& tree, const linter::Node& root, const StackSettings& stack);

// What one stack declares, for the manifest loader to add to the environment; holder indexes are into these vectors.
struct StackEntities {
  enum class Kind : uint8_t { User, Group, Role };
  struct Attachment {  // a managed policy, by ARN, attached to (or the boundary of) an entity of the stack
    std::string arn;
    uint32_t offset;  // in the template
    Kind holder;
    std::size_t index;
    bool boundary;
  };
  struct Membership {
    std::size_t user;
    std::string group;  // name, in the stack's account
    uint32_t offset;
  };
  std::vector<Group> groups;
  std::vector<User> users;
  std::vector<Role> roles;
  std::vector<Resource> resources;
  std::vector<std::pair<std::string, uint32_t>> arns;     // every ARN declared, with its resource's place
  std::vector<std::pair<std::string, PolicyId>> managed;  // the stack's managed policies by ARN
  std::vector<Attachment> attachments;
  std::vector<Membership> memberships;
};

// Loads a policy of the template (the linter's rendering of a template value, with `tmpl.known` resolved) into the
// environment; none when it does not load (the loader has reported why).
using LoadStackPolicy = std::function<std::optional<PolicyId>(const linter::Node& value, linter::PolicyType type,
                                                              linter::PolicyHolder holder, std::string name,
                                                              std::string arn)>;
// A problem at a template offset.
using ReportStackProblem = std::function<void(uint32_t offset, std::string message, bool warning)>;

// The entities and resources the template declares (docs/environment.md lists the resource types read). What cannot
// be resolved (a name or ARN known only once deployed) is reported as a warning at its place and left out.
void stack_entities(const linter::CfnTemplate& tmpl, const StackSettings& stack, Environment& env,
                    const LoadStackPolicy& load, const ReportStackProblem& report, StackEntities& out);

}  // namespace iamlint::solver
