// Which actions a condition key applies to, per the Service Authorization Reference: a key is in an action's request
// context when the catalog lists it for the action or for one of the action's resource types. Shared by the validity
// rules that ask whether a statement's actions support its condition keys (IAM120, IAM121).
#pragma once

#include <string_view>

#include "linter/catalog.hpp"

namespace iamlint::rules::validity {

// The entry of `service`'s own key list that `key` names (aws:ResourceTag/team names aws:ResourceTag/${TagKey} in
// every service that supports it), or null when the service does not list the key.
const linter::ConditionKeyInfo* service_key_entry(const linter::Catalog& catalog, const linter::ServiceInfo& service,
                                                  std::string_view key) noexcept;

// Whether the catalog lists `entry` (an entry of the action's own service key list) for the action or one of its
// resource types.
bool action_supports_key(const linter::Catalog& catalog, const linter::ActionInfo& action,
                         const linter::ConditionKeyInfo& entry) noexcept;

// Keys that AWS sets on every request made with a role session's credentials (the EC2 instance, Lambda function or
// Glue job that holds them), whatever the action: the catalog lists them under one service's actions only.
// (IAM107 keeps its own copy of this list; it could call this instead.)
bool is_session_key(std::string_view key) noexcept;

// Whether a statement's Action value is a plain action name (service:Action, no * or ?).
bool is_literal_action(std::string_view value) noexcept;

}  // namespace iamlint::rules::validity
