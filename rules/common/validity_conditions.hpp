// Condition operators and condition keys as the validity rules (IAM106–IAM113) see them: the documented operator
// families, and a key's catalog entry whether it is global, its own service's, or listed by another service.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "linter/catalog.hpp"
#include "linter/model.hpp"

namespace iamlint::rules::validity {

enum class OperatorFamily : uint8_t { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };
std::string_view family_name(OperatorFamily family) noexcept;  // "string", "numeric", …

struct OperatorInfo {
  std::string_view name;  // base name, as the IAM User Guide writes it: StringEquals, NotIpAddress
  OperatorFamily family;
  bool literal_equals;    // StringEquals and friends: the value is matched as written, * and ? included
};

// The documented base operator (without ForAllValues:/ForAnyValue: and IfExists), case-sensitive; null if none.
const OperatorInfo* find_operator(std::string_view base) noexcept;
std::span<const std::string_view> operator_names() noexcept;

// A key of `service`'s own list (which may name keys of other prefixes), or null.
const linter::ConditionKeyInfo* find_service_key(const linter::Catalog& catalog, const linter::ServiceInfo& service,
                                                 std::string_view key) noexcept;
// The catalog entry for a key: a global key, or a key of the service its prefix names. Null when unknown.
const linter::ConditionKeyInfo* find_key(const linter::Catalog& catalog, std::string_view key) noexcept;

// Calls f(operator_member, parsed_operator, key_member) for each key of each operator object of the statement's
// Condition; members of the wrong type are skipped (IAM016 reports them).
template <typename F>
void for_each_condition_key(const linter::JsonTree& tree, const linter::Statement& s, F&& f) {
  const linter::Node* condition = s.get(linter::Element::Condition);
  if (condition == nullptr || !condition->is_object()) return;
  for (const linter::Node& op : tree.children(*condition)) {
    if (!op.is_object()) continue;
    linter::ConditionOperator parsed = linter::parse_condition_operator(op.key);
    for (const linter::Node& key : tree.children(op)) f(op, parsed, key);
  }
}

}  // namespace iamlint::rules::validity
