#include <algorithm>
#include <array>
#include <vector>

#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/escalation.hpp"
#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"privilege-escalation",
     "the policy allows {0} on every resource: the principal can {1}, and so gain permissions it was not given; "
     "scope these actions to the resources they are for"},
    {"privilege-escalation-narrowed",
     "the policy allows {0} on every resource: the principal can {1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM208",
    .name = "privilege-escalation",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "The policy allows a known privilege-escalation method.",
    .description = "Collects the actions the policy's `Allow` statements grant on `\"*\"` (or through "
                   "`NotResource`), across statements, less those an unconditional `Deny` of the policy removes on "
                   "`\"*\"`, and reports each published escalation method (rules/common/escalation.cpp: "
                   "`iam:CreatePolicyVersion`, `iam:PassRole` + `ec2:RunInstances`, `lambda:UpdateFunctionCode`, "
                   "`ssm:SendCommand`, …) whose actions are all among them, at the statement that grants the "
                   "method's first action. A method that needs a statement whose conditions narrow it (kNarrowGrant in "
                   "conditions.hpp) is reported as a warning that names the keys; `iam:PassRole` narrowed by "
                   "`iam:PassedToService` is not counted, since the service it names may not be the method's. "
                   "Grants scoped to resources are not counted, and nothing is reported when the policy grants `Action: \"*\"` on `\"*\"`, "
                   "which IAM200 reports.",
    .rationale = "Each method turns a permission that looks limited into any permission: writing a new version of "
                 "a policy attached to oneself, passing an administrator role to a new instance or function, or "
                 "running commands on an instance that has one. Reviewers miss these because no single action "
                 "looks dangerous.",
    .fix = "Scope the actions to the resources they are for (the roles that may be passed, the functions that may "
           "be updated), pin `iam:PassedToService`, or split the permissions between principals.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr unsigned kNarrowing = kNarrowGrant | kNarrowPassedToService;

// A statement's grant on every resource: where it applies, and whether conditions narrow it.
struct Grant {
  const Statement* statement;
  unsigned narrowed;
};

// The methods' actions looked up in the catalog once, not per policy.
const std::vector<std::array<const linter::ActionInfo*, 4>>& resolved_methods() {
  static const std::vector<std::array<const linter::ActionInfo*, 4>> resolved = [] {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::vector<std::array<const linter::ActionInfo*, 4>> out;
    for (const EscalationMethod& method : escalation_methods()) {
      std::array<const linter::ActionInfo*, 4> actions{};
      for (std::size_t k = 0; k < method.actions.size(); ++k) {
        if (!method.actions[k].empty()) actions[k] = catalog.find_action(method.actions[k]);
      }
      out.push_back(actions);
    }
    return out;
  }();
  return resolved;
}

class PrivilegeEscalation final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.type != PolicyType::Identity && policy.type != PolicyType::PermissionsBoundary) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::vector<Grant> grants;
    for (const Statement& s : policy.statements) {
      if (s.effect != linter::Effect::Allow) continue;
      if (star_resource(policy, s) == nullptr && !s.has(Element::NotResource)) continue;
      unsigned narrowed = narrowing_of(*policy.tree, s) & kNarrowing;
      if (narrowed == kNarrowNone && has_star_action(policy, s) && star_resource(policy, s) != nullptr &&
          !is_fully_denied(policy, s)) {
        return;  // administrator access: IAM200 says it
      }
      grants.push_back({&s, narrowed});
    }
    if (grants.empty()) return;
    const std::vector<std::array<const linter::ActionInfo*, 4>>& resolved = resolved_methods();
    for (std::size_t m = 0; m < escalation_methods().size(); ++m) {
      const EscalationMethod& method = escalation_methods()[m];
      // For each action: the first statement that grants it unnarrowed, else the first that grants it at all.
      const Statement* first_statement = nullptr;
      const Statement* narrowed_by = nullptr;
      bool covered = true;
      for (std::size_t k = 0; k < method.actions.size(); ++k) {
        std::string_view name = method.actions[k];
        if (name.empty()) break;
        const linter::ActionInfo* action = resolved[m][k];
        if (action == nullptr ||
            is_denied(policy, static_cast<uint32_t>(action - catalog.actions().data()), "*", catalog)) {
          covered = false;
          break;
        }
        const Grant* plain = nullptr;
        const Grant* any = nullptr;
        for (const Grant& g : grants) {
          if ((g.narrowed & kNarrowPassedToService) != 0 && name == "iam:PassRole") continue;
          if (!linter::statement_covers(policy, *g.statement, *action, catalog)) continue;
          if (any == nullptr) any = &g;
          if (g.narrowed == kNarrowNone) {
            plain = &g;
            break;
          }
        }
        if (any == nullptr) {
          covered = false;
          break;
        }
        const Grant* used = plain != nullptr ? plain : any;
        if (plain == nullptr && narrowed_by == nullptr) narrowed_by = any->statement;
        if (first_statement == nullptr) first_statement = used->statement;
      }
      if (!covered || first_statement == nullptr) continue;
      const Node* at = where(policy, *first_statement, method.actions[0]);
      linter::Part part = at->is_member && at == first_statement->get(Element::NotAction) ? linter::Part::Key
                                                                                          : linter::Part::Value;
      if (narrowed_by != nullptr) {
        std::string keys = narrowing_keys(*policy.tree, *narrowed_by, kNarrowing);
        out.report_at(linter::Severity::Warning, *at, "privilege-escalation-narrowed",
                      {method.name, method.how, keys}, part);
      } else {
        out.report(*at, "privilege-escalation", {method.name, method.how}, part);
      }
    }
  }

 private:
  // The Action value that matches `action`, or the NotAction element.
  static const Node* where(const Policy& policy, const Statement& s, std::string_view action) {
    const Node* element = s.get(Element::Action);
    if (element == nullptr) return s.get(Element::NotAction);
    const Node* found = nullptr;
    linter::for_each_value(*policy.tree, *element, [&](const Node& v) {
      if (found == nullptr && v.is_string() && linter::wildcard_match_icase(v.text, action)) found = &v;
    });
    return found != nullptr ? found : element;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_privilege_escalation() { return std::make_unique<PrivilegeEscalation>(); }

}  // namespace iamlint::rules
