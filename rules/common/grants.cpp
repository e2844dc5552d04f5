#include "rules/common/grants.hpp"

#include <algorithm>

#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/conditions.hpp"

namespace iamlint::rules {

using linter::Element;
using linter::Node;

const Node* star_resource(const linter::Policy& policy, const linter::Statement& statement) {
  const Node* resource = statement.get(Element::Resource);
  if (resource == nullptr) return nullptr;
  const Node* star = nullptr;
  linter::for_each_value(*policy.tree, *resource, [&](const Node& v) {
    if (star == nullptr && v.is_string() && v.text == "*") star = &v;
  });
  return star;
}

bool has_star_action(const linter::Policy& policy, const linter::Statement& statement) {
  const Node* action = statement.get(Element::Action);
  if (action == nullptr) return false;
  bool star = false;
  linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
    if (v.is_string() && v.text == "*") star = true;
  });
  return star;
}

bool is_scopable(const linter::ActionInfo& action, const linter::Catalog& catalog) noexcept {
  if (action.resources_begin == action.resources_end) return false;
  constexpr std::string_view kStarInPractice[][2] = {{"cloudwatch", "PutMetricData"}};
  for (const auto& a : kStarInPractice) {
    if (action.name == a[1] && catalog.service_of(action).prefix == a[0]) return false;
  }
  return true;
}

bool is_named_as_read(const linter::ActionInfo& action) noexcept {
  for (std::string_view verb : {"Get", "List", "Describe", "BatchGet", "Search"}) {
    if (action.name.size() > verb.size() && action.name.substr(0, verb.size()) == verb &&
        action.name[verb.size()] >= 'A' && action.name[verb.size()] <= 'Z') {
      return true;
    }
  }
  return false;
}

std::vector<uint32_t> catalog_indexes(std::span<const std::string_view> names, const linter::Catalog& catalog) {
  std::vector<uint32_t> out;
  const linter::ActionInfo* base = catalog.actions().data();
  for (std::string_view name : names) {
    if (const linter::ActionInfo* a = catalog.find_action(name)) out.push_back(static_cast<uint32_t>(a - base));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> intersect(std::span<const uint32_t> have, std::span<const uint32_t> wanted) {
  std::vector<uint32_t> out;
  std::set_intersection(have.begin(), have.end(), wanted.begin(), wanted.end(), std::back_inserter(out));
  return out;
}

std::string describe_actions(std::span<const uint32_t> actions, std::size_t shown, const linter::Catalog& catalog) {
  std::string out;
  std::size_t n = std::min(shown, actions.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += (i + 1 == n && actions.size() == n) ? " and " : ", ";
    out += catalog.full_name(catalog.actions()[actions[i]]);
  }
  if (actions.size() > n) out += " and " + std::to_string(actions.size() - n) + " more";
  return out;
}

namespace {

// The statement's actions on "*" among `candidates` (sorted catalog indexes) that `keep` selects, scopable, not
// excluded by its conditions and not denied.
template <typename Keep>
std::vector<uint32_t> select_on_star(const linter::Policy& policy, const linter::Statement& statement,
                                     std::span<const uint32_t> candidates, Keep&& keep,
                                     const linter::Catalog& catalog) {
  std::vector<uint32_t> selected;
  bool has_condition = statement.has(Element::Condition);
  for (uint32_t a : candidates) {
    const linter::ActionInfo& action = catalog.actions()[a];
    if (!is_scopable(action, catalog) || !keep(a)) continue;
    if (has_condition && condition_excludes_action(*policy.tree, statement, action, catalog)) continue;
    selected.push_back(a);
  }
  if (selected.empty()) return selected;
  return without_denied(policy, selected, "*", catalog);
}

bool grants_on_star(const linter::Policy& policy, const linter::Statement& statement) {
  if (statement.effect != linter::Effect::Allow || !statement.has(Element::Action)) return false;
  return star_resource(policy, statement) != nullptr && !has_star_action(policy, statement);
}

}  // namespace

std::vector<uint32_t> scopable_on_star(const linter::Policy& policy, const linter::Statement& statement,
                                       const std::function<bool(uint32_t)>& keep, const linter::Catalog& catalog) {
  if (!grants_on_star(policy, statement)) return {};
  return select_on_star(policy, statement, linter::statement_actions(policy, statement, catalog).actions, keep,
                        catalog);
}

void report_wanted_on_star(const linter::Policy& policy, const linter::Statement& statement,
                           std::span<const uint32_t> wanted, std::string_view message,
                           std::string_view narrowed_message, linter::Reporter& out) {
  if (!grants_on_star(policy, statement)) return;
  // `wanted` is a short list and a statement may cover thousands of actions: intersect from the short side.
  const linter::Catalog& catalog = linter::Catalog::embedded();
  const std::vector<uint32_t>& covered = linter::statement_actions(policy, statement, catalog).actions;
  std::vector<uint32_t> both;
  for (uint32_t a : wanted) {
    if (std::binary_search(covered.begin(), covered.end(), a)) both.push_back(a);
  }
  if (both.empty()) return;
  std::vector<uint32_t> found = select_on_star(policy, statement, both, [](uint32_t) { return true; }, catalog);
  if (found.empty()) return;
  const Node& star = *star_resource(policy, statement);
  std::string count = std::to_string(found.size());
  std::string names = describe_actions(found);
  unsigned narrowed = narrowing_of(*policy.tree, statement) & kNarrowGrant;
  if (narrowed != kNarrowNone) {
    std::string keys = narrowing_keys(*policy.tree, statement, narrowed);
    out.report_at(linter::Severity::Warning, star, narrowed_message, {count, names, keys});
  } else {
    out.report(star, message, {count, names});
  }
}

}  // namespace iamlint::rules
