// What a statement's Condition block does to who can use it. One place, so that every rule that asks "is this grant
// narrowed?" gets the same answer, including the IfExists and ForAllValues traps.
#pragma once

#include <string_view>

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
};

// The narrowing that a statement's conditions certainly impose: a key counts only when a request without it, or
// with any value, cannot satisfy the condition. StringEqualsIfExists on sts:ExternalId narrows nothing (a request
// without an external id passes); ForAllValues narrows nothing (an absent key passes); a bare "*" value narrows
// nothing; negated operators (StringNotEquals) do not narrow an Allow to a set.
unsigned narrowing_of(const linter::JsonTree& tree, const linter::Statement& statement);

}  // namespace iamlint::rules
