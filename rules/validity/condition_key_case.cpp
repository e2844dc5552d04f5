#include <string>

#include "linter/catalog.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"condition-key-case", "\"{0}\" is written \"{1}\" by AWS: keys match case-insensitively, but one spelling keeps "
                           "policies searchable"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM129",
    .name = "condition-key-case",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Validity,
    .summary = "A condition key is not written in AWS's spelling.",
    .description = "Flags a `Condition` key that names a global key or a key of its prefix's service but differs "
                   "from the spelling in the IAM User Guide or the Service Authorization Reference in letter case "
                   "(`aws:sourceip` for `aws:SourceIp`). The tag key or other part a template key leaves to the "
                   "author (`aws:ResourceTag/<tag-key>`) is not compared. Unknown keys are IAM107's.",
    .rationale = "Condition key names are case-insensitive, so the policy works. But a reviewer searching for "
                 "`aws:SourceIp`, or a tool matching keys exactly, misses `aws:sourceIP`; as with action names "
                 "(IAM306), one spelling keeps policies easy to search, compare and review.",
    .fix = "Write the key as AWS documents it.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// Whether the catalog lists the key exactly as written under another entry (a service may list one key in two
// spellings); only plain keys are compared.
bool spelled_elsewhere(const linter::Catalog& catalog, std::string_view key) {
  for (const linter::ConditionKeyInfo& k : catalog.global_keys()) {
    if (k.name == key) return true;
  }
  std::size_t colon = key.find(':');
  const linter::ServiceInfo* service = catalog.find_service(key.substr(0, colon));
  if (colon == std::string_view::npos || service == nullptr) return false;
  for (uint32_t i = service->keys_begin; i < service->keys_end; ++i) {
    if (catalog.condition_keys()[i].name == key) return true;
  }
  return false;
}

class ConditionKeyCase final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator&,
                                                          const Node& k) {
      std::string_view key = k.key;
      // The same key twice in one operator with different case is IAM021's finding; one is enough.
      for (const Node& other : policy.tree->children(op)) {
        if (&other != &k && linter::iequals(other.key, key)) return;
      }
      const linter::ConditionKeyInfo* info = validity::find_key(catalog, key);
      if (info == nullptr) return;
      std::string_view name = info->name;
      std::string expected;
      if (info->hole_begin == linter::ConditionKeyInfo::kNoHole) {
        if (key == name) return;
        expected = name;
      } else {
        std::string_view head = name.substr(0, info->hole_begin), tail = name.substr(info->hole_end);
        if (key.size() < head.size() + tail.size()) return;
        std::string_view key_head = key.substr(0, head.size()), key_tail = key.substr(key.size() - tail.size());
        if (key_head == head && key_tail == tail) return;
        expected.append(head).append(key.substr(head.size(), key.size() - head.size() - tail.size())).append(tail);
      }
      if (!linter::iequals(expected, key)) return;  // a template matched differently: say nothing rather than guess
      if (spelled_elsewhere(catalog, key)) return;
      out.report(k, "condition-key-case", {key, expected}, linter::Part::Key);
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_condition_key_case() { return std::make_unique<ConditionKeyCase>(); }

}  // namespace iamlint::rules
