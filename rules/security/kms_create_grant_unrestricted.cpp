#include "linter/text.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/grants.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"kms-create-grant-unrestricted",
     "kms:CreateGrant with no kms:GrantIsForAWSResource, kms:GranteePrincipal or kms:ViaService condition lets "
     "the principal give any principal, in any account, the key operations it chooses; pin the grantee or the "
     "service"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/kms/latest/developerguide/grants.html",
    "https://docs.aws.amazon.com/kms/latest/developerguide/grant-authorization.html",
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource",
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grantee-principal"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM237",
    .name = "kms-create-grant-unrestricted",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "kms:CreateGrant is allowed without a condition on the grant.",
    .description = "Flags the `kms:CreateGrant` action value (written by name) of an `Allow` statement whose "
                   "conditions pin none of `kms:GrantIsForAWSResource` (`Bool` true), `kms:GranteePrincipal`, "
                   "`kms:GranteeServicePrincipal`, `kms:ViaService` or `aws:CalledVia` (the grant is then made by a "
                   "service for its own resources): in a key policy on any `Resource`, and in an "
                   "identity policy on key ARNs or patterns other than `\"*\"` (IAM211 reports `kms:CreateGrant` on "
                   "`\"*\"` among the actions that expose resources). Patterns such as `kms:Create*` are left to "
                   "IAM201, since the default key policy gives them to key administrators. Not reported when an "
                   "unconditional `Deny` of the policy removes `kms:CreateGrant` on every resource the statement "
                   "names.",
    .rationale = "Risk: high. A grant is a second, quieter key policy: whoever may create grants chooses the "
                 "grantee principal (any account's) and the operations (`Decrypt`, `Encrypt`, `CreateGrant` "
                 "again), and grants do not show in the key policy. AWS KMS documents "
                 "`kms:GrantIsForAWSResource` for services that create grants on a caller's behalf (EBS, RDS) "
                 "and `kms:GranteePrincipal` to pin who receives them.",
    .fix = "Add `\"Condition\": {\"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}}` when the grants are for an "
           "AWS service, or `\"StringEquals\": {\"kms:GranteePrincipal\": \"arn:aws:iam::111122223333:role/app\"}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool grant_is_pinned(const linter::JsonTree& tree, const Statement& s) {
  for (std::string_view key : {"kms:GranteePrincipal", "kms:GranteeServicePrincipal", "kms:ViaService",
                                "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast"}) {
    if (pins_key(tree, s, key)) return true;
  }
  bool for_resource = false;
  for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
    if (op.base == "Bool" && !op.if_exists && op.qualifier == linter::ConditionQualifier::None &&
        linter::iequals(key.key, "kms:GrantIsForAWSResource") && values_are_bool(tree, key, true)) {
      for_resource = true;
    }
  });
  return for_resource;
}

class KmsCreateGrantUnrestricted final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (!grants_permissions(policy.type) || s.effect != linter::Effect::Allow) return;
    bool identity = policy.type == PolicyType::Identity;
    const Node* resource = s.get(Element::Resource);
    if (resource == nullptr || (identity && star_resource(policy, s) != nullptr)) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::ActionInfo* create_grant = catalog.find_action("kms:CreateGrant");
    if (create_grant == nullptr) return;
    const Node* at = action_value_for(policy, s, *create_grant);
    if (at == nullptr || linter::has_wildcard(at->text)) return;
    if (grant_is_pinned(*policy.tree, s)) return;
    auto index = static_cast<uint32_t>(create_grant - catalog.actions().data());
    bool open = false;
    linter::for_each_value(*policy.tree, *resource, [&](const Node& v) {
      if (!v.is_string() || is_denied(policy, index, v.text)) return;
      // In an identity policy, only values that can name a key: "arn:aws:kms:…", or a pattern for the service.
      auto parts = validity::split_arn(v.text);
      if (identity && (!parts || !linter::wildcard_match_icase(parts->service, "kms"))) return;
      open = true;
    });
    if (open) out.report(*at, "kms-create-grant-unrestricted");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_kms_create_grant_unrestricted() {
  return std::make_unique<KmsCreateGrantUnrestricted>();
}

}  // namespace iamlint::rules
