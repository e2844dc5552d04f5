// `iamlint prove`: properties of an environment or of policies, proved or refuted (docs/prove.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <memory>
#include <optional>

#include "linter/cli.hpp"
#include "linter/progress.hpp"
#include "linter/report_output.hpp"
#include "solver/prover.hpp"

namespace iamlint::solver {

struct ProveArgs {
  std::string env;                      // the environment manifest (not needed by policy-only properties)
  std::vector<std::string> properties;  // properties files
  std::vector<std::string> inline_properties;  // --property: one property as a YAML flow mapping
  bool closed_world = false;
  std::string format = "text";
  std::vector<std::string> output_specs;     // --output FORMAT=PATH
  std::vector<linter::OutputTarget> outputs;  // parsed
  linter::ProgressMode progress = linter::ProgressMode::Auto;
  uint64_t rlimit = ProverOptions{}.rlimit;
  unsigned timeout_ms = ProverOptions{}.timeout_ms;
  int incomplete_exit = 2;  // the exit code when a property is not decided (--incomplete-exit)
};

// The properties proved, with what they were proved on.
struct ProveRun {
  std::unique_ptr<Environment> env;  // kept at one address: the results and the prover point into it
  std::string env_path;
  std::vector<PropertiesFile> files;
  std::vector<PropertyResult> results;
  double setup_millis = 0, millis = 0;
};
// Loads the properties and the environment and proves every property. Input errors are written to `err`, and
// nothing is returned.
std::optional<ProveRun> run_prove(const ProveArgs& args, std::ostream& err);
// Adds the results (and, when asked and there is an environment, the access graph) to a report.
void add_to_report(const ProveRun& run, linter::Report& report, bool with_graph);
void write_prove_text(const ProveRun& run, std::ostream& out);
// The exit code prove() documents, given the run; an internal error is written to `err`.
int prove_exit_code(const ProveRun& run, const ProveArgs& args, std::ostream& err);

// Proves and prints. Exit code: 0 every property came out as expected, 1 one did not (a claim refuted, or a claim
// marked `expect: refuted` proved), `incomplete_exit` when one could not be decided, 2 on an input error.
int prove(const ProveArgs& args, std::ostream& out, std::ostream& err);

linter::ExtraCommand prove_command();

// `iamlint diff OLD NEW`: the access NEW grants that OLD does not (no-new-access with the added access listed, one
// request per action, up to `witnesses`), and the access it takes away. Exit code: 0 nothing new, 1 new access,
// 2 an input error or an undecided comparison.
struct DiffArgs {
  std::string old_policy, new_policy;
  std::size_t witnesses = 20;
  std::string format = "text";
};
int diff(const DiffArgs& args, std::ostream& out, std::ostream& err);
linter::ExtraCommand diff_command();

}  // namespace iamlint::solver
