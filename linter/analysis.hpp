// Facts about statements that several rules need, computed once per statement: which catalog actions a
// statement's Action/NotAction covers. Rules call these instead of expanding patterns themselves.
#pragma once

#include "linter/catalog.hpp"
#include "linter/model.hpp"

namespace iamlint::linter {

// The catalog actions the statement applies to: the union of its Action patterns' expansions, or, for NotAction,
// every catalog action that none of its patterns matches. Values that are not strings are ignored (IAM016 reports
// them). Cached in the policy.
const StatementActions& statement_actions(const Policy& policy, const Statement& statement,
                                          const Catalog& catalog = Catalog::embedded());

// What a string value of the statement's Action or NotAction names in the catalog, looked up once for every rule
// that asks; null for any other node.
const ActionValueFacts* action_value_facts(const Policy& policy, const Statement& statement, const Node& value,
                                           const Catalog& catalog = Catalog::embedded());

// Whether the statement applies to the given catalog action.
bool statement_covers(const Policy& policy, const Statement& statement, const ActionInfo& action,
                      const Catalog& catalog = Catalog::embedded());

}  // namespace iamlint::linter
