// The composition root: the command line with the project's rule registry.
#include <iostream>

#include "linter/cli.hpp"
#include "rules/registry.hpp"
#include "solver/audit_command.hpp"
#include "solver/prove_command.hpp"
#include "solver/report_command.hpp"
#include "solver/simulate.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  iamlint::rules::Registry registry;
  return iamlint::linter::run_cli(argc, argv, registry.all(), std::cout, std::cerr,
                                 {iamlint::solver::simulate_command(), iamlint::solver::prove_command(),
                                  iamlint::solver::diff_command(), iamlint::solver::report_command(), iamlint::solver::audit_command()});
}
