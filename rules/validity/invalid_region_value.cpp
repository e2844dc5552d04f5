#include <string>

#include "rules/common/validity_arn.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-region-value",
     "\"{0}\" is not a region code such as us-east-1 or eu-west-2: aws:RequestedRegion never has this value"},
    {"availability-zone-value",
     "\"{0}\" is an Availability Zone, not a region: aws:RequestedRegion holds \"{1}\""},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion",
    "https://docs.aws.amazon.com/general/latest/gr/rande.html#region-names-codes",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "INVALID_REGION"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM132",
    .name = "invalid-region-value",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An aws:RequestedRegion value is not a region code.",
    .description = "Flags a value compared with `aws:RequestedRegion` by a string operator that is not a region code "
                   "(letters, one or more `-word` parts, `-digits`, in lower case: `us-east-1`, `us-gov-west-1`, "
                   "`eu-isoe-west-1`), with a dedicated message for an Availability Zone (`us-east-1a`). Values with "
                   "`*`, `?` or a policy variable, and values of `...IgnoreCase` operators once lower-cased, are "
                   "read accordingly.",
    .rationale = "aws:RequestedRegion holds the region code of the endpoint the request was sent to. A value such as "
                 "`us-east`, `US-EAST-1` under `StringEquals`, or `eu-west-1a` never equals it: a region allow-list "
                 "in an `Allow` then misses the region, and the usual SCP `Deny` with `StringNotEquals` denies the "
                 "region the author meant to allow.",
    .fix = "Write the region code from the AWS General Reference's table of regions.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class InvalidRegionValue final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator& op,
                                                          const Node& key) {
      if (!op.base.starts_with("String") || !linter::iequals(key.key, "aws:RequestedRegion")) return;
      bool fold = op.base.ends_with("IgnoreCase");
      linter::for_each_value(*policy.tree, key, [&](const Node& v) {
        if (!v.is_string() || validity::is_pattern(v.text)) return;
        std::string text(v.text);
        if (fold) {
          for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        }
        if (validity::is_region_code(text)) return;
        // us-east-1a, use1-az1 aside: a region code followed by one letter is a zone
        if (text.size() > 1 && text.back() >= 'a' && text.back() <= 'z' &&
            validity::is_region_code(std::string_view(text).substr(0, text.size() - 1))) {
          out.report(v, "availability-zone-value", {v.text, std::string_view(v.text).substr(0, v.text.size() - 1)});
          return;
        }
        out.report(v, "invalid-region-value", {v.text});
      });
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_region_value() { return std::make_unique<InvalidRegionValue>(); }

}  // namespace iamlint::rules
