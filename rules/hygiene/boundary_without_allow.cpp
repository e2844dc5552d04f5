#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"boundary-without-allow",
     "{0} has no Allow statement: it limits the identity to what it allows, so every request is denied whatever "
     "the identity's own policies grant"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM313",
    .name = "boundary-without-allow",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "A permissions boundary that allows nothing.",
    .description =
        "In permissions boundaries (declared with `--policy-type permissions-boundary`), flags a policy whose "
        "statements are all `Deny`. Policies with a statement whose `Effect` is missing or invalid are left to "
        "IAM005 and IAM006. Session policies are not checked: AWS's own task policies for `sts:AssumeRoot` "
        "sessions are deny-only by design.",
    .rationale = "A boundary does not add permissions: a request is allowed only if both the identity's policies "
                 "and the boundary allow it. A deny-only boundary, written "
                 "as one writes a guardrail SCP next to `FullAWSAccess`, therefore blocks everything, and the role "
                 "or user it is attached to stops working.",
    .fix = "Add the Allow statements that set the maximum permissions (for a pure guardrail, an `Allow` of `*` on "
           "`*` next to the Denies), or use an SCP for deny-only guardrails.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class BoundaryWithoutAllow final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.type != PolicyType::PermissionsBoundary) return;
    if (policy.statement == nullptr || policy.statements.empty()) return;
    for (const Statement& s : policy.statements) {
      if (s.effect != linter::Effect::Deny) return;
    }
    out.report(*policy.statement, "boundary-without-allow", {linter::policy_type_phrase(policy.type)},
               linter::Part::Key);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_boundary_without_allow() { return std::make_unique<BoundaryWithoutAllow>(); }

}  // namespace iamlint::rules
