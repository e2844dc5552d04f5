#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "linter/catalog.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"absent-and-present",
     "\"{0}\" must be absent (Null true at {1}) and present ({2}) at once: the condition never matches"},
    {"excluded-values",
     "{0} allows only values of \"{1}\" that {2} at {3} excludes: the condition never matches"},
    {"empty-range", "no number is both {0} and {1}, so \"{2}\" never satisfies the block: the condition never "
                    "matches"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM309",
    .name = "unsatisfiable-condition",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "A Condition block that no request can satisfy.",
    .description =
        "Operators in one `Condition` block are ANDed, and so are their keys; the values listed for one key are "
        "ORed. Flags a key that two operators of the same block constrain in contradiction: `Null: true` (the key "
        "must be absent) with a positive operator without `IfExists` on the same key (it must be present); "
        "`StringEquals` values that a `StringNotEquals` on the same key all excludes (and the same for the "
        "`IgnoreCase` pair); numeric bounds with no number between them (`NumericLessThan 5` with "
        "`NumericGreaterThan 10`), or `NumericEquals` values outside them. A key that every operator lets pass "
        "when it is absent (`IfExists`, negated operators) is not reported. Keys the catalog lists as "
        "multivalued, `ForAllValues`/`ForAnyValue` operators and values with policy variables are skipped.",
    .rationale = "A statement whose condition never matches is dead: an `Allow` grants nothing, and a `Deny` "
                 "meant as a guardrail never denies. The block usually mixes up AND and OR, for example two "
                 "operators written where one operator with two values was meant.",
    .fix = "Decide which constraint is meant and remove the other, or list alternative values under one operator "
           "(values of one key are ORed); use two statements for alternatives that need different operators.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

using linter::ConditionOperator;
using linter::ConditionQualifier;

struct Entry {
  ConditionOperator op;
  const Node* key = nullptr;  // member: key is the condition key, value the value list
};

bool has_variable(const linter::JsonTree& tree, const Node& values) {
  bool found = false;
  linter::for_each_value(tree, values, [&](const Node& v) {
    if (v.is_string() && v.text.find("${") != std::string_view::npos) found = true;
  });
  return found;
}

bool is_negated(std::string_view base) { return base.find("Not") != std::string_view::npos; }

// Whether a request without the key satisfies this operator.
bool passes_when_absent(const ConditionOperator& op) {
  if (op.base == "Null") return false;  // decided by its value; callers handle Null themselves
  return op.if_exists || is_negated(op.base);
}

// Every string of `a` is among those of `b` (compared exactly or ignoring case).
bool all_in(const linter::JsonTree& tree, const Node& a, const Node& b, bool icase) {
  bool all = true, any = false;
  linter::for_each_value(tree, a, [&](const Node& x) {
    if (!all) return;
    if (!x.is_string()) {
      all = false;
      return;
    }
    any = true;
    bool found = false;
    linter::for_each_value(tree, b, [&](const Node& y) {
      if (y.is_string() && (icase ? linter::iequals(x.text, y.text) : x.text == y.text)) found = true;
    });
    all = found;
  });
  return all && any;
}

bool parse_number(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// The numbers of a value list; false when one of them is not a number (IAM109's).
bool numbers(const linter::JsonTree& tree, const Node& values, std::vector<double>& out) {
  bool ok = true;
  out.clear();
  linter::for_each_value(tree, values, [&](const Node& v) {
    double d = 0;
    if ((v.is_string() || v.type == linter::JsonType::Number) && parse_number(v.text, d)) {
      out.push_back(d);
    } else {
      ok = false;
    }
  });
  return ok && !out.empty();
}

struct Bound {
  double value = 0;
  bool strict = false;
  const Entry* entry = nullptr;
};

class UnsatisfiableCondition final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* condition = s.get(Element::Condition);
    if (condition == nullptr || !condition->is_object() || condition->child_count < 2) return;
    const linter::JsonTree& tree = *policy.tree;
    std::vector<Entry> entries;
    for_each_condition(tree, s, [&](const ConditionOperator& op, const Node& key) {
      if (op.qualifier != ConditionQualifier::None || has_variable(tree, key)) return;
      entries.push_back({op, &key});
    });
    std::vector<bool> done(entries.size(), false);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (done[i]) continue;
      std::vector<const Entry*> same{&entries[i]};
      for (std::size_t j = i + 1; j < entries.size(); ++j) {
        if (!done[j] && linter::iequals(entries[j].key->key, entries[i].key->key)) {
          same.push_back(&entries[j]);
          done[j] = true;
        }
      }
      if (same.size() < 2 || multivalued(entries[i].key->key)) continue;
      check_key(policy, same, out);
    }
  }

 private:
  static bool multivalued(std::string_view key) {
    const linter::ConditionKeyInfo* info = linter::Catalog::embedded().find_condition_key(key);
    return info != nullptr && linter::key_type_is_array(info->type);
  }

  static std::string where(const Policy& policy, const Entry& e) { return line_col(policy, e.key->key_span.offset); }

  static void check_key(const Policy& policy, const std::vector<const Entry*>& same, Reporter& out) {
    const linter::JsonTree& tree = *policy.tree;
    std::string_view key = same.front()->key->key;
    // Null true: the key must be absent; any positive operator without IfExists needs it present.
    for (const Entry* n : same) {
      if (n->op.base != "Null" || !values_are_bool(tree, *n->key, true)) continue;
      for (const Entry* e : same) {
        if (e == n || e->op.base == "Null" || passes_when_absent(e->op)) continue;
        std::string at = where(policy, *n);
        out.report(*e->key, "absent-and-present", {key, at, op_name(*e)},
                   linter::Part::Key);
        return;
      }
    }
    bool all_pass_absent = true;
    for (const Entry* e : same) all_pass_absent = all_pass_absent && passes_when_absent(e->op);
    if (all_pass_absent) return;
    // Equality against exclusion of the same values.
    for (const Entry* eq : same) {
      bool icase = eq->op.base == "StringEqualsIgnoreCase";
      if (eq->op.base != "StringEquals" && !icase) continue;
      std::string_view negated = icase ? "StringNotEqualsIgnoreCase" : "StringNotEquals";
      for (const Entry* ne : same) {
        if (ne->op.base != negated || !all_in(tree, *eq->key, *ne->key, icase)) continue;
        // A request without the key passes StringEqualsIfExists: then the block can match.
        if (eq->op.if_exists) continue;
        std::string at = where(policy, *ne);
        out.report(*eq->key, "excluded-values", {op_name(*eq), key, op_name(*ne), at}, linter::Part::Key);
        return;
      }
    }
    check_numeric(policy, same, out);
  }

  static std::string op_name(const Entry& e) { return std::string(e.op.base) + (e.op.if_exists ? "IfExists" : ""); }

  static void check_numeric(const Policy& policy, const std::vector<const Entry*>& same, Reporter& out) {
    const linter::JsonTree& tree = *policy.tree;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    Bound lo{-kInf, false, nullptr}, hi{kInf, false, nullptr};
    std::vector<double> values, points;
    const Entry* equals = nullptr;
    for (const Entry* e : same) {
      std::string_view b = e->op.base;
      bool lower = b == "NumericGreaterThan" || b == "NumericGreaterThanEquals";
      bool upper = b == "NumericLessThan" || b == "NumericLessThanEquals";
      if (!lower && !upper && b != "NumericEquals") continue;
      if (!numbers(tree, *e->key, values)) return;
      if (b == "NumericEquals") {
        if (equals != nullptr) return;
        equals = e;
        points = values;
        continue;
      }
      bool strict = b == "NumericGreaterThan" || b == "NumericLessThan";
      // The values of one key are ORed: the loosest bound of the list is the one that counts.
      double v = values.front();
      for (double x : values) v = lower ? std::min(v, x) : std::max(v, x);
      if (lower && (v > lo.value || (v == lo.value && strict))) lo = {v, strict, e};
      if (upper && (v < hi.value || (v == hi.value && strict))) hi = {v, strict, e};
    }
    auto inside = [&](double x) {
      return (lo.strict ? x > lo.value : x >= lo.value) && (hi.strict ? x < hi.value : x <= hi.value);
    };
    if (equals != nullptr && (lo.entry != nullptr || hi.entry != nullptr)) {
      for (double x : points) {
        if (inside(x)) return;
      }
      const Bound& other = lo.entry != nullptr ? lo : hi;
      std::string a = describe(tree, *equals), b = describe(tree, *other.entry);
      out.report(*equals->key, "empty-range", {a, b, equals->key->key}, linter::Part::Key);
      return;
    }
    if (lo.entry == nullptr || hi.entry == nullptr) return;
    bool empty = lo.value > hi.value || (lo.value == hi.value && (lo.strict || hi.strict));
    if (!empty) return;
    const Entry* later = lo.entry->key->span.offset > hi.entry->key->span.offset ? lo.entry : hi.entry;
    std::string a = describe(tree, *lo.entry), b = describe(tree, *hi.entry);
    out.report(*later->key, "empty-range", {a, b, later->key->key}, linter::Part::Key);
  }

  // "NumericLessThan 5" or "NumericEquals 1 or 2" for messages.
  static std::string describe(const linter::JsonTree& tree, const Entry& e) {
    std::string s = op_name(e);
    bool first = true;
    linter::for_each_value(tree, *e.key, [&](const Node& v) {
      s += first ? " " : " or ";
      s += v.text;
      first = false;
    });
    return s;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unsatisfiable_condition() { return std::make_unique<UnsatisfiableCondition>(); }

}  // namespace iamlint::rules
