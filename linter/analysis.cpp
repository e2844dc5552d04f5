#include "linter/analysis.hpp"

#include <algorithm>
#include <stdexcept>

#include "linter/text.hpp"

namespace iamlint::linter {

namespace {

// Expands one element's string values into `found`, and records what each value names in `facts`. Literal actions
// are hashed first and looked up after, so that their cache misses overlap.
void expand_element(const Policy& policy, const Node& element, const Catalog& catalog,
                    std::vector<const ActionInfo*>& found, StatementActions& facts, bool& every_action,
                    std::vector<const Node*>& unmatched) {
  const std::size_t first_fact = facts.values.size();
  struct Pending {
    std::size_t fact;
    std::string_view name;
    uint64_t hash;
  };
  std::vector<Pending> pending;
  // Lists run by service ("ec2:A", "ec2:B", …): the previous value's service is the likely one.
  std::string_view last_prefix;
  const ServiceInfo* last_service = nullptr;
  for_each_value(*policy.tree, element, [&](const Node& v) {
    if (!v.is_string()) return;
    ActionValueFacts f{&v};
    if (v.text == "*") {
      every_action = true;
      f.matched = static_cast<uint32_t>(catalog.actions().size());
    } else if (std::size_t colon = v.text.find(':'); colon != std::string_view::npos) {
      std::string_view service = v.text.substr(0, colon), name = v.text.substr(colon + 1);
      if (has_wildcard(service)) {
        std::size_t before = found.size();
        catalog.expand(v.text, found);
        f.matched = static_cast<uint32_t>(found.size() - before);
      } else if ((f.service = service == last_prefix ? last_service : catalog.find_service(service)) != nullptr) {
        last_prefix = service;
        last_service = f.service;
        if (!has_wildcard(name)) {
          pending.push_back({facts.values.size(), name, catalog.action_hash(*f.service, name)});
        } else {
          std::size_t before = found.size();
          catalog.expand_in(*f.service, name, found);
          f.matched = static_cast<uint32_t>(found.size() - before);
        }
      }
    }
    facts.values.push_back(f);
  });
  for (const Pending& p : pending) {
    ActionValueFacts& f = facts.values[p.fact];
    f.action = catalog.find_action(*f.service, p.name, p.hash);
    if (f.action != nullptr) {
      found.push_back(f.action);
      f.matched = 1;
    }
  }
  for (std::size_t i = first_fact; i < facts.values.size(); ++i) {
    const ActionValueFacts& f = facts.values[i];
    if (f.matched == 0 && f.node->text != "*") unmatched.push_back(f.node);
  }
}

// Sorted, unique catalog indexes of `found`.
void to_indexes(const Catalog& catalog, const std::vector<const ActionInfo*>& found, std::vector<uint32_t>& out) {
  const ActionInfo* base = catalog.actions().data();
  out.reserve(found.size());
  for (const ActionInfo* a : found) out.push_back(static_cast<uint32_t>(a - base));
  // Each pattern appends in table order, and policies often list their patterns sorted: then nothing to sort.
  if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
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
  const Node* action = statement.get(Element::Action);
  const Node* not_action = statement.get(Element::NotAction);
  std::vector<const ActionInfo*> found;
  if (action != nullptr) {
    expand_element(policy, *action, catalog, found, out, out.every_action, out.unmatched);
    if (out.every_action) {
      out.actions.resize(catalog.actions().size());
      for (uint32_t i = 0; i < out.actions.size(); ++i) out.actions[i] = i;
    } else {
      to_indexes(catalog, found, out.actions);
    }
  }
  if (not_action != nullptr) {
    // With both elements (IAM007), Action decides the set; NotAction's values still get their facts.
    std::vector<const ActionInfo*> excluded_found;
    std::vector<const Node*> excluded_unmatched;
    bool excludes_all = false;
    expand_element(policy, *not_action, catalog, excluded_found, out, excludes_all, excluded_unmatched);
    if (action == nullptr) {
      out.unmatched = std::move(excluded_unmatched);
      if (!excludes_all) {
        std::vector<uint32_t> excluded;
        to_indexes(catalog, excluded_found, excluded);
        std::size_t k = 0;
        for (uint32_t i = 0; i < catalog.actions().size(); ++i) {
          while (k < excluded.size() && excluded[k] < i) ++k;
          if (k == excluded.size() || excluded[k] != i) out.actions.push_back(i);
        }
        out.every_action = excluded.empty();
      }
    }
  }
  if (action != nullptr && not_action != nullptr && not_action->span.offset < action->span.offset) {
    std::stable_sort(out.values.begin(), out.values.end(),
                     [](const ActionValueFacts& a, const ActionValueFacts& b) { return a.node < b.node; });
  }
  return out;
}

const ActionValueFacts* action_value_facts(const Policy& policy, const Statement& statement, const Node& value,
                                           const Catalog& catalog) {
  const StatementActions& a = statement_actions(policy, statement, catalog);
  auto it = std::lower_bound(a.values.begin(), a.values.end(), &value,
                             [](const ActionValueFacts& f, const Node* n) { return f.node < n; });
  return it != a.values.end() && it->node == &value ? &*it : nullptr;
}

bool statement_covers(const Policy& policy, const Statement& statement, const ActionInfo& action,
                      const Catalog& catalog) {
  const StatementActions& a = statement_actions(policy, statement, catalog);
  uint32_t index = static_cast<uint32_t>(&action - catalog.actions().data());
  return std::binary_search(a.actions.begin(), a.actions.end(), index);
}

}  // namespace iamlint::linter
