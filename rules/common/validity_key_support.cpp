#include "rules/common/validity_key_support.hpp"

#include "linter/model.hpp"
#include "rules/common/validity_actions.hpp"

namespace iamlint::rules::validity {

const linter::ConditionKeyInfo* service_key_entry(const linter::Catalog& catalog, const linter::ServiceInfo& service,
                                                  std::string_view key) noexcept {
  return catalog.find_service_key(service, key);
}

bool action_supports_key(const linter::Catalog& catalog, const linter::ActionInfo& action,
                         const linter::ConditionKeyInfo& entry) noexcept {
  auto index = static_cast<uint32_t>(&entry - catalog.condition_keys().data());
  auto listed = [&](uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end; ++i) {
      if (catalog.key_refs()[i] == index) return true;
    }
    return false;
  };
  if (listed(action.keys_begin, action.keys_end)) return true;
  for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
    const linter::ResourceTypeInfo& type = catalog.resource_types()[catalog.resource_refs()[r].type];
    if (listed(type.keys_begin, type.keys_end)) return true;
  }
  return false;
}

bool is_session_key(std::string_view key) noexcept {
  constexpr std::string_view kSessionKeys[] = {
      "ec2:SourceInstanceARN", "ec2:RoleDelivery", "ssm:SourceInstanceARN", "lambda:SourceFunctionArn",
      "glue:RoleAssumedBy", "glue:CredentialIssuingService",
  };
  for (std::string_view k : kSessionKeys) {
    if (linter::iequals(k, key)) return true;
  }
  return false;
}

bool is_literal_action(std::string_view value) noexcept {
  ActionValue a = read_action(value);
  return a.form == ActionForm::Named && !linter::has_wildcard(a.action);
}

}  // namespace iamlint::rules::validity
