#include "rules/common/validity_arn_fields.hpp"

#include <string>

#include "linter/catalog.hpp"
#include "rules/common/validity_resources.hpp"

namespace iamlint::rules::validity {

namespace {

// Resources that AWS owns and publishes to every account have ARNs without an account, although the catalog format
// of their type has one: the resource part starts with one of these.
struct AccountlessResource {
  std::string_view service, resource_prefix;
};
constexpr AccountlessResource kAccountless[] = {
    // AWS-owned documents and automation runbooks (AWS-RunShellScript, AWSSupport-*), shared with every account
    // (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-ssm-docs.html), and public parameters
    // under /aws/service/; AWS's own managed policies name them with an empty account (AWSQuickSetupSSMDeploymentRolePolicy).
    {"ssm", "document/"},
    {"ssm", "automation-definition/"},
    {"ssm", "parameter/aws/"},
    // Views that AWS services create and own; AWS's own managed policies name them with an empty account
    // (CloudWatchApplicationSignalsFullAccess).
    {"resource-explorer-2", "view/AWSServiceViewFor"},
};

bool accountless(const ArnParts& arn) {
  for (const AccountlessResource& r : kAccountless) {
    if (arn.service == r.service && arn.resource.starts_with(r.resource_prefix)) return true;
  }
  return false;
}

}  // namespace

const ArnFormat* format_missing_field(std::string_view arn_text, ArnField field) {
  auto arn = split_arn(arn_text);
  if (!arn) return nullptr;
  std::string_view value = field == ArnField::Region ? arn->region : arn->account;
  if (!value.empty() || arn->service.empty() || is_pattern(arn->service)) return nullptr;
  if (field == ArnField::Account && accountless(*arn)) return nullptr;
  auto formats = ArnFormats::embedded().of_service(arn->service);
  if (formats.empty()) return nullptr;
  std::string resource = policy_glob(arn->resource);
  const ArnFormat* first = nullptr;
  for (const ArnFormat& f : formats) {
    if (!globs_intersect(resource, f.resource_glob)) continue;
    std::string_view has = field == ArnField::Region ? f.region : f.account;
    if (has.empty()) return nullptr;  // a fitting format without the field: the ARN may be one of those
    if (first == nullptr) first = &f;
  }
  return first;
}

void report_missing_field(const linter::Policy& policy, const linter::Statement& s, linter::Reporter& out,
                          ArnField field, std::string_view message_id) {
  for_each_resource_string(policy, s, [&](const linter::Node& v) {
    const ArnFormat* format = format_missing_field(v.text, field);
    if (format == nullptr) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::ServiceInfo* service = catalog.find_service(format->service);
    std::string_view name = service != nullptr ? service->name : format->service;
    out.report(v, message_id, {v.text, name, catalog.resource_types()[format->type].arn});
  });
}

}  // namespace iamlint::rules::validity
