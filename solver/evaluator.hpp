// The request evaluator: decides a concrete request against an environment exactly as AWS's policy evaluation
// logic does (IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic"), and says why.
// It is also the referee of the prover: every counterexample is replayed through it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "solver/environment.hpp"
#include "solver/request.hpp"

namespace iamlint::solver {

enum class Decision : uint8_t { Allowed, ExplicitDeny, ImplicitDeny };
std::string_view decision_name(Decision d) noexcept;  // "Allowed", "ExplicitlyDenied", "ImplicitlyDenied"

// Which kind of policy a statement came from, in the order the evaluation logic considers them.
enum class PolicyRole : uint8_t { Scp, Rcp, Resource, Identity, Boundary, Session };
std::string_view policy_role_name(PolicyRole r) noexcept;

// One statement that took part in the decision.
struct StatementNote {
  PolicyRole role = PolicyRole::Identity;
  PolicyId policy = 0;      // into Environment::policies (session policies: kNoPolicy)
  uint32_t statement = 0;   // index in the policy's statements
  bool allow = false;       // its Effect
  std::string why;          // "matches", or why it does not ("the condition aws:MultiFactorAuthPresent ...")
};

struct Explanation {
  Decision decision = Decision::ImplicitDeny;
  // What decided, in words: "an explicit Deny in the identity policy ...", "no SCP at OU ou-1 allows ...",
  // "the resource policy of prod-data-bucket does not allow principals of account 111111111111".
  std::string reason;
  std::vector<StatementNote> deciding;  // the statements the reason rests on (the Deny, the Allows)
  std::vector<StatementNote> matched;   // every statement that matched the request, Allow or Deny
  // Statements that name the action but do not apply, each with why (the resource, the principal, a condition):
  // where a reader looks when a request is denied that they expected allowed.
  std::vector<StatementNote> near;
};

// Who the request's principal is, as the environment knows it.
struct PrincipalInfo {
  enum class Kind : uint8_t { User, RoleSession, Root, Service, Anonymous, Unknown } kind = Kind::Unknown;
  std::string arn;          // as in the request
  std::string account;      // empty for services and anonymous callers
  std::string role_arn;     // for a role session: the role's ARN (what aws:PrincipalArn holds)
  const User* user = nullptr;
  const Role* role = nullptr;
};

// The Action and NotAction values of the environment's long statements (an AWS managed policy such as ReadOnlyAccess
// lists thousands), grouped by their service prefix, so that a request is matched against its own service's values
// and the few whose prefix is a pattern, not against all of them.
struct ActionIndex {
  struct Values {
    std::unordered_map<std::string, std::vector<std::string_view>> by_service;  // lower-case service prefix
    std::vector<std::string_view> other;  // a prefix with a wildcard, or no prefix
  };
  std::unordered_map<const linter::Node*, Values> elements;  // by the Action or NotAction member's node
};

class Evaluator {
 public:
  explicit Evaluator(const Environment& env);

  // Decides one request. The context gets the keys AWS sets from the environment (aws:PrincipalArn,
  // aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username, aws:PrincipalTag/*, aws:PrincipalOrgID,
  // aws:PrincipalOrgPaths, aws:ResourceAccount, aws:ResourceTag/*) unless the request sets them itself.
  Decision evaluate(const Request& request, Explanation* explanation = nullptr) const;

  PrincipalInfo principal(std::string_view arn) const;

  // The roles `principal` can reach by sts:AssumeRole, at most `depth` hops, each with the chain of role ARNs that
  // reaches it (breadth first: the shortest chain).
  struct Reach {
    const Role* role;
    std::vector<std::string> chain;  // role ARNs, in order
  };
  std::vector<Reach> reachable_roles(std::string_view principal, unsigned depth, const Context& context = {}) const;

 private:
  const Environment& env_;
  // Roles by "account/name", for assumed-role session ARNs (which leave out the role's path).
  std::unordered_map<std::string, const Role*> roles_by_name_;
  ActionIndex actions_;
};

}  // namespace iamlint::solver
