// Linting files: discovery, parallel loading and checking, results in a deterministic order.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/config.hpp"
#include "linter/engine.hpp"
#include "linter/inputs.hpp"
#include "linter/json_loader.hpp"

namespace iamlint::linter {

struct LintOptions {
  std::vector<std::string> paths;                  // files, directories, or "-" for standard input
  // For files found in directories: policies and JSON wrappers, CloudFormation templates in YAML.
  std::vector<std::string> include = {"*.json", "*.yaml", "*.yml", "*.template"};
  std::vector<std::string> exclude;
  unsigned jobs = 0;                               // 0: all cores
  InputType input_type = InputType::Auto;           // what the files are (docs/inputs.md); Auto detects
  std::optional<PolicyType> policy_type;           // overrides inference and the type a wrapper implies
  std::optional<PolicyHolder> holder;              // likewise; none and no wrapper: managed
  LoadLimits limits;
  bool excerpts = true;                            // keep source excerpts for text output
  // From the configuration (docs/configuration.md): findings a suppression matches are marked, not dropped.
  std::vector<Suppression> suppressions;
  std::string config_path;  // the configuration file; suppression paths are relative to its directory
  // Fingerprints name files relative to this directory (the baseline's or the configuration's); empty: the current
  // directory.
  std::string fingerprint_root;
  // Files never taken from directories, whatever the globs say: the baseline, which is JSON too.
  std::vector<std::string> skip_files;
  // Called after each file, from the thread that checked it (so it must be thread-safe): files done, files in all,
  // findings so far. Empty: no calls.
  std::function<void(std::size_t done, std::size_t total, std::size_t findings)> progress;
};

// Takes the configuration's include and exclude globs and suppressions. Command-line globs are applied after it:
// --include replaces the include list, --exclude adds to the exclude list.
void apply_config(const Config& config, LintOptions& options);

// An input that could not be checked: unreadable, malformed. Located when the fault has a place in the file.
struct InputProblem {
  std::string message;
  std::optional<Position> at;
  Excerpt excerpt;
};

struct FileResult {
  std::string path;
  std::string fingerprint_path;   // the path as fingerprints and baselines name it
  std::vector<Finding> findings;
  std::vector<Excerpt> excerpts;  // one per finding when LintOptions::excerpts: the file itself is not kept
  // What could not be checked, in the order found: one for an unreadable or malformed file; in a file that holds
  // several policies, one per broken policy, the others being checked all the same.
  std::vector<InputProblem> problems;
  // Found by walking a directory rather than named: such a file of no known shape is skipped, not read as a policy.
  bool walked = false;
  // Why the file holds no policy to check (Detection::skipped), when it holds none: it is counted and listed, but
  // neither a finding nor a problem.
  std::string skipped;
};

// A fault in the configuration that does not stop the run, reported like a finding: an unused suppression.
struct ConfigFinding {
  std::string path;  // the configuration file
  Position at;
  uint32_t offset = 0;     // byte offset in the file
  std::string pointer;     // JSON pointer of the entry in the configuration's document, e.g. /suppressions/2
  Severity severity = Severity::Warning;
  std::string_view id;     // "unused-suppression"
  std::string message;
};

struct LintResult {
  std::vector<FileResult> files;
  std::vector<ConfigFinding> config_findings;
};

// Expands directories (recursively, by the include/exclude globs; explicit files are always taken), in a stable
// order: arguments as given, each directory's files sorted by path. Paths that do not exist become problems.
std::vector<FileResult> discover(const LintOptions& options);

// The absolute current directory, or "/" when it cannot be read (it was removed).
std::string current_directory();

// What one thread reuses from file to file.
struct Workspace {
  explicit Workspace(const LoadLimits& limits) : loader(limits), cwd(current_directory()) {}
  JsonLoader loader;
  JsonTree tree;        // the file's document
  JsonTree inner_tree;  // a policy that is not the file's whole document (inside a wrapper, in a string)
  SiteText site;        // that policy's text and its map to the file
  Policy policy;
  std::string buffer;  // the last file's memory, reused for the next
  std::string cwd;     // read once: asking the system for every file costs more than linting it
};

// Reads, loads and checks the file named by result.path.
void lint_file(const Engine& engine, const LintOptions& options, Workspace& ws, FileResult& result);
// Loads and checks a source already in memory.
void lint_source(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                 FileResult& result);

LintResult lint(const Engine& engine, const LintOptions& options);

// Glob matching as the include/exclude options use it: a pattern with '/' matches the path relative to the
// directory that was searched ('*' crosses '/'), otherwise it matches the file name.
bool glob_match(std::string_view pattern, std::string_view relative_path);

// `path` relative to the directory `base`, both taken from `cwd` when relative, lexically (".." removes the segment
// before it; links are not resolved), with '/' separators: "policies/a.json", "../b.json", "." for `base` itself.
// "-" (standard input) stays "-".
std::string path_relative_to(std::string_view path, std::string_view base, std::string_view cwd);

}  // namespace iamlint::linter
