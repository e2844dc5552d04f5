#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"empty-array", "{0} is an empty array: {1}"},
    {"empty-object", "{0} is an empty object"},
    {"empty-sid", "Sid is an empty string; remove it or name the statement"},
    {"empty-statement", "Statement is an empty array: the policy grants and denies nothing"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "EMPTY_ARRAY_ACTION"},
    {"Access Analyzer", "EMPTY_ARRAY_RESOURCE"},
    {"Access Analyzer", "EMPTY_ARRAY_PRINCIPAL"},
    {"Access Analyzer", "EMPTY_ARRAY_CONDITION"},
    {"Access Analyzer", "EMPTY_ARRAY_CONDITION_FORALLVALUES"},
    {"Access Analyzer", "EMPTY_ARRAY_CONDITION_FORANYVALUE"},
    {"Access Analyzer", "EMPTY_ARRAY_CONDITION_IFEXISTS"},
    {"Access Analyzer", "EMPTY_OBJECT_PRINCIPAL"},
    {"Access Analyzer", "EMPTY_OBJECT_CONDITION"},
    {"Access Analyzer", "EMPTY_SID_VALUE"},
};
constexpr std::string_view kReferences[] = {kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM019",
    .name = "empty-element",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Structure,
    .summary = "An empty array, object or Sid where a value is expected.",
    .description = "Flags `Statement: []`; empty arrays in `Action`, `NotAction`, `Resource`, `NotResource`, a "
                   "principal type or a condition key; empty `Principal`, `NotPrincipal`, `Condition` and "
                   "condition-operator objects; and `Sid: \"\"`.",
    .rationale = "An empty element usually means a template rendered nothing where a value was expected. A `Deny` "
                 "with `\"Action\": []` reads like a guardrail and denies nothing; a condition with an empty value "
                 "list never matches. Access Analyzer reports these as suggestions; iamlint makes them warnings "
                 "because of the Deny case.",
    .fix = "Fill in the values, or remove the element (or the statement) that has none.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class EmptyElement final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument | linter::kHookStatement; }

  void check_document(const Policy& policy, Reporter& out) const override {
    const Node* st = policy.statement;
    if (st != nullptr && st->is_array() && st->child_count == 0) out.report(*st, "empty-statement");
  }

  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    for (Element e : {Element::Action, Element::NotAction, Element::Resource, Element::NotResource}) {
      const Node* n = s.get(e);
      if (n == nullptr || !n->is_array() || n->child_count != 0) continue;
      bool negated = e == Element::NotAction || e == Element::NotResource;
      out.report(*n, "empty-array",
                 {n->key, negated ? "it excludes nothing, so the statement covers everything"
                                  : "the statement matches no request"});
    }
    for (Element e : {Element::Principal, Element::NotPrincipal, Element::Condition}) {
      const Node* n = s.get(e);
      if (n == nullptr || !n->is_object()) continue;
      if (n->child_count == 0) {
        out.report(*n, "empty-object", {n->key});
        continue;
      }
      for (const Node& m : tree.children(*n)) {
        if (e == Element::Condition) {
          if (!m.is_object()) continue;  // a non-object operator body is IAM016's
          if (m.child_count == 0) out.report(m, "empty-object", {m.key});
          for (const Node& key : tree.children(m)) {
            if (key.is_array() && key.child_count == 0) {
              out.report(key, "empty-array", {key.key, "the condition has no value to compare with"});
            }
          }
        } else if (m.is_array() && m.child_count == 0) {
          out.report(m, "empty-array", {m.key, "it names no principal"});
        }
      }
    }
    const Node* sid = s.get(Element::Sid);
    if (sid != nullptr && sid->is_string() && sid->text.empty()) out.report(*sid, "empty-sid");
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_empty_element() { return std::make_unique<EmptyElement>(); }

}  // namespace iamlint::rules
