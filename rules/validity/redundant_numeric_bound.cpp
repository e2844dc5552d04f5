#include <charconv>
#include <string>
#include <system_error>

#include "linter/model.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"redundant-bound",
     "{0} with {1} and {2} for \"{3}\": the values are ORed, so only {2} counts and {1} adds nothing"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "REDUNDANT_CONDITION_VALUE_NUM"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM122",
    .name = "redundant-numeric-bound",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Validity,
    .summary = "A NumericLessThan or NumericGreaterThan key lists bounds that its loosest value covers.",
    .description = "Flags, for `NumericLessThan(Equals)` and `NumericGreaterThan(Equals)` with several numbers for one "
                   "key, every bound but the loosest one (Access Analyzer's REDUNDANT_CONDITION_VALUE_NUM). Values "
                   "repeated as written are IAM312's.",
    .rationale = "A key's values are ORed, so `NumericLessThan` with both 2700 and 3600 means less than 3600: the "
                 "other bound is noise at best, and at worst the trace of an edit that meant a tighter bound.",
    .fix = "Keep the single bound you mean; check whether a tighter bound was intended.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool read_double(std::string_view s, double& out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool scalar(const Node& v) {
  return v.is_string() || v.type == linter::JsonType::Number || v.type == linter::JsonType::Bool;
}

class RedundantNumericBound final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    validity::for_each_condition_key(tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                  const Node& key) {
      if (!key.is_array() || parsed.qualifier != linter::ConditionQualifier::None) return;
      const validity::OperatorInfo* info = validity::find_operator(parsed.base);
      if (info == nullptr || info->family != validity::OperatorFamily::Numeric) return;
      check_bounds(op, parsed, key, tree, out);
    });
  }

 private:
  // NumericLessThan [2700, 3600]: only the greatest bound matters; NumericGreaterThan: only the least.
  static void check_bounds(const Node& op, const linter::ConditionOperator& parsed, const Node& key,
                           const linter::JsonTree& tree, Reporter& out) {
    bool less = parsed.base.starts_with("NumericLessThan");
    if (!less && !parsed.base.starts_with("NumericGreaterThan")) return;
    const Node* loosest = nullptr;
    double best = 0;
    int count = 0;
    for (const Node& v : tree.children(key)) {
      double x = 0;
      if (!scalar(v) || !read_double(v.text, x)) return;  // a variable or a typo: IAM109's business
      ++count;
      if (loosest == nullptr || (less ? x > best : x < best)) {
        loosest = &v;
        best = x;
      }
    }
    if (count < 2) return;
    for (const Node& v : tree.children(key)) {
      double x = 0;
      read_double(v.text, x);
      if (&v == loosest || x == best) continue;  // equal values are IAM312's
      out.report(v, "redundant-bound", {op.key, v.text, loosest->text, key.key});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_numeric_bound() { return std::make_unique<RedundantNumericBound>(); }

}  // namespace iamlint::rules
