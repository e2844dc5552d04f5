#include <cstdint>
#include <string>
#include <vector>

#include "linter/catalog.hpp"
#include "rules/common/validity_actions.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/common/validity_key_support.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-never",
     "\"{0}\" is not in the request context of {1}: the condition cannot hold for these actions, so this Allow never grants "
     "them"},
    {"allow-unconditional",
     "\"{0}\" is not in the request context of {1}: with this operator the condition holds for these actions whatever the "
     "tags, so this Allow grants them without the tag check"},
    {"deny-never",
     "\"{0}\" is not in the request context of {1}: the condition cannot hold for these actions, so this Deny never denies "
     "them, however they are tagged"},
    {"deny-unconditional",
     "\"{0}\" is not in the request context of {1}: with this operator the condition holds for these actions whatever the "
     "tags, so this Deny denies them always"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-services-that-work-with-iam.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"},
    {"Access Analyzer", "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM121",
    .name = "unsupported-tag-condition-key",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A tag condition key is used with actions that do not support it.",
    .description = "For `aws:ResourceTag/<key>`, `aws:RequestTag/<key>` and `aws:TagKeys` in a statement with "
                   "`Action`, lists the actions the key is not in the request context of, by the Service "
                   "Authorization Reference (the key listed for the action or for one of its resource types): each "
                   "action named without a wildcard that does not support it, and each wildcard value none of whose "
                   "actions supports it. What that means depends on the effect and the operator: a positive operator "
                   "(`StringEquals`, `ForAnyValue:...`) is false without the key, a negated one, `...IfExists` or "
                   "`ForAllValues:...` is true. A `Deny` that never applies is reported at security level. `Null` "
                   "conditions are not checked.",
    .rationale = "Tag-based access control (ABAC) works only for actions whose requests carry the tags. An `Allow` "
                 "on `aws:ResourceTag/team` with an action that does not support it never grants that action; a "
                 "`Deny` on it never denies that action however the resource is tagged, which is a hole in a "
                 "guardrail; with `StringNotEquals` or `IfExists` the same statement applies without any tag check. "
                 "AWS warns against using `IfExists` as a workaround for exactly this reason.",
    .fix = "Move the actions that do not support the key to their own statement and scope them by resource ARN "
           "(for example a naming convention) instead of tags.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool is_tag_key(std::string_view key) {
  auto starts = [&](std::string_view p) { return key.size() > p.size() && linter::iequals(key.substr(0, p.size()), p); };
  return starts("aws:ResourceTag/") || starts("aws:RequestTag/") || linter::iequals(key, "aws:TagKeys");
}

// Whether the condition holds for a request without the key.
bool holds_without_key(const linter::ConditionOperator& op) {
  if (op.qualifier == linter::ConditionQualifier::ForAllValues) return true;
  if (op.qualifier == linter::ConditionQualifier::ForAnyValue) return false;
  if (op.if_exists) return true;
  return op.base.find("Not") != std::string_view::npos;
}

// Whether the key may be in the action's request context. The catalog is trusted where it is plain: a service that
// lists the key for nothing does not support it, and a List or Read action without resource types (ListRoles,
// DescribeLoadBalancers) reads many resources or none, so there is no resource whose tags aws:ResourceTag could hold.
// Beyond that the per-action lists are not trusted: services fill aws:ResourceTag from the request's tags on some
// create actions, which the lists do not show.
bool may_support(const linter::Catalog& catalog, const linter::ActionInfo& action, const linter::ConditionKeyInfo* entry,
                 bool resource_tag) {
  if (entry == nullptr) return false;
  if (!resource_tag || validity::action_supports_key(catalog, action, *entry)) return true;
  bool reads = action.access == linter::AccessLevel::List || action.access == linter::AccessLevel::Read;
  return !reads || action.resources_begin != action.resources_end;
}

class UnsupportedTagConditionKey final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* action = s.get(Element::Action);
    if (action == nullptr || (s.effect != linter::Effect::Allow && s.effect != linter::Effect::Deny)) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::JsonTree& tree = *policy.tree;
    std::vector<const linter::ActionInfo*> expanded;
    validity::for_each_condition_key(tree, s, [&](const Node&, const linter::ConditionOperator& op, const Node& k) {
      if (op.base == "Null" || !is_tag_key(k.key)) return;
      bool resource_tag = linter::iequals(k.key.substr(0, 16), "aws:ResourceTag/");
      std::vector<std::string_view> unsupported;
      bool unknown = false;
      linter::for_each_value(tree, *action, [&](const Node& v) {
        if (!v.is_string() || unknown) return;
        validity::ActionValue a = validity::read_action(v.text);
        if (a.form == validity::ActionForm::Everything) {
          unknown = true;  // every service: the statement is too broad to name the unsupported ones
          return;
        }
        if (a.form != validity::ActionForm::Named) return;
        expanded.clear();
        catalog.expand(v.text, expanded);
        if (expanded.empty()) return;  // IAM102/IAM103
        // The expansion is in table order, grouped by service: look the key up once per service.
        uint32_t service = UINT32_MAX;
        const linter::ConditionKeyInfo* entry = nullptr;
        for (const linter::ActionInfo* info : expanded) {
          if (info->service != service) {
            service = info->service;
            entry = validity::service_key_entry(catalog, catalog.services()[service], k.key);
          }
          if (may_support(catalog, *info, entry, resource_tag)) return;
        }
        unsupported.push_back(v.text);
      });
      if (unknown || unsupported.empty()) return;
      std::string list;
      for (std::size_t i = 0; i < unsupported.size() && i < 3; ++i) {
        if (i > 0) list += ", ";
        list += unsupported[i];
      }
      if (unsupported.size() > 3) list += ", and " + std::to_string(unsupported.size() - 3) + " more";
      bool holds = holds_without_key(op);
      if (s.effect == linter::Effect::Allow) {
        out.report(k, holds ? "allow-unconditional" : "allow-never", {k.key, list}, linter::Part::Key);
      } else if (holds) {
        out.report(k, "deny-unconditional", {k.key, list}, linter::Part::Key);
      } else {
        out.report_at(linter::Severity::Security, k, "deny-never", {k.key, list}, linter::Part::Key);
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unsupported_tag_condition_key() {
  return std::make_unique<UnsupportedTagConditionKey>();
}

}  // namespace iamlint::rules
