// What a statement's Condition block does to who can use it. One place, so that every rule that asks "is this grant
// narrowed?" gets the same answer, including the IfExists and ForAllValues traps.
#pragma once

#include <string>
#include <string_view>

#include "linter/catalog.hpp"
#include "linter/model.hpp"

namespace iamlint::rules {

// Kinds of narrowing a condition can impose, as a bit set.
enum Narrowing : unsigned {
  kNarrowNone = 0,
  kNarrowPrincipal = 1u << 0,     // aws:PrincipalArn, aws:PrincipalAccount, aws:userid, aws:username
  kNarrowOrganization = 1u << 1,  // aws:PrincipalOrgID, aws:PrincipalOrgPaths
  kNarrowExternalId = 1u << 2,    // sts:ExternalId
  kNarrowMfa = 1u << 3,           // aws:MultiFactorAuthPresent true, aws:MultiFactorAuthAge
  kNarrowSource = 1u << 4,        // aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths
  kNarrowNetwork = 1u << 5,       // aws:SourceIp, aws:SourceVpc, aws:SourceVpce, aws:VpcSourceIp
  kNarrowResource = 1u << 6,      // aws:ResourceTag/<key>, <service>:ResourceTag/<key>, aws:RequestTag/<key>,
                                  // aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths
  kNarrowPassedToService = 1u << 7,  // iam:PassedToService
  kNarrowServiceName = 1u << 8,      // iam:AWSServiceName
  // How the request arrives or what it is about, in terms only a service knows: a service-specific key
  // (kms:ViaService, ec2:Vpc, s3:prefix…) pinned to values, aws:CalledVia*, or any key other than
  // aws:SecureTransport required to be true (aws:ViaAWSService). A request without the key does not match.
  kNarrowService = 1u << 9,
};

// The narrowing that makes an identity-policy grant on "*" less than it looks: who may use it (principal,
// organization, MFA, network), which resources it reaches (resource or request tags, resource account or
// organization), or which requests (service-specific keys, the service a role is passed to or created for).
inline constexpr unsigned kNarrowGrant = kNarrowPrincipal | kNarrowOrganization | kNarrowMfa | kNarrowNetwork |
                                         kNarrowResource | kNarrowService | kNarrowPassedToService |
                                         kNarrowServiceName;

// The narrowing that a statement's conditions certainly impose: a key counts only when a request without it, or
// with any value, cannot satisfy the condition. StringEqualsIfExists on sts:ExternalId narrows nothing (a request
// without an external id passes); ForAllValues narrows nothing (an absent key passes); a bare "*" value narrows
// nothing, nor does a pattern that matches every value ("arn:aws:*", "o-*": value_matching_everything); negated
// operators (StringNotEquals) do not narrow an Allow to a set.
unsigned narrowing_of(const linter::JsonTree& tree, const linter::Statement& statement);

// The condition keys, as the policy writes them and comma-separated, that give the narrowing `mask` selects:
// "aws:PrincipalOrgID, aws:SourceVpce". For messages that say why a finding is reported at a lower level.
std::string narrowing_keys(const linter::JsonTree& tree, const linter::Statement& statement, unsigned mask);

// Whether the statement's conditions pin `key` (any condition key, case-insensitive) to a set of values, by the same
// test narrowing_of applies: a positive operator, no ForAllValues, no IfExists, and no value that matches anything.
bool pins_key(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view key);

// Whether the statement's conditions can only be satisfied by a request that carries `key` (case-insensitive):
// "Null": {key: "false"}, or a positive operator on it without IfExists and without ForAllValues (which a request
// without the key satisfies). The values do not matter: StringLike "*" still requires the key.
bool requires_key(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view key);

// Whether a condition operator, applied to a key, can only be satisfied by a request that carries the key with one
// of the listed values (or in the listed ranges). `key_always_present`: the key is in every request, so IfExists
// does not weaken the operator.
bool is_narrowing_operator(const linter::ConditionOperator& op, bool key_always_present = false);

// Whether a condition's value list contains a value that matches anything ("*", "0.0.0.0/0", "::/0").
bool values_match_anything(const linter::JsonTree& tree, const linter::Node& values);

// The first value of a condition key (`key`: the member whose value is the value list) that, under `op`, matches
// every value the key can take, or null. Besides "*", "0.0.0.0/0" and "::/0": with IpAddress, any range "/0"; with a
// wildcard operator (StringLike, ArnLike, ArnEquals, which read * and ?), a pattern made of wildcards and the fixed
// structure every such value shares: "arn:aws:*", "arn:*:*:*:*:*", "o-*", "o-*/r-*/*", "vpce-*", "????????????".
const linter::Node* value_matching_everything(const linter::JsonTree& tree, const linter::ConditionOperator& op,
                                              const linter::Node& key);

// The kind of narrowing (a Narrowing bit) a condition key gives when it is pinned, by its name alone:
// kNarrowPrincipal for aws:PrincipalArn, kNarrowSource for aws:SourceAccount…; kNarrowNone for keys outside the list
// conditions.cpp keeps (service-specific keys, aws:RequestedRegion…).
unsigned narrowing_kind_of_key(std::string_view key);

// Whether a condition's value list is exactly the boolean `value` (as a JSON bool or a string, case-insensitive).
bool values_are_bool(const linter::JsonTree& tree, const linter::Node& values, bool value);

// Whether the statement's conditions can never match a request for `action`: they require (with a positive
// operator, no IfExists, no ForAllValues) a key of the action's own service that the catalog does not list for the
// action or its resource types. "s3:prefix" is in the context of s3:ListBucket, never of s3:GetObject: a statement that
// allows both on the condition of s3:prefix allows s3:GetObject to nobody. Unknown keys exclude nothing.
bool condition_excludes_action(const linter::JsonTree& tree, const linter::Statement& statement,
                               const linter::ActionInfo& action,
                               const linter::Catalog& catalog = linter::Catalog::embedded());

// Calls f(op, key_node) for each condition key of the statement: `op` is its parsed operator, `key_node` the member
// whose key is the condition key and whose value is the value list.
template <typename F>
void for_each_condition(const linter::JsonTree& tree, const linter::Statement& statement, F&& f) {
  const linter::Node* condition = statement.get(linter::Element::Condition);
  if (condition == nullptr || !condition->is_object()) return;
  for (const linter::Node& op_node : tree.children(*condition)) {
    if (!op_node.is_object()) continue;
    linter::ConditionOperator op = linter::parse_condition_operator(op_node.key);
    for (const linter::Node& key : tree.children(op_node)) f(op, key);
  }
}

}  // namespace iamlint::rules
