#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "linter/text.hpp"
#include "rules/common/validity_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"wildcard-matches-no-action", "\"{0}\" matches no {1} action"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM103",
    .name = "wildcard-matches-no-action",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An action pattern with * or ? matches no action of its service.",
    .description = "Flags an `Action` or `NotAction` value of a known service whose action part holds `*` or `?` "
                   "and that matches none of the service's actions (case-insensitively), such as `s3:Read*` or "
                   "`ec2:Describe*s?`.",
    .rationale = "A pattern that matches nothing grants nothing in an `Allow` and denies nothing in a `Deny`, while "
                 "looking like it covers a family of actions. It usually comes from guessing at access-level words "
                 "(`Read*`, `Write*`) that are not part of action names.",
    .fix = "Write a pattern over the service's real action names, e.g. `s3:Get*` and `s3:List*` for read access, "
           "or list the actions.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class WildcardMatchesNoAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_action_fact(policy, s, [&](const Node& v, const validity::ActionValue& a,
                                                  const linter::ActionValueFacts& facts) {
      if (a.form != validity::ActionForm::Named || !linter::has_wildcard(a.action)) return;
      if (facts.service == nullptr || facts.matched != 0) return;
      out.report(v, "wildcard-matches-no-action", {v.text, facts.service->name});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_wildcard_matches_no_action() {
  return std::make_unique<WildcardMatchesNoAction>();
}

}  // namespace iamlint::rules
