#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-version",
     "the policy has no Version element, so AWS reads it as version 2008-10-17 and leaves policy variables such as "
     "${aws:username} unexpanded; add \"Version\": \"2012-10-17\""},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_VERSION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM001",
    .name = "missing-version",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Structure,
    .summary = "The policy has no Version element.",
    .description = "Flags a policy document whose top level has no `Version` element.",
    .rationale = "Without `Version`, AWS evaluates the policy with the 2008-10-17 language, in which policy variables "
                 "such as `${aws:username}` are plain text. A resource like `arn:aws:s3:::home/${aws:username}/*` "
                 "then matches nothing, or matches a literal path nobody meant.",
    .fix = "Start every policy with `\"Version\": \"2012-10-17\"`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingVersion final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.root != nullptr && policy.root->is_object() && policy.version == nullptr) {
      out.report(*policy.root, "missing-version");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_version() { return std::make_unique<MissingVersion>(); }

}  // namespace iamlint::rules
