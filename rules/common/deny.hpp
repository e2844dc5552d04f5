// What the Deny statements of a policy take away from its Allows. Every security rule asks this one helper, so that a
// grant an unconditional Deny removes is never reported by one rule and reported by another.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "linter/catalog.hpp"
#include "linter/model.hpp"

namespace iamlint::rules {

// A Deny that applies to every request for its actions and resources: no Condition, and, where the policy names
// principals, Principal "*" (or {"AWS": "*"}) and no NotPrincipal.
bool is_unconditional_deny(const linter::Policy& policy, const linter::Statement& statement);

// Whether an unconditional Deny of the same policy denies catalog action `action` (an index into
// Catalog::actions()) on every resource that `resource` names. `resource` is a Resource value of an Allow, possibly
// with wildcards: "*" is covered only by a Deny on "*"; "arn:aws:s3:::b/*" by a Deny on "arn:aws:s3:::b/*" or on
// "arn:aws:s3:::*". A Deny with NotResource covers only resources without wildcards that it does not exclude.
bool is_denied(const linter::Policy& policy, uint32_t action, std::string_view resource,
               const linter::Catalog& catalog = linter::Catalog::embedded());

// The actions of `actions` that no unconditional Deny removes on `resource`, in the same order.
std::vector<uint32_t> without_denied(const linter::Policy& policy, std::span<const uint32_t> actions,
                                     std::string_view resource,
                                     const linter::Catalog& catalog = linter::Catalog::embedded());

// Whether unconditional Denies remove everything an Allow statement grants: each of its actions on each of its
// Resource values (an Allow with NotResource counts as "*").
bool is_fully_denied(const linter::Policy& policy, const linter::Statement& allow,
                     const linter::Catalog& catalog = linter::Catalog::embedded());

}  // namespace iamlint::rules
