#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"type-mismatch", "{0} compares {1} values, but the key \"{2}\" has type {3}; use {4}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "TYPE_MISMATCH"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM108",
    .name = "condition-type-mismatch",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Condition operator compares a key of another type.",
    .description = "Flags a condition whose operator family does not fit the type the catalog gives its key: a "
                   "`Numeric` operator on a key that is not numeric, a `Date` operator on a key that is neither a "
                   "date nor numeric (epoch seconds), `IpAddress`/`NotIpAddress` on a key that is not an IP address, "
                   "an `Arn` operator on a key that is neither an ARN nor a string, `Bool` on a key that is not Boolean, "
                   "`BinaryEquals` on a key that is not binary. `String` operators are accepted on every key (they "
                   "are the documented way to compare ARN keys as text), `Null` too; keys of unknown type are "
                   "skipped.",
    .rationale = "IAM converts the request's value to the operator's type; when it cannot (an account id as an "
                 "ARN, a tag as a number), the condition is simply false. An `Allow` then never applies and a "
                 "`Deny` with a negated operator always does, and nothing reports it.",
    .fix = "Use an operator of the key's type: `StringEquals` for `aws:SourceAccount`, `ArnLike` for "
           "`aws:SourceArn`, `NumericLessThan` for `aws:MultiFactorAuthAge`, `IpAddress` for `aws:SourceIp`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

using linter::KeyType;
using validity::OperatorFamily;

bool fits(OperatorFamily family, KeyType type) {
  switch (family) {
    case OperatorFamily::String:
    case OperatorFamily::Null: return true;
    case OperatorFamily::Numeric: return type == KeyType::Numeric || type == KeyType::ArrayOfNumeric;
    case OperatorFamily::Date:
      return type == KeyType::Date || type == KeyType::Numeric || type == KeyType::ArrayOfNumeric;
    case OperatorFamily::Bool: return type == KeyType::Bool || type == KeyType::ArrayOfBool;
    case OperatorFamily::Binary: return type == KeyType::Binary;
    case OperatorFamily::IpAddress: return type == KeyType::IpAddress;
    // AWS's own policies compare String keys that hold ARNs (kms:EncryptionContext:aws:s3:arn, tags) with ArnLike.
    case OperatorFamily::Arn:
      return type == KeyType::Arn || type == KeyType::ArrayOfArn || type == KeyType::String ||
             type == KeyType::ArrayOfString;
  }
  return true;
}

std::string_view operators_for(KeyType type) {
  switch (type) {
    case KeyType::String:
    case KeyType::ArrayOfString: return "a String operator (StringEquals, StringLike)";
    case KeyType::Arn:
    case KeyType::ArrayOfArn: return "an Arn operator (ArnEquals, ArnLike) or a String operator";
    case KeyType::Bool:
    case KeyType::ArrayOfBool: return "Bool";
    case KeyType::Numeric:
    case KeyType::ArrayOfNumeric: return "a Numeric operator (NumericEquals, NumericLessThan)";
    case KeyType::Date: return "a Date operator (DateGreaterThan, DateLessThan)";
    case KeyType::IpAddress: return "IpAddress or NotIpAddress";
    case KeyType::Binary: return "BinaryEquals";
    case KeyType::Unknown: break;
  }
  return "an operator of the key's type";
}

class ConditionTypeMismatch final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      const validity::OperatorInfo* info = validity::find_operator(parsed.base);
      if (info == nullptr) return;
      const linter::ConditionKeyInfo* key = validity::find_key(catalog, k.key);
      if (key == nullptr || key->type == KeyType::Unknown || fits(info->family, key->type)) return;
      out.report(k, "type-mismatch",
                 {op.key, validity::family_name(info->family), k.key, linter::key_type_name(key->type),
                  operators_for(key->type)},
                 linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_condition_type_mismatch() { return std::make_unique<ConditionTypeMismatch>(); }

}  // namespace iamlint::rules
