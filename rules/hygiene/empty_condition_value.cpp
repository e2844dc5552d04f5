#include "linter/catalog.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"empty-arn", "an empty string is never an ARN, so {0} compares \"{1}\" with a value it can never have; a "
                  "template variable was probably left unfilled"},
    {"empty-global-value", "\"{0}\" is never empty in a request, so the empty value \"\" can never match; a "
                           "template variable was probably left unfilled"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM310",
    .name = "empty-condition-value",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "An empty string as a condition value where no request has an empty value.",
    .description =
        "Flags `\"\"` in the values of an `Arn` operator or of a key whose type is ARN, and in the values of a "
        "global `aws:` key that a request never carries empty (`aws:PrincipalOrgID`, `aws:SourceAccount`, "
        "`aws:username`…). Tag keys (`aws:RequestTag/…`, `aws:ResourceTag/…`, `aws:PrincipalTag/…`, "
        "`aws:TagKeys`) may hold empty values and are not checked, nor are the headers `aws:Referer` and "
        "`aws:UserAgent`, nor are service keys such as `s3:prefix`, "
        "where `\"\"` (the bucket's top level) is meaningful. `Bool`, `Null`, numeric, date and IP values are "
        "IAM109's.",
    .rationale = "An empty value is the usual trace of a template or infrastructure-as-code variable that "
                 "rendered nothing. A positive operator then never matches (the `Allow` grants nothing), and a "
                 "negated one always does: `StringNotEquals aws:PrincipalOrgID \"\"` in a `Deny` denies everyone.",
    .fix = "Fill in the value (the organization id, account, ARN…) or remove it from the list; check the "
           "variable that should have produced it.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && linter::iequals(s.substr(0, prefix.size()), prefix);
}

// A global key whose request value is never the empty string: any aws: key but the tag keys, whose values may be
// empty, and the HTTP headers a client sets (aws:Referer, aws:UserAgent), which it may send empty.
bool global_never_empty(std::string_view key) {
  if (!starts_with_icase(key, "aws:")) return false;
  for (std::string_view tag : {"aws:RequestTag/", "aws:ResourceTag/", "aws:PrincipalTag/", "aws:TagKeys",
                               "aws:Referer", "aws:UserAgent"}) {
    if (starts_with_icase(key, tag)) return false;
  }
  return true;
}

class EmptyConditionValue final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      const Node* empty = nullptr;
      linter::for_each_value(tree, key, [&](const Node& v) {
        if (empty == nullptr && v.is_string() && v.text.empty()) empty = &v;
      });
      if (empty == nullptr) return;
      bool arn_op = op.base.starts_with("Arn");
      bool string_op = op.base.starts_with("String");
      if (!arn_op && !string_op) return;  // IAM109 reads the other operators' values
      const linter::ConditionKeyInfo* info = linter::Catalog::embedded().find_condition_key(key.key);
      bool arn_key = info != nullptr && (info->type == linter::KeyType::Arn || info->type == linter::KeyType::ArrayOfArn);
      if (arn_op || arn_key) {
        out.report(*empty, "empty-arn", {op_text(op), key.key});
      } else if (global_never_empty(key.key)) {
        out.report(*empty, "empty-global-value", {key.key});
      }
    });
  }

 private:
  static std::string op_text(const linter::ConditionOperator& op) {
    return std::string(op.base) + (op.if_exists ? "IfExists" : "");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_empty_condition_value() { return std::make_unique<EmptyConditionValue>(); }

}  // namespace iamlint::rules
