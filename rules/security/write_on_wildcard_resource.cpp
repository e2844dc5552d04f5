#include <algorithm>

#include "rules/common/grants.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"write-on-wildcard-resource",
     "{0} write or permissions-management actions that can be scoped to resources are allowed on every resource: "
         "{1}; list the resource ARNs"},
    {"write-on-wildcard-resource-narrowed",
     "{0} write or permissions-management actions that can be scoped to resources are allowed on every resource: "
         "{1}; narrowed by {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_controlling.html#access_controlling-resources",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM207",
    .name = "write-on-wildcard-resource",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "Write or permissions-management actions that can be scoped are allowed on \"*\".",
    .description = "Flags the `\"*\"` value of `Resource` in an `Allow` statement that grants write or "
                   "permissions-management actions (access levels from the Service Authorization Reference) that "
                   "support resource-level permissions, naming the first few. Actions that list no resource type can "
                   "only be granted on `\"*\"` (`cloudwatch:PutMetricData`, `xray:PutTraceSegments`) and are never "
                   "counted, nor are actions named as reads (`Get…`, `List…`, `Describe…`) that the reference files "
                   "under Write. Statements with `Action: \"*\"` (IAM200) or `NotAction` (IAM202) are left to those "
                   "rules; actions an unconditional `Deny` of the policy removes on `\"*\"` are not counted; a "
                   "statement whose conditions narrow it (kNarrowGrant in conditions.hpp: principal, organization, "
                   "MFA, network, resource or request tags, resource account, or a service-specific key such as "
                   "`kms:ViaService`) is reported as a warning that names the keys.",
    .rationale = "A write on `\"*\"` reaches every resource of that type in the account, those created later and, "
                 "where resource policies allow, in other accounts: deleting or changing the wrong bucket, table or "
                 "function is then only a typo away, and an attacker with the credentials gets the same reach.",
    .fix = "Put the ARNs of the resources in `Resource`, with wildcards for a naming convention "
           "(`arn:aws:dynamodb:*:*:table/orders-*`), or narrow with `aws:ResourceTag/<key>`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class WriteOnWildcardResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::vector<uint32_t> found = scopable_on_star(policy, s, [&](uint32_t a) {
      const linter::ActionInfo& action = catalog.actions()[a];
      linter::AccessLevel level = action.access;
      if (is_named_as_read(action)) return false;
      return level == linter::AccessLevel::Write || level == linter::AccessLevel::PermissionsManagement;
    });
    if (found.empty()) return;
    const Node& star = *star_resource(policy, s);
    std::string count = std::to_string(found.size());
    std::string names = describe_actions(found);
    unsigned narrowed = narrowing_of(*policy.tree, s) & kNarrowGrant;
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(*policy.tree, s, narrowed);
      out.report_at(linter::Severity::Warning, star, "write-on-wildcard-resource-narrowed", {count, names, keys});
    } else {
      out.report(star, "write-on-wildcard-resource", {count, names});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_write_on_wildcard_resource() { return std::make_unique<WriteOnWildcardResource>(); }

}  // namespace iamlint::rules
