// Whether a Resource ARN leaves out a region or an account that its resource type's ARN format has, shared by
// IAM125 missing-arn-region and IAM126 missing-arn-account (IAM114 reports the opposite: a field given where the
// format has none).
#pragma once

#include <string_view>

#include "linter/rule.hpp"
#include "rules/common/validity_arn.hpp"

namespace iamlint::rules::validity {

enum class ArnField : uint8_t { Region, Account };

// For an ARN whose `field` is empty and whose service is literal: the catalog format that shows the field, when every
// format of the service that fits the ARN's resource part has that field (so the empty field matches no resource).
// Null otherwise, and for values that are not ARNs.
const ArnFormat* format_missing_field(std::string_view arn_text, ArnField field);

// Reports `message_id` with {ARN, service name, catalog format} on each Resource and NotResource value of the
// statement that format_missing_field finds.
void report_missing_field(const linter::Policy& policy, const linter::Statement& s, linter::Reporter& out,
                          ArnField field, std::string_view message_id);

}  // namespace iamlint::rules::validity
