#include <string>
#include <vector>

#include "linter/model.hpp"
#include "rules/common/validity_conditions.hpp"
#include "rules/common/validity_ip.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"only-private",
     "every value of aws:SourceIp here is a private, loopback or link-local block, which aws:SourceIp never holds: "
     "the condition never matches (for requests through a VPC endpoint, use aws:VpcSourceIp)"},
    {"only-private-negated",
     "every value of aws:SourceIp here is a private, loopback or link-local block, which aws:SourceIp never holds: "
     "NotIpAddress matches every request (for requests through a VPC endpoint, use aws:VpcSourceIp)"},
    {"private-among-public",
     "\"{0}\" is a private, loopback or link-local block, which aws:SourceIp never holds: this value never matches "
     "(for requests through a VPC endpoint, use aws:VpcSourceIp)"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-vpcsourceip",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "PRIVATE_IP_ADDRESS"},
                                               {"Access Analyzer", "PRIVATE_NOT_IP_ADDRESS"},
                                               {"Access Analyzer", "PRIVATE_IP_ADDRESS_SUBSET"},
                                               {"Access Analyzer", "PRIVATE_NOT_IP_ADDRESS_SUBSET"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM124",
    .name = "private-ip-in-source-ip",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "aws:SourceIp is compared with private, loopback or link-local addresses.",
    .description = "Flags `IpAddress` and `NotIpAddress` conditions on `aws:SourceIp` whose values are blocks inside "
                   "RFC 1918 space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), loopback (127.0.0.0/8, ::1), "
                   "link-local (169.254.0.0/16, fe80::/10) or IPv6 unique local space (fc00::/7). When every value is "
                   "such a block the whole condition is reported; when some are public, each private value is "
                   "reported as a warning.",
    .rationale = "The IAM User Guide documents that aws:SourceIp holds the requester's public IP address, and that a "
                 "request made through a VPC endpoint carries no aws:SourceIp but aws:VpcSourceIp instead. A private "
                 "address therefore never matches: an `Allow` limited to the office's 10.0.0.0/8 grants nothing, a "
                 "`Deny` with `NotIpAddress` on it denies every request. Access Analyzer reports these cases as "
                 "errors, and mixed lists as suggestions.",
    .fix = "Use the public addresses (NAT gateway, proxy egress) that requests leave from, or, for requests through a "
           "VPC endpoint, aws:VpcSourceIp together with aws:SourceVpc or aws:SourceVpce.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class PrivateIpInSourceIp final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator& parsed,
                                                          const Node& key) {
      bool negated = parsed.base == "NotIpAddress";
      if ((!negated && parsed.base != "IpAddress") || !linter::iequals(key.key, "aws:SourceIp")) return;
      std::vector<const Node*> private_values;
      bool any_public = false;
      linter::for_each_value(*policy.tree, key, [&](const Node& v) {
        auto cidr = v.is_string() ? validity::parse_cidr(v.text) : std::nullopt;
        if (!cidr) {
          any_public = true;  // unreadable or not a string: IAM109 reports it; say nothing about the whole list
          return;
        }
        if (validity::is_private_block(*cidr)) private_values.push_back(&v);
        else any_public = true;
      });
      if (private_values.empty()) return;
      if (!any_public) {
        out.report(key, negated ? "only-private-negated" : "only-private", {}, linter::Part::Key);
        return;
      }
      for (const Node* v : private_values) {
        out.report_at(linter::Severity::Warning, *v, "private-among-public", {v->text});
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_private_ip_in_source_ip() { return std::make_unique<PrivateIpInSourceIp>(); }

}  // namespace iamlint::rules
