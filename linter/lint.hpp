// Linting files: discovery, parallel loading and checking, results in a deterministic order.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine.hpp"
#include "linter/json_loader.hpp"

namespace iamlint::linter {

struct LintOptions {
  std::vector<std::string> paths;                  // files, directories, or "-" for standard input
  std::vector<std::string> include = {"*.json"};  // for files found in directories
  std::vector<std::string> exclude;
  unsigned jobs = 0;                               // 0: all cores
  std::optional<PolicyType> policy_type;           // overrides inference
  PolicyHolder holder = PolicyHolder::Managed;
  LoadLimits limits;
  bool excerpts = true;                            // keep source excerpts for text output
};

// An input that could not be checked: unreadable, malformed. Located when the fault has a place in the file.
struct InputProblem {
  std::string message;
  std::optional<Position> at;
  Excerpt excerpt;
};

struct FileResult {
  std::string path;
  std::vector<Finding> findings;
  std::vector<Excerpt> excerpts;  // one per finding when LintOptions::excerpts: the file itself is not kept
  std::optional<InputProblem> problem;
};

struct LintResult {
  std::vector<FileResult> files;
};

// Expands directories (recursively, by the include/exclude globs; explicit files are always taken), in a stable
// order: arguments as given, each directory's files sorted by path. Paths that do not exist become problems.
std::vector<FileResult> discover(const LintOptions& options);

// What one thread reuses from file to file.
struct Workspace {
  explicit Workspace(const LoadLimits& limits) : loader(limits) {}
  JsonLoader loader;
  JsonTree tree;
  Policy policy;
  std::string buffer;  // the last file's memory, reused for the next
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

}  // namespace iamlint::linter
