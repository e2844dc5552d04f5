// The privilege-escalation methods `iamlint audit` looks for (docs/audit.md): the published methods, as data. Each is
// a set of requests one principal must be allowed to make, and what it then becomes. The audit decides each request
// with the evaluator against the real target (the role, the user, the policy attached to it), so a resource
// constraint, a Deny, a boundary, an SCP or a condition the caller cannot meet removes the edge.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace iamlint::solver {

// What a method acts on, and so what it gives the caller.
enum class MethodTarget : uint8_t {
  SelfPrincipal,  // the caller itself (a user's or a role's own policies): it can grant itself anything
  SelfPolicy,     // a customer managed policy attached to the caller or to one of its groups: the same
  SelfGroup,      // a group the caller (a user) is in: the same
  AnyGroup,       // a group of the caller's account it can join (a user): it gets what the group has
  User,           // another user: it can act as that user (credentials)
  Role,           // a role it can assume or whose trust it can rewrite: it can act as that role
  ServiceRole,    // a role that trusts `service`, passed to it: code the caller runs acts as that role
  NewRole,        // a role the caller creates (and so writes the trust of) and gives any policy: anything
  NewUser,        // a user the caller creates, gives any policy and an access key: anything
};

// On which resource one request of a method is made.
enum class On : uint8_t {
  Target,     // the target's ARN (the role, the user, the group, the policy)
  New,        // a resource the caller creates and so names: `resource` with ${account} and ${region}; the audit
              // also tries the names the caller's own policies allow (docs/audit.md, "Resources the caller names")
  Any,        // "*": the action takes no resource, or the audit does not tell its resources apart
};

struct MethodRequest {
  std::string_view action;
  On on = On::Target;
  std::string_view resource;  // for On::New
};

struct EscalationMethod {
  std::string_view id;     // stable, kebab-case: "put-user-policy"; docs/audit.md lists them
  std::string_view title;  // for people: "iam:PutUserPolicy on itself"
  MethodTarget target;
  std::string_view service;  // ServiceRole: the service principal the passed role must trust
  std::array<MethodRequest, 4> requests;  // all needed; unused slots have an empty action
  std::string_view note;     // what the method assumes that the environment does not say, if anything
};

std::span<const EscalationMethod> escalation_methods() noexcept;
const EscalationMethod* find_method(std::string_view id) noexcept;

// The AWS managed policy an attach method attaches (its iam:PolicyARN).
inline constexpr std::string_view kAdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess";

}  // namespace iamlint::solver
