#include <optional>
#include <string>

#include "rules/common/validity_arn.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"mixed-partitions",
     "this ARN is in partition \"{0}\", but the ARN at {1} is in \"{2}\": a policy lives in one partition, so "
     "the ARNs of the other never match there"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    "https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM311",
    .name = "mixed-partitions",
    .severity = linter::Severity::Warning,
    .category = linter::Category::Hygiene,
    .summary = "ARNs of different AWS partitions in one policy.",
    .description =
        "Flags a `Resource`, `NotResource`, `Principal` or `NotPrincipal` ARN whose partition (`aws`, `aws-cn`, "
        "`aws-us-gov`…) differs from that of the first ARN of the policy. ARNs whose partition is a wildcard or "
        "a policy variable (`arn:${aws:partition}:…`) are skipped.",
    .rationale = "Partitions are separate: a policy attached in `aws` never matches an `aws-cn` or `aws-us-gov` "
                 "resource or principal. A policy that names two partitions is a copy that was adapted halfway; "
                 "wherever it is attached, part of it is dead, and the part that works may not be the intended "
                 "one.",
    .fix = "Keep one policy per partition, or write `arn:${aws:partition}:…` in `Resource` so that the same text "
           "works everywhere.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// The partition of an ARN, or empty when the value is not an ARN or its partition is not literal.
std::string_view partition_of(std::string_view arn) {
  if (!arn.starts_with("arn:")) return {};
  std::optional<validity::ArnParts> parts = validity::split_arn(arn);
  if (!parts || parts->partition.empty() || validity::is_pattern(parts->partition)) return {};
  return parts->partition;
}

class MixedPartitions final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    const linter::JsonTree& tree = *policy.tree;
    const Node* first = nullptr;
    std::string_view first_partition;
    auto visit = [&](const Node& v) {
      if (!v.is_string()) return;
      std::string_view p = partition_of(v.text);
      if (p.empty()) return;
      if (first == nullptr) {
        first = &v;
        first_partition = p;
      } else if (p != first_partition) {
        out.report(v, "mixed-partitions", {p, line_col(policy, first->span.offset), first_partition});
      }
    };
    for (const Statement& s : policy.statements) {
      if (!s.node->is_object()) continue;
      for (Element e : {Element::Principal, Element::NotPrincipal, Element::Resource, Element::NotResource}) {
        const Node* n = s.get(e);
        if (n == nullptr) continue;
        if (n->is_object()) {
          for (const Node& type : tree.children(*n)) linter::for_each_value(tree, type, visit);
        } else {
          linter::for_each_value(tree, *n, visit);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_mixed_partitions() { return std::make_unique<MixedPartitions>(); }

}  // namespace iamlint::rules
