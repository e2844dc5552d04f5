#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-sid", "Sid \"{0}\" has characters IAM does not accept in {1}; use only A-Z, a-z and 0-9"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "UNSUPPORTED_SID"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM018",
    .name = "invalid-sid",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A Sid with characters other than ASCII letters and digits, where IAM requires them.",
    .description = "Flags a `Sid` with any character outside `A-Z`, `a-z` and `0-9` in the policies IAM itself "
                   "stores: identity policies, trust policies, permission boundaries, session policies and "
                   "organization policies. Resource policies are not checked: services such as Amazon SQS and "
                   "Amazon SNS accept spaces and punctuation in Sids.",
    .rationale = "IAM refuses the policy. Sids like `Allow-S3 read` or `AllowS3_Read` are common in policies "
                 "copied from resource policies or written by hand.",
    .fix = "Write the Sid in CamelCase, e.g. `AllowS3Read`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class InvalidSid final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type == PolicyType::Resource || policy.type == PolicyType::Endpoint) return;
    const Node* sid = s.get(Element::Sid);
    if (sid == nullptr || !sid->is_string()) return;
    for (char c : sid->text) {
      bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!ok) {
        out.report(*sid, "invalid-sid", {sid->text, linter::policy_type_phrase(policy.type)});
        return;
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_sid() { return std::make_unique<InvalidSid>(); }

}  // namespace iamlint::rules
