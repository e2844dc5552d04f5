#include "solver/report_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include "linter/output.hpp"
#include "solver/audit.hpp"
#include "solver/audit_command.hpp"
#include "solver/manifest.hpp"

namespace iamlint::solver {

int report(const ReportArgs& args, const std::vector<const linter::Rule*>& rules, std::ostream& out,
           std::ostream& err) {
  std::optional<ProveRun> proved;
  if (!args.prove.env.empty() || !args.prove.properties.empty() || !args.prove.inline_properties.empty()) {
    proved = run_prove(args.prove, err);
    if (!proved) return 2;
    proved->env_path = args.prove.env;
  }
  linter::LintArgs lint_args = args.lint;
  if (lint_args.paths.empty() && proved) {
    // The files the environment's policies were read from, each once, in the manifest's order.
    std::set<std::string> seen;
    for (const EnvPolicy& p : proved->env->policies) {
      if (p.path.empty() || !std::filesystem::is_regular_file(p.path)) continue;
      if (seen.insert(std::filesystem::path(p.path).lexically_normal().string()).second) lint_args.paths.push_back(p.path);
    }
  }
  if (lint_args.paths.empty() && !proved) {
    err << "iamlint report: give files to lint, or --env ENV (its policies are linted), or --properties FILE\n";
    return 2;
  }
  std::optional<linter::LintRun> linted;
  if (!lint_args.paths.empty()) {
    linted = linter::run_lint(lint_args, rules, err);
    if (!linted) return 2;
  }
  linter::Report report;
  if (linted) report = linter::lint_report(*linted, lint_args);
  else report.tool_version = linter::kVersion;
  if (proved) add_to_report(*proved, report, true);
  if (args.audit) {
    if (!proved || args.prove.env.empty()) {
      err << "iamlint report: --audit needs --env ENV\n";
      return 2;
    }
    report.audit = audit(*proved->env);
  }

  auto text = [&](std::ostream& os) {
    if (linted) linter::write_text(os, linted->result, false, lint_args.show_suppressed);
    if (proved) write_prove_text(*proved, os);
    if (report.audit) write_audit_text(*report.audit, args.prove.env, os);
  };
  if (args.out.empty()) {
    linter::write_format(args.lint.format, out, report, text);
    out.flush();
  } else {
    std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
    if (file) linter::write_format(args.lint.format, file, report, text);
    if (!file.flush()) {
      err << "iamlint: cannot write " << args.out << ": " << std::strerror(errno) << '\n';
      return 2;
    }
  }
  if (auto failure = linter::write_targets(args.lint.outputs, report, text)) {
    err << "iamlint: " << *failure << '\n';
    return 2;
  }
  int lint_code = linted ? linter::lint_exit_code(linted->result, lint_args) : 0;
  int prove_code = proved ? prove_exit_code(*proved, args.prove, err) : 0;
  int audit_code = 0;
  if (report.audit) {
    for (const linter::AuditFinding& f : report.audit->findings) {
      if (linter::fails_run(report, f.severity)) audit_code = 1;
    }
  }
  return std::max({lint_code, prove_code, audit_code});
}

linter::ExtraCommand report_command() {
  linter::ExtraCommand c;
  c.name = "report";
  c.description = "Write a reviewer's report: findings, properties proved or refuted, and the access graph";
  c.setup = [](CLI::App& app, const std::vector<const linter::Rule*>& rules) {
    auto args = std::make_shared<ReportArgs>();
    args->lint.format = "html";
    linter::add_lint_options(app, args->lint, false);
    app.get_option("--format")->default_str("html");
    app.add_option("-o,--out", args->out, "Write the report (in --format) to this file instead of standard output");
    app.add_option("--env", args->prove.env, "Environment manifest (docs/environment.md): its policies are linted "
                                             "when no files are given, and drawn");
    app.add_option("--properties", args->prove.properties, "Properties file (docs/properties.md); may be repeated")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--property", args->prove.inline_properties, "One property as a YAML mapping; may be repeated")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--closed-world", args->prove.closed_world,
                 "Only the principals the environment lists exist (default: an account may hold others)");
    app.add_flag("--audit", args->audit, "Add the audit of the environment: escalation paths and risky principals "
                                         "(docs/audit.md)");
    app.add_option("--rlimit", args->prove.rlimit, "Z3's deterministic resource limit per query")
        ->capture_default_str();
    app.add_option("--timeout-ms", args->prove.timeout_ms, "Wall-time limit per query")->capture_default_str();
    return [args, &rules](std::ostream& out, std::ostream& err) {
      args->lint.outputs = linter::output_targets(args->lint.output_specs);
      args->prove.progress = args->lint.progress;
      args->prove.incomplete_exit = args->lint.incomplete_exit;
      return report(*args, rules, out, err);
    };
  };
  return c;
}

}  // namespace iamlint::solver
