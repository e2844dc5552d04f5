#include <string>
#include <vector>

#include "linter/catalog.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"not-an-arn", "\"{0}\" is neither \"*\" nor an ARN (arn:partition:service:region:account:resource)"},
    {"too-few-fields",
     "\"{0}\" has fewer than six colon-separated fields: an ARN is arn:partition:service:region:account:resource, "
     "with empty fields kept (arn:aws:s3:::bucket)"},
    {"unknown-partition",
     "\"{0}\" is not a partition: use aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f or aws-eusc"},
    {"service-not-lowercase", "the service \"{0}\" of an ARN is written in lower case: \"{1}\""},
    {"unknown-arn-service", "\"{0}\" is not the service of any ARN AWS publishes"},
    {"unknown-arn-service-did-you-mean", "\"{0}\" is not the service of any ARN AWS publishes; did you mean \"{1}\"?"},
    {"invalid-region", "\"{0}\" is not a region code such as us-east-1 or eu-west-2"},
    {"invalid-account", "\"{0}\" is not an account id: an account id is 12 digits"},
    {"unexpected-region", "{0} ARNs of this form have no region: write \"{1}\""},
    {"unexpected-account", "{0} ARNs of this form have no account: write \"{1}\""},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_ARN_PREFIX"},
    {"Access Analyzer", "MISSING_ARN_FIELD"},
    {"Access Analyzer", "INVALID_PARTITION"},
    {"Access Analyzer", "INVALID_ARN_SERVICE_CASE"},
    {"Access Analyzer", "INVALID_ARN_REGION"},
    {"Access Analyzer", "INVALID_ARN_ACCOUNT"},
    {"Access Analyzer", "ARN_REGION_NOT_ALLOWED"},
    {"Access Analyzer", "ARN_ACCOUNT_NOT_ALLOWED"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM114",
    .name = "invalid-arn",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Resource ARN is malformed.",
    .description = "Checks each `Resource` and `NotResource` string other than `*` as an ARN "
                   "`arn:partition:service:region:account:resource` and flags, one message per fault: a value that "
                   "does not start with `arn:`; fewer than six fields; an unknown partition; a service that is not "
                   "lower case or is not the service of any ARN format in the Service Authorization Reference; a "
                   "region that is not a region code; an account that is neither 12 digits nor a value a catalog "
                   "format names (`aws` in `arn:aws:iam::aws:policy/...`); a region or an account where every "
                   "catalog format that fits the resource part has none (IAM, S3 buckets and objects, Route 53, "
                   "CloudFront). Fields holding `*`, `?` or a policy variable are not checked; colons inside "
                   "`${...}` do not split fields.",
    .rationale = "IAM accepts most malformed ARNs and then matches them against nothing: the statement grants or "
                 "denies nothing for the resource the author had in mind. `arn:aws:s3:us-east-1:111122223333:bucket` "
                 "is not the bucket's ARN, `arn:aws:iam:us-east-1:...` is not a role's, and an 11-digit account "
                 "or a `aws-us-east-1` partition are typos that no review of the JSON catches.",
    .fix = "Write the ARN as the Service Authorization Reference gives it for the resource type, e.g. "
           "`arn:aws:s3:::example-bucket/*`, `arn:aws:iam::111122223333:role/deploy`, "
           "`arn:aws:sqs:us-east-1:111122223333:orders`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

using validity::is_pattern;

bool lower_case(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

class InvalidArn final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Resource, Element::NotResource}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      linter::for_each_value(*policy.tree, *element, [&](const Node& v) {
        if (v.is_string()) check(v, out);
      });
    }
  }

 private:
  static void check(const Node& v, Reporter& out) {
    std::string_view text = v.text;
    if (text == "*") return;
    if (text.substr(0, 4) != "arn:") {
      if (!linter::only_wildcards(text)) out.report(v, "not-an-arn", {text});
      return;
    }
    auto arn = validity::split_arn(text);
    if (!arn) {
      // "arn:aws:s3:*" may cover whole ARNs with its wildcard; only a value with no wildcard is surely short
      if (!is_pattern(text)) out.report(v, "too-few-fields", {text});
      return;
    }
    if (!is_pattern(arn->partition) && !validity::is_known_partition(arn->partition)) {
      out.report(v, "unknown-partition", {arn->partition});
    }
    if (is_pattern(arn->service)) return;
    const validity::ArnFormats& formats = validity::ArnFormats::embedded();
    if (!lower_case(arn->service)) {
      std::string lowered(arn->service);
      for (char& c : lowered) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      out.report(v, "service-not-lowercase", {arn->service, lowered});
      return;
    }
    auto of_service = formats.of_service(arn->service);
    if (of_service.empty()) {
      if (linter::Catalog::embedded().find_service(arn->service) != nullptr) return;  // a service without formats
      std::string_view near = did_you_mean(arn->service, formats.services());
      if (near.empty()) out.report(v, "unknown-arn-service", {arn->service});
      else out.report(v, "unknown-arn-service-did-you-mean", {arn->service, near});
      return;
    }
    // Only a literal region or account can be unexpected or invalid; most ARNs leave both empty or use patterns.
    bool literal_region = !arn->region.empty() && !is_pattern(arn->region);
    bool literal_account = !arn->account.empty() && !is_pattern(arn->account);
    if (!literal_region && !literal_account) return;
    // The formats that fit the resource part decide whether a region and an account belong in the ARN.
    std::string resource = validity::policy_glob(arn->resource);
    bool any_fits = false, fits_with_region = false, fits_with_account = false;
    bool region_literal = false, account_literal = false;
    for (const validity::ArnFormat& f : of_service) {
      if (f.region == arn->region) region_literal = true;
      if (f.account == arn->account) account_literal = true;
      if (!validity::globs_intersect(resource, f.resource_glob)) continue;
      any_fits = true;
      if (!f.region.empty()) fits_with_region = true;
      if (!f.account.empty()) fits_with_account = true;
    }
    bool drop_region = !arn->region.empty() && !is_pattern(arn->region) && any_fits && !fits_with_region;
    bool drop_account = !arn->account.empty() && !is_pattern(arn->account) && any_fits && !fits_with_account;
    std::string fixed = drop_region || drop_account ? without(text, *arn, drop_region, drop_account) : std::string();
    if (drop_region) {
      out.report(v, "unexpected-region", {service_name(arn->service), fixed});
    } else if (!arn->region.empty() && !is_pattern(arn->region) && !region_literal &&
               !validity::is_region_code(arn->region)) {
      out.report(v, "invalid-region", {arn->region});
    }
    if (drop_account) {
      out.report(v, "unexpected-account", {service_name(arn->service), fixed});
    } else if (!arn->account.empty() && !is_pattern(arn->account) && !account_literal && arn->account != "aws" &&
               !validity::is_account_id(arn->account)) {
      out.report(v, "invalid-account", {arn->account});
    }
  }

  static std::string service_name(std::string_view service) {
    const linter::ServiceInfo* info = linter::Catalog::embedded().find_service(service);
    return info != nullptr ? std::string(info->name) : std::string(service);
  }

  // The ARN with its region and/or account field emptied.
  static std::string without(std::string_view text, const validity::ArnParts& arn, bool region, bool account) {
    auto offset = [&](std::string_view field) { return static_cast<std::size_t>(field.data() - text.data()); };
    std::string out(text.substr(0, offset(arn.region)));
    if (!region) out.append(arn.region);
    out.append(":");
    if (!account) out.append(arn.account);
    out.append(text.substr(offset(arn.account) + arn.account.size()));
    return out;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_arn() { return std::make_unique<InvalidArn>(); }

}  // namespace iamlint::rules
