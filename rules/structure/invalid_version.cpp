#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-version", "Version \"{0}\" is not a policy language version; use \"2012-10-17\""},
};

constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_VERSION"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM002",
    .name = "invalid-version",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "The Version element is not one of the two policy language versions.",
    .description = "Flags a string `Version` other than `2012-10-17` and `2008-10-17`. Dates of the API, of "
                   "today, or a version without its dashes are common mistakes. (A `Version` that is not a string "
                   "is IAM016's.)",
    .rationale = "IAM refuses a policy whose version it does not know: the policy cannot be created or attached.",
    .fix = "Use `\"Version\": \"2012-10-17\"`, the current policy language.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class InvalidVersion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    const Node* v = policy.version;
    if (v == nullptr || !v->is_string()) return;
    if (v->text != "2012-10-17" && v->text != "2008-10-17") out.report(*v, "invalid-version", {v->text});
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_version() { return std::make_unique<InvalidVersion>(); }

}  // namespace iamlint::rules
