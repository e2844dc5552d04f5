#include "rules/hygiene/coverage.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-action", "\"{0}\" is already listed at {1}; remove it"},
    {"covered-action", "\"{0}\" is already matched by \"{1}\" at {2}; remove it"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "REDUNDANT_ACTION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM301",
    .name = "redundant-action",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "An Action value is already matched by another value of the same element.",
    .description =
        "Flags a value of an `Action` or `NotAction` element that another value of the same element makes "
        "redundant: a repeat of an earlier value (actions are compared without regard to case, as IAM compares "
        "them), or a value that a wildcard pattern already matches, such as `s3:GetObject` next to `s3:Get*`, "
        "anything next to `s3:*` or `*`. Coverage is decided on the patterns, not by listing today's catalog: "
        "pattern A covers B when every action name B could match, including actions AWS adds later, is matched by "
        "A (`s3:*` covers `s3:Get*`; `s3:*Object` does not cover `s3:Get*`, even if every `Get` action of today "
        "ended in `Object`). Of two equivalent patterns, the later is reported. Values in different statements are "
        "not compared.",
    .rationale = "A redundant value changes nothing that the statement allows or denies, but a reader has to work "
                 "that out. It hides the wildcard that does the real granting (a reviewer who sees `s3:GetObject` "
                 "listed may miss the `s3:*` beside it), and it costs policy size, which IAM limits.",
    .fix = "Remove the reported value. If the specific action was what you meant to grant, remove the wildcard "
           "instead, and list the actions that are needed.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class RedundantAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Action, Element::NotAction}) {
      const Node* element = s.get(e);
      if (element == nullptr || !element->is_array()) continue;
      for (const RedundantValue& r : redundant_values(*policy.tree, *element, ValueKind::Action)) {
        std::string at = line_col(policy, r.by->span.offset);
        if (r.duplicate) {
          out.report(*r.value, "duplicate-action", {r.value->text, at});
        } else {
          out.report(*r.value, "covered-action", {r.value->text, r.by->text, at});
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_action() { return std::make_unique<RedundantAction>(); }

}  // namespace iamlint::rules
