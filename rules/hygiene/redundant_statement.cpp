#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>
#include <vector>

#include "linter/text.hpp"
#include "rules/hygiene/canonical.hpp"
#include "rules/hygiene/coverage.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"redundant-statement",
     "the statement at {0} already {1} every action of this statement on every resource it names{2}; this "
     "statement adds nothing"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html", kDocElements};

constexpr linter::RuleMeta kMeta{
    .id = "IAM307",
    .name = "redundant-statement",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "A statement that another statement of the same policy already covers.",
    .description =
        "Flags a statement when another statement of the same policy has the same `Effect` and the same "
        "`Principal` (or neither has one), and either no `Condition` or the same `Condition`, and its `Action` "
        "patterns cover each of this statement's actions and its `Resource` patterns each of its resources "
        "(`s3:*` covers `s3:GetObject`, `arn:aws:s3:::b/*` covers `arn:aws:s3:::b/logs/*`). Coverage is decided on "
        "the patterns, never on today's catalog, so a finding stays true when AWS adds actions. Statements with "
        "`NotAction`, `NotResource` or `NotPrincipal` are not compared. Two statements that cover each other "
        "under the same `Condition` are left to IAM303 (duplicate statements).",
    .rationale = "The covered statement grants (or denies) nothing that the policy does not already grant (or "
                 "deny). It makes the policy longer and harder to review, uses the size quota, and misleads a "
                 "reader who edits or removes it expecting a change in access: removing the broader statement "
                 "later silently keeps the narrower grant.",
    .fix = "Remove the covered statement; or, if it was meant to be narrower than the other, narrow the other "
           "statement instead.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// What the rule compares of a statement, computed once.
struct Facts {
  const Statement* s = nullptr;
  std::vector<std::string_view> actions, resources;
  std::string principal, condition;  // canonical text; empty when absent
  // The literal service prefixes of the actions, unique; any_service when a pattern's prefix has a wildcard (or
  // the pattern has no colon, like "*"). A cheap test that rules out most pairs before patterns are compared.
  std::vector<std::string_view> services;
  bool any_service = false;
  bool eligible = false;
};

// The index key of statements without a Resource: no resource prefix is this.
constexpr std::string_view kNoResource = "\x01no resource";

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void collect_services(Facts& f) {
  for (std::string_view a : f.actions) {
    std::size_t colon = a.find(':');
    std::string_view prefix = colon == std::string_view::npos ? std::string_view{} : a.substr(0, colon);
    if (prefix.empty() || linter::has_wildcard(prefix)) {
      f.any_service = true;
      continue;
    }
    // Compared exactly: a prefix written in another case only makes the test miss a finding, never invent one.
    bool known = false;
    for (std::string_view s : f.services) known = known || s == prefix;
    if (!known) f.services.push_back(prefix);
  }
}

// Whether `broad` names every service `narrow` does: needed for its patterns to cover narrow's.
bool may_cover_services(const Facts& broad, const Facts& narrow) {
  if (broad.any_service) return true;
  if (narrow.any_service) return false;
  for (std::string_view n : narrow.services) {
    bool found = false;
    for (std::string_view b : broad.services) found = found || b == n;
    if (!found) return false;
  }
  return true;
}

bool strings_of(const linter::JsonTree& tree, const Node* element, std::vector<std::string_view>& out) {
  if (element == nullptr) return true;
  bool ok = true;
  linter::for_each_value(tree, *element, [&](const Node& v) {
    if (v.is_string()) {
      out.push_back(v.text);
    } else {
      ok = false;
    }
  });
  return ok;
}

// Every value of `narrow` is covered by some value of `broad`.
template <typename Covers>
bool all_covered(const std::vector<std::string_view>& narrow, const std::vector<std::string_view>& broad,
                 Covers covers) {
  for (std::string_view n : narrow) {
    bool found = false;
    for (std::string_view b : broad) {
      if (covers(b, n)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

class RedundantStatement final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.statements.size() < 2) return;
    const linter::JsonTree& tree = *policy.tree;
    std::vector<Facts> facts(policy.statements.size());
    for (std::size_t i = 0; i < facts.size(); ++i) {
      const Statement& s = policy.statements[i];
      Facts& f = facts[i];
      f.s = &s;
      if (!s.node->is_object() || (s.effect != linter::Effect::Allow && s.effect != linter::Effect::Deny)) continue;
      if (s.has(Element::NotAction) || s.has(Element::NotResource) || s.has(Element::NotPrincipal)) continue;
      const Node* action = s.get(Element::Action);
      if (action == nullptr || !strings_of(tree, action, f.actions) || f.actions.empty()) continue;
      if (!strings_of(tree, s.get(Element::Resource), f.resources)) continue;
      if (const Node* p = s.get(Element::Principal)) f.principal = canonical_value(tree, *p, false);
      if (const Node* c = s.get(Element::Condition); c != nullptr && !(c->is_object() && c->child_count == 0)) {
        f.condition = canonical_value(tree, *c, false);
      }
      collect_services(f);
      f.eligible = true;
    }
    // A statement covers another only if one of its resources' literal prefixes (up to a wildcard or a variable) starts
    // the other's first resource: index the statements by those prefixes, lower-cased, so that each statement is
    // compared with those that may cover it, not with every other (a policy of a million statements was quadratic).
    std::unordered_map<std::string, std::vector<uint32_t>> by_prefix;
    std::vector<std::size_t> lengths;  // the prefix lengths in the index
    for (uint32_t i = 0; i < facts.size(); ++i) {
      if (!facts[i].eligible) continue;
      if (facts[i].resources.empty()) {
        by_prefix[std::string(kNoResource)].push_back(i);
        continue;
      }
      for (std::string_view r : facts[i].resources) {
        std::string key = lowered(r.substr(0, std::min({linter::find_wildcard(r), r.find("${"), r.size()})));
        if (std::find(lengths.begin(), lengths.end(), key.size()) == lengths.end()) lengths.push_back(key.size());
        auto& list = by_prefix[std::move(key)];
        if (list.empty() || list.back() != i) list.push_back(i);
      }
    }
    std::vector<uint32_t> candidates;
    for (const Facts& narrow : facts) {
      if (!narrow.eligible) continue;
      candidates.clear();
      auto add = [&](const std::string& key) {
        if (auto it = by_prefix.find(key); it != by_prefix.end()) {
          candidates.insert(candidates.end(), it->second.begin(), it->second.end());
        }
      };
      if (narrow.resources.empty()) {
        add(std::string(kNoResource));
      } else {
        std::string first = lowered(narrow.resources.front());
        for (std::size_t length : lengths) {
          if (length <= first.size()) add(first.substr(0, length));
        }
      }
      std::sort(candidates.begin(), candidates.end());  // document order: the first that covers is reported
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      for (uint32_t b : candidates) {
        const Facts& broad = facts[b];
        if (&broad == &narrow || !broad.eligible || !covers(broad, narrow)) continue;
        // Two statements that cover each other under the same terms are duplicates: IAM303's.
        if (broad.condition == narrow.condition && covers(narrow, broad)) continue;
        bool allow = narrow.s->effect == linter::Effect::Allow;
        out.report(*narrow.s->node, "redundant-statement",
                   {statement_reference(policy, *broad.s), allow ? "allows" : "denies",
                    broad.condition.empty() && !narrow.condition.empty() ? ", unconditionally" : ""});
        break;
      }
    }
  }

 private:
  static bool covers(const Facts& broad, const Facts& narrow) {
    if (broad.s->effect != narrow.s->effect || broad.principal != narrow.principal) return false;
    if (!broad.condition.empty() && broad.condition != narrow.condition) return false;
    if (!may_cover_services(broad, narrow)) return false;
    // Statements without Resource (trust policies) apply to the role itself: they match only each other.
    if (broad.resources.empty() != narrow.resources.empty()) return false;
    if (!all_covered(narrow.actions, broad.actions, action_pattern_covers)) return false;
    // The same text, or "*", covers without the segment-by-segment comparison.
    return all_covered(narrow.resources, broad.resources, [](std::string_view b, std::string_view n) {
      return b == "*" || b == n || resource_pattern_covers(b, n);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_statement() { return std::make_unique<RedundantStatement>(); }

}  // namespace iamlint::rules
