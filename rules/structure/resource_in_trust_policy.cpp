#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"resource-in-trust-policy", "{0} is not allowed in a role trust policy: the resource is the role itself"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM014",
    .name = "resource-in-trust-policy",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A role trust policy has a Resource or NotResource element.",
    .description = "Flags `Resource` and `NotResource` in a role trust policy.",
    .rationale = "IAM refuses a trust policy with a resource element (\"Has prohibited field Resource\"). It is "
                 "often the sign of an identity policy's `sts:AssumeRole` statement copied into the trust policy.",
    .fix = "Remove the element. To control which role a principal may assume, use the principal's identity "
           "policy (`Action: sts:AssumeRole`, `Resource: <role ARN>`).",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class ResourceInTrustPolicy final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Trust) return;
    for (Element e : {Element::Resource, Element::NotResource}) {
      if (const Node* n = s.get(e)) out.report(*n, "resource-in-trust-policy", {n->key}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_resource_in_trust_policy() { return std::make_unique<ResourceInTrustPolicy>(); }

}  // namespace iamlint::rules
