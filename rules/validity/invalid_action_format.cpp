#include "linter/text.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"empty-action", "an empty string is not an action; write service:action"},
    {"whitespace-in-action", "\"{0}\" holds white space, which no action name has"},
    {"missing-colon", "\"{0}\" has no colon: an action is written service:action, e.g. s3:GetObject"},
    {"extra-colon", "\"{0}\" has more than one colon: an action is written service:action"},
    {"empty-service-or-action", "\"{0}\" has an empty service prefix or action name"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM105",
    .name = "invalid-action-format",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An action is not of the form service:action.",
    .description = "Flags an `Action` or `NotAction` string that is not `*` and not `prefix:name`: an empty string, "
                   "a value with spaces, tabs or line breaks, a value without a colon (`GetObject`), with two "
                   "colons (`s3::GetObject`, `arn:aws:s3:GetObject`) or with nothing on one side of the colon "
                   "(`s3:`, `:GetObject`).",
    .rationale = "Such a value matches no action. IAM rejects some of these forms when the policy is saved, and "
                 "silently keeps others, where an `Allow` then grants nothing and a `Deny` protects nothing.",
    .fix = "Write the service prefix, one colon and the action name: `s3:GetObject`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class InvalidActionFormat final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Action, Element::NotAction}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      linter::for_each_value(*policy.tree, *element, [&](const Node& v) {
        if (!v.is_string() || v.text == "*") return;
        std::string_view t = v.text;
        std::size_t colon = t.find(':');
        if (t.empty()) out.report(v, "empty-action");
        else if (linter::has_whitespace(t)) out.report(v, "whitespace-in-action", {t});
        else if (colon == std::string_view::npos) out.report(v, "missing-colon", {t});
        else if (t.find(':', colon + 1) != std::string_view::npos) out.report(v, "extra-colon", {t});
        else if (colon == 0 || colon + 1 == t.size()) out.report(v, "empty-service-or-action", {t});
      });
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_action_format() { return std::make_unique<InvalidActionFormat>(); }

}  // namespace iamlint::rules
