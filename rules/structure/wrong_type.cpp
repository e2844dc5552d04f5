#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"policy-not-object", "a policy document must be a JSON object, not {0}"},
    {"expected-string", "{0} must be a string, not {1}"},
    {"expected-string-or-array", "{0} must be a string or an array of strings, not {1}"},
    {"expected-string-item", "each item of {0} must be a string, not {1}"},
    {"expected-statement", "Statement must be an object or an array of objects, not {0}"},
    {"expected-statement-item", "each statement must be an object, not {0}"},
    {"expected-principal", "{0} must be \"*\" or an object such as {\"AWS\": \"...\"}, not {1}"},
    {"expected-object", "{0} must be an object, not {1}"},
    {"expected-condition-value", "a condition value must be a string, number or boolean, or an array of them, not {0}"},
};
constexpr std::string_view kReferences[] = {kDocGrammar};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "DATA_TYPE_MISMATCH"},
    {"Access Analyzer", "INVALID_PRINCIPAL_FORMAT"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM016",
    .name = "wrong-type",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "An element's JSON type is not one the grammar allows.",
    .description = "Flags values whose JSON type the policy grammar does not allow: a document that is not an "
                   "object; a non-string `Version`, `Id`, `Sid` or `Effect`; a `Statement` that is not an object "
                   "or an array of objects; `Action`, `NotAction`, `Resource`, `NotResource` and principal values "
                   "that are not strings or arrays of strings; a `Principal` that is neither `\"*\"` nor an object; "
                   "a `Condition` block, or an operator's body, that is not an object; and condition values that "
                   "are not strings, numbers or booleans (or arrays of them).",
    .rationale = "IAM refuses these documents. Some tools quietly coerce them (a number becomes a string, `null` "
                 "becomes nothing), so the policy that is checked is not the policy that would be deployed.",
    .fix = "Write the value with the type the grammar asks for, e.g. `\"Action\": [\"s3:GetObject\"]` rather than "
           "`\"Action\": {\"s3\": \"GetObject\"}`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

std::string_view a(JsonType t) {
  switch (t) {
    case JsonType::Null: return "null";
    case JsonType::Bool: return "a boolean";
    case JsonType::Number: return "a number";
    case JsonType::String: return "a string";
    case JsonType::Array: return "an array";
    case JsonType::Object: return "an object";
  }
  return "?";
}

class WrongType final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument | linter::kHookStatement; }

  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.root == nullptr) return;
    if (!policy.root->is_object()) {
      out.report(*policy.root, "policy-not-object", {a(policy.root->type)});
      return;
    }
    for (const Node* n : {policy.version, policy.id}) {
      if (n != nullptr && !n->is_string()) out.report(*n, "expected-string", {n->key, a(n->type)});
    }
    const Node* st = policy.statement;
    if (st != nullptr && !st->is_object() && !st->is_array()) out.report(*st, "expected-statement", {a(st->type)});
  }

  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    if (!s.node->is_object()) {
      out.report(*s.node, "expected-statement-item", {a(s.node->type)});
      return;
    }
    for (Element e : {Element::Sid, Element::Effect}) {
      const Node* n = s.get(e);
      if (n != nullptr && !n->is_string()) out.report(*n, "expected-string", {n->key, a(n->type)});
    }
    for (Element e : {Element::Action, Element::NotAction, Element::Resource, Element::NotResource}) {
      if (const Node* n = s.get(e)) check_strings(tree, *n, n->key, out);
    }
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      const Node* n = s.get(e);
      if (n == nullptr) continue;
      if (n->is_object()) {
        for (const Node& m : tree.children(*n)) check_strings(tree, m, m.key, out);
      } else if (!(n->is_string() && n->text == "*")) {
        out.report(*n, "expected-principal", {n->key, n->is_string() ? "another string" : a(n->type)});
      }
    }
    if (const Node* c = s.get(Element::Condition)) check_condition(tree, *c, out);
  }

 private:
  static void check_strings(const linter::JsonTree& tree, const Node& n, std::string_view name, Reporter& out) {
    if (n.is_string()) return;
    if (!n.is_array()) {
      out.report(n, "expected-string-or-array", {name, a(n.type)});
      return;
    }
    for (const Node& item : tree.children(n)) {
      if (!item.is_string()) out.report(item, "expected-string-item", {name, a(item.type)});
    }
  }

  static bool is_scalar_value(const Node& n) {
    return n.type == JsonType::String || n.type == JsonType::Number || n.type == JsonType::Bool;
  }

  static void check_condition(const linter::JsonTree& tree, const Node& c, Reporter& out) {
    if (!c.is_object()) {
      out.report(c, "expected-object", {"Condition", a(c.type)});
      return;
    }
    for (const Node& op : tree.children(c)) {
      if (!op.is_object()) {
        out.report(op, "expected-object", {"a condition operator's body", a(op.type)});
        continue;
      }
      for (const Node& key : tree.children(op)) {
        if (is_scalar_value(key)) continue;
        if (!key.is_array()) {
          out.report(key, "expected-condition-value", {a(key.type)});
          continue;
        }
        for (const Node& v : tree.children(key)) {
          if (!is_scalar_value(v)) out.report(v, "expected-condition-value", {a(v.type)});
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_wrong_type() { return std::make_unique<WrongType>(); }

}  // namespace iamlint::rules
