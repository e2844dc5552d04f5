// A rule's documentation page, generated from its metadata (and, for docs/, a fixture with its real output), so that
// `iamlint explain`, docs/rules/ and the rule itself cannot drift apart.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linter/rule.hpp"

namespace iamlint::linter {

struct RuleExample {
  std::string bad_name;     // fixture path, shown as the file name
  std::string options;      // extra command-line options the example needs, e.g. "--policy-type scp"
  std::string bad_text;     // the fixture
  std::string output;       // iamlint's text output on it
  std::string good_name;
  std::string good_text;    // a fixture that passes
  std::string config_name;  // the configuration the example runs with (--config), if any
  std::string config_text;
};

// Markdown with the fixed headings: What it flags, Why it matters, Example, Use instead, Options, References.
std::string rule_page(const RuleMeta& meta, const std::optional<RuleExample>& example);
// docs/rules/README.md: one table row per rule.
std::string rule_index(const std::vector<const Rule*>& rules);
// Path of a rule's page relative to docs/rules/.
std::string rule_page_name(const RuleMeta& meta);

}  // namespace iamlint::linter
