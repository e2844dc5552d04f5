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
  for (std::size_t i = 0; i < kOperators.size(); ++i) names[i] = kOperators[i].name;
  return names;
}();

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

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

bool key_matches(std::string_view catalog_key, std::string_view key) noexcept {
  // One service writes its tag template as "ResourceTag/tag-key" rather than "ResourceTag/${TagKey}".
  constexpr std::string_view kTagKey = "/tag-key";
  if (catalog_key.size() > kTagKey.size() && catalog_key.substr(catalog_key.size() - kTagKey.size()) == kTagKey) {
    std::string_view before = catalog_key.substr(0, catalog_key.size() - kTagKey.size() + 1);
    return key.size() > before.size() && iequal(key.substr(0, before.size()), before);
  }
  std::size_t open = catalog_key.find_first_of("$<");
  if (open == std::string_view::npos) return iequal(catalog_key, key);
  std::size_t close = catalog_key.find_first_of("}>", open);
  if (close == std::string_view::npos) return iequal(catalog_key, key);
  std::string_view before = catalog_key.substr(0, open), after = catalog_key.substr(close + 1);
  if (key.size() <= before.size() + after.size()) return false;
  return iequal(key.substr(0, before.size()), before) && iequal(key.substr(key.size() - after.size()), after);
}

const linter::ConditionKeyInfo* find_service_key(const linter::Catalog& catalog, const linter::ServiceInfo& service,
                                                 std::string_view key) noexcept {
  auto keys = catalog.condition_keys();
  for (uint32_t i = service.keys_begin; i < service.keys_end; ++i) {
    if (key_matches(keys[i].name, key)) return &keys[i];
  }
  return nullptr;
}

const linter::ConditionKeyInfo* find_key(const linter::Catalog& catalog, std::string_view key) noexcept {
  return catalog.find_condition_key(key);
}

}  // namespace iamlint::rules::validity
