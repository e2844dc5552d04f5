#include <algorithm>
#include <unordered_map>
#include <vector>

#include "rules/hygiene/canonical.hpp"
#include "rules/hygiene/coverage.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"mergeable-statements",
     "this statement allows other actions on the same resources, for the same principals and under the same "
     "conditions as the statement at {0}; its actions could be listed there"},
};
constexpr std::string_view kReferences[] = {
    kDocElements, "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM305",
    .name = "mergeable-statements",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "Two Allow statements differ only in their actions and could be one.",
    .description =
        "Flags an `Allow` statement whose `Resource` (or `NotResource`), `Principal` (or `NotPrincipal`) and "
        "`Condition` are the same as those of an earlier `Allow` statement, when both list their actions in "
        "`Action`, and at least one of the two has no Sid of its own (none, an empty one, or the policy "
        "generator's default `Stmt` followed by digits). Two statements whose Sids both name a purpose are taken "
        "as a deliberate split and left alone. Elements are compared as IAM reads them: member order, array "
        "order, repeated values and one-item arrays do not matter; everything else must be written the same. The "
        "later statement is reported, naming the first one it could join. Statements that are the same in every "
        "element but the Sid are IAM303's concern; statements with `NotAction` are not flagged, since two "
        "`NotAction` lists do not combine into one.",
    .rationale = "Two statements that grant different actions under identical terms make a reader compare them "
                 "element by element to see that they are the same grant. One statement says it once, keeps the "
                 "terms from drifting apart when one copy is edited, and takes less of the policy's size quota.",
    .fix = "Move the later statement's actions into the earlier statement's `Action` list and remove the later "
           "statement; or, if the split is deliberate, give each statement a Sid that says what it is for.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// A Sid that names a purpose, as opposed to none, an empty one or the policy generator's default "Stmt" + digits.
bool has_own_sid(const Statement& s) {
  const Node* sid = s.get(Element::Sid);
  if (sid == nullptr || !sid->is_string() || sid->text.empty()) return false;
  std::string_view text = sid->text;
  if (text.size() <= 4 || text.substr(0, 4) != "Stmt") return true;
  return text.substr(4).find_first_not_of("0123456789") != std::string_view::npos;
}

// Whether every Action value of `narrow` is covered by some Action value of `broad`.
bool actions_cover(const Policy& policy, const Statement& broad, const Statement& narrow) {
  bool all = true;
  linter::for_each_value(*policy.tree, *narrow.get(Element::Action), [&](const Node& n) {
    if (!all) return;
    bool found = false;
    linter::for_each_value(*policy.tree, *broad.get(Element::Action), [&](const Node& b) {
      found = found || (b.is_string() && n.is_string() && action_pattern_covers(b.text, n.text));
    });
    all = found;
  });
  return all;
}

class MergeableStatements final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.statements.size() < 2) return;
    struct Group {
      const Statement* first;
      std::vector<std::string> actions;  // of every statement in the group so far
    };
    const unsigned skip = element_bit(Element::Sid) | element_bit(Element::Action);
    const std::vector<bool> candidates = shares_summary(policy, skip);
    std::unordered_map<std::string, Group> groups;
    for (std::size_t i = 0; i < policy.statements.size(); ++i) {
      const Statement& s = policy.statements[i];
      if (!candidates[i] || s.effect != linter::Effect::Allow) continue;
      const Node* action = s.get(Element::Action);
      if (action == nullptr || s.has(Element::NotAction)) continue;
      std::string actions = canonical_value(*policy.tree, *action, true);
      auto [it, inserted] = groups.try_emplace(canonical_statement(*policy.tree, s, skip), Group{&s, {}});
      Group& group = it->second;
      bool repeated = std::find(group.actions.begin(), group.actions.end(), actions) != group.actions.end();
      if (!repeated) group.actions.push_back(std::move(actions));
      // The same actions make a duplicate (IAM303); two Sids that name purposes make a deliberate split.
      if (inserted || repeated || (has_own_sid(s) && has_own_sid(*group.first))) continue;
      // When one statement's actions cover the other's, the narrower one is redundant: IAM307 says so.
      if (actions_cover(policy, *group.first, s) || actions_cover(policy, s, *group.first)) continue;
      out.report(*s.node, "mergeable-statements", {statement_reference(policy, *group.first)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_mergeable_statements() { return std::make_unique<MergeableStatements>(); }

}  // namespace iamlint::rules
