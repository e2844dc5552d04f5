#include <optional>
#include <string>
#include <vector>

#include "rules/common/validity_arn.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"duplicate-principal", "\"{0}\" repeats the principal at {1}; remove one"},
    {"same-account", "\"{0}\" and \"{1}\" at {2} name the same account, once by its id and once by its root ARN, "
                     "which IAM reads as the same principal; keep one"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM314",
    .name = "redundant-principal",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "A principal that another value of the same Principal already names.",
    .description =
        "In `Principal` and `NotPrincipal`, flags a value that repeats an earlier value of the same principal type "
        "(`AWS`, `Service`, `Federated`, `CanonicalUser`), and an `AWS` account given both as a 12-digit id and as "
        "its root ARN (`111122223333` and `arn:aws:iam::111122223333:root`).",
    .rationale = "The values of a principal type are ORed, and an account id means the same principal as the "
                 "account's root ARN, so the second value names nobody new. A repeated principal is usually a copy that was meant to be "
                 "edited into another account or role, which then is missing from the policy.",
    .fix = "Remove the repeat, or change it to the principal that was meant.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// The account of a root ARN ("arn:aws:iam::111122223333:root"), or empty.
std::string_view root_account(std::string_view arn) {
  std::optional<validity::ArnParts> parts = validity::split_arn(arn);
  if (!parts || parts->service != "iam" || parts->resource != "root" || !validity::is_account_id(parts->account)) {
    return {};
  }
  return parts->account;
}

// The account a value names as a whole, by id or root ARN; empty for anything else.
std::string_view account_of(std::string_view value) {
  return validity::is_account_id(value) ? value : root_account(value);
}

class RedundantPrincipal final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    std::vector<const Node*> seen;
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      const Node* principal = s.get(e);
      if (principal == nullptr || !principal->is_object()) continue;
      for (const Node& type : tree.children(*principal)) {
        if (!type.is_array() || type.child_count < 2) continue;
        seen.clear();
        for (const Node& v : tree.children(type)) {
          if (!v.is_string()) continue;
          check_value(policy, v, seen, out);
          seen.push_back(&v);
        }
      }
    }
  }

 private:
  static void check_value(const Policy& policy, const Node& v, const std::vector<const Node*>& seen, Reporter& out) {
    std::string_view account = account_of(v.text);
    for (const Node* earlier : seen) {
      if (earlier->text == v.text) {
        out.report(v, "duplicate-principal", {v.text, line_col(policy, earlier->span.offset)});
        return;
      }
    }
    if (account.empty()) return;
    for (const Node* earlier : seen) {
      if (account_of(earlier->text) == account) {
        out.report(v, "same-account", {v.text, earlier->text, line_col(policy, earlier->span.offset)});
        return;
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_redundant_principal() { return std::make_unique<RedundantPrincipal>(); }

}  // namespace iamlint::rules
