// Runs a set of rules over one policy with a single walk, and turns raw findings into located, self-contained ones.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "linter/rule.hpp"

namespace iamlint::linter {

struct Finding {
  const RuleMeta* rule = nullptr;
  Severity severity = Severity::Error;
  std::string_view message_id;
  std::string message;
  std::string pointer;  // RFC 6901, e.g. /Statement/0/Effect
  Position begin;       // first character of the token
  Position end;         // one past its last character
  uint32_t offset = 0;  // byte offset of the token
  uint32_t length = 0;
};

class Engine {
 public:
  explicit Engine(std::vector<const Rule*> rules);
  const std::vector<const Rule*>& rules() const noexcept { return rules_; }
  // Findings ordered by position, then rule id, then message.
  std::vector<Finding> run(const Policy& policy) const;

 private:
  std::vector<const Rule*> rules_;
  std::vector<const Rule*> document_rules_, statement_rules_, node_rules_;
};

}  // namespace iamlint::linter
