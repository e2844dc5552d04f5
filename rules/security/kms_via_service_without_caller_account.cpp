#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"kms-via-service-without-caller-account",
     "kms:ViaService says through which service the key is used, not by whom: with Principal \"*\", callers of "
     "that service in any account may use this key; add \"StringEquals\": {\"kms:CallerAccount\": \"<account>\"}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service",
    "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM233",
    .name = "kms-via-service-without-caller-account",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A key policy lets any principal use the key through a service without pinning the caller's account.",
    .description = "Flags, in a resource policy (a KMS key policy), an `Allow` statement with `Principal: \"*\"` or "
                   "`{\"AWS\": \"*\"}` that grants KMS actions and pins `kms:ViaService`, but pins neither "
                   "`kms:CallerAccount` nor the caller by `aws:PrincipalAccount`, `aws:PrincipalArn`, "
                   "`aws:userid`, `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`. Reported at the "
                   "`kms:ViaService` key. Not reported when unconditional `Deny` statements cancel everything the "
                   "statement grants. IAM224 reports the public principal itself; this rule says which condition "
                   "is missing.",
    .rationale = "Risk: high. `kms:ViaService` limits the requests to those an AWS service (EBS, S3, Secrets "
                 "Manager…) makes on a caller's behalf, but that caller can be in any account: anyone who can "
                 "use the service can then have it decrypt with this key. The key policies of AWS managed keys "
                 "pair `kms:ViaService` with `kms:CallerAccount` for this reason.",
    .fix = "Add the caller's account next to the service: `\"StringEquals\": {\"kms:ViaService\": "
           "\"ec2.us-east-1.amazonaws.com\", \"kms:CallerAccount\": \"111122223333\"}`, or name the principals.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

constexpr unsigned kCallerPinned = kNarrowPrincipal | kNarrowOrganization;

bool grants_kms(const Policy& policy, const Statement& s) {
  const linter::Catalog& catalog = linter::Catalog::embedded();
  for (uint32_t a : linter::statement_actions(policy, s).actions) {
    if (catalog.service_of(catalog.actions()[a]).prefix == "kms") return true;
  }
  return false;
}

class KmsViaServiceWithoutCallerAccount final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Resource || s.effect != linter::Effect::Allow) return;
    const linter::JsonTree& tree = *policy.tree;
    if (everyone_principal(tree, s) == nullptr || !pins_key(tree, s, "kms:ViaService")) return;
    if (pins_key(tree, s, "kms:CallerAccount") || (narrowing_of(tree, s) & kCallerPinned) != 0) return;
    if (!grants_kms(policy, s) || is_fully_denied(policy, s)) return;
    const Node* via = nullptr;
    for_each_condition(tree, s, [&](const linter::ConditionOperator&, const Node& key) {
      if (via == nullptr && linter::iequals(key.key, "kms:ViaService")) via = &key;
    });
    if (via != nullptr) out.report(*via, "kms-via-service-without-caller-account", {}, linter::Part::Key);
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_kms_via_service_without_caller_account() {
  return std::make_unique<KmsViaServiceWithoutCallerAccount>();
}

}  // namespace iamlint::rules
