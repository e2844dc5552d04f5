#include "solver/prove_command.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "linter/progress.hpp"
#include "linter/report_output.hpp"
#include "solver/manifest.hpp"
#include "solver/report_builder.hpp"

namespace iamlint::solver {

namespace {

std::string where(const Environment& env, const StatementNote& n) {
  linter::SourceRef ref = statement_ref(env, n);
  if (!ref.located()) return ref.path.empty() ? ref.note : ref.path + " (" + ref.note + ")";
  return ref.path + ':' + std::to_string(ref.begin.line) + ':' + std::to_string(ref.begin.column) + " (" + ref.note + ")";
}

std::string principal_text(const Request& q) { return q.principal.empty() ? std::string("anonymous") : q.principal; }

void print_step(const Environment& env, const ProofStep& step, std::string_view indent, std::ostream& out) {
  out << indent << principal_text(step.request) << " -> " << step.request.action << " on " << step.request.resource
      << '\n';
  if (!step.principal_note.empty()) out << indent << "  who: " << step.principal_note << '\n';
  for (const auto& [key, values] : step.request.context.entries()) {
    out << indent << "  context " << key << " =";
    if (values.empty()) out << " (no values)";
    for (const std::string& v : values) out << ' ' << std::quoted(v);
    out << '\n';
  }
  out << indent << "  evaluator: " << decision_name(step.decision) << ", " << step.reason << '\n';
  for (const StatementNote& n : step.deciding) out << indent << "    " << where(env, n) << '\n';
}

void print_text(const Environment& env, const PropertyResult& r, std::ostream& out) {
  const Property& p = *r.property;
  out << p.file << ':' << p.line << ':' << p.column << ": " << verdict_name(r.verdict) << ' ' << p.name << " ["
      << property_kind_name(p.kind) << ", " << (r.world == World::Open ? "open" : "closed") << " world, "
      << std::fixed << std::setprecision(1) << r.millis << " ms]";
  if (r.property->kind != PropertyKind::WhoCan && r.verdict != Verdict::Unknown) {
    out << (as_expected(r) ? (p.expect_holds ? "" : " (expected)") : " (NOT AS EXPECTED)");
  }
  out << '\n' << "  " << r.summary << '\n';
  if (r.replay_mismatch) {
    out << "  INTERNAL ERROR: the evaluator does not allow the request the encoding found; please report it\n";
  }
  const char* label = r.verdict == Verdict::Refuted ? "counterexample" : "witness";
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    out << "  " << (r.steps.size() > 1 ? (i + 1 < r.steps.size() ? "step " + std::to_string(i + 1) : std::string(label))
                                       : std::string(label))
        << ":\n";
    print_step(env, r.steps[i], "    ", out);
  }
  for (const WhoCan& w : r.who) {
    out << "  " << w.principal << '\n';
    for (const ProofStep& s : w.witness) print_step(env, s, "    ", out);
  }
  if (!r.suggestion.empty()) {
    out << "  suggestion: " << r.suggestion << '\n';
    if (r.suggestion_verdict) out << "  with the suggestion: " << verdict_name(*r.suggestion_verdict) << '\n';
  }
}

nlohmann::json step_json(const Environment& env, const ProofStep& s) {
  nlohmann::json j;
  j["principal"] = s.request.principal;
  j["action"] = s.request.action;
  j["resource"] = s.request.resource;
  nlohmann::json ctx = nlohmann::json::object();
  for (const auto& [key, values] : s.request.context.entries()) ctx[key] = values;
  j["context"] = ctx;
  if (!s.principal_note.empty()) j["principal_note"] = s.principal_note;
  j["decision"] = decision_name(s.decision);
  j["reason"] = s.reason;
  nlohmann::json deciding = nlohmann::json::array();
  for (const StatementNote& n : s.deciding) deciding.push_back(where(env, n));
  j["deciding"] = deciding;
  return j;
}

}  // namespace

