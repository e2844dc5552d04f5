// `iamlint simulate`: one request (or one per action a pattern matches) decided against an environment, with the
// statements that decided it located in their files (docs/evaluation.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "linter/cli.hpp"
#include "solver/evaluator.hpp"

namespace iamlint::solver {

struct SimulateArgs {
  std::string env;        // the environment manifest
  std::string principal;  // ARN; "" or "anonymous" for an anonymous request
  std::string action;     // an action or a pattern (s3:Put*): every matching action of the catalog is decided
  std::string resource = "*";
  std::vector<std::string> context;  // KEY=VALUE; a key given several times holds several values
  unsigned via_roles = 0;            // when the principal itself is denied, also try the roles it can reach
  std::string session_policy;        // a policy file passed as the session policy (AssumeRole's Policy)
  std::string format = "text";
};

// Decides and prints. Exit code: 0 when every request is allowed, 1 when one is denied, 2 on a usage or input error.
// A resource pattern (`arn:aws:s3:::prod-*`) decides the request for every resource of the environment it matches.
// The session policy, when given, is loaded into `env`.
int simulate(Environment& env, const SimulateArgs& args, std::ostream& out, std::ostream& err);

// The subcommand for the command line (cli/main.cpp registers it).
linter::ExtraCommand simulate_command();

}  // namespace iamlint::solver
