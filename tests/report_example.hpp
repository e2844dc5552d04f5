// The running two-account example (fixtures/cross-account/) as a Report for the HTML writer's tests: the real lint
// results of the environment's five policy files, and the property results and access graph that `iamlint report`
// gives for it, written out here so that the writer's exact checks do not move with the prover's wording or the
// graph builder's choices (the real command's report has its own test, and is the one the browser test renders).
#pragma once

#include <memory>
#include <string>

#include "linter/report.hpp"
#include "rules/registry.hpp"

namespace iamlint::testing {

struct ExampleReport {
  rules::Registry registry;
  linter::LintResult lint;
  linter::Report report;  // points at `lint` and at `registry`'s rules: an ExampleReport does not move
};

// Lints with the paths relative to the current directory, which must be the source tree, so that the report names
// the files as a user running from there would see them.
std::unique_ptr<ExampleReport> cross_account_example();

// The environment's policy files, relative to the source tree.
extern const char* const kExamplePolicies[5];

}  // namespace iamlint::testing
