#include <algorithm>
#include <cctype>
#include <vector>

#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"case-variant-key", "key \"{0}\" differs only in case from \"{1}\" (at {2}); AWS may read them as one key"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "DUPLICATE_KEYS_WITH_DIFFERENT_CASE"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM021",
    .name = "case-variant-key",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "Two condition keys or operators of one block differ only in letter case.",
    .description = "Flags, in a `Condition` block, an operator that equals an earlier one but for letter case, "
                   "and under one operator a condition key that equals an earlier one but for case (`aws:SourceIp` "
                   "and `aws:sourceip`). Element names elsewhere are case-sensitive, so `Action` next to `action` "
                   "is an unknown element (IAM015), not a case variant. Exact duplicates are IAM020's.",
    .rationale = "Condition keys are case-insensitive, so two spellings of one key under an operator are one key "
                 "given twice, and which values apply is undefined. Access Analyzer rejects such policies.",
    .fix = "Keep one spelling and merge the values into it.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool less_icase(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

class CaseVariantKey final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* condition = s.get(Element::Condition);
    if (condition == nullptr || !condition->is_object()) return;
    check_block(policy, *condition, out);
    for (const Node& op : policy.tree->children(*condition)) {
      if (op.is_object()) check_block(policy, op, out);
    }
  }

 private:
  static void check_block(const Policy& policy, const Node& node, Reporter& out) {
    if (node.child_count < 2) return;
    std::vector<const Node*> members;
    members.reserve(node.child_count);
    for (const Node& m : policy.tree->children(node)) members.push_back(&m);
    // Stable: within a group of case-insensitively equal keys, document order is kept.
    std::stable_sort(members.begin(), members.end(),
                     [](const Node* a, const Node* b) { return less_icase(a->key, b->key); });
    for (std::size_t i = 0; i < members.size();) {
      std::size_t j = i + 1;
      while (j < members.size() && linter::iequals(members[j]->key, members[i]->key)) {
        const Node* first = members[i];
        if (members[j]->key != first->key) {
          std::string at = line_col(policy, first->key_span.offset);
          out.report(*members[j], "case-variant-key", {members[j]->key, first->key, at}, linter::Part::Key);
        }
        ++j;
      }
      i = j;
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_case_variant_key() { return std::make_unique<CaseVariantKey>(); }

}  // namespace iamlint::rules
