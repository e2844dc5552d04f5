#include "solver/audit_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iomanip>
#include <memory>
#include <ostream>

#include "linter/report_output.hpp"
#include "solver/manifest.hpp"
#include "solver/report_builder.hpp"

namespace iamlint::solver {

namespace {

std::string where(const linter::SourceRef& r) {
  if (!r.located()) return r.note;
  return r.path + ':' + std::to_string(r.begin.line) + ':' + std::to_string(r.begin.column) +
         (r.note.empty() ? "" : " (" + r.note + ")");
}

}  // namespace

void write_audit_text(const linter::AuditReport& audit, const std::string& env_path, std::ostream& out) {
  out << "iamlint audit " << env_path << ": " << audit.principals << " principals, " << audit.admins.size()
      << (audit.admins.size() == 1 ? " administrator, " : " administrators, ") << audit.paths.size()
      << (audit.paths.size() == 1 ? " escalation path" : " escalation paths") << " (" << audit.requests
      << " requests, " << std::fixed << std::setprecision(1) << audit.millis << " ms)\n";
  for (linter::Severity s : {linter::Severity::Error, linter::Severity::Security, linter::Severity::Warning,
                             linter::Severity::Suggestion}) {
    bool header = false;
    for (const linter::AuditFinding& f : audit.findings) {
      if (f.severity != s) continue;
      if (!header) {
        out << '\n' << linter::severity_name(s) << ":\n";
        header = true;
      }
      out << "  [" << f.kind << "] " << f.message << '\n';
      if (f.at.located() || !f.at.note.empty()) out << "      at " << where(f.at) << '\n';
      if (!f.path) continue;
      const linter::AuditPath& p = audit.paths[*f.path];
      for (std::size_t i = 0; i < p.steps.size(); ++i) {
        const linter::AuditStep& step = p.steps[i];
        out << "    " << i + 1 << ". " << step.method << ": " << step.method_title
            << (step.via.empty() ? "" : " (" + step.via + ")") << "\n       " << step.from << " -> "
            << (step.to == linter::kAdminNode ? std::string("administrator") : step.to) << '\n';
        for (const linter::RequestStep& q : step.requests) {
          out << "       - " << linter::describe_request(q) << '\n';
          for (const linter::SourceRef& d : q.deciding) out << "           " << where(d) << '\n';
        }
      }
    }
  }
  if (!audit.admins.empty()) {
    out << "\nadministrators:\n";
    for (const std::string& a : audit.admins) out << "  " << a << '\n';
  }
  if (!audit.notes.empty()) {
    out << "\nnot checked:\n";
    for (const std::string& n : audit.notes) out << "  - " << n << '\n';
  }
}

int audit_environment(const AuditArgs& args, std::ostream& out, std::ostream& err) {
  AuditOptions options;
  options.region = args.region;
  for (const std::string& jewel : args.crown_jewels) {
    std::size_t space = jewel.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == jewel.size()) {
      err << "iamlint audit: --crown-jewel takes 'ACTION RESOURCE' (e.g. 's3:PutObject arn:aws:s3:::prod/*'), not '"
          << jewel << "'\n";
      return 2;
    }
    options.crown_jewels.emplace_back(jewel.substr(0, space), jewel.substr(space + 1));
  }
  Environment env;
  std::vector<EnvProblem> warnings;
  if (auto error = load_environment(args.env, env, &warnings)) {
    err << error->describe();
    return 2;
  }
  for (const EnvProblem& w : warnings) err << w.describe() << '\n';

  linter::Report report;
  report.tool_version = linter::kVersion;
  report.environment = args.env;
  report.fail_on = args.fail_on == "none" ? linter::Severity::Error : *linter::parse_severity(args.fail_on);
  report.fail_none = args.fail_on == "none";
  report.audit = audit(env, options);
  report.statistics.policies = env.policies.size();
  report.statistics.principals = env.users.size() + env.roles.size();
  report.statistics.prove_millis = report.audit->millis;
  bool html = args.format == "html" || std::any_of(args.outputs.begin(), args.outputs.end(),
                                                   [](const linter::OutputTarget& t) { return t.format == "html"; });
  if (html) report.graph = access_graph(env, {}, nullptr);
  auto text = [&](std::ostream& os) { write_audit_text(*report.audit, args.env, os); };
  linter::write_format(args.format, out, report, text);
  out.flush();
  if (auto failure = linter::write_targets(args.outputs, report, text)) {
    err << "iamlint: " << *failure << '\n';
    return 2;
  }
  for (const linter::AuditPath& p : report.audit->paths) {
    for (const linter::AuditStep& s : p.steps) {
      for (const linter::RequestStep& q : s.requests) {
        if (!q.allowed) {
          err << "iamlint: internal error: the evaluator does not confirm a step of the path of " << p.principal
              << " on replay; the results above are not to be trusted\n";
          return 2;
        }
      }
    }
  }
  bool failing = false;
  for (const linter::AuditFinding& f : report.audit->findings) failing = failing || linter::fails_run(report, f.severity);
  return failing ? 1 : 0;
}

linter::ExtraCommand audit_command() {
  linter::ExtraCommand c;
  c.name = "audit";
  c.description = "Who can become an administrator, and how: escalation paths and risky principals, each step proved";
  c.setup = [](CLI::App& app, const std::vector<const linter::Rule*>&) {
    auto args = std::make_shared<AuditArgs>();
    app.add_option("--env", args->env, "Environment manifest (docs/environment.md)")->required();
    linter::add_output_options(app, args->format, args->output_specs);
    app.add_option("--fail-on", args->fail_on, "Exit 1 on findings at or above this severity")
        ->check(CLI::IsMember({"error", "security", "warning", "suggestion", "none"}))
        ->capture_default_str();
    app.add_option("--crown-jewel", args->crown_jewels,
                   "'ACTION RESOURCE': a principal allowed this request is a target like an administrator; may be "
                   "repeated")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--region", args->region, "The region of the resources the methods create")->capture_default_str();
    return [args](std::ostream& out, std::ostream& err) {
      args->outputs = linter::output_targets(args->output_specs);
      return audit_environment(*args, out, err);
    };
  };
  return c;
}

}  // namespace iamlint::solver
