// The published IAM privilege-escalation methods: sets of actions that, granted together on every resource, let a
// principal give itself more permissions than it has. Data, so that the rule stays small and the list reviewable.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace iamlint::rules {

struct EscalationMethod {
  std::string_view name;                   // short, stable: "iam:PassRole + ec2:RunInstances"
  std::string_view how;                    // one clause for the message
  std::array<std::string_view, 4> actions;  // all needed, first is where the finding points; unused slots empty
};

std::span<const EscalationMethod> escalation_methods() noexcept;

}  // namespace iamlint::rules
