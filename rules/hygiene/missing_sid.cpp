#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-sid", "statement {0} of {1} has no Sid; name it, so that reviews and reports can refer to it"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM304",
    .name = "missing-sid",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "A statement of a policy with several statements has no Sid.",
    .description = "Flags each statement without a `Sid` element in a policy that has more than one statement. "
                   "A policy with a single statement is left alone: there is nothing to tell it apart from. "
                   "Statements are numbered from 1 in the message.",
    .rationale = "The Sid is the only name a statement has. Reviews, change descriptions, Access Analyzer findings "
                 "and this linter's reports all refer to statements, and \"statement 7\" changes meaning as soon "
                 "as a statement is added above it. A Sid that says what the statement is for also documents the "
                 "intent, which makes a later, wrong change easier to spot.",
    .fix = "Add a `Sid` that says what the statement is for, such as `ReadReportObjects` or `DenyUnencryptedUploads`. "
           "Sids must be unique within the policy; some services allow only ASCII letters and digits.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class MissingSid final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    const std::size_t n = policy.statements.size();
    if (n < 2) return;
    std::string total = std::to_string(n);
    for (const Statement& s : policy.statements) {
      if (s.node == nullptr || !s.node->is_object() || s.has(Element::Sid)) continue;
      out.report(*s.node, "missing-sid", {std::to_string(s.index + 1), total});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_sid() { return std::make_unique<MissingSid>(); }

}  // namespace iamlint::rules
