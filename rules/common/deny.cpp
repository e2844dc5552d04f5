#include "rules/common/deny.hpp"

#include "linter/analysis.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {

namespace {

using linter::Element;
using linter::Node;

bool is_everyone(const linter::JsonTree& tree, const Node& principal) {
  if (principal.is_string()) return principal.text == "*";
  if (!principal.is_object()) return false;
  const Node* aws = tree.member(principal, "AWS");
  bool everyone = false;
  if (aws != nullptr) {
    linter::for_each_value(tree, *aws, [&](const Node& v) {
      if (v.is_string() && v.text == "*") everyone = true;
    });
  }
  return everyone;
}

// Whether the Deny statement's Resource/NotResource covers every resource `resource` names.
bool covers_resource(const linter::JsonTree& tree, const linter::Statement& deny, std::string_view resource) {
  bool covered = false;
  if (const Node* r = deny.get(Element::Resource)) {
    linter::for_each_value(tree, *r, [&](const Node& v) {
      // A pattern covers a value with wildcards when it matches the value's text taken literally, with "*" in the
      // value matched by "*" in the pattern: sound for the patterns policies use.
      if (v.is_string() && linter::wildcard_match_icase(v.text, resource)) covered = true;
    });
  } else if (const Node* nr = deny.get(Element::NotResource)) {
    // A symbolic exception (!GetAtt B.Arn) may be the very resource: the Deny is not known to cover it.
    if (linter::has_wildcard(resource) || linter::has_symbolic_value(tree, *nr)) return false;
    covered = true;
    linter::for_each_value(tree, *nr, [&](const Node& v) {
      if (v.is_string() && linter::wildcard_match_icase(v.text, resource)) covered = false;
    });
  } else {
    covered = true;  // a trust policy's statements name no resource: the role itself
  }
  return covered;
}

}  // namespace

bool is_unconditional_deny(const linter::Policy& policy, const linter::Statement& s) {
  if (s.effect != linter::Effect::Deny) return false;
  if (const Node* c = s.get(Element::Condition); c != nullptr && !(c->is_object() && c->child_count == 0)) return false;
  if (s.has(Element::NotPrincipal)) return false;
  if (const Node* p = s.get(Element::Principal); p != nullptr && !is_everyone(*policy.tree, *p)) return false;
  return true;
}

bool is_denied(const linter::Policy& policy, uint32_t action, std::string_view resource,
               const linter::Catalog& catalog) {
  for (const linter::Statement& s : policy.statements) {
    if (!is_unconditional_deny(policy, s)) continue;
    if (!covers_resource(*policy.tree, s, resource)) continue;
    if (linter::statement_covers(policy, s, catalog.actions()[action], catalog)) return true;
  }
  return false;
}

std::vector<uint32_t> without_denied(const linter::Policy& policy, std::span<const uint32_t> actions,
                                     std::string_view resource, const linter::Catalog& catalog) {
  std::vector<const linter::Statement*> denies;
  for (const linter::Statement& s : policy.statements) {
    if (is_unconditional_deny(policy, s) && covers_resource(*policy.tree, s, resource)) denies.push_back(&s);
  }
  if (denies.empty()) return {actions.begin(), actions.end()};
  std::vector<uint32_t> out;
  for (uint32_t a : actions) {
    bool denied = false;
    for (const linter::Statement* d : denies) {
      if (linter::statement_covers(policy, *d, catalog.actions()[a], catalog)) {
        denied = true;
        break;
      }
    }
    if (!denied) out.push_back(a);
  }
  return out;
}

bool is_fully_denied(const linter::Policy& policy, const linter::Statement& allow, const linter::Catalog& catalog) {
  bool any_deny = false;
  for (const linter::Statement& s : policy.statements) any_deny = any_deny || is_unconditional_deny(policy, s);
  if (!any_deny) return false;
  const linter::StatementActions& actions = linter::statement_actions(policy, allow, catalog);
  if (actions.actions.empty()) return false;
  std::vector<std::string_view> resources;
  if (const Node* r = allow.get(Element::Resource)) {
    if (linter::has_symbolic_value(*policy.tree, *r)) return false;  // a resource no Deny is known to cover
    linter::for_each_value(*policy.tree, *r, [&](const Node& v) {
      if (v.is_string()) resources.push_back(v.text);
    });
  } else {
    resources.emplace_back("*");
  }
  if (resources.empty()) return false;
  for (std::string_view r : resources) {
    if (!without_denied(policy, actions.actions, r, catalog).empty()) return false;
  }
  return true;
}

}  // namespace iamlint::rules
