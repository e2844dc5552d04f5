// The solver's part of a Report (linter/report.hpp): property results in the writers' plain terms, and the access
// graph of an environment, its edges decided by the evaluator.
#pragma once

#include <vector>

#include "linter/lint.hpp"
#include "linter/report.hpp"
#include "solver/environment.hpp"
#include "solver/prover.hpp"

namespace iamlint::solver {

// Whether a result is what the property claims (or, with `expect: refuted`, what it is known to be); a who-can query
// is as expected once decided.
bool as_expected(const PropertyResult& r);

// Where a deciding statement is: its policy's file, the statement's position, the policy's name.
linter::SourceRef statement_ref(const Environment& env, const StatementNote& note);

linter::PropertyReport property_report(const Environment& env, const PropertyResult& result);

// Above this many (principal, resource) pairs the graph leaves out access edges (it says so in its notes): each
// pair costs one evaluation per candidate action.
inline constexpr std::size_t kAccessPairLimit = 20'000;

// The environment as a picture (docs/report.md):
// - nodes: accounts (listed, and those a trust policy names), users, groups, roles, services and "anyone" that a
//   trust policy names, resources;
// - member edges from the environment; assume edges where the evaluator allows a listed user or role sts:AssumeRole
//   on a role, and where a role's trust policy names a whole account, a service or everyone; access edges where it
//   allows a user or a role's session an action on a resource (actions: those the environment's Allow statements
//   name, in the resource's service);
// - risk: from the lint findings in each policy's file (`lint` may be null), and from refuted properties, whose
//   counterexamples are drawn as edges on a path.
linter::AccessGraph access_graph(const Environment& env, const std::vector<linter::PropertyReport>& properties,
                                 const linter::LintResult* lint);

}  // namespace iamlint::solver
