#include "rules/hygiene/coverage.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-resource", "\"{0}\" is already listed at {1}; remove it"},
    {"covered-resource", "\"{0}\" is already matched by \"{1}\" at {2}; remove it"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "REDUNDANT_RESOURCE"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM302",
    .name = "redundant-resource",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "A Resource value is already matched by another value of the same element.",
    .description =
        "Flags a value of a `Resource` or `NotResource` element that another value of the same element makes "
        "redundant: an exact repeat of an earlier value, or an ARN that a wildcard value certainly matches, such as "
        "`arn:aws:s3:::amzn-s3-demo-bucket/reports/2024.csv` next to `arn:aws:s3:::amzn-s3-demo-bucket/*`, or "
        "anything next to `*`. ARNs are compared case-sensitively and segment by segment, following the IAM User "
        "Guide: wildcards match within a colon-separated segment, and a `*` that ends a segment may also match "
        "across colons. So `arn:aws:s3:::example-logs-*` covers `arn:aws:s3:::example-logs-*/*` (a `*` matches "
        "`/` as well), and `arn:aws:logs:us-east-1:111122223333:log-group:app-*` covers the same ARN followed by "
        "`:log-stream:*`. Where coverage would depend on what a request holds, nothing is reported: a `*` that "
        "does not end its segment is not taken to absorb a policy variable, whose value may contain colons, so "
        "`arn:aws:s3:::home/*/notes.txt` is not said to cover `arn:aws:s3:::home/${aws:username}/notes.txt`. Of "
        "two equivalent patterns, the later is reported. Values in different statements are not compared.",
    .rationale = "A redundant ARN changes nothing that the statement applies to, but it makes the statement look "
                 "narrower than it is: a reviewer who sees a single object's ARN may miss the bucket-wide `/*` "
                 "beside it. It also costs policy size, which IAM limits.",
    .fix = "Remove the reported value. If the specific resource was what you meant, remove the wildcard value "
           "instead.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class RedundantResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Resource, Element::NotResource}) {
      const Node* element = s.get(e);
      if (element == nullptr || !element->is_array()) continue;
      for (const RedundantValue& r : redundant_values(*policy.tree, *element, ValueKind::Resource)) {
        std::string at = line_col(policy, r.by->span.offset);
        if (r.duplicate) {
          out.report(*r.value, "duplicate-resource", {r.value->text, at});
        } else {
          out.report(*r.value, "covered-resource", {r.value->text, r.by->text, at});
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_resource() { return std::make_unique<RedundantResource>(); }

}  // namespace iamlint::rules
