#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"any-source-ip",
     "\"{0}\" is every address, so this {1} condition admits requests from anywhere; list the address ranges the "
     "callers use, or use aws:SourceVpce for traffic through a VPC endpoint"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-ip.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM231",
    .name = "any-source-ip",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Security,
    .summary = "An Allow is conditioned on aws:SourceIp with a range that covers every address.",
    .description = "Flags, in an `Allow` statement, a value of `aws:SourceIp` or `aws:VpcSourceIp` under "
                   "`IpAddress` (with or without `IfExists` or a set qualifier) that is a whole address family: "
                   "`0.0.0.0/0`, `::/0`, or any range with prefix length `/0`. The shared narrowing logic "
                   "(rules/conditions.cpp) does not count such a condition as network narrowing, so other security "
                   "rules report the statement at full severity.",
    .rationale = "Risk: medium. An address condition is read as \"only from our network\"; with a `/0` range it "
                 "admits the whole Internet, and a grant that looks fenced is open to anyone with the credentials "
                 "(or, in a resource policy with `Principal: \"*\"`, to anyone).",
    .fix = "List the public ranges of the offices or NAT gateways the callers use "
           "(`\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\"]}`), or, for traffic inside AWS, pin the VPC "
           "endpoint with `aws:SourceVpce`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

class AnySourceIp final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    if (s.effect != linter::Effect::Allow) return;
    for_each_condition(*policy.tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
      if (op.base != "IpAddress") return;
      if (!linter::iequals(key.key, "aws:SourceIp") && !linter::iequals(key.key, "aws:VpcSourceIp")) return;
      linter::for_each_value(*policy.tree, key, [&](const Node& v) {
        if (v.is_string() && v.text.size() > 2 && v.text.substr(v.text.size() - 2) == "/0") {
          out.report(v, "any-source-ip", {v.text, key.key});
        }
      });
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_any_source_ip() { return std::make_unique<AnySourceIp>(); }

}  // namespace iamlint::rules
