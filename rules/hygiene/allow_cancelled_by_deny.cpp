#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-cancelled-by-deny",
     "every action this Allow grants, on every resource it names, is denied by an unconditional Deny of the same "
     "policy: the statement grants nothing"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policies_single-account.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM308",
    .name = "allow-cancelled-by-deny",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "An Allow statement that unconditional Deny statements remove entirely.",
    .description =
        "Flags an `Allow` statement when unconditional `Deny` statements of the same policy (no `Condition`, and "
        "in policies with principals, `Principal: \"*\"`) deny each catalog action it allows on each resource it "
        "names. Actions the catalog does not know are never counted as denied, so a statement that allows one is "
        "not reported.",
    .rationale = "An explicit Deny always wins, so the Allow is dead text. Readers (and reviewers) take it for a "
                 "grant that works; usually one of the two statements is a mistake: the Deny is broader than "
                 "intended, or the Allow was left behind when access was revoked.",
    .fix = "Remove the Allow, or narrow the Deny (its actions, resources, or a Condition) if the grant is "
           "intended.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AllowCancelledByDeny final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    bool any_deny = false;
    for (const Statement& s : policy.statements) any_deny = any_deny || is_unconditional_deny(policy, s);
    if (!any_deny) return;
    for (const Statement& s : policy.statements) {
      if (s.effect != linter::Effect::Allow || !s.node->is_object()) continue;
      // A value the catalog does not know may be an action the Denies do not cover: never report it as denied.
      if (!linter::statement_actions(policy, s).unmatched.empty()) continue;
      if (is_fully_denied(policy, s)) out.report(*s.node, "allow-cancelled-by-deny");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allow_cancelled_by_deny() { return std::make_unique<AllowCancelledByDeny>(); }

}  // namespace iamlint::rules
