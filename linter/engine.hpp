// Runs a set of rules over one policy with a single walk, and turns raw findings into located, self-contained ones.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "linter/config.hpp"
#include "linter/rule.hpp"

namespace iamlint::linter {

// Why a finding does not count: a suppression in the configuration accepted it.
struct SuppressionNote {
  std::string reason;
  std::string_view source = "config";
  std::string config_path;  // the suppression's place, for text output
  Position at;
  uint32_t index = 0;  // in Config::suppressions
};

struct Finding {
  const RuleMeta* rule = nullptr;
  Severity severity = Severity::Error;
  std::string_view message_id;
  std::string message;
  // Where the policy is in the file: empty for a bare policy, else the RFC 6901 pointer of the value holding it
  // in the outer document, e.g. /PolicyVersion/Document, or /Policy for a policy in a JSON string.
  std::string policy;
  // Whose policy it is, for people, in files that hold several ("role ProdS3RWRole, trust policy"); else empty.
  std::string label;
  std::string pointer;  // RFC 6901 inside the policy document, e.g. /Statement/0/Effect
  Position begin;       // first character of the token
  Position end;         // one past its last character
  uint32_t offset = 0;  // byte offset of the token
  uint32_t length = 0;
  int32_t statement = -1;   // index in Policy::statements of the statement the token is in; -1 outside statements
  std::string fingerprint;  // identity across reformatting (docs/configuration.md); set by the lint step
  std::optional<SuppressionNote> suppressed;
  bool baselined = false;   // its fingerprint is in the baseline
  // Whether it counts: for the exit code, the summary and the text output.
  bool active() const noexcept { return !suppressed && !baselined; }
};

class Engine {
 public:
  explicit Engine(std::vector<const Rule*> rules);
  // With the severities and options `config` sets for the rules it names; the engine keeps copies.
  Engine(std::vector<const Rule*> rules, const Config& config);
  const std::vector<const Rule*>& rules() const noexcept { return rules_; }
  // The options the configuration gives a rule (empty for a rule it does not name): what Reporter::options() hands
  // the rule while it runs.
  const RuleOptions& options_for(std::string_view rule_id) const noexcept;
  // Findings ordered by position, then rule id, then message.
  std::vector<Finding> run(const Policy& policy) const;

 private:
  std::vector<const Rule*> rules_;
  std::vector<RuleOptions> options_;  // parallel to rules_
  std::vector<std::pair<const RuleMeta*, Severity>> severities_;  // the configuration's overrides
  std::vector<uint32_t> document_rules_, statement_rules_, node_rules_;  // indices in rules_
};

}  // namespace iamlint::linter
