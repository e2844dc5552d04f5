#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"set-operator-on-single-valued-key",
     "{0} treats \"{1}\" as a set of values, but it is single-valued ({2}); write {3} without the set operator"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "FORALLVALUES_WITH_SINGLE_VALUED_KEY"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM112",
    .name = "set-operator-on-single-valued-key",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "ForAllValues or ForAnyValue is used with a single-valued key.",
    .description = "Flags a condition operator prefixed with `ForAllValues:` or `ForAnyValue:` whose key the "
                   "catalog types as single-valued (String, ARN, Bool, Numeric, Date, IP address, Binary), such as "
                   "`ForAllValues:StringEquals` on `aws:PrincipalOrgID` or `ForAnyValue:StringEquals` on "
                   "`aws:RequestedRegion`. Keys of unknown type and `Null` are not flagged.",
    .rationale = "The IAM User Guide says to use set operators only with multivalued keys. `ForAllValues` is true "
                 "when the key is absent from the request, so an `Allow` written with it applies to requests that "
                 "do not carry the key at all; `ForAnyValue` on a single value is a roundabout way to write the "
                 "plain operator, and readers take it for a set test that it is not.",
    .fix = "Drop the prefix: `StringEquals` on `aws:PrincipalOrgID`; add a `Null` condition if the key must be "
           "present.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class SetOperatorOnSingleValuedKey final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      if (parsed.qualifier == linter::ConditionQualifier::None || parsed.base == "Null") return;
      if (validity::find_operator(parsed.base) == nullptr) return;
      const linter::ConditionKeyInfo* key = validity::find_key(catalog, k.key);
      if (key == nullptr || key->type == linter::KeyType::Unknown || linter::key_type_is_array(key->type)) return;
      std::string_view plain = op.key.substr(op.key.find(':') + 1);
      out.report(k, "set-operator-on-single-valued-key", {op.key, k.key, linter::key_type_name(key->type), plain},
                 linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_set_operator_on_single_valued_key() {
  return std::make_unique<SetOperatorOnSingleValuedKey>();
}

}  // namespace iamlint::rules
