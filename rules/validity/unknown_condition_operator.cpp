#include <string>

#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unknown-operator", "\"{0}\" is not a condition operator"},
    {"unknown-operator-did-you-mean", "\"{0}\" is not a condition operator; did you mean \"{1}\"?"},
    {"unknown-qualifier",
     "\"{0}\" is not a set operator: only ForAllValues: and ForAnyValue: may precede a condition operator"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_CONDITION_OPERATOR"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM106",
    .name = "unknown-condition-operator",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Condition uses an operator that IAM does not have.",
    .description = "Flags a `Condition` operator whose base name (without `ForAllValues:`/`ForAnyValue:` and "
                   "`IfExists`) is not one of the documented operators: the `String`, `Numeric` and `Date` "
                   "families, `Bool`, `BinaryEquals`, `IpAddress`, `NotIpAddress`, the `Arn` family and `Null`. "
                   "Names are compared exactly, as IAM does; a near miss comes with a suggestion. A prefix before a "
                   "colon other than `ForAllValues` and `ForAnyValue` is flagged as an unknown set operator.",
    .rationale = "IAM refuses a policy with an unknown operator. Where a policy is not validated before use "
                 "(templates, infrastructure code), the error only shows at deployment, and a misspelt operator "
                 "such as `StringEqual` or `ForSomeValues:StringLike` hides the condition the author meant.",
    .fix = "Use a documented operator, e.g. `StringEquals`, `StringLike`, `ArnLike`, `ForAnyValue:StringEquals`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class UnknownConditionOperator final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* condition = s.get(Element::Condition);
    if (condition == nullptr || !condition->is_object()) return;
    for (const Node& op : policy.tree->children(*condition)) {
      std::string_view name = op.key, qualifier;
      if (auto colon = name.find(':'); colon != std::string_view::npos) {
        qualifier = name.substr(0, colon);
        name.remove_prefix(colon + 1);
        if (qualifier != "ForAllValues" && qualifier != "ForAnyValue") {
          out.report(op, "unknown-qualifier", {qualifier}, linter::Part::Key);
          continue;
        }
      }
      constexpr std::string_view kIfExists = "IfExists";
      std::string_view base = name;
      bool if_exists = false;
      if (base.size() > kIfExists.size() && base.substr(base.size() - kIfExists.size()) == kIfExists) {
        base.remove_suffix(kIfExists.size());
        if_exists = true;
      }
      if (validity::find_operator(base) != nullptr) continue;
      std::string_view near = did_you_mean(base, validity::operator_names());
      if (near.empty()) {
        out.report(op, "unknown-operator", {op.key}, linter::Part::Key);
        continue;
      }
      std::string suggestion;
      if (!qualifier.empty()) suggestion.append(qualifier).append(":");
      suggestion.append(near);
      if (if_exists) suggestion.append(kIfExists);
      out.report(op, "unknown-operator-did-you-mean", {op.key, suggestion}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unknown_condition_operator() {
  return std::make_unique<UnknownConditionOperator>();
}

}  // namespace iamlint::rules
