#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"policy-size-exceeded",
     "the policy has {0} characters (white space not counted), over the {1} quota of {2}"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"},
    {"Access Analyzer", "POLICY_SIZE_EXCEEDS_SCP_QUOTA"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM022",
    .name = "policy-size-exceeded",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "The policy is longer than its type's size quota.",
    .description = "Counts the document's characters without white space outside strings, as IAM does, and "
                   "flags it when over the quota of its kind: managed policy and permission boundary 6,144; "
                   "inline policy of a user 2,048, of a group 5,120, of a role 10,240 (`--policy-holder`); role "
                   "trust policy 2,048; SCP and RCP 5,120. With `--policy-holder aws-managed` (the policies AWS publishes, "
                   "which no customer quota limits: ReadOnlyAccess has over 70,000 characters) nothing is checked. Inline quotas are for all of a principal's inline "
                   "policies together; a single document is checked against the whole quota. Resource and "
                   "session policies are not checked here: their quotas differ per service.",
    .rationale = "AWS refuses a policy over its quota at deployment time, which is late: the change has already "
                 "been reviewed and merged.",
    .fix = "Merge statements that share actions or resources, use wildcards where they keep the intent exact, or "
           "split the permissions across several managed policies.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

struct Quota {
  std::string_view name;
  std::size_t limit = 0;
};

Quota quota_of(const Policy& policy) {
  switch (policy.type) {
    case PolicyType::Identity:
      switch (policy.holder) {
        case linter::PolicyHolder::Managed: return {"managed policy", 6144};
        case linter::PolicyHolder::InlineUser: return {"user inline policy", 2048};
        case linter::PolicyHolder::InlineGroup: return {"group inline policy", 5120};
        case linter::PolicyHolder::InlineRole: return {"role inline policy", 10240};
        case linter::PolicyHolder::AwsManaged: return {};  // AWS's own policies exceed 6,144 (ReadOnlyAccess)
      }
      break;
    case PolicyType::PermissionsBoundary: return {"managed policy", 6144};
    case PolicyType::Trust: return {"role trust policy", 2048};
    case PolicyType::Scp: return {"service control policy", 5120};
    case PolicyType::Rcp: return {"resource control policy", 5120};
    default: break;
  }
  return {};
}

// Characters (code points) of the document without the white space outside strings. The tree knows every token,
// so the white space is what lies between tokens minus the punctuation the grammar puts there; this avoids a
// byte-by-byte string-tracking scan of large documents.
std::size_t counted_characters(const Policy& policy, std::string_view text) {
  std::size_t code_points = 0;
  for (char c : text) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // vectorises
  std::size_t covered = 0, punctuation = 0;
  const linter::JsonTree& tree = *policy.tree;
  for (uint32_t id = 0; id < tree.size(); ++id) {
    const Node& n = tree.at(id);
    if (n.is_member) covered += n.key_span.length + 1;  // the key and its colon
    if (n.is_object() || n.is_array()) {
      punctuation += 2 + (n.child_count > 0 ? n.child_count - 1 : 0);  // brackets and commas
    } else {
      covered += n.span.length;
    }
  }
  std::size_t outside = text.size() - covered - punctuation;  // bytes between tokens that are white space
  return code_points - outside;
}

class PolicySizeExceeded final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    Quota q = quota_of(policy);
    if (q.limit == 0 || policy.root == nullptr) return;
    std::string_view text = policy.text;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    if (text.size() <= q.limit) return;  // cheap exit: most policies are far below their quota
    std::size_t n = counted_characters(policy, text);
    if (n > q.limit) {
      out.report(*policy.root, "policy-size-exceeded", {std::to_string(n), q.name, std::to_string(q.limit)});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_policy_size_exceeded() { return std::make_unique<PolicySizeExceeded>(); }

}  // namespace iamlint::rules
