#include "linter/text.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/common/validity_resources.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"wildcard-in-arn-service",
     "the service field \"{0}\" of \"{1}\" holds a wildcard: it matches every service whose name fits, today's and "
     "future ones; name the services"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "WILDCARD_IN_SERVICE_NAME"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM133",
    .name = "wildcard-in-arn-service",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Validity,
    .summary = "A Resource ARN's service field holds a wildcard.",
    .description = "Flags a `Resource` or `NotResource` ARN whose service field holds `*` or `?` next to other "
                   "characters (`arn:aws:*code*::111122223333:*`, `arn:aws:s3*:::*`). A service field that is `*` "
                   "alone is left alone: it says plainly that it means every service. Wildcards in actions' service "
                   "prefixes are IAM104's.",
    .rationale = "A partial wildcard in the service field reads as a short list of services but matches every "
                 "service whose name fits the pattern, including services AWS launches later: more than a dozen "
                 "services contain `code` in their name.",
    .fix = "List one ARN per service you mean.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class WildcardInArnService final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_resource_string(policy, s, [&](const Node& v) {
      auto arn = validity::split_arn(v.text);
      if (!arn || !linter::has_wildcard(arn->service)) return;
      if (arn->service.find_first_not_of("*?") == std::string_view::npos) return;  // "*", or "**" written twice
      out.report(v, "wildcard-in-arn-service", {arn->service, v.text});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_wildcard_in_arn_service() { return std::make_unique<WildcardInArnService>(); }

}  // namespace iamlint::rules
