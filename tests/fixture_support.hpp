// Reading fixtures and their sidecars, running the linter on them, and rewriting sidecars in bless mode.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "linter/lint.hpp"
#include "rules/registry.hpp"

namespace iamlint::testing {

namespace fs = std::filesystem;

fs::path source_dir();
bool bless_mode();
// Bless mode for one rule: IAMLINT_BLESS=1, and the rule is in IAMLINT_BLESS_RULES (comma-separated ids) if set,
// so that several people can refresh their own rules' sidecars and pages without touching others'.
bool bless_rule(std::string_view rule_id);
std::string read_file(const fs::path& path);
void write_file(const fs::path& path, const std::string& text);

// A sidecar: `@policy-type scp` style directives, and expected rows `RULE POINTER LINE:COL MESSAGE-ID`
// (or `input LINE:COL MESSAGE` for an input error).
struct Sidecar {
  std::optional<linter::PolicyType> policy_type;
  std::optional<linter::PolicyHolder> holder;
  std::optional<linter::InputType> input_type;  // `@input-type get-role`: instead of detecting
  std::optional<fs::path> config;  // `@config FILE`, relative to the fixture: rule options for the run
  std::vector<std::string> rows;
  std::vector<std::string> directive_lines;  // kept verbatim when blessing
  std::vector<std::string> comment_lines;    // likewise, but for the column header
};
Sidecar read_sidecar(const fs::path& path);  // an absent file gives an empty sidecar
void write_sidecar(const fs::path& path, const Sidecar& sidecar, const std::vector<std::string>& rows);

// Lints one file with the given rules and the sidecar's options; returns rows in the sidecar format. A finding in a
// policy inside a wrapper has two pointers: where the policy is in the file, then where the token is in the policy
// (`IAM006 /PolicyVersion/Document /Statement/0/Effect 8:31 invalid-effect`). In a file that holds several policies,
// the row ends with whose policy it is (`... public-trust | role ProdS3RWRole, trust policy`).
struct Run {
  linter::FileResult result;
  std::vector<std::string> rows;
};
Run run_fixture(const fs::path& file, const std::vector<const linter::Rule*>& rules, const Sidecar& sidecar);

// Checks one fixture with every rule on against its sidecar (rewriting the sidecar in bless mode): for the fixtures
// that stand for real files (malformed inputs, the running example, wrapped inputs) rather than for one rule.
void check_with_all_rules(const fs::path& file);

// Lints a text held in memory as the file `path` (every rule unless `rules` is given); the name's extension says
// whether it is JSON or YAML.
linter::FileResult lint_text(const std::string& text, const linter::LintOptions& options = {},
                             const std::vector<const linter::Rule*>& rules = {},
                             const std::string& path = "mem.json");

// The fixture files (*.json, *.yaml, *.yml, *.template) of a folder, sorted.
std::vector<fs::path> fixture_files(const fs::path& dir);

// The project's rules, built once for all tests.
const rules::Registry& registry();

// Rows as one text, a row a line, so that a failed comparison shows both lists whole.
std::string joined(const std::vector<std::string>& rows);

// Path relative to the source tree, with forward slashes.
std::string relative_path(const fs::path& path);

}  // namespace iamlint::testing
