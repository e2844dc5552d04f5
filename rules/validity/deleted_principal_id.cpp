#include "rules/common/principals.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"deleted-principal-id",
     "\"{0}\" is the unique id of an IAM {1}, which IAM shows in place of the ARN once the {1} is deleted: the grant "
     "matches nobody, not even a {1} recreated with the same name; remove it, or name the new {1} by its ARN"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_ROLE_REFERENCE"},
    {"Access Analyzer", "INVALID_USER_REFERENCE"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM134",
    .name = "deleted-principal-id",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "A principal is the unique id of a deleted role or user.",
    .description = "Flags an `AWS` value of `Principal` or `NotPrincipal` that is an IAM unique id rather than an "
                   "ARN: `AROA` followed by upper-case letters and digits for a role, `AIDA` for a user (21 "
                   "characters in all). When a policy names a role or user by ARN, IAM stores its unique id; when "
                   "the role or user is deleted, the policy shows the id, because nothing maps it back to an ARN.",
    .rationale = "The grant is dead: it matches no principal, and recreating a role or user with the same name does "
                 "not revive it, since the new one has a new id. Such values are left behind in trust and resource "
                 "policies after a role is rebuilt, and the access someone expects silently fails; or, worse, a "
                 "reviewer assumes an id they cannot read is harmless and stops reading.",
    .fix = "Remove the value, or, if the role or user was recreated on purpose, write its ARN again "
           "(`arn:aws:iam::111122223333:role/name`): IAM stores the new id.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

// "role" or "user" for an IAM unique id of one, else empty.
std::string_view unique_id_kind(std::string_view v) {
  if (v.size() != 21) return {};
  for (char c : v) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
  }
  if (v.starts_with("AROA")) return "role";
  if (v.starts_with("AIDA")) return "user";
  return {};
}

class DeletedPrincipalId final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      for_each_principal(
          *policy.tree, s, "AWS",
          [&](const Node& v) {
            if (!v.is_string()) return;
            if (std::string_view kind = unique_id_kind(v.text); !kind.empty()) {
              out.report(v, "deleted-principal-id", {v.text, kind});
            }
          },
          e);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_deleted_principal_id() { return std::make_unique<DeletedPrincipalId>(); }

}  // namespace iamlint::rules
