#include <unordered_map>

#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-sid", "Sid \"{0}\" is already used at {1}; Sids must be unique within a policy"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "UNIQUE_SIDS_REQUIRED"},
    {"Access Analyzer", "UNIQUE_SIDS_RECOMMENDED"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM017",
    .name = "duplicate-sid",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "Two statements have the same Sid.",
    .description = "Flags every statement whose `Sid` was already used by an earlier statement of the same "
                   "policy. Sids are compared exactly, as IAM compares them.",
    .rationale = "IAM requires Sids to be unique within a policy, and service control policies are refused with "
                 "duplicates. Tools and people refer to statements by Sid; two statements with one name make every "
                 "such reference ambiguous.",
    .fix = "Give each statement its own Sid.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class DuplicateSid final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.statements.size() < 2) return;
    std::unordered_map<std::string_view, const Node*> seen;
    for (const Statement& s : policy.statements) {
      const Node* sid = s.get(Element::Sid);
      if (sid == nullptr || !sid->is_string() || sid->text.empty()) continue;
      auto [it, inserted] = seen.emplace(sid->text, sid);
      if (!inserted) {
        out.report(*sid, "duplicate-sid", {sid->text, line_col(policy, it->second->span.offset)});
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_duplicate_sid() { return std::make_unique<DuplicateSid>(); }

}  // namespace iamlint::rules
