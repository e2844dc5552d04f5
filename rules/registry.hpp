// The explicit list of rules, sorted by id.
#pragma once

#include <memory>
#include <vector>

#include "linter/rule.hpp"

namespace iamlint::rules {

// Owns one instance of every rule; rules are stateless, so one set serves every thread.
class Registry {
 public:
  Registry();
  const std::vector<const linter::Rule*>& all() const noexcept { return view_; }
  const linter::Rule* find(std::string_view id_or_name) const noexcept;

 private:
  std::vector<std::unique_ptr<linter::Rule>> rules_;
  std::vector<const linter::Rule*> view_;
};

}  // namespace iamlint::rules
