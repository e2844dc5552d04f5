// `iamlint audit --env ENV`: privilege-escalation paths and the principal findings of an environment, in every
// report format (docs/audit.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "linter/cli.hpp"
#include "linter/report.hpp"
#include "solver/audit.hpp"

namespace iamlint::solver {

struct AuditArgs {
  std::string env;
  std::string format = "text";
  std::vector<std::string> output_specs;
  std::vector<linter::OutputTarget> outputs;
  std::string fail_on = "security";
  std::vector<std::string> crown_jewels;  // "ACTION RESOURCE"
  std::string region = "us-east-1";
};

// The audit in words, grouped by severity, each path step by step (the text format).
void write_audit_text(const linter::AuditReport& audit, const std::string& env_path, std::ostream& out);

// Audits and prints. Exit code: 0 nothing at or above --fail-on, 1 something, 2 an input or usage error (or a step
// the evaluator did not confirm on replay: an internal error).
int audit_environment(const AuditArgs& args, std::ostream& out, std::ostream& err);

linter::ExtraCommand audit_command();

}  // namespace iamlint::solver
