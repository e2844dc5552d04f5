#include <string>

#include "rules/common/validity_conditions.hpp"
#include "rules/common/validity_resources.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"resource-whitespace",
     "\"{0}\" has whitespace at its start or end: IAM does not trim it, so the ARN names no resource; write \"{1}\""},
    {"principal-whitespace",
     "\"{0}\" has whitespace at its start or end: IAM does not trim principals, so it names no principal; write "
     "\"{1}\""},
    {"condition-key-whitespace",
     "the condition key \"{0}\" has whitespace at its start or end: it is not \"{1}\" and is never in the request "
     "context"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM130",
    .name = "whitespace-in-value",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Resource, Principal or condition key has leading or trailing whitespace.",
    .description = "Flags `Resource` and `NotResource` values, `Principal` and `NotPrincipal` values, and `Condition` "
                   "keys that start or end with a space, tab or line break. Action values are IAM105's.",
    .rationale = "The policy grammar has no place for whitespace around these values, and IAM compares them as "
                 "written: `\"arn:aws:s3:::bucket/* \"` matches no object, and a condition key `\" aws:SourceIp\"` is "
                 "not aws:SourceIp, so its condition is evaluated against a missing key. Such spaces come from copy "
                 "and paste or from templates, and are invisible in review.",
    .fix = "Remove the whitespace.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool padded(std::string_view s) { return !s.empty() && (space(s.front()) || space(s.back())); }
std::string trimmed(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

class WhitespaceInValue final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    validity::for_each_resource_string(policy, s, [&](const Node& v) {
      if (padded(v.text)) out.report(v, "resource-whitespace", {v.text, trimmed(v.text)});
    });
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      auto check = [&](const Node& v) {
        if (v.is_string() && padded(v.text)) out.report(v, "principal-whitespace", {v.text, trimmed(v.text)});
      };
      if (element->is_object()) {
        for (const Node& kind : tree.children(*element)) linter::for_each_value(tree, kind, check);
      } else {
        check(*element);
      }
    }
    validity::for_each_condition_key(tree, s, [&](const Node&, const linter::ConditionOperator&, const Node& k) {
      if (padded(k.key)) out.report(k, "condition-key-whitespace", {k.key, trimmed(k.key)}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_whitespace_in_value() { return std::make_unique<WhitespaceInValue>(); }

}  // namespace iamlint::rules
