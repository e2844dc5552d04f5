#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-set-operator",
     "\"{0}\" is multivalued ({1}), but {2} has no set operator; write ForAnyValue:{2} (at least one value "
     "matches) or ForAllValues:{2} (every value matches)"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "MISSING_QUALIFIER"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM113",
    .name = "missing-set-operator",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A multivalued key is used without ForAllValues or ForAnyValue.",
    .description = "Flags a condition on a key the catalog types as multivalued (`ArrayOfString`, `ArrayOfARN`, "
                   "...), such as `aws:TagKeys`, `aws:PrincipalOrgPaths` or `aws:CalledVia`, whose operator has no "
                   "`ForAllValues:` or `ForAnyValue:` prefix. `Null` is not flagged: it only tests presence.",
    .rationale = "A multivalued key carries a set of values, and the IAM User Guide asks for `ForAllValues` or "
                 "`ForAnyValue` with it. Without one, the policy does not say whether every value or just one must "
                 "match, and the condition seldom means what its author thought: `StringEquals` on `aws:TagKeys` "
                 "reads as \"only these tag keys\" but does not say so.",
    .fix = "Say which you mean: `ForAllValues:StringEquals` on `aws:TagKeys` to allow only listed tag keys (add "
           "`Null` false if tags are required), `ForAnyValue:StringLike` on `aws:PrincipalOrgPaths` to require one "
           "of the paths.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class MissingSetOperator final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      if (parsed.qualifier != linter::ConditionQualifier::None || parsed.base == "Null") return;
      if (validity::find_operator(parsed.base) == nullptr) return;
      const linter::ConditionKeyInfo* key = validity::find_key(catalog, k.key);
      if (key == nullptr || !linter::key_type_is_array(key->type)) return;
      out.report(k, "missing-set-operator", {k.key, linter::key_type_name(key->type), op.key}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_set_operator() { return std::make_unique<MissingSetOperator>(); }

}  // namespace iamlint::rules
