// The command line: parses options and calls the library. Kept thin so that tests exercise the same code.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <optional>

#include "linter/lint.hpp"
#include "linter/progress.hpp"
#include "linter/report.hpp"
#include "linter/report_output.hpp"
#include "linter/rule.hpp"

namespace CLI {
class App;
}

namespace iamlint::linter {

#ifndef IAMLINT_VERSION
#error "IAMLINT_VERSION comes from CMake's project()"
#endif
inline constexpr const char* kVersion = IAMLINT_VERSION;

// A subcommand that a higher layer provides (the solver's `simulate`), so that the linter's command line does not
// depend on it: `setup` adds the subcommand's options to its CLI::App and returns what runs it once parsed.
// `rules` is the registry's, for a command that lints as well (report).
struct ExtraCommand {
  std::string name;
  std::string description;
  std::function<std::function<int(std::ostream& out, std::ostream& err)>(CLI::App&, const std::vector<const Rule*>& rules)>
      setup;
};

// The options of `lint`, which `report` takes too.
struct LintArgs {
  std::vector<std::string> paths;
  std::string format = "text";
  std::vector<std::string> output_specs;  // --output FORMAT=PATH, as given
  std::vector<OutputTarget> outputs;      // and parsed (the option's check has accepted each)
  std::string fail_on = "security";
  std::string color = "auto";
  std::string policy_type;
  std::string policy_holder;  // empty: what the input implies, else managed
  std::string input_type = "auto";
  std::vector<std::string> include, exclude, only, disable;
  unsigned jobs = 0;
  std::size_t max_file_size = LoadLimits{}.max_file_size;
  int incomplete_exit = 2;  // the exit code when an input could not be fully checked
  std::string config, baseline, write_baseline;
  bool no_config = false;
  bool show_suppressed = false;
  bool verbose = false;
  ProgressMode progress = ProgressMode::Auto;
};
void add_lint_options(CLI::App& cmd, LintArgs& args, bool paths_required);
// --format (text and the report formats) and the repeatable --output FORMAT=PATH.
void add_output_options(CLI::App& cmd, std::string& format, std::vector<std::string>& specs);
void add_progress_option(CLI::App& cmd, ProgressMode& mode);
std::vector<OutputTarget> output_targets(const std::vector<std::string>& specs);

struct LintRun {
  LintResult result;
  std::vector<const Rule*> active;  // the rules that ran
  double millis = 0;
};
// Lints as the options say: configuration, rules, baseline. A fault that stops the run (a bad configuration or
// baseline) is written to `err`, and nothing is returned.
std::optional<LintRun> run_lint(const LintArgs& args, const std::vector<const Rule*>& all_rules, std::ostream& err);
// The run as a Report; it points into `run`.
Report lint_report(const LintRun& run, const LintArgs& args);
// 0, 1 (a finding at or above --fail-on), or --incomplete-exit (2) when an input could not be fully checked.
int lint_exit_code(const LintResult& result, const LintArgs& args);

// Returns the process exit code: 0 clean, 1 findings at or above --fail-on, 2 a usage error or (unless
// --incomplete-exit says otherwise) an input that could not be fully checked.
int run_cli(int argc, const char* const* argv, const std::vector<const Rule*>& rules, std::ostream& out,
            std::ostream& err, const std::vector<ExtraCommand>& extra = {});

}  // namespace iamlint::linter
