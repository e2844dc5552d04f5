// Facts about what an Allow statement grants, shared by the security rules: which Resource value is "*", which of a
// list of sensitive actions a statement allows on it, and how to name a set of actions in a message.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/catalog.hpp"
#include "linter/rule.hpp"
#include "linter/model.hpp"

namespace iamlint::rules {

// The "*" value of the statement's Resource element, or null.
const linter::Node* star_resource(const linter::Policy& policy, const linter::Statement& statement);

// Whether the statement's Action element has the value "*" (every action, written out).
bool has_star_action(const linter::Policy& policy, const linter::Statement& statement);

// Whether an action can be scoped to resources at all. An action whose catalog entry lists no resource types can
// only be granted on "*" (s3:ListAllMyBuckets, xray:PutTraceSegments): "*" there is no finding. So, too, for the
// few actions whose only resource type is an opt-in feature that ordinary calls do not name
// (cloudwatch:PutMetricData and its optional "dataset").
bool is_scopable(const linter::ActionInfo& action,
                 const linter::Catalog& catalog = linter::Catalog::embedded()) noexcept;

// Whether an action's name says it reads (Get…, List…, Describe…, BatchGet…, Search…) although the Service
// Authorization Reference files it under Write or Permissions management (glue:ListEntities, iot:ListSubscriptions):
// counted as a read by the rules about writes.
bool is_named_as_read(const linter::ActionInfo& action) noexcept;

// Catalog indexes of the named actions ("iam:PassRole"), sorted; names the catalog lacks are skipped.
std::vector<uint32_t> catalog_indexes(std::span<const std::string_view> names,
                                      const linter::Catalog& catalog = linter::Catalog::embedded());

// The actions of sorted `have` that are also in sorted `wanted`.
std::vector<uint32_t> intersect(std::span<const uint32_t> have, std::span<const uint32_t> wanted);

// "iam:PutRolePolicy, s3:DeleteBucket, s3:PutBucketPolicy and 12 more": the first `shown` actions by full name.
std::string describe_actions(std::span<const uint32_t> actions, std::size_t shown = 3,
                             const linter::Catalog& catalog = linter::Catalog::embedded());

// The actions an Allow statement grants on "*" through its Action element that `keep` selects, that can be scoped
// to resources (is_scopable), that the statement's conditions do not exclude (condition_excludes_action), and that
// no unconditional Deny of the policy removes on "*". Empty for other
// statements, and for statements whose Action is "*" or that use NotAction: IAM200 and IAM202 report those whole.
std::vector<uint32_t> scopable_on_star(const linter::Policy& policy, const linter::Statement& statement,
                                       const std::function<bool(uint32_t)>& keep,
                                       const linter::Catalog& catalog = linter::Catalog::embedded());

// The shape shared by the rules that flag a list of sensitive actions on "*" (credentials, data, resource
// policies): reports at the statement's "*" resource how many of `wanted` (sorted catalog indexes) it allows
// there, scopable and not denied; at the rule's severity, or as a warning with `narrowed_message` (which names the
// narrowing keys) when a condition narrows the grant.
void report_wanted_on_star(const linter::Policy& policy, const linter::Statement& statement,
                           std::span<const uint32_t> wanted, std::string_view message,
                           std::string_view narrowed_message, linter::Reporter& out);

}  // namespace iamlint::rules
