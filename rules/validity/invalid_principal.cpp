#include "rules/common/validity_arn.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-aws-principal",
     "\"{0}\" is not an AWS principal: write \"*\", an account id (111122223333), or the ARN of an account "
     "(arn:aws:iam::111122223333:root), user, role, assumed-role session or federated user"},
    {"wildcard-in-aws-principal",
     "\"{0}\" has a wildcard, which an AWS principal cannot have (only \"*\" alone); name the principals, or "
     "use \"*\" with an aws:PrincipalArn condition"},
    {"invalid-service-principal",
     "\"{0}\" is not a service principal: service principals are DNS names such as lambda.amazonaws.com"},
    {"invalid-federated-principal",
     "\"{0}\" is not a federated principal: write the ARN of a SAML or OIDC provider "
     "(arn:aws:iam::111122223333:saml-provider/Name) or accounts.google.com, graph.facebook.com, www.amazon.com, "
     "cognito-identity.amazonaws.com"},
    {"invalid-canonical-user", "\"{0}\" is not a canonical user id: it is 64 hexadecimal digits"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "UNSUPPORTED_WILDCARD_IN_PRINCIPAL"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM117",
    .name = "invalid-principal",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Principal value is malformed.",
    .description = "Checks the values of `Principal` and `NotPrincipal` by type. `AWS`: `*`, a 12-digit account "
                   "id, or an IAM/STS ARN of `root`, `user/...`, `role/...`, `assumed-role/.../...` or "
                   "`federated-user/...` in a known partition and a 12-digit account (unique ids such as "
                   "`AROA...`, which IAM shows for deleted principals and IAM134 reports, and CloudFront origin "
                   "access identities are accepted), without wildcards. `Service`: a DNS name ending in `.amazonaws.com` (or the "
                   "`.amazonaws.com.cn`, `.amazon.com`, `.c2s.ic.gov`, `.sc2s.sgov.gov` forms). `Federated`: a "
                   "`saml-provider/` or `oidc-provider/` ARN, or one of the built-in web identity providers. "
                   "`CanonicalUser`: 64 hexadecimal digits. Unknown principal types are IAM015's.",
    .rationale = "IAM refuses a resource policy whose principal it cannot resolve, and a trust policy with a "
                 "malformed principal cannot be saved: the error shows only at deployment. Some mistakes are "
                 "worse when they are accepted: a wildcard inside an ARN (`arn:aws:iam::*:root`) is not a "
                 "pattern, and a group ARN names nobody, since groups cannot be principals.",
    .fix = "Write `{\"AWS\": \"arn:aws:iam::111122223333:role/deploy\"}`, `{\"Service\": \"lambda.amazonaws.com\"}`, "
           "`{\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com\"}`; "
           "to admit many principals, use `\"*\"` with a condition on `aws:PrincipalArn` or `aws:PrincipalOrgID`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

using validity::is_account_id;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// An IAM unique id: AROA (role), AIDA (user), ... followed by upper-case letters and digits.
bool is_unique_id(std::string_view s) {
  if (s.size() < 16 || s[0] != 'A') return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool has_name(std::string_view resource, std::string_view type) {
  return starts_with(resource, type) && resource.size() > type.size();
}

bool valid_aws(std::string_view v) {
  if (v == "*" || is_account_id(v) || is_unique_id(v)) return true;
  auto arn = validity::split_arn(v);
  if (!arn || !validity::is_known_partition(arn->partition)) return false;
  if (arn->service == "iam") {
    if (!arn->region.empty()) return false;
    if (arn->account == "cloudfront") return has_name(arn->resource, "user/CloudFront Origin Access Identity ");
    if (!is_account_id(arn->account)) return false;
    return arn->resource == "root" || has_name(arn->resource, "user/") || has_name(arn->resource, "role/");
  }
  if (arn->service == "sts") {
    if (!arn->region.empty() || !is_account_id(arn->account)) return false;
    if (has_name(arn->resource, "federated-user/")) return true;
    if (!has_name(arn->resource, "assumed-role/")) return false;
    // Only after the prefix is known to be there: substr past the end throws (found by fuzzing, "sts::...:x").
    std::string_view session = arn->resource.substr(std::string_view("assumed-role/").size());
    return session.find('/') != std::string_view::npos && session.find('/') > 0 && session.back() != '/';
  }
  return false;
}

bool valid_service(std::string_view v) {
  std::string_view host;
  for (std::string_view suffix : {".amazonaws.com", ".amazonaws.com.cn", ".amazon.com", ".c2s.ic.gov", ".sc2s.sgov.gov"}) {
    if (ends_with(v, suffix)) host = v.substr(0, v.size() - suffix.size());
  }
  if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '.') return false;
  for (char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  return true;
}

bool valid_federated(std::string_view v) {
  for (std::string_view p : {"accounts.google.com", "graph.facebook.com", "www.amazon.com",
                             "cognito-identity.amazonaws.com"}) {
    if (v == p) return true;
  }
  auto arn = validity::split_arn(v);
  if (!arn || !validity::is_known_partition(arn->partition) || arn->service != "iam" || !arn->region.empty() ||
      !is_account_id(arn->account)) {
    return false;
  }
  return has_name(arn->resource, "saml-provider/") || has_name(arn->resource, "oidc-provider/");
}

bool valid_canonical(std::string_view v) {
  if (v.size() != 64) return false;
  for (char c : v) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

class InvalidPrincipal final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    for (Element e : {Element::Principal, Element::NotPrincipal}) {
      const Node* principal = s.get(e);
      if (principal == nullptr || !principal->is_object()) continue;
      for (const Node& type : policy.tree->children(*principal)) {
        linter::for_each_value(*policy.tree, type, [&](const Node& v) {
          if (v.is_string()) check(type.key, v, out);
        });
      }
    }
  }

 private:
  static void check(std::string_view type, const Node& v, Reporter& out) {
    std::string_view text = v.text;
    if (type == "AWS") {
      bool wildcard = text != "*" && linter::has_wildcard(text);
      if (wildcard) out.report(v, "wildcard-in-aws-principal", {text});
      else if (!valid_aws(text)) out.report(v, "invalid-aws-principal", {text});
    } else if (type == "Service") {
      if (!valid_service(text)) out.report(v, "invalid-service-principal", {text});
    } else if (type == "Federated") {
      if (!valid_federated(text)) out.report(v, "invalid-federated-principal", {text});
    } else if (type == "CanonicalUser") {
      if (!valid_canonical(text)) out.report(v, "invalid-canonical-user", {text});
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_principal() { return std::make_unique<InvalidPrincipal>(); }

}  // namespace iamlint::rules
