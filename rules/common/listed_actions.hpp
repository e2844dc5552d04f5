// Lists of sensitive actions kept as data, and which of them an Allow statement grants on any of its resources.
// Shared by the security rules that name such actions wherever they are granted, not only on "*".
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "linter/catalog.hpp"
#include "linter/model.hpp"

namespace iamlint::rules {

// Catalog indexes of the named actions ("cloudtrail:StopLogging"), sorted. A name the catalog lacks throws
// std::logic_error naming it: the lists are data checked when a rule first runs, so a catalog update that drops or
// renames an action fails that rule's fixture tests instead of silently shrinking the list.
std::vector<uint32_t> required_catalog_indexes(std::span<const std::string_view> names,
                                               const linter::Catalog& catalog = linter::Catalog::embedded());

// The actions of sorted `wanted` that an Allow statement grants through its Action element, on at least one of its
// Resource values (NotResource counts as "*") that no unconditional Deny of the policy takes away, and that its
// conditions do not exclude (condition_excludes_action). Empty for statements with Action "*" or NotAction, which
// IAM200 and IAM202 report whole.
std::vector<uint32_t> granted_listed_actions(const linter::Policy& policy, const linter::Statement& statement,
                                             std::span<const uint32_t> wanted,
                                             const linter::Catalog& catalog = linter::Catalog::embedded());

// The Action value that grants `action`: the literal name if the statement writes it, else the first pattern that
// matches it; null when none does.
const linter::Node* action_value_for(const linter::Policy& policy, const linter::Statement& statement,
                                     const linter::ActionInfo& action,
                                     const linter::Catalog& catalog = linter::Catalog::embedded());

// Whether a Resource value can name an IAM role: "arn:aws:iam::111122223333:role/app-*", "arn:aws:iam::*:*", but
// neither "*" (which the rules about "*" report) nor an ARN of another service or of users.
bool may_name_role(std::string_view resource);

// Policies whose Allow statements grant permissions themselves (identity and resource policies), as opposed to
// those that only filter them (SCPs, RCPs, permissions boundaries, session policies).
bool grants_permissions(linter::PolicyType type) noexcept;

}  // namespace iamlint::rules
