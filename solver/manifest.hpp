// Loads an Environment from an environment manifest (docs/environment.md): accounts, their principals, resources
// and policies written in the manifest or read from the files it names (bare policies, AWS CLI outputs, account
// authorization-details dumps). Every fault is located at file:line:col, and all are collected, not only the first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/source.hpp"
#include "solver/environment.hpp"

namespace iamlint::solver {

// One fault of a manifest or of a file it includes.
struct EnvProblem {
  std::string path;    // the file the fault is in: the manifest, or a file it names
  linter::Position at;  // 1-based line:column; {0, 0} when the fault has no place (a file that cannot be read)
  std::string message;
  bool warning = false;  // kept in the environment all the same (a managed policy attached to nothing)

  // "path:line:col: message", with "warning: " before a warning's message.
  std::string describe() const;
};

// Every problem found, errors and warnings, in the order found (the manifest from the top, then the checks that
// need the whole environment: attachments, memberships, policies attached to nothing).
struct EnvError {
  std::vector<EnvProblem> problems;

  bool has_errors() const noexcept;
  // One problem a line.
  std::string describe() const;
};

// Fills `out` (cleared first, then indexed) from the manifest. Returns the problems when any is an error; a load
// with warnings only succeeds, and its warnings are put in `warnings` when given. After an error, `out` holds what
// could be loaded, for tests and messages only.
std::optional<EnvError> load_environment(const std::string& manifest_path, Environment& out,
                                         std::vector<EnvProblem>* warnings = nullptr);

}  // namespace iamlint::solver
