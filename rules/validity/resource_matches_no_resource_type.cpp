#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/support.hpp"
#include "linter/text.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"resource-matches-no-resource-type",
     "\"{0}\" matches no resource type of the statement's actions ({1}): the statement does not apply to it"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"},
    {"Access Analyzer", "INVALID_ARN_RESOURCE"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM115",
    .name = "resource-matches-no-resource-type",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Resource ARN matches no resource type of the statement's actions.",
    .description = "Flags a `Resource` ARN that cannot name a resource of any resource type of any of the "
                   "statement's actions, comparing it with the ARN formats of the Service Authorization Reference "
                   "(`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), where each placeholder is a wildcard and "
                   "the policy's own `*`, `?` and policy variables are wildcards too. One action matching is enough. "
                   "Statements with `NotAction`, with `*` in `Action`, or with "
                   "an action the catalog does not know are skipped, and so are statements with an action that lists no "
                   "resource type (AWS's own policies scope such actions, `s3:ListAllMyBuckets` on "
                   "`arn:aws:s3:::*`, and the catalog cannot say which ARN their requests carry) or whose resource "
                   "types have no published ARN format. `codestar-connections` and `codeconnections` ARNs are "
                   "interchangeable, as AWS documents.",
    .rationale = "IAM evaluates a statement for a request only if the request's resource matches the `Resource` "
                 "element. An ARN that no action of the statement can be about makes that part of the policy dead "
                 "text: the classic cases are `s3:ListBucket` on `arn:aws:s3:::bucket/*` (it needs the bucket) and "
                 "`s3:GetObject` on `arn:aws:s3:::bucket` (it needs the objects), or an ARN of another service.",
    .fix = "Give each action the ARN of the resource type it acts on: the bucket for `s3:ListBucket`, "
           "`bucket/*` for `s3:GetObject`; split the statement when its actions act on different resource types; "
           "use `\"Resource\": \"*\"` for actions that support no resource types.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class ResourceMatchesNoResourceType final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* resource = s.get(Element::Resource);
    if (resource == nullptr || s.get(Element::Action) == nullptr) return;
    // Most statements say "Resource": "*"; only ARNs need the actions' resource types.
    bool any_arn = false;
    linter::for_each_value(*policy.tree, *resource, [&](const Node& v) {
      any_arn |= v.is_string() && v.text.starts_with("arn:");
    });
    if (!any_arn) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    const linter::StatementActions& a = linter::statement_actions(policy, s, catalog);
    if (a.every_action || !a.unmatched.empty() || a.actions.empty()) return;
    // The resource types the statement's actions act on; give up when one of them has no published format.
    std::vector<uint32_t> types;
    for (uint32_t i : a.actions) {
      const linter::ActionInfo& action = catalog.actions()[i];
      if (action.resources_begin == action.resources_end) return;
      for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
        types.push_back(catalog.resource_refs()[r].type);
      }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    const validity::ArnFormats& formats = validity::ArnFormats::embedded();
    for (uint32_t t : types) {
      if (formats.of_type(t) == nullptr) return;
    }
    linter::for_each_value(*policy.tree, *resource, [&](const Node& v) {
      if (!v.is_string() || v.text == "*") return;
      auto arn = validity::split_arn(v.text);
      if (!arn) return;
      std::string glob = validity::policy_glob(v.text);
      if (linter::only_wildcards(glob)) return;
      std::string renamed = renamed_service(glob);
      // A literal service field rules out every format of another service without running the matcher (a format
      // may leave its service open: backup's recovery points are arn:${Partition}:${Vendor}:...).
      bool literal_service = !validity::is_pattern(arn->service);
      for (uint32_t t : types) {
        const validity::ArnFormat& f = *formats.of_type(t);
        bool other_service = f.service != arn->service && f.service.find("${") == std::string_view::npos;
        if (literal_service && other_service && renamed.empty()) continue;
        if (validity::format_matches(f, glob) || (!renamed.empty() && validity::format_matches(f, renamed))) return;
      }
      out.report(v, "resource-matches-no-resource-type", {v.text, describe_actions(policy, s)});
    });
  }

 private:
  // CodeStar Connections became CodeConnections; AWS accepts either service name in a connection's ARN.
  static std::string renamed_service(const std::string& glob) {
    for (auto [from, to] : {std::pair<std::string_view, std::string_view>{":codeconnections:", ":codestar-connections:"},
                            {":codestar-connections:", ":codeconnections:"}}) {
      std::size_t at = glob.find(from);
      if (at != std::string::npos) return std::string(glob).replace(at, from.size(), to);
    }
    return {};
  }

  // The statement's Action values as written, for the message: "s3:ListBucket, s3:ListBucketVersions".
  static std::string describe_actions(const Policy& policy, const Statement& s) {
    std::string out;
    int n = 0;
    linter::for_each_value(*policy.tree, *s.get(Element::Action), [&](const Node& v) {
      if (!v.is_string()) return;
      if (++n > 3) return;
      if (!out.empty()) out += ", ";
      out += v.text;
    });
    if (n > 3) out += ", ...";
    return out;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_resource_matches_no_resource_type() {
  return std::make_unique<ResourceMatchesNoResourceType>();
}

}  // namespace iamlint::rules
