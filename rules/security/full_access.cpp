#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"full-access",
     "\"Action\": \"*\" on \"Resource\": \"*\" allows every action on every resource, including changing the "
     "principal's own permissions: administrator access; list the actions and resources that are needed"},
    {"full-access-narrowed",
     "\"Action\": \"*\" on \"Resource\": \"*\" allows every action on every resource; narrowed by {0}, so only "
     "requests that meet the condition get administrator access"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM200",
    .name = "full-access",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "An Allow grants every action on every resource.",
    .description = "Flags the `\"*\"` value of `Action` in an `Allow` statement whose `Resource` includes `\"*\"`. "
                   "A statement whose conditions narrow who may use it (principal, organization, MFA, network, "
                   "source or resource conditions that conditions.hpp recognises) is reported as a warning that "
                   "names the keys; a statement that unconditional `Deny` statements of the same policy cancel "
                   "entirely is not reported. AWS's `AdministratorAccess` policy is this statement, on purpose.",
    .rationale = "Such a statement is administrator access: the principal can read and delete every resource, and "
                 "grant itself or anybody else anything, including through IAM. It makes every other statement "
                 "of the policy irrelevant and defeats least privilege.",
    .fix = "Grant the actions the principal uses on the resources it uses. Keep administrator access for a few "
           "break-glass roles, with MFA and a narrow trust policy.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class FullAccess final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow || star_resource(policy, s) == nullptr) return;
    const Node* action = s.get(Element::Action);
    if (action == nullptr || is_fully_denied(policy, s)) return;
    const Node* star = nullptr;
    linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
      if (star == nullptr && v.is_string() && v.text == "*") star = &v;
    });
    if (star == nullptr) return;
    unsigned narrowed = narrowing_of(*policy.tree, s);
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *star, "full-access-narrowed", {keys});
    } else {
      out.report(*star, "full-access");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_full_access() { return std::make_unique<FullAccess>(); }

}  // namespace iamlint::rules
