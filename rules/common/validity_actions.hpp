// How the validity rules (IAM101–IAM105) read an Action or NotAction value, so that each malformed value is
// reported by exactly one of them.
#pragma once

#include <cstdint>
#include <string_view>

#include "linter/analysis.hpp"
#include "linter/model.hpp"
#include "linter/text.hpp"

namespace iamlint::rules::validity {

enum class ActionForm : uint8_t {
  Everything,       // "*"
  Malformed,        // IAM105's: empty, whitespace, no colon, several colons, an empty side
  WildcardService,  // IAM104's: a * or ? before the colon
  Named,            // service:action, where the action part may hold * and ?
};

struct ActionValue {
  ActionForm form = ActionForm::Malformed;
  std::string_view service, action;  // set for WildcardService and Named
};

// One pass over the characters: every rule of IAM101-IAM105 reads every Action value.
inline ActionValue read_action(std::string_view v) noexcept {
  if (v.size() == 1 && v[0] == '*') return {ActionForm::Everything, {}, {}};
  std::size_t colon = std::string_view::npos;
  bool wild_service = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == ':') {
      if (colon != std::string_view::npos) return {};  // several colons
      colon = i;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return {};
    } else if ((c == '*' || c == '?') && colon == std::string_view::npos) {
      wild_service = true;
    }
  }
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == v.size()) return {};
  std::string_view service = v.substr(0, colon), action = v.substr(colon + 1);
  return {wild_service ? ActionForm::WildcardService : ActionForm::Named, service, action};
}

// Calls f(value node, its reading) for every string value of the statement's Action or NotAction.
template <typename F>
void for_each_action_value(const linter::Policy& policy, const linter::Statement& statement, F&& f) {
  for (linter::Element e : {linter::Element::Action, linter::Element::NotAction}) {
    const linter::Node* element = statement.get(e);
    if (element == nullptr) continue;
    linter::for_each_value(*policy.tree, *element, [&](const linter::Node& v) {
      if (v.is_string()) f(v, read_action(v.text));
    });
  }
}

// Calls f(value node, its reading, what it names in the catalog) for every string value of the statement's Action
// and NotAction, in document order, from the statement's cached catalog facts (linter/analysis.hpp).
template <typename F>
void for_each_action_fact(const linter::Policy& policy, const linter::Statement& statement, F&& f) {
  for (const linter::ActionValueFacts& facts : linter::statement_actions(policy, statement).values) {
    f(*facts.node, read_action(facts.node->text), facts);
  }
}

}  // namespace iamlint::rules::validity
