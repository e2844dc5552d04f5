#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-resource", "the statement has neither Resource nor NotResource, which {0} requires"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "MISSING_RESOURCE"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html", kDocGrammar,
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html"};

// An ECR repository policy names no resource: the repository it is set on is the resource (the ECR user guide's
// repository policy examples have no Resource element).
bool is_ecr_repository_statement(const Policy& policy, const Statement& s) {
  if (policy.resource_type == "ecr:repository") return true;
  const Node* action = s.get(Element::Action);
  if (policy.type != PolicyType::Resource || action == nullptr) return false;
  bool all_ecr = true, any = false;
  linter::for_each_value(*policy.tree, *action, [&](const Node& v) {
    any = true;
    all_ecr = all_ecr && v.is_string() && v.text.size() > 4 && linter::iequals(v.text.substr(0, 4), "ecr:");
  });
  return any && all_ecr;
}

constexpr linter::RuleMeta kMeta{
    .id = "IAM010",
    .name = "missing-resource",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has neither Resource nor NotResource.",
    .description = "Flags a statement object with neither `Resource` nor `NotResource` in every policy type but "
                   "role trust policies, whose resource is the role itself, and Amazon ECR repository policies "
                   "(a resource policy whose actions are all `ecr:` actions, or one a template declares on an "
                   "`AWS::ECR::Repository`), whose resource is the repository.",
    .rationale = "IAM refuses an identity policy statement without a resource, and services refuse resource "
                 "policies without one. Omitting it does not mean \"all resources\".",
    .fix = "Add `Resource` with the ARNs the statement is about (`\"*\"` only for actions that cannot be scoped).",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type == PolicyType::Trust || !s.node->is_object() || is_ecr_repository_statement(policy, s)) return;
    if (!s.has(Element::Resource) && !s.has(Element::NotResource)) {
      out.report(*s.node, "missing-resource", {linter::policy_type_phrase(policy.type)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_resource() { return std::make_unique<MissingResource>(); }

}  // namespace iamlint::rules
