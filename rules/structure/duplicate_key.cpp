#include <algorithm>
#include <vector>

#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-key", "key \"{0}\" appears again in this object (first at {1}); services disagree on which "
                      "one wins"},
};
constexpr std::string_view kReferences[] = {kDocGrammar, "https://www.rfc-editor.org/rfc/rfc8259#section-4"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM020",
    .name = "duplicate-key",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "An object has the same key twice.",
    .description = "Flags the second and later occurrences of a key in any JSON object of the document: two "
                   "`Action` elements in a statement, two `aws:SourceIp` keys under one operator, two `Statement` "
                   "arrays. Most JSON parsers keep one of them silently, and not always the same one.",
    .rationale = "JSON leaves duplicate keys undefined, and AWS services do not treat them alike: one may keep the "
                 "first, another the last, another refuse the document. A reviewer reads one value while AWS "
                 "enforces the other.",
    .fix = "Merge the values into one key (an array holds several), or remove the extra key.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class DuplicateKey final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookNode; }
  void check_node(const Policy& policy, const Node& node, Reporter& out) const override {
    if (!node.is_object() || node.child_count < 2) return;
    // Sorting keeps this O(n log n) on hostile objects with huge numbers of members.
    std::vector<const Node*> members;
    members.reserve(node.child_count);
    for (const Node& m : policy.tree->children(node)) members.push_back(&m);
    std::stable_sort(members.begin(), members.end(), [](const Node* a, const Node* b) { return a->key < b->key; });
    for (std::size_t i = 1; i < members.size(); ++i) {
      std::size_t first = i - 1;
      while (i < members.size() && members[i]->key == members[first]->key) {
        std::string at = line_col(policy, members[first]->key_span.offset);
        out.report(*members[i], "duplicate-key", {members[i]->key, at}, linter::Part::Key);
        ++i;
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_duplicate_key() { return std::make_unique<DuplicateKey>(); }

}  // namespace iamlint::rules
