#include "rules/common/validity_conditions.hpp"

#include <array>

namespace iamlint::rules::validity {

namespace {

using F = OperatorFamily;

constexpr std::array<OperatorInfo, 27> kOperators = {{
    {"StringEquals", F::String, true},
    {"StringNotEquals", F::String, true},
    {"StringEqualsIgnoreCase", F::String, true},
    {"StringNotEqualsIgnoreCase", F::String, true},
    {"StringLike", F::String, false},
    {"StringNotLike", F::String, false},
    {"NumericEquals", F::Numeric, false},
    {"NumericNotEquals", F::Numeric, false},
    {"NumericLessThan", F::Numeric, false},
    {"NumericLessThanEquals", F::Numeric, false},
    {"NumericGreaterThan", F::Numeric, false},
    {"NumericGreaterThanEquals", F::Numeric, false},
    {"DateEquals", F::Date, false},
    {"DateNotEquals", F::Date, false},
    {"DateLessThan", F::Date, false},
    {"DateLessThanEquals", F::Date, false},
    {"DateGreaterThan", F::Date, false},
    {"DateGreaterThanEquals", F::Date, false},
    {"Bool", F::Bool, false},
    {"BinaryEquals", F::Binary, false},
    {"IpAddress", F::IpAddress, false},
    {"NotIpAddress", F::IpAddress, false},
    {"ArnEquals", F::Arn, false},  // ARN operators match each field with * and ?, ArnEquals included
    {"ArnLike", F::Arn, false},
    {"ArnNotEquals", F::Arn, false},
    {"ArnNotLike", F::Arn, false},
    {"Null", F::Null, false},
}};

constexpr auto kNames = [] {
  std::array<std::string_view, kOperators.size()> names{};
  // "!=", not "<": cppcheck 2.10 reads "i < kOperators" after the template argument above as a template
  for (std::size_t i = 0; i != kOperators.size(); ++i) names[i] = kOperators[i].name;
  return names;
}();

}  // namespace

std::string_view family_name(OperatorFamily family) noexcept {
  switch (family) {
    case F::String: return "string";
    case F::Numeric: return "numeric";
    case F::Date: return "date";
    case F::Bool: return "Boolean";
    case F::Binary: return "binary";
    case F::IpAddress: return "IP address";
    case F::Arn: return "ARN";
    case F::Null: return "null";
  }
  return "";
}

const OperatorInfo* find_operator(std::string_view base) noexcept {
  for (const OperatorInfo& op : kOperators) {
    if (op.name == base) return &op;
  }
  return nullptr;
}

std::span<const std::string_view> operator_names() noexcept { return kNames; }

const linter::ConditionKeyInfo* find_service_key(const linter::Catalog& catalog, const linter::ServiceInfo& service,
                                                 std::string_view key) noexcept {
  return catalog.find_service_key(service, key);
}

const linter::ConditionKeyInfo* find_key(const linter::Catalog& catalog, std::string_view key) noexcept {
  return catalog.find_condition_key(key);
}

}  // namespace iamlint::rules::validity
