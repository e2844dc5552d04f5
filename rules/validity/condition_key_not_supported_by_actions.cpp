#include <cstdint>
#include <string>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/common/validity_key_support.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"key-not-supported-by-actions",
     "\"{0}\" is a key of {1}, but none of the statement's {2} actions ({3}) supports it: it is never in their "
     "request context"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM120",
    .name = "condition-key-not-supported-by-actions",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A service condition key is supported by none of the statement's actions.",
    .description = "Flags a service-specific `Condition` key (not `aws:...`) that is a key of a service the "
                   "statement has actions of, when the Service Authorization Reference lists the key for none of "
                   "those actions nor for their resource types: `s3:prefix` with only `s3:GetObject`, `ec2:InstanceType` "
                   "with only `ec2:CreateVpc`. Statements with `NotAction`, `\"Action\": \"*\"` or an action the "
                   "catalog does not know are skipped; when the statement has no action of the key's service at all, "
                   "IAM107 reports the key instead.",
    .rationale = "A key absent from the request context makes a positive condition false and a negated one true: the "
                 "statement then never applies (an `Allow` grants nothing) or applies without the restriction the "
                 "author meant (`StringNotEquals`, `...IfExists`). Either way the condition does not do what it "
                 "says.",
    .fix = "Use a key that the actions support (the Condition keys column of the service's Actions table), move the "
           "condition to a statement with the actions it applies to, or add the action that carries the key.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// Where the catalog's per-action key lists are known to fall short of the service's documentation, say nothing:
// - aws-marketplace: the AWS Marketplace and AWS Marketplace Catalog reference pages share the prefix and the catalog
//   keeps one of them, so keys such as aws-marketplace:ProductId (documented for aws-marketplace:Subscribe) are
//   missing from actions that support them;
// - service tag keys (ssm:resourceTag/<key>, secretsmanager:ResourceTag/<key>) follow the resource's tags rather than
//   the action list, and AWS's own policies use them with actions the catalog does not list them for.
bool unreliable(std::string_view prefix, std::string_view name) {
  constexpr std::string_view kTag = "resourcetag/";
  if (linter::iequals(prefix, "aws-marketplace")) return true;
  return name.size() > kTag.size() && linter::iequals(name.substr(0, kTag.size()), kTag);
}

class ConditionKeyNotSupportedByActions final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.get(Element::Action) == nullptr || s.get(Element::Condition) == nullptr) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::StatementActions* a = nullptr;
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      std::string_view key = k.key;
      std::size_t colon = key.find(':');
      if (colon == std::string_view::npos || linter::iequals(key.substr(0, colon), "aws")) return;
      if (parsed.base == "Null" || validity::is_session_key(key)) return;  // testing for absence is fair with any key
      std::string_view prefix = key.substr(0, colon);
      if (unreliable(prefix, key.substr(colon + 1))) return;
      if (catalog.find_condition_key(key) == nullptr) return;  // IAM107's
      if (a == nullptr) a = &linter::statement_actions(policy, s, catalog);
      if (a->every_action || !a->unmatched.empty()) return;
      // Several catalog services may share a prefix (aws-marketplace): ask each action's own service for the key.
      std::vector<uint32_t> own;
      uint32_t service = UINT32_MAX;
      const linter::ConditionKeyInfo* entry = nullptr;
      for (uint32_t i : a->actions) {
        const linter::ActionInfo& action = catalog.actions()[i];
        if (!linter::iequals(catalog.service_of(action).prefix, prefix)) continue;
        if (action.service != service) {
          service = action.service;
          entry = validity::service_key_entry(catalog, catalog.services()[service], key);
        }
        if (entry != nullptr && validity::action_supports_key(catalog, action, *entry)) return;
        own.push_back(i);
      }
      if (own.empty()) return;  // no action of the key's service: IAM107 says so
      // A key that the catalog lists for no action or resource type of the service is documented at service level
      // only (aws-marketplace:ProductId): the catalog cannot say which actions carry it.
      if (!listed_anywhere(catalog, key, own)) return;
      const linter::ServiceInfo& first = catalog.service_of(catalog.actions()[own.front()]);
      out.report(k, "key-not-supported-by-actions",
                 {key, first.name, first.prefix, describe(catalog, own)}, linter::Part::Key);
    });
  }

 private:
  // Whether any action of the services of `own` supports the key at all.
  static bool listed_anywhere(const linter::Catalog& catalog, std::string_view key, const std::vector<uint32_t>& own) {
    uint32_t last = UINT32_MAX;
    for (uint32_t i : own) {
      uint32_t service_index = catalog.actions()[i].service;
      if (service_index == last) continue;
      last = service_index;
      const linter::ServiceInfo& service = catalog.services()[service_index];
      const linter::ConditionKeyInfo* entry = validity::service_key_entry(catalog, service, key);
      if (entry == nullptr) continue;
      for (uint32_t a = service.actions_begin; a < service.actions_end; ++a) {
        if (validity::action_supports_key(catalog, catalog.actions()[a], *entry)) return true;
      }
    }
    return false;
  }

  static std::string describe(const linter::Catalog& catalog, const std::vector<uint32_t>& actions) {
    std::string out;
    for (std::size_t i = 0; i < actions.size() && i < 3; ++i) {
      if (i > 0) out += ", ";
      out += catalog.actions()[actions[i]].name;
    }
    if (actions.size() > 3) out += ", and " + std::to_string(actions.size() - 3) + " more";
    return out;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_condition_key_not_supported_by_actions() {
  return std::make_unique<ConditionKeyNotSupportedByActions>();
}

}  // namespace iamlint::rules
