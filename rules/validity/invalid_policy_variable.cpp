#include <string>

#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unclosed-variable", "\"{0}\" opens a policy variable with ${ and never closes it with }"},
    {"malformed-variable",
     "\"${{0}}\" is not a policy variable: write a condition key (${aws:username}), optionally with a default "
     "(${aws:username, 'none'}), or ${*}, ${?}, ${$} for a literal character"},
    {"unknown-variable", "\"${{0}}\" names no AWS global condition key, so IAM has nothing to put in its place"},
    {"variable-not-allowed",
     "\"{0}\" holds a policy variable, but IAM replaces variables only in Resource, NotResource and Condition "
     "values; in {1} it is literal text"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "MISSING_BRACE_IN_VARIABLE"},
    {"Access Analyzer", "EMPTY_VARIABLE"},
    {"Access Analyzer", "UNSUPPORTED_SPACE_IN_VARIABLE"},
    {"Access Analyzer", "UNSUPPORTED_SYMBOL_IN_VARIABLE"},
    {"Access Analyzer", "MISSING_QUOTE_IN_VARIABLE"},
    {"Access Analyzer", "VARIABLE_UNSUPPORTED_IN_ELEMENT"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM116",
    .name = "invalid-policy-variable",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A policy variable is malformed, unknown, or where IAM does not replace it.",
    .description = "Flags `${` without a closing `}`; a `${...}` that is neither a condition key (with an "
                   "optional `, 'default'`) nor one of the escapes `${*}`, `${?}`, `${$}`; an `aws:` variable that "
                   "is not a global condition key; a variable in `Action`, `NotAction`, `Effect`, `Sid`, "
                   "`Principal` or `NotPrincipal`, where IAM does not replace variables. In a policy whose `Version` "
                   "is missing or `2008-10-17` every variable is literal text; IAM001 and IAM003 report that, so "
                   "this rule does not check such policies.",
    .rationale = "A variable IAM does not replace stays in the policy as the characters `${aws:username}`: "
                 "`arn:aws:s3:::home/${aws:username}/*` then matches only a folder literally named that way, and "
                 "every user is denied their home folder; in a `Deny` the guardrail protects nothing.",
    .fix = "Use variables only in `Resource`, `NotResource` and `Condition` "
           "values; write global keys as variables: `${aws:username}`, `${aws:PrincipalTag/team}`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_' || c == '/' || c == ':' || c == '@' || c == '=' || c == '+';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The key of a variable's content ("aws:username, 'none'" gives "aws:username"), or empty when malformed.
std::string_view variable_key(std::string_view content) {
  std::string_view key = content;
  if (std::size_t comma = content.find(','); comma != std::string_view::npos) {
    key = content.substr(0, comma);
    std::string_view fallback = trim(content.substr(comma + 1));
    if (fallback.size() < 2 || fallback.front() != '\'' || fallback.back() != '\'') return {};
  }
  key = trim(key);
  std::size_t colon = key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == key.size()) return {};
  for (char c : key) {
    if (!key_char(c)) return {};
  }
  return key;
}

class InvalidPolicyVariable final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    bool replaced = policy.version != nullptr && policy.version->is_string() && policy.version->text == "2012-10-17";
    // Elements where a variable is literal text.
    for (Element e : {Element::Sid, Element::Effect, Element::Action, Element::NotAction}) {
      if (const Node* element = s.get(e)) {
        linter::for_each_value(tree, *element, [&](const Node& v) { literal(v, e, out); });
      }
    }
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      if (!element->is_object()) {
        literal(*element, e, out);
        continue;
      }
      for (const Node& type : tree.children(*element)) {
        linter::for_each_value(tree, type, [&](const Node& v) { literal(v, e, out); });
      }
    }
    // Elements where IAM replaces variables.
    for (Element e : {Element::Resource, Element::NotResource}) {
      if (const Node* element = s.get(e)) {
        linter::for_each_value(tree, *element, [&](const Node& v) { replaced_value(v, replaced, out); });
      }
    }
    validity::for_each_condition_key(tree, s, [&](const Node&, const linter::ConditionOperator&, const Node& k) {
      linter::for_each_value(tree, k, [&](const Node& v) { replaced_value(v, replaced, out); });
    });
  }

 private:
  static void literal(const Node& v, Element e, Reporter& out) {
    if (v.is_string() && v.text.find("${") != std::string_view::npos) {
      out.report(v, "variable-not-allowed", {v.text, linter::element_name(e)});
    }
  }

  static void replaced_value(const Node& v, bool replaced, Reporter& out) {
    if (!v.is_string()) return;
    std::string_view text = v.text;
    std::size_t open = text.find("${");
    if (open == std::string_view::npos) return;
    if (!replaced) return;  // literal text everywhere: IAM001 (missing) and IAM003 (2008-10-17) say so
    const linter::Catalog& catalog = linter::Catalog::embedded();
    for (; open != std::string_view::npos; open = text.find("${", open + 2)) {
      std::size_t close = text.find('}', open);
      if (close == std::string_view::npos) {
        out.report(v, "unclosed-variable", {text});
        return;
      }
      std::string_view content = text.substr(open + 2, close - open - 2);
      open = close - 1;
      if (content == "*" || content == "?" || content == "$") continue;
      std::string_view key = variable_key(content);
      if (key.empty()) {
        out.report(v, "malformed-variable", {content});
        continue;
      }
      if (linter::iequals(key.substr(0, 4), "aws:") && catalog.find_global_key(key) == nullptr) {
        out.report(v, "unknown-variable", {key});
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_policy_variable() { return std::make_unique<InvalidPolicyVariable>(); }

}  // namespace iamlint::rules
