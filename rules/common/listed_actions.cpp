#include "linter/text.hpp"
#include "rules/common/listed_actions.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/conditions.hpp"

namespace iamlint::rules {

std::vector<uint32_t> required_catalog_indexes(std::span<const std::string_view> names,
                                               const linter::Catalog& catalog) {
  std::vector<uint32_t> out;
  out.reserve(names.size());
  for (std::string_view name : names) {
    const linter::ActionInfo* action = catalog.find_action(name);
    if (action == nullptr) {
      throw std::logic_error("action list names '" + std::string(name) + "', which the service catalog lacks");
    }
    out.push_back(static_cast<uint32_t>(action - catalog.actions().data()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<uint32_t> granted_listed_actions(const linter::Policy& policy, const linter::Statement& statement,
                                             std::span<const uint32_t> wanted, const linter::Catalog& catalog) {
  if (statement.effect != linter::Effect::Allow || !statement.has(linter::Element::Action)) return {};
  if (has_star_action(policy, statement)) return {};
  std::vector<uint32_t> found = intersect(linter::statement_actions(policy, statement, catalog).actions, wanted);
  if (found.empty()) return found;
  if (statement.has(linter::Element::Condition)) {
    std::erase_if(found, [&](uint32_t a) {
      return condition_excludes_action(*policy.tree, statement, catalog.actions()[a], catalog);
    });
  }
  const linter::Node* resource = statement.get(linter::Element::Resource);
  if (resource == nullptr) return without_denied(policy, found, "*", catalog);
  std::vector<uint32_t> kept;
  linter::for_each_value(*policy.tree, *resource, [&](const linter::Node& v) {
    if (!v.is_string()) return;
    for (uint32_t a : without_denied(policy, found, v.text, catalog)) kept.push_back(a);
  });
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  return kept;
}

const linter::Node* action_value_for(const linter::Policy& policy, const linter::Statement& statement,
                                     const linter::ActionInfo& action, const linter::Catalog& catalog) {
  const linter::Node* element = statement.get(linter::Element::Action);
  if (element == nullptr) return nullptr;
  std::string name = catalog.full_name(action);
  const linter::Node* literal = nullptr;
  const linter::Node* pattern = nullptr;
  linter::for_each_value(*policy.tree, *element, [&](const linter::Node& v) {
    if (literal != nullptr || !v.is_string() || !linter::wildcard_match_icase(v.text, name)) return;
    if (!linter::has_wildcard(v.text)) {
      literal = &v;
    } else if (pattern == nullptr) {
      pattern = &v;
    }
  });
  return literal != nullptr ? literal : pattern;
}

bool may_name_role(std::string_view resource) {
  if (resource.substr(0, 4) != "arn:") return false;
  static const std::string kRole = std::string("arn:") + validity::kSegmentStar + ":iam::" + validity::kSegmentStar +
                                   ":role/*";
  return validity::globs_intersect(validity::policy_glob(resource), kRole);
}

bool grants_permissions(linter::PolicyType type) noexcept {
  return type == linter::PolicyType::Identity || type == linter::PolicyType::Resource;
}

}  // namespace iamlint::rules
