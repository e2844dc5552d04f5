#include <string>

#include "rules/common/validity_conditions.hpp"
#include "rules/common/validity_ip.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"cidr-host-bits",
     "\"{0}\" has bits set after its /{1} prefix: IAM ignores them and reads the block as {2}; if one address was "
     "meant, write it without a prefix or as /{3}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "IMPROVE_IP_RANGE"}};

constexpr linter::RuleMeta kMeta{
    .id = "IAM128",
    .name = "cidr-host-bits",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "An IP address condition's CIDR block has bits set after the prefix.",
    .description = "Flags an `IpAddress` or `NotIpAddress` value written as a CIDR block whose address has bits set "
                   "after the prefix length, such as `10.1.2.3/8` or `2001:db8::1/32`.",
    .rationale = "IAM compares only the first prefix-length bits, so `203.0.113.7/24` means all of `203.0.113.0/24`. "
                 "Writing a host address with a short prefix usually means the author wanted that one address (/32) "
                 "and allowed, or excluded, a whole network instead.",
    .fix = "Write the network address the prefix implies (`10.0.0.0/8`), or the single address with /32 (/128 for "
           "IPv6).",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class CidrHostBits final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node&, const linter::ConditionOperator& parsed,
                                                          const Node& key) {
      if (parsed.base != "IpAddress" && parsed.base != "NotIpAddress") return;
      linter::for_each_value(*policy.tree, key, [&](const Node& v) {
        if (!v.is_string()) return;
        auto cidr = validity::parse_cidr(v.text);
        if (!cidr || !cidr->has_prefix || !validity::has_host_bits(*cidr)) return;
        out.report(v, "cidr-host-bits", {v.text, std::to_string(cidr->prefix), validity::network_of(*cidr),
                                         cidr->v6 ? "128" : "32"});
      });
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_cidr_host_bits() { return std::make_unique<CidrHostBits>(); }

}  // namespace iamlint::rules
