#include "linter/analysis.hpp"
#include "rules/common/deny.hpp"
#include "rules/common/listed_actions.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"lambda-public-function-url",
     "anyone on the Internet may call this function's URL without signing in (Principal \"*\", "
     "lambda:FunctionUrlAuthType NONE); use the AWS_IAM auth type unless the function is meant to be public"},
    {"lambda-public-function-url-any-auth-type",
     "Principal \"*\" may call this function's URL, and without a lambda:FunctionUrlAuthType condition that "
     "includes a URL with auth type NONE, which anyone on the Internet can call; pin \"AWS_IAM\" or name the "
     "principals"},
    {"lambda-public-function-url-narrowed",
     "anyone may call this function's URL without signing in, from the addresses or networks {0} admits; use the "
     "AWS_IAM auth type unless the function is meant to be public"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM238",
    .name = "lambda-public-function-url",
    .severity = linter::Severity::Security,
    .category = linter::Category::Security,
    .summary = "A Lambda function policy makes a function URL public.",
    .description = "Flags, in a resource policy, an `Allow` statement with `Principal: \"*\"` or `{\"AWS\": \"*\"}` "
                   "that grants `lambda:InvokeFunctionUrl` (by name or through a pattern): at the "
                   "`lambda:FunctionUrlAuthType` value `NONE` when the statement pins it, or at the action when the "
                   "statement has no `lambda:FunctionUrlAuthType` condition (it then covers URLs of either auth "
                   "type). A statement that pins `AWS_IAM` is not flagged: callers must then sign their requests "
                   "with credentials that IAM allows. A statement narrowed by `aws:SourceIp`, `aws:SourceVpc` or "
                   "`aws:SourceVpce` is reported as a warning. Not reported when unconditional `Deny` statements "
                   "cancel the grant. IAM224 reports the public principal of every resource policy; this rule says "
                   "that the grant is an unauthenticated HTTPS endpoint. Since October 2025 new function URLs also "
                   "need `lambda:InvokeFunction`, which the same public statement usually grants.",
    .rationale = "Risk: medium. With the `NONE` auth type, Lambda does not authenticate callers; the function policy "
                 "is the only gate, and with `Principal: \"*\"` it is open: anyone who finds the URL runs the "
                 "function with its execution role, as often as they like and at the owner's cost. That is the "
                 "intent for a public webhook or site, and a data leak or a bill for anything else.",
    .fix = "Use the `AWS_IAM` auth type and grant `lambda:InvokeFunctionUrl` to the principals that call the URL "
           "(`\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/frontend\"}`), or put the function behind "
           "API Gateway or CloudFront with their own authorization.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// The value of lambda:FunctionUrlAuthType in the statement's conditions that admits NONE, and whether the key is
// used at all (a statement that uses it without admitting NONE pins AWS_IAM).
struct AuthType {
  const Node* none = nullptr;
  bool present = false;
};

AuthType auth_type_of(const linter::JsonTree& tree, const Statement& s) {
  AuthType result;
  for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
    if (!linter::iequals(key.key, "lambda:FunctionUrlAuthType")) return;
    if (op.base != "StringEquals" && op.base != "StringEqualsIgnoreCase" && op.base != "StringLike") return;
    result.present = true;
    linter::for_each_value(tree, key, [&](const Node& v) {
      if (result.none == nullptr && v.is_string() && linter::wildcard_match_icase(v.text, "NONE")) result.none = &v;
    });
  });
  return result;
}

class LambdaPublicFunctionUrl final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (policy.type != PolicyType::Resource || s.effect != linter::Effect::Allow) return;
    const linter::JsonTree& tree = *policy.tree;
    if (everyone_principal(tree, s) == nullptr) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::ActionInfo* invoke_url = catalog.find_action("lambda:InvokeFunctionUrl");
    if (invoke_url == nullptr || !linter::statement_covers(policy, s, *invoke_url)) return;
    AuthType auth = auth_type_of(tree, s);
    if (auth.present && auth.none == nullptr) return;  // AWS_IAM only: callers sign their requests
    if (is_fully_denied(policy, s)) return;
    const Node* at = auth.none;
    if (at == nullptr) at = action_value_for(policy, s, *invoke_url);
    if (at == nullptr) return;
    unsigned narrowed = narrowing_of(tree, s) & kNarrowNetwork;
    if (narrowed != kNarrowNone) {
      std::string keys = narrowing_keys(tree, s, narrowed);
      out.report_at(linter::Severity::Warning, *at, "lambda-public-function-url-narrowed", {keys});
    } else {
      out.report(*at, auth.none != nullptr ? "lambda-public-function-url" : "lambda-public-function-url-any-auth-type");
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_lambda_public_function_url() { return std::make_unique<LambdaPublicFunctionUrl>(); }

}  // namespace iamlint::rules
