#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unknown-policy-element", "unknown policy element \"{0}\"; a policy has Version, Id and Statement"},
    {"unknown-statement-element",
     "unknown statement element \"{0}\"; a statement has Sid, Effect, Principal, NotPrincipal, Action, NotAction, "
     "Resource, NotResource and Condition"},
    {"unknown-principal-type",
     "unknown principal type \"{0}\"; a principal is \"*\" or a map with AWS, Service, Federated or CanonicalUser"},
    {"misspelled-element", "unknown element \"{0}\"; did you mean \"{1}\"?"},
    {"element-case", "element \"{0}\" must be written \"{1}\": element names are case-sensitive"},
};
constexpr std::string_view kReferences[] = {kDocGrammar, kDocElements};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_POLICY_ELEMENT"},
    {"Access Analyzer", "INVALID_PRINCIPAL_KEY"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM015",
    .name = "unknown-element",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "An element name the policy grammar does not have.",
    .description = "Flags top-level keys other than `Version`, `Id` and `Statement`; statement keys other than the "
                   "nine statement elements; and principal types other than `AWS`, `Service`, `Federated` and "
                   "`CanonicalUser`. A name that is a near miss of a real one (`effect`, `Resources`, `Condtion`) "
                   "gets a did-you-mean.",
    .rationale = "IAM refuses unknown elements, and a misspelled one is worse than a missing one: "
                 "`\"Conditions\": {...}` looks like a restriction to a reviewer while restricting nothing.",
    .fix = "Use the element's exact name, or remove it.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

constexpr std::string_view kPolicyElements[] = {"Version", "Id", "Statement"};
constexpr std::string_view kStatementElements[] = {"Sid",       "Effect",   "Principal",   "NotPrincipal", "Action",
                                                   "NotAction", "Resource", "NotResource", "Condition"};
constexpr std::string_view kPrincipalTypes[] = {"AWS", "Service", "Federated", "CanonicalUser"};

bool known(std::string_view key, std::span<const std::string_view> names) {
  for (std::string_view n : names) {
    if (n == key) return true;
  }
  return false;
}

class UnknownElement final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }

  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.root == nullptr || !policy.root->is_object()) return;
    const linter::JsonTree& tree = *policy.tree;
    check_object(tree, *policy.root, kPolicyElements, "unknown-policy-element", out);
    for (const Statement& s : policy.statements) {
      if (!s.node->is_object()) continue;
      check_object(tree, *s.node, kStatementElements, "unknown-statement-element", out);
      for (Element e : {Element::Principal, Element::NotPrincipal}) {
        const Node* p = s.get(e);
        if (p != nullptr && p->is_object()) check_object(tree, *p, kPrincipalTypes, "unknown-principal-type", out);
      }
    }
  }

 private:
  static void check_object(const linter::JsonTree& tree, const Node& object, std::span<const std::string_view> names,
                           std::string_view message, Reporter& out) {
    for (const Node& m : tree.children(object)) {
      if (known(m.key, names)) continue;
      std::string_view guess = did_you_mean(m.key, names);
      if (linter::iequals(guess, m.key)) out.report(m, "element-case", {m.key, guess}, linter::Part::Key);
      else if (!guess.empty()) out.report(m, "misspelled-element", {m.key, guess}, linter::Part::Key);
      else out.report(m, message, {m.key}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unknown_element() { return std::make_unique<UnknownElement>(); }

}  // namespace iamlint::rules
