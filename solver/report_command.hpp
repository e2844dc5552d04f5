// `iamlint report`: one document for a reviewer (docs/report.md): the lint findings of the policies, the properties
// proved or refuted, and the environment's access graph. HTML by default; every other format too.
#pragma once

#include "linter/cli.hpp"
#include "solver/prove_command.hpp"

namespace iamlint::solver {

struct ReportArgs {
  bool audit = false;  // --audit: add `iamlint audit` of the environment (docs/audit.md)
  linter::LintArgs lint;  // lint.paths empty: the files the environment's policies come from
  ProveArgs prove;
  std::string out;  // -o: the primary format's file; empty: standard output
};

// Exit code: 2 on an input error (a file that could not be checked, a bad manifest or properties file), else 1 when
// a finding is at or above --fail-on or a property is not as expected, else 0.
int report(const ReportArgs& args, const std::vector<const linter::Rule*>& rules, std::ostream& out, std::ostream& err);

linter::ExtraCommand report_command();

}  // namespace iamlint::solver
