#include <span>
#include <utility>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "rules/common/validity_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unknown-service", "\"{0}\" is not an AWS service prefix, so \"{1}\" matches no action"},
    {"retired-service",
     "\"{0}\" is the prefix of a retired service that the Service Authorization Reference no longer lists, so \"{1}\" "
     "matches no action; remove it"},
    {"unknown-service-did-you-mean",
     "\"{0}\" is not an AWS service prefix, so \"{1}\" matches no action; did you mean \"{2}\"?"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_SERVICE_IN_ACTION"},
    {"Access Analyzer", "INVALID_SERVICE"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM101",
    .name = "unknown-service",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An action names a service prefix that AWS does not have.",
    .description = "Flags an `Action` or `NotAction` value `prefix:action` whose prefix is not a service prefix of "
                   "the Service Authorization Reference (compared case-insensitively), and suggests the closest "
                   "prefix when one is near. Prefixes of retired services (`mobilehub`, `iot1click`, `macie`, ...) are "
                   "reported as warnings; a few prefixes that AWS's own managed policies use without the reference "
                   "documenting them are not reported. Malformed values are IAM105's and wildcards in the prefix IAM104's.",
    .rationale = "IAM accepts any prefix without complaint and the action then matches nothing: an `Allow` grants "
                 "nothing and a `Deny` guardrail protects nothing. Typical causes are a product name used as the "
                 "prefix (`cloudwatchlogs:` for `logs:`, `elb:` for `elasticloadbalancing:`) or a typo.",
    .fix = "Use the service prefix from the Service Authorization Reference, e.g. `logs:PutLogEvents` or "
           "`elasticloadbalancing:DescribeLoadBalancers`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

// Product names written where the service prefix belongs; edit distance would not find these.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"cloudwatchlogs", "logs"},   {"cloudwatchevents", "events"}, {"eventbridge", "events"},
    {"elb", "elasticloadbalancing"}, {"elbv2", "elasticloadbalancing"}, {"alb", "elasticloadbalancing"},
    {"stepfunctions", "states"},  {"sfn", "states"},              {"opensearch", "es"},
    {"elasticsearch", "es"},      {"parameterstore", "ssm"},      {"systemsmanager", "ssm"},
    {"emr", "elasticmapreduce"},
};

// Prefixes of services AWS has discontinued; their actions are gone from the Service Authorization Reference but
// linger in older policies, AWS's managed policies included. Reported as a warning: the value is dead, not wrong.
constexpr std::string_view kRetired[] = {
    "mobilehub", "iot1click", "deepcomposer", "iotroborunner", "gamesparks", "elastic-inference", "deeplens",
    "macie", "awsbillingconsole", "sagemaker-groundtruth-synthetic", "zocalo",
};

// Prefixes that AWS's own managed policies use although the Service Authorization Reference has no entry for them;
// not flagged, since the catalog cannot tell whether they are valid.
constexpr std::string_view kUndocumented[] = {"builderid", "datazonecontrol", "aesop", "sysops-sap", "galaxy",
                                              "acuity", "deepracer"};

bool listed(std::span<const std::string_view> list, std::string_view prefix) {
  for (std::string_view p : list) {
    if (linter::iequals(p, prefix)) return true;
  }
  return false;
}

std::string_view suggestion(const linter::Catalog& catalog, std::string_view service) {
  for (const auto& [alias, prefix] : kAliases) {
    if (linter::iequals(alias, service)) return prefix;
  }
  std::vector<std::string_view> prefixes;
  prefixes.reserve(catalog.services().size());
  for (const linter::ServiceInfo& s : catalog.services()) prefixes.push_back(s.prefix);
  return did_you_mean(service, prefixes);
}

class UnknownService final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_action_fact(policy, s, [&](const Node& v, const validity::ActionValue& a,
                                                  const linter::ActionValueFacts& facts) {
      if (a.form != validity::ActionForm::Named || facts.service != nullptr) return;
      if (listed(kUndocumented, a.service)) return;
      if (listed(kRetired, a.service)) {
        out.report_at(linter::Severity::Warning, v, "retired-service", {a.service, v.text});
        return;
      }
      std::string_view near = suggestion(catalog, a.service);
      if (near.empty()) out.report(v, "unknown-service", {a.service, v.text});
      else out.report(v, "unknown-service-did-you-mean", {a.service, v.text, near});
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unknown_service() { return std::make_unique<UnknownService>(); }

}  // namespace iamlint::rules
