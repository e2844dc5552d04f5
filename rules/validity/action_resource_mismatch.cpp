#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "linter/text.hpp"
#include "rules/common/validity_actions.hpp"
#include "rules/common/validity_arn.hpp"
#include "rules/common/validity_key_support.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"action-resource-mismatch",
     "{0} acts on {1}, and none of the statement's Resource ARNs is one: the statement never applies to {0}"},
    {"action-without-resource-types",
     "{0} supports no resource types, so only \"Resource\": \"*\" applies to it: the statement's ARNs never "
     "match its requests"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM119",
    .name = "action-resource-mismatch",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Validity,
    .summary = "An action of the statement matches none of its Resource ARNs.",
    .description = "For each action the statement's `Action` names without a wildcard, checks whether at least one "
                   "`Resource` ARN can name a resource of one of the action's resource types (by the ARN formats of "
                   "the Service Authorization Reference, placeholders and the policy's wildcards and variables "
                   "matching anything). Flags the action when none can, and an action that supports no resource type "
                   "when every `Resource` is an ARN without wildcards. Reported only when the statement applies to "
                   "some other of its actions: when no ARN fits any action, IAM115 reports the ARNs instead. "
                   "Statements with `Resource: \"*\"`, with `NotResource`, or with an action whose resource types "
                   "have no published ARN format are skipped.",
    .rationale = "A statement applies to a request only when the request's resource matches `Resource`. Listing "
                 "`s3:ListBucket` with only `arn:aws:s3:::bucket/*` is the classic case: the objects match "
                 "`s3:GetObject`, but listing needs the bucket's ARN, so the statement looks like it grants listing "
                 "and does not.",
    .fix = "Add the ARN of the resource type the action acts on (the bucket for `s3:ListBucket`), or move the action "
           "to a statement with matching resources; actions without resource types need `\"Resource\": \"*\"`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

using validity::ArnFormat;
using validity::ArnFormats;

enum class Fit : uint8_t { Matches, NoMatch, Unknown };

class ActionResourceMismatch final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const Node* action = s.get(Element::Action);
    const Node* resource = s.get(Element::Resource);
    if (action == nullptr || resource == nullptr) return;
    const linter::JsonTree& tree = *policy.tree;
    // The Resource values as globs; give up on "*", non-ARNs and non-strings (other rules' business).
    std::vector<std::string> globs;
    bool all_literal = true;
    bool usable = true;
    linter::for_each_value(tree, *resource, [&](const Node& v) {
      if (!usable) return;
      if (!v.is_string() || !validity::split_arn(v.text)) {
        usable = false;
        return;
      }
      std::string glob = validity::policy_glob(v.text);
      if (linter::only_wildcards(glob)) {
        usable = false;
        return;
      }
      if (validity::is_pattern(v.text)) all_literal = false;
      globs.push_back(std::move(glob));
    });
    if (!usable || globs.empty()) return;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    // The statement must apply to some action, or IAM115 has it.
    bool some_fit = false;
    const linter::StatementActions& a = linter::statement_actions(policy, s, catalog);
    if (a.every_action) return;
    bool checked_some = false;
    TypeMemo memo;
    auto fit_of = [&](const linter::ActionInfo& info) { return this->fit_of(catalog, info, globs, memo); };
    linter::for_each_value(tree, *action, [&](const Node& v) {
      if (!v.is_string() || !validity::is_literal_action(v.text)) return;
      const linter::ActionValueFacts* facts = linter::action_value_facts(policy, s, v, catalog);
      const linter::ActionInfo* info = facts != nullptr ? facts->action : nullptr;
      if (info == nullptr) return;
      Fit fit = fit_of(*info);
      if (fit != Fit::NoMatch) return;
      if (!checked_some) {
        checked_some = true;
        for (uint32_t i : a.actions) {
          if (fit_of(catalog.actions()[i]) == Fit::Matches) {
            some_fit = true;
            break;
          }
        }
      }
      if (!some_fit) return;
      std::string name = catalog.full_name(*info);
      if (info->resources_begin == info->resources_end) {
        if (all_literal) out.report(v, "action-without-resource-types", {name});
        return;
      }
      out.report(v, "action-resource-mismatch", {name, describe_types(catalog, *info)});
    });
  }

 private:
  // Whether a resource type's format matches one of the statement's globs, per type already asked: the actions of
  // one statement share a few resource types.
  using TypeMemo = std::vector<std::pair<uint32_t, bool>>;

  static Fit fit_of(const linter::Catalog& catalog, const linter::ActionInfo& action,
                    const std::vector<std::string>& globs, TypeMemo& memo) {
    if (action.resources_begin == action.resources_end) return Fit::NoMatch;
    const ArnFormats& formats = ArnFormats::embedded();
    for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
      if (formats.of_type(catalog.resource_refs()[r].type) == nullptr) return Fit::Unknown;
    }
    for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
      uint32_t type = catalog.resource_refs()[r].type;
      auto known = std::find_if(memo.begin(), memo.end(), [&](const auto& m) { return m.first == type; });
      bool matches = false;
      if (known != memo.end()) {
        matches = known->second;
      } else {
        const ArnFormat& f = *formats.of_type(type);
        for (const std::string& g : globs) matches = matches || validity::format_matches(f, g);
        memo.emplace_back(type, matches);
      }
      if (matches) return Fit::Matches;
    }
    return Fit::NoMatch;
  }

  // "bucket (arn:${Partition}:s3:::${BucketName})", or several types joined with " or ".
  static std::string describe_types(const linter::Catalog& catalog, const linter::ActionInfo& action) {
    std::string out;
    int n = 0;
    for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
      const linter::ResourceTypeInfo& type = catalog.resource_types()[catalog.resource_refs()[r].type];
      if (++n > 3) {
        out += " or others";
        break;
      }
      if (!out.empty()) out += " or ";
      out.append(type.name).append(" (").append(type.arn).append(")");
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_action_resource_mismatch() { return std::make_unique<ActionResourceMismatch>(); }

}  // namespace iamlint::rules
