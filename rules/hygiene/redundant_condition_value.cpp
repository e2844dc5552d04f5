#include <string>
#include <vector>

#include "linter/text.hpp"
#include "rules/conditions.hpp"
#include "rules/hygiene/coverage.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-condition-value", "\"{0}\" repeats the value at {1} of the same condition key; remove one"},
    {"covered-condition-value",
     "\"{0}\" is already matched by \"{1}\" at {2} of the same condition key, so it changes nothing; remove it, "
     "or narrow the pattern if this value was meant to be the only one"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM312",
    .name = "redundant-condition-value",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "A condition value that another value of the same key already matches.",
    .description =
        "Flags a string value in a condition key's value list that repeats an earlier value of the same list (the "
        "same text, or for `…IgnoreCase` operators the same text in another case), and, for `StringLike`, "
        "`StringNotLike`, `ArnLike` and `ArnNotLike`, a value without wildcards that a wildcard value of the same "
        "list matches (`arn:aws:iam::111122223333:role/deploy` next to `arn:aws:iam::111122223333:role/*`). "
        "`String` patterns match case-sensitively and across any character; `Arn` patterns segment by segment, as "
        "IAM compares ARNs. Values with policy variables are not compared as patterns.",
    .rationale = "The values of one key are ORed, so the repeated or covered value changes nothing. It is noise "
                 "at best; often it is a copy that was meant to be edited into another account, organization or "
                 "VPC endpoint, or a specific value next to a pattern that was meant to be removed, and the "
                 "condition is broader than its author thinks.",
    .fix = "Remove the repeated or covered value, or change it to the value that was meant.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// Case-sensitive glob match of a literal `text` by `pattern` (* any run, ? one character), without recursion.
bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

class RedundantConditionValue final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    std::vector<const Node*> values;
    for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (!key.is_array() || key.child_count < 2) return;
      bool icase = op.base.ends_with("IgnoreCase");
      bool arn_like = op.base == "ArnLike" || op.base == "ArnNotLike";
      bool like = arn_like || op.base == "StringLike" || op.base == "StringNotLike";
      values.clear();
      for (const Node& v : tree.children(key)) {
        if (v.is_string()) values.push_back(&v);
      }
      for (std::size_t i = 0; i < values.size(); ++i) {
        const Node& v = *values[i];
        const Node* earlier = nullptr;
        for (std::size_t j = 0; j < i && earlier == nullptr; ++j) {
          bool same = icase ? linter::iequals(values[j]->text, v.text) : values[j]->text == v.text;
          if (same) earlier = values[j];
        }
        if (earlier != nullptr) {
          out.report(v, "duplicate-condition-value", {v.text, line_col(policy, earlier->span.offset)});
          continue;
        }
        if (!like || linter::has_wildcard(v.text) || v.text.find("${") != std::string_view::npos) continue;
        for (const Node* w : values) {
          if (w == &v || !linter::has_wildcard(w->text) || w->text.find("${") != std::string_view::npos) continue;
          bool covered = arn_like ? resource_pattern_covers(w->text, v.text) : glob_match(w->text, v.text);
          if (covered) {
            out.report(v, "covered-condition-value", {v.text, w->text, line_col(policy, w->span.offset)});
            break;
          }
        }
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_condition_value() {
  return std::make_unique<RedundantConditionValue>();
}

}  // namespace iamlint::rules
