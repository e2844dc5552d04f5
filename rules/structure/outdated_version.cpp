#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"outdated-version",
     "Version 2008-10-17 is the old policy language: policy variables are not expanded; use \"2012-10-17\""},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM003",
    .name = "outdated-version",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Structure,
    .summary = "The policy uses the old 2008-10-17 policy language.",
    .description = "Flags `\"Version\": \"2008-10-17\"`.",
    .rationale = "The 2008-10-17 language lacks features of the current one: policy variables such as "
                 "`${aws:username}` are treated as literal text, so statements written with them do not match what "
                 "their author meant.",
    .fix = "Use `\"Version\": \"2012-10-17\"` and check any `${...}` text, which becomes a variable.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class OutdatedVersion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    const Node* v = policy.version;
    if (v != nullptr && v->is_string() && v->text == "2008-10-17") out.report(*v, "outdated-version");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_outdated_version() { return std::make_unique<OutdatedVersion>(); }

}  // namespace iamlint::rules
