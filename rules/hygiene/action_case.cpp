#include <string>
#include <utility>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"action-case", "write \"{0}\" as AWS documents it, \"{1}\"; IAM ignores the case of actions, but readers and "
                    "searches do not"},
    {"action-case-many",
     "\"{0}\" and {1} more actions of this element are not written as AWS documents them (here \"{2}\"); IAM "
     "ignores the case of actions, but readers and searches do not"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM306",
    .name = "action-case",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Hygiene,
    .summary = "An action is not written in AWS's own spelling.",
    .description =
        "Flags an `Action` or `NotAction` value that names a catalog action in another case than the Service "
        "Authorization Reference writes it, such as `s3:getobject` or `S3:GetObject` for `s3:GetObject`; the "
        "message gives the documented spelling. Only differences that make it a different spelling are reported: "
        "an upper-case letter in the service prefix, the first letter of the action name, a name written in one "
        "case throughout (`s3:GETOBJECT`), or a word of AWS's camel case begun in lower case (`dynamodb:Getitem` "
        "for `dynamodb:GetItem`, where `I` follows a lower-case letter). Acronyms and extra capitals are left "
        "alone (`s3:GetBucketCors` for `s3:GetBucketCORS`, `elasticloadbalancing:DeRegisterTargets`): AWS's own "
        "API references and managed policies write many of them both ways. Values with a wildcard are left alone, "
        "and so are actions the catalog does not know (validity rules report those). When more than "
        "five values of one element are miscased (a list written in lower case throughout), one finding at the "
        "first says how many, rather than one per value.",
    .rationale = "IAM compares actions without regard to case, so the policy works; but people and tools do not. A "
                 "search of a policy repository for `s3:GetObject` misses `s3:getObject`, a reviewer scanning a "
                 "list reads past odd spellings, and duplicates that differ only in case go unnoticed.",
    .fix = "Write the action as the message shows it: the service prefix in lower case and the action name as AWS "
           "documents it.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// `text` equals "prefix:name" but for case (the catalog found it). Whether its case departs from AWS's in a way that
// is certainly a different spelling: the prefix, the first letter of the name, a name in one case throughout, or a
// word start of AWS's camel case (an upper-case letter after a lower-case letter or digit) written in lower case.
// Acronyms and extra capitals (GetBucketCors for GetBucketCORS, DeRegisterTargets) are left alone: AWS's own API
// references and managed policies write many of them both ways, and the catalog is not always the API's spelling.
bool miscased(std::string_view text, std::string_view prefix, std::string_view name) noexcept {
  if (text.substr(0, prefix.size()) != prefix) return true;
  std::string_view written = text.substr(prefix.size() + 1);
  if (written[0] != name[0]) return true;
  bool has_lower = false, has_upper = false, name_lower = false, name_upper = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    has_lower |= is_lower(written[i]);
    has_upper |= is_upper(written[i]);
    name_lower |= is_lower(name[i]);
    name_upper |= is_upper(name[i]);
    bool word_start = i > 0 && is_upper(name[i]) && (is_lower(name[i - 1]) || is_digit(name[i - 1]));
    if (word_start && is_lower(written[i])) return true;
  }
  return (name_lower && !has_lower) || (name_upper && !has_upper);
}

// An element with more miscased values than this gets one finding: it is a list written in one style throughout
// (AWSSupportServiceRolePolicy has thousands), and a finding per value would bury everything else.
constexpr std::size_t kMostReported = 5;

class ActionCase final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    for (Element e : {Element::Action, Element::NotAction}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      std::vector<std::pair<const Node*, const linter::ActionInfo*>> found;
      const uint32_t element_id = policy.tree->id_of(*element);
      for (const linter::ActionValueFacts& facts : linter::statement_actions(policy, s, catalog).values) {
        const Node& v = *facts.node;
        if (&v != element && v.parent != element_id) continue;  // a value of the other element
        const linter::ActionInfo* action = facts.action;  // null for patterns and unknown actions
        if (action == nullptr || !miscased(v.text, catalog.service_of(*action).prefix, action->name)) continue;
        found.emplace_back(&v, action);
      }
      if (found.size() > kMostReported) {
        std::string more = std::to_string(found.size() - 1);
        out.report(*found[0].first, "action-case-many",
                   {found[0].first->text, more, catalog.full_name(*found[0].second)});
        continue;
      }
      for (const auto& [v, action] : found) out.report(*v, "action-case", {v->text, catalog.full_name(*action)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_action_case() { return std::make_unique<ActionCase>(); }

}  // namespace iamlint::rules
