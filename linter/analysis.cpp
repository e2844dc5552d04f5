#include "linter/analysis.hpp"

#include <algorithm>
#include <stdexcept>

namespace iamlint::linter {

namespace {

void expand_element(const Policy& policy, const Node& element, const Catalog& catalog, StatementActions& out) {
  std::vector<const ActionInfo*> found;
  for_each_value(*policy.tree, element, [&](const Node& v) {
    if (!v.is_string()) return;
    if (v.text == "*") {
      out.every_action = true;
      return;
    }
    std::size_t before = found.size();
    if (v.text.find(':') != std::string_view::npos) catalog.expand(v.text, found);
    if (found.size() == before) out.unmatched.push_back(&v);
  });
  const ActionInfo* base = catalog.actions().data();
  out.actions.reserve(found.size());
  for (const ActionInfo* a : found) out.actions.push_back(static_cast<uint32_t>(a - base));
  std::sort(out.actions.begin(), out.actions.end());
  out.actions.erase(std::unique(out.actions.begin(), out.actions.end()), out.actions.end());
}

}  // namespace

const StatementActions& statement_actions(const Policy& policy, const Statement& statement, const Catalog& catalog) {
  if (policy.action_cache.size() != policy.statements.size()) policy.action_cache.assign(policy.statements.size(), {});
  // The cache is keyed by the statement's place in the policy; a statement from elsewhere is a caller's bug.
  std::size_t slot = static_cast<std::size_t>(&statement - policy.statements.data());
  if (slot >= policy.action_cache.size()) throw std::logic_error("statement_actions: statement not in the policy");
  StatementActions& out = policy.action_cache[slot];
  if (out.computed) return out;
  out.computed = true;
  if (const Node* action = statement.get(Element::Action)) {
    expand_element(policy, *action, catalog, out);
    if (out.every_action) {
      out.actions.resize(catalog.actions().size());
      for (uint32_t i = 0; i < out.actions.size(); ++i) out.actions[i] = i;
    }
  } else if (const Node* not_action = statement.get(Element::NotAction)) {
    StatementActions excluded;
    expand_element(policy, *not_action, catalog, excluded);
    out.unmatched = std::move(excluded.unmatched);
    if (!excluded.every_action) {
      std::size_t k = 0;
      for (uint32_t i = 0; i < catalog.actions().size(); ++i) {
        while (k < excluded.actions.size() && excluded.actions[k] < i) ++k;
        if (k == excluded.actions.size() || excluded.actions[k] != i) out.actions.push_back(i);
      }
      out.every_action = excluded.actions.empty();
    }
  }
  return out;
}

bool statement_covers(const Policy& policy, const Statement& statement, const ActionInfo& action,
                      const Catalog& catalog) {
  const StatementActions& a = statement_actions(policy, statement, catalog);
  uint32_t index = static_cast<uint32_t>(&action - catalog.actions().data());
  return std::binary_search(a.actions.begin(), a.actions.end(), index);
}

}  // namespace iamlint::linter
