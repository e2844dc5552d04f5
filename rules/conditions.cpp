#include "rules/conditions.hpp"

#include <array>

namespace iamlint::rules {

namespace {

using linter::ConditionQualifier;
using linter::iequals;
using linter::Node;

struct KeyNarrowing {
  std::string_view key;
  unsigned kind;
  bool always_present;  // present in every request by an IAM principal, so IfExists does not weaken it
};

constexpr std::array<KeyNarrowing, 15> kKeys = {{
    {"aws:PrincipalArn", kNarrowPrincipal, true},
    {"aws:PrincipalAccount", kNarrowPrincipal, true},
    {"aws:userid", kNarrowPrincipal, true},
    {"aws:username", kNarrowPrincipal, false},
    {"aws:PrincipalOrgID", kNarrowOrganization, false},
    {"aws:PrincipalOrgPaths", kNarrowOrganization, false},
    {"sts:ExternalId", kNarrowExternalId, false},
    {"aws:MultiFactorAuthAge", kNarrowMfa, false},
    {"aws:SourceArn", kNarrowSource, false},
    {"aws:SourceAccount", kNarrowSource, false},
    {"aws:SourceOrgID", kNarrowSource, false},
    {"aws:SourceOrgPaths", kNarrowSource, false},
    {"aws:SourceIp", kNarrowNetwork, false},
    {"aws:SourceVpc", kNarrowNetwork, false},
    {"aws:SourceVpce", kNarrowNetwork, false},
}};

// Operators that, when satisfied, pin the key to the listed values (or ranges).
bool is_positive(std::string_view op) {
  for (std::string_view p : {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
                             "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
                             "NumericGreaterThanEquals", "IpAddress", "DateLessThan", "DateGreaterThan",
                             "DateLessThanEquals", "DateGreaterThanEquals", "DateEquals"}) {
    if (op == p) return true;
  }
  return false;
}

// A value list that anything matches ("*" with a Like operator) does not narrow.
bool matches_anything(const linter::JsonTree& tree, const Node& values) {
  bool any = false;
  linter::for_each_value(tree, values, [&](const Node& v) {
    if (v.is_string() && (v.text == "*" || v.text == "0.0.0.0/0" || v.text == "::/0")) any = true;
  });
  return any;
}

bool is_true(const linter::JsonTree& tree, const Node& values) {
  bool all_true = values.child_count > 0 || !values.is_array();
  linter::for_each_value(tree, values, [&](const Node& v) {
    bool t = (v.is_string() && iequals(v.text, "true")) || (v.type == linter::JsonType::Bool && v.text == "true");
    if (!t) all_true = false;
  });
  return all_true;
}

}  // namespace

unsigned narrowing_of(const linter::JsonTree& tree, const linter::Statement& statement) {
  const Node* condition = statement.get(linter::Element::Condition);
  if (condition == nullptr || !condition->is_object()) return kNarrowNone;
  unsigned result = kNarrowNone;
  for (const Node& op_node : tree.children(*condition)) {
    if (!op_node.is_object()) continue;
    linter::ConditionOperator op = linter::parse_condition_operator(op_node.key);
    if (op.qualifier == ConditionQualifier::ForAllValues) continue;
    for (const Node& key : tree.children(op_node)) {
      if (iequals(key.key, "aws:MultiFactorAuthPresent")) {
        if (op.base == "Bool" && !op.if_exists && is_true(tree, key)) result |= kNarrowMfa;
        continue;
      }
      for (const KeyNarrowing& k : kKeys) {
        if (!iequals(key.key, k.key)) continue;
        if (!is_positive(op.base) || (op.if_exists && !k.always_present) || matches_anything(tree, key)) break;
        result |= k.kind;
        break;
      }
    }
  }
  return result;
}

}  // namespace iamlint::rules