std::optional<ProveRun> run_prove(const ProveArgs& args, std::ostream& err) {
  auto started = std::chrono::steady_clock::now();
  ProveRun run;
  run.env = std::make_unique<Environment>();
  bool input_error = false;
  for (const std::string& path : args.properties) run.files.push_back(load_properties(path));
  for (const std::string& text : args.inline_properties) run.files.push_back(parse_properties(text, "--property"));
  for (const PropertiesFile& f : run.files) {
    for (const PropertiesError& e : f.errors) {
      err << e.file << ':' << e.line << ':' << e.column << ": error: " << e.message << '\n';
      input_error = true;
    }
  }
  if (input_error) return std::nullopt;
  if (!args.env.empty()) {
    std::vector<EnvProblem> warnings;
    if (auto error = load_environment(args.env, *run.env, &warnings)) {
      err << error->describe();
      return std::nullopt;
    }
    for (const EnvProblem& w : warnings) err << w.describe() << '\n';
  }
  ProverOptions options;
  options.world = args.closed_world ? World::Closed : World::Open;
  options.rlimit = args.rlimit;
  options.timeout_ms = args.timeout_ms;
  Prover prover(*run.env, options);
  auto setup_start = std::chrono::steady_clock::now();
  prover.prepare();
  run.setup_millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - setup_start).count();
  std::size_t total = 0;
  for (const PropertiesFile& f : run.files) total += f.properties.size();
  std::optional<linter::ProgressLine> progress;
  if (linter::progress_wanted(args.progress)) progress.emplace(err, "properties");
  for (const PropertiesFile& f : run.files) {
    for (const Property& p : f.properties) {
      run.results.push_back(prover.prove(p));
      if (progress) {
        std::size_t refuted = std::count_if(run.results.begin(), run.results.end(),
                                            [](const PropertyResult& r) { return !as_expected(r); });
        progress->update(run.results.size(), total, refuted);
      }
    }
  }
  if (progress) progress->finish();
  run.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return run;
}

void add_to_report(const ProveRun& run, linter::Report& report, bool with_graph) {
  for (const PropertyResult& r : run.results) report.properties.push_back(property_report(*run.env, r));
  report.environment = run.env_path;
  report.statistics.prove_millis = run.millis;
  report.statistics.policies = run.env->policies.size();
  report.statistics.principals = run.env->users.size() + run.env->roles.size();
  if (with_graph && !run.env_path.empty()) report.graph = access_graph(*run.env, report.properties, report.lint);
}

int prove_exit_code(const ProveRun& run, const ProveArgs& args, std::ostream& err) {
  std::size_t unexpected = 0, unknown = 0, mismatches = 0;
  for (const PropertyResult& r : run.results) {
    if (r.replay_mismatch) ++mismatches;
    if (r.verdict == Verdict::Unknown) ++unknown;
    else if (!as_expected(r)) ++unexpected;
  }
  if (mismatches > 0) {
    err << "iamlint: internal error: " << mismatches
        << " counterexample(s) the evaluator does not confirm; the results above are not to be trusted\n";
    return 2;
  }
  // An undecided property outranks a refuted one (the run did not decide everything), unless --incomplete-exit says
  // undecided properties are acceptable.
  return linter::run_exit_code(unexpected > 0, unknown > 0, args.incomplete_exit);
}

void write_prove_text(const ProveRun& run, std::ostream& out) {
  std::size_t expected = 0, unexpected = 0, unknown = 0;
  for (const PropertyResult& r : run.results) {
    print_text(*run.env, r, out);
    if (r.verdict == Verdict::Unknown) ++unknown;
    else if (as_expected(r)) ++expected;
    else ++unexpected;
  }
  out << run.results.size() << (run.results.size() == 1 ? " property: " : " properties: ") << expected
      << " as expected, " << unexpected << " not as expected, " << unknown << " unknown (set-up " << std::fixed
      << std::setprecision(1) << run.setup_millis << " ms)\n";
}

int prove(const ProveArgs& args, std::ostream& out, std::ostream& err) {
  std::optional<ProveRun> run = run_prove(args, err);
  if (!run) return 2;
  run->env_path = args.env;
  linter::Report report;
  report.tool_version = linter::kVersion;
  bool html = args.format == "html" || std::any_of(args.outputs.begin(), args.outputs.end(),
                                                   [](const linter::OutputTarget& t) { return t.format == "html"; });
  add_to_report(*run, report, html);
  auto text = [&](std::ostream& os) { write_prove_text(*run, os); };
  linter::write_format(args.format, out, report, text);
  out.flush();
  int code = prove_exit_code(*run, args, err);
  if (auto failure = linter::write_targets(args.outputs, report, text)) {
    err << "iamlint: " << *failure << '\n';
    return 2;
  }
  return code;
}

