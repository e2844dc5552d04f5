#include <span>
#include <string>
#include <vector>

#include "linter/analysis.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unknown-global-key", "\"{0}\" is not an AWS global condition key"},
    {"unknown-global-key-did-you-mean", "\"{0}\" is not an AWS global condition key; did you mean \"{1}\"?"},
    {"unknown-service-key", "{1} has no condition key \"{0}\""},
    {"unknown-service-key-did-you-mean", "{1} has no condition key \"{0}\"; did you mean \"{2}\"?"},
    {"key-not-supported",
     "\"{0}\" is a condition key of {1}, not supported by any action in this statement: it is never in the "
     "request context here"},
    {"key-without-prefix", "\"{0}\" has no prefix: condition keys are written aws:Name or service:Name"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_GLOBAL_CONDITION_KEY"},
    {"Access Analyzer", "INVALID_SERVICE_CONDITION_KEY"},
    {"Access Analyzer", "INVALID_CONDITION_KEY_FORMAT"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM107",
    .name = "unknown-condition-key",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Condition key is neither a global key nor a key of the statement's services.",
    .description = "Flags a `Condition` key that is not an AWS global condition key (`aws:...`) and not a key of the "
                   "services of the statement's actions (`s3:prefix` with S3 actions). Keys are compared "
                   "case-insensitively, and template keys match their concrete forms (`aws:ResourceTag/team`, "
                   "`s3:ExistingObjectTag/stage`). A key of a known service that none of the statement's services "
                   "supports is reported as such; keys whose prefix is not a catalog service (web identity and SAML "
                   "keys such as `accounts.google.com:aud`, `saml:aud`, OIDC provider keys) are not checked, nor are the "
                   "keys AWS sets on every request of a role session (`lambda:SourceFunctionArn`, "
                   "`ec2:SourceInstanceARN`, `glue:RoleAssumedBy`).",
    .rationale = "A key that is not in the request context makes a positive condition false and a negated one "
                 "true, whatever the request: an `Allow` with `StringEquals` on a misspelt key grants nothing, and "
                 "a `Deny` with `StringNotEquals` on it denies everything, or, with `...IfExists`, nothing.",
    .fix = "Use a key listed for the statement's actions in the Service Authorization Reference, or a global key "
           "from the IAM User Guide; move service keys to a statement whose actions support them.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

// Keys that AWS sets on every request made with a role session's credentials (the EC2 instance, Lambda function or
// Glue job that holds them), whatever the action: they are listed under one service but apply to all.
constexpr std::string_view kSessionKeys[] = {
    "ec2:SourceInstanceARN", "ec2:RoleDelivery", "ssm:SourceInstanceARN", "lambda:SourceFunctionArn",
    "glue:RoleAssumedBy", "glue:CredentialIssuingService",
};

// Global keys that AWS's own managed policies use although the IAM User Guide's list of global keys omits them.
constexpr std::string_view kUndocumentedGlobalKeys[] = {"aws:PrincipalOrgMasterAccountId", "aws:IsMcpServiceAction"};

bool listed(std::span<const std::string_view> list, std::string_view key) {
  for (std::string_view k : list) {
    if (linter::iequals(k, key)) return true;
  }
  return false;
}

class UnknownConditionKey final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::vector<uint32_t> services;  // of the statement's actions, computed on the first service key
    bool services_known = false, any_service = false;
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator&, const Node& k) {
      std::string_view key = k.key;
      if (catalog.find_global_key(key) != nullptr || listed(kUndocumentedGlobalKeys, key)) return;
      std::size_t colon = key.find(':');
      if (colon == std::string_view::npos) {
        out.report(k, "key-without-prefix", {key}, linter::Part::Key);
        return;
      }
      std::string_view prefix = key.substr(0, colon);
      if (!services_known) {
        services_known = true;
        any_service = collect_services(policy, s, catalog, services);
      }
      for (uint32_t i : services) {
        if (validity::find_service_key(catalog, catalog.services()[i], key) != nullptr) return;
      }
      if (linter::iequals(prefix, "aws")) {
        std::vector<std::string_view> names;
        for (const linter::ConditionKeyInfo& g : catalog.global_keys()) names.push_back(g.name);
        std::string_view near = did_you_mean(key, names);
        if (near.empty()) out.report(k, "unknown-global-key", {key}, linter::Part::Key);
        else out.report(k, "unknown-global-key-did-you-mean", {key, near}, linter::Part::Key);
        return;
      }
      const linter::ServiceInfo* service = catalog.find_service(prefix);
      if (service == nullptr) return;  // web identity, SAML, OIDC provider keys and the like
      if (validity::find_service_key(catalog, *service, key) == nullptr) {
        std::vector<std::string_view> names;
        for (uint32_t i = service->keys_begin; i < service->keys_end; ++i) names.push_back(catalog.condition_keys()[i].name);
        std::string_view near = did_you_mean(key, names);
        std::string name(service->name);
        if (near.empty()) out.report(k, "unknown-service-key", {key, name}, linter::Part::Key);
        else out.report(k, "unknown-service-key-did-you-mean", {key, name, near}, linter::Part::Key);
        return;
      }
      if (!any_service && !listed(kSessionKeys, key)) out.report(k, "key-not-supported", {key, std::string(service->name)}, linter::Part::Key);
    });
  }

 private:
  // The services of the statement's actions. Returns true when the statement's actions cannot be pinned down (no
  // Action element, "*", NotAction, or values that match no catalog action), so that any known key may apply.
  static bool collect_services(const Policy& policy, const Statement& s, const linter::Catalog& catalog,
                               std::vector<uint32_t>& out) {
    const Node* action = s.get(Element::Action);
    if (action == nullptr) return true;
    const linter::StatementActions& a = linter::statement_actions(policy, s, catalog);
    if (a.every_action || !a.unmatched.empty()) return true;
    for (uint32_t i : a.actions) {
      uint32_t service = catalog.actions()[i].service;
      if (out.empty() || out.back() != service) out.push_back(service);
    }
    return false;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unknown_condition_key() { return std::make_unique<UnknownConditionKey>(); }

}  // namespace iamlint::rules
