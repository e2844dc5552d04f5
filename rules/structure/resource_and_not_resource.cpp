#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"resource-and-not-resource", "the statement has both Resource and NotResource; a statement takes exactly one of them"},
};
constexpr linter::Equivalent kEquivalents[] = {{"Access Analyzer", "UNSUPPORTED_ELEMENT_COMBINATION"}};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html", kDocGrammar};

constexpr linter::RuleMeta kMeta{
    .id = "IAM009",
    .name = "resource-and-not-resource",
    .severity = linter::Severity::Error,
    .category = linter::Category::Structure,
    .summary = "A statement has both Resource and NotResource.",
    .description = "Flags a statement with both a `Resource` and a `NotResource` element. The finding points at "
                   "`NotResource`.",
    .rationale = "The grammar allows one of the two. IAM refuses the policy, and a reader cannot tell which set of "
                 "resources was meant.",
    .fix = "Keep one element. To allow all resources except some, use a second statement with `Effect: Deny` on "
           "the exceptions.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

class ResourceAndNotResource final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy&, const Statement& s, Reporter& out) const override {
    if (s.has(Element::Resource) && s.has(Element::NotResource)) {
      out.report(*s.get(Element::NotResource), "resource-and-not-resource", {}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_resource_and_not_resource() { return std::make_unique<ResourceAndNotResource>(); }

}  // namespace iamlint::rules