linter::ExtraCommand prove_command() {
  linter::ExtraCommand c;
  c.name = "prove";
  c.description = "Prove or refute properties of an environment or of policies, with a concrete request";
  c.setup = [](CLI::App& app, const std::vector<const linter::Rule*>&) {
    auto args = std::make_shared<ProveArgs>();
    app.add_option("--env", args->env, "Environment manifest (docs/environment.md)");
    app.add_option("--properties", args->properties, "Properties file (docs/properties.md); may be repeated")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--property", args->inline_properties,
                   "One property as a YAML mapping, e.g. '{only: {principals: [ARN], actions: [s3:PutObject], "
                   "resources: [ARN]}}'; may be repeated")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--closed-world", args->closed_world,
                 "Only the principals the environment lists exist (default: an account may hold others)");
    linter::add_output_options(app, args->format, args->output_specs);
    linter::add_progress_option(app, args->progress);
    app.add_option("--rlimit", args->rlimit, "Z3's deterministic resource limit per query")->capture_default_str();
    app.add_option("--timeout-ms", args->timeout_ms, "Wall-time limit per query")->capture_default_str();
    app.add_option("--incomplete-exit,--unknown-exit", args->incomplete_exit,
                   "Exit code when a property is not decided (UNKNOWN); 0: it does not fail the run")
        ->check(CLI::Range(0, 125))
        ->capture_default_str();
    return [args](std::ostream& out, std::ostream& err) {
      if (args->properties.empty() && args->inline_properties.empty()) {
        err << "iamlint prove: give --properties FILE or --property MAPPING\n";
        return 2;
      }
      args->outputs = linter::output_targets(args->output_specs);
      return prove(*args, out, err);
    };
  };
  return c;
}

int diff(const DiffArgs& args, std::ostream& out, std::ostream& err) {
  Environment env;
  ProverOptions options;
  options.witnesses = args.witnesses;
  Prover prover(env, options);
  Property added;
  added.kind = PropertyKind::NoNewAccess;
  added.name = "no new access";
  added.policy_a = args.old_policy;
  added.policy_b = args.new_policy;
  Property removed = added;
  removed.name = "no access removed";
  std::swap(removed.policy_a, removed.policy_b);
  PropertyResult more = prover.prove(added);
  PropertyResult less = prover.prove(removed);
  for (const PropertyResult* r : {&more, &less}) {
    if (r->verdict == Verdict::Unknown) {
      err << "iamlint diff: " << r->unknown_reason << '\n';
      return 2;
    }
    if (r->replay_mismatch) {
      err << "iamlint diff: internal error: the evaluator does not confirm a request the encoding found\n";
      return 2;
    }
  }
  if (args.format == "json") {
    auto list = [&](const PropertyResult& r) {
      nlohmann::json a = nlohmann::json::array();
      for (const ProofStep& s : r.steps) {
        nlohmann::json j = step_json(env, s);
        j.erase("principal");
        j.erase("deciding");
        a.push_back(j);
      }
      return a;
    };
    nlohmann::json j = {{"version", 1}, {"old", args.old_policy}, {"new", args.new_policy},
                        {"added", list(more)}, {"removed", list(less)}};
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    auto print = [&](const PropertyResult& r, std::string_view what) {
      if (r.verdict == Verdict::Proved) {
        out << what << ": none (proved)\n";
        return;
      }
      out << what << (r.steps.size() >= args.witnesses ? " (the first " + std::to_string(r.steps.size()) + " actions)" : "")
          << ":\n";
      for (const ProofStep& s : r.steps) {
        out << "  " << s.request.action << " on " << s.request.resource << '\n';
        for (const auto& [key, values] : s.request.context.entries()) {
          out << "    when " << key << " =";
          if (values.empty()) out << " (no values)";
          for (const std::string& v : values) out << ' ' << std::quoted(v);
          out << '\n';
        }
      }
    };
    out << "--- " << args.old_policy << "\n+++ " << args.new_policy << '\n';
    print(more, "access added");
    print(less, "access removed");
  }
  return more.verdict == Verdict::Refuted ? 1 : 0;
}

linter::ExtraCommand diff_command() {
  linter::ExtraCommand c;
  c.name = "diff";
  c.description = "The access a new version of a policy grants that the old one does not, proved";
  c.setup = [](CLI::App& app, const std::vector<const linter::Rule*>&) {
    auto args = std::make_shared<DiffArgs>();
    app.add_option("OLD", args->old_policy, "The policy as it was")->required();
    app.add_option("NEW", args->new_policy, "The policy as it is now")->required();
    app.add_option("--witnesses", args->witnesses, "How many requests (one per action) to list each way")
        ->capture_default_str();
    app.add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    return [args](std::ostream& out, std::ostream& err) { return diff(*args, out, err); };
  };
  return c;
}

}  // namespace iamlint::solver
