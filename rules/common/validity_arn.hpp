// ARN syntax and matching against the service catalog's resource type formats, shared by the validity rules
// (IAM114 invalid-arn, IAM115 resource-matches-no-resource-type, IAM117 invalid-principal).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/catalog.hpp"

namespace iamlint::rules::validity {

// The six colon-separated fields of an ARN; `resource` is everything after the fifth colon (it may hold colons).
// Colons inside a policy variable (${aws:username}) do not separate fields.
struct ArnParts {
  std::string_view partition, service, region, account, resource;
};
// Null when the text does not start with "arn:" or has fewer than six fields.
std::optional<ArnParts> split_arn(std::string_view text) noexcept;

// The partitions AWS documents: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.
bool is_known_partition(std::string_view partition) noexcept;
// A region code such as us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1.
bool is_region_code(std::string_view region) noexcept;
bool is_account_id(std::string_view account) noexcept;  // 12 digits
// Whether a policy text has a wildcard (* or ?) or a policy variable (${...}): it then stands for many values.
bool is_pattern(std::string_view text) noexcept;

// A policy ARN as a glob: * and ? stay wildcards and each policy variable becomes *.
std::string policy_glob(std::string_view text);

// Whether two globs can match a common string. `a` uses * and ?; `b` uses * and ? and kSegmentStar (any run
// without ':') and kPathStar (any run without '/'). Case-insensitive.
inline constexpr char kSegmentStar = '\x01';
inline constexpr char kPathStar = '\x02';
bool globs_intersect(std::string_view a, std::string_view b);

// A catalog resource type's ARN format, split into fields, with its placeholders turned into wildcards:
// arn:${Partition}:s3:::${BucketName}/${ObjectName} gives service "s3" and the glob "arn:\1:s3:::\2/*".
struct ArnFormat {
  uint32_t type = 0;  // index into Catalog::resource_types()
  std::string_view service, region, account;  // as written in the catalog (region/account may be placeholders)
  std::string glob;                           // the whole format as a glob for globs_intersect's `b`
  std::string resource_glob;                  // the resource part alone
};

// Every catalog ARN format, indexed by the ARN's service field. Built once from the embedded catalog.
class ArnFormats {
 public:
  static const ArnFormats& embedded();
  explicit ArnFormats(const linter::Catalog& catalog);

  // The formats whose service field is `service` (exact, lower case), in catalog order.
  std::span<const ArnFormat> of_service(std::string_view service) const noexcept;
  // The format of a resource type, or null when the catalog publishes none.
  const ArnFormat* of_type(uint32_t type) const noexcept;
  // Every distinct service field, sorted: what did_you_mean may offer.
  std::span<const std::string_view> services() const noexcept { return services_; }

 private:
  std::vector<ArnFormat> formats_;              // sorted by service, then catalog order
  std::vector<uint32_t> by_type_;               // resource type -> index into formats_, or UINT32_MAX
  std::vector<std::string_view> services_;
};

// Whether a policy ARN (already a policy_glob) can name a resource of this format.
bool format_matches(const ArnFormat& format, std::string_view policy_arn_glob);

}  // namespace iamlint::rules::validity
