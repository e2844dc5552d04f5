#include "linter/text.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"principal-not-all", "an RCP's Principal must be \"*\"; name the principals it applies to with condition keys "
                          "such as aws:PrincipalOrgID or aws:PrincipalArn instead"},
    {"not-principal", "RCPs do not support NotPrincipal; use Principal \"*\" with a condition on aws:PrincipalArn"},
    {"not-action", "RCPs do not support NotAction; list the actions to deny in Action"},
    {"allow-not-full-access",
     "an Allow statement in an RCP may only name Principal \"*\" and Resource \"*\" without a Condition, as "
     "RCPFullAWSAccess does; {0}. Write restrictions as Deny statements"},
    {"unsupported-service", "\"{0}\": RCPs apply only to the services that support them ({1}), so this action is "
                            "refused"},
};
constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "RCP_SYNTAX_ERROR_PRINCIPAL"},
    {"Access Analyzer", "RCP_SYNTAX_ERROR_ALLOW"},
    {"Access Analyzer", "RCP_SYNTAX_ERROR_NOTACTION"},
    {"Access Analyzer", "RCP_SYNTAX_ERROR_ACTION"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html",
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

// The service prefixes the AWS Organizations guide lists as supporting RCPs.
constexpr std::string_view kRcpServices[] = {"s3",  "sts",  "kms", "sqs",      "secretsmanager",
                                             "cognito-idp", "logs", "dynamodb", "ecr", "aoss"};
constexpr std::string_view kRcpServiceList =
    "s3, sts, kms, sqs, secretsmanager, cognito-idp, logs, dynamodb, ecr, aoss";

constexpr linter::RuleMeta kMeta{
    .id = "IAM023",
    .name = "unsupported-rcp-syntax",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "An element or value that resource control policies do not support.",
    .description =
        "In resource control policies (`@policy-type rcp`, `--policy-type rcp`), flags a `Principal` other than "
        "`\"*\"`; `NotPrincipal` and `NotAction`, which RCPs do not have; an `Allow` statement with a `Resource` "
        "other than `\"*\"`, a `NotResource` or a `Condition` (custom RCPs only deny; `Allow` exists for the "
        "`RCPFullAWSAccess` policy); and an action of a service that does not support RCPs. The service list is "
        "the one the AWS Organizations guide gave when this rule was written: s3, sts, kms, sqs, secretsmanager, "
        "cognito-idp, logs, dynamodb, ecr and aoss.",
    .rationale = "AWS Organizations refuses such a policy when it is created or updated, so a pipeline that "
                 "deploys it fails late. RCPs look like resource policies, and writing `NotPrincipal`, a list of "
                 "account principals or an `Allow` with conditions, as one would in a bucket policy, is the usual "
                 "mistake.",
    .fix = "Use `\"Principal\": \"*\"` and narrow who the statement applies to with condition keys "
           "(`aws:PrincipalOrgID`, `aws:PrincipalArn`, `aws:PrincipalIsAWSService`); list actions in `Action`; write "
           "restrictions as `Deny` statements; keep actions to the services that support RCPs.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool is_star(const Node* n) { return n != nullptr && n->is_string() && n->text == "*"; }

bool is_star_value(const linter::JsonTree& tree, const Node& n) {
  if (n.is_string()) return n.text == "*";
  if (!n.is_array() || n.child_count != 1) return false;
  return is_star(&*tree.children(n).begin());
}

bool rcp_service(std::string_view prefix) {
  for (std::string_view s : kRcpServices) {
    if (linter::iequals(prefix, s)) return true;
  }
  return false;
}

class UnsupportedRcpSyntax final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Rcp || !s.node->is_object()) return;
    const linter::JsonTree& tree = *policy.tree;
    if (const Node* p = s.get(Element::Principal); p != nullptr && !is_star(p)) out.report(*p, "principal-not-all");
    if (const Node* n = s.get(Element::NotPrincipal)) out.report(*n, "not-principal", {}, linter::Part::Key);
    if (const Node* n = s.get(Element::NotAction)) out.report(*n, "not-action", {}, linter::Part::Key);
    if (s.effect == linter::Effect::Allow) check_allow(tree, s, out);
    if (const Node* a = s.get(Element::Action)) {
      linter::for_each_value(tree, *a, [&](const Node& v) {
        if (!v.is_string() || v.text == "*") return;
        std::size_t colon = v.text.find(':');
        if (colon == std::string_view::npos) return;  // IAM105's
        std::string_view prefix = v.text.substr(0, colon);
        if (linter::has_wildcard(prefix)) return;  // IAM104's
        if (!rcp_service(prefix)) out.report(v, "unsupported-service", {v.text, kRcpServiceList});
      });
    }
  }

 private:
  static void check_allow(const linter::JsonTree& tree, const Statement& s, Reporter& out) {
    const Node* effect = s.get(Element::Effect);
    std::string_view why;
    const Node* r = s.get(Element::Resource);
    if (s.has(Element::NotResource)) {
      why = "this one has NotResource";
    } else if (r != nullptr && !is_star_value(tree, *r)) {
      why = "this one names resources";
    } else if (s.has(Element::Condition)) {
      why = "this one has a Condition";
    }
    if (!why.empty() && effect != nullptr) out.report(*effect, "allow-not-full-access", {why});
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unsupported_rcp_syntax() { return std::make_unique<UnsupportedRcpSyntax>(); }

}  // namespace iamlint::rules
