// The configuration file, .iamlint.yaml (docs/configuration.md): which rules run and at what severity, their
// options, which files are taken from directories, and the findings accepted with a reason. Loading never throws:
// a fault in the file comes back as a FileError with its line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/rule.hpp"
#include "linter/rule_options.hpp"
#include "linter/source.hpp"

namespace iamlint::linter {

// A fault in a file the user wrote (the configuration, a baseline), located when it has a place.
struct FileError {
  std::string path;
  std::optional<Position> at;
  std::string message;
  // "path:line:col: message", or "path: message".
  std::string describe() const;
};

// What the configuration says about one rule.
struct RuleSetting {
  std::string_view rule_id;  // the rule's id, whether the file names it by id or by name
  std::optional<bool> enabled;
  std::optional<Severity> severity;  // replaces the severity of every finding of the rule
  RuleOptions options;
  Position at;  // the rule's key in the file
};

// Findings accepted on purpose. All the given criteria must hold; the reason is required.
struct Suppression {
  std::string_view rule_id;
  std::string path;                    // a glob as --include's, relative to the configuration's directory
  std::optional<std::string> sid;      // the Sid of the statement the finding is in, exactly
  std::optional<std::string> pointer;  // the finding's JSON pointer, or that of a node containing it
  std::string reason;
  Position at;          // the suppression's entry in the file
  uint32_t offset = 0;  // and its byte offset
  uint32_t index = 0;   // its position in the list
};

struct Config {
  std::string path;                // the file, as found or given
  std::vector<RuleSetting> rules;  // in file order, at most one per rule
  std::optional<std::vector<std::string>> include;
  std::vector<std::string> exclude;
  std::vector<Suppression> suppressions;

  const RuleSetting* setting(std::string_view rule_id) const noexcept;
  // The directory of the file ("." for a bare file name).
  std::string directory() const;
};

inline constexpr std::string_view kConfigFileName = ".iamlint.yaml";

// The nearest .iamlint.yaml in `start_dir` or above it. A relative `start_dir` gives a path relative to the current
// directory ("../.iamlint.yaml"), an absolute one an absolute path.
std::optional<std::string> find_config(const std::string& start_dir);

// Reads a configuration; `rules` are the rules it may name (by id or by name).
std::optional<FileError> parse_config(std::string_view text, const std::string& path,
                                      const std::vector<const Rule*>& rules, Config& out);
std::optional<FileError> load_config(const std::string& path, const std::vector<const Rule*>& rules, Config& out);

// The rules to run: when `only` is given, exactly those; otherwise every rule the configuration does not disable;
// then minus `disable`. Entries are rule ids or names; an unknown one is an error (the message names the option).
std::optional<std::string> select_rules(const std::vector<const Rule*>& all, const Config& config,
                                        const std::vector<std::string>& only, const std::vector<std::string>& disable,
                                        std::vector<const Rule*>& out);

// Whether a suppression covers a finding of `rule_id` at `pointer`, in the file at `relative_path` (relative to the
// configuration's directory, with '/'), in a statement whose Sid is `sid` (none outside statements or without Sid).
bool suppression_matches(const Suppression& s, std::string_view rule_id, std::string_view relative_path,
                         std::optional<std::string_view> sid, std::string_view pointer);

}  // namespace iamlint::linter
