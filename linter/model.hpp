// The policy model: a typed view over a JsonTree. It never copies values and never rejects a document: elements of
// the wrong type are kept as they are, so that rules can say precisely what is wrong and where.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "linter/json_tree.hpp"
#include "linter/source.hpp"

namespace iamlint::linter {

enum class PolicyType : uint8_t {
  Identity,
  Resource,
  Trust,
  Scp,
  Rcp,
  PermissionsBoundary,
  Session,
  Endpoint,
};
std::string_view policy_type_name(PolicyType type) noexcept;
// For messages: "an identity policy", "a trust policy", "an SCP".
std::string_view policy_type_phrase(PolicyType type) noexcept;
std::optional<PolicyType> parse_policy_type(std::string_view name) noexcept;
// Types whose statements name a Principal.
bool policy_type_has_principal(PolicyType type) noexcept;

// Where an identity policy lives decides its size quota.
// AwsManaged: a policy AWS publishes and maintains (arn:aws:iam::aws:policy/...), which no customer quota limits.
enum class PolicyHolder : uint8_t { Managed, InlineUser, InlineGroup, InlineRole, AwsManaged };
std::string_view policy_holder_name(PolicyHolder holder) noexcept;
std::optional<PolicyHolder> parse_policy_holder(std::string_view name) noexcept;

enum class Effect : uint8_t { Missing, Allow, Deny, Invalid };

// The statement elements, in the order the grammar lists them.
enum class Element : uint8_t { Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition };
inline constexpr int kElementCount = 9;
std::string_view element_name(Element e) noexcept;
std::optional<Element> parse_element(std::string_view name) noexcept;

struct Statement {
  const Node* node = nullptr;  // the statement object (or whatever stood in its place)
  uint32_t index = 0;          // position in the Statement array; 0 when Statement is a single object
  Effect effect = Effect::Missing;
  const Node* elements[kElementCount] = {};  // the member node of each element, or null

  const Node* get(Element e) const noexcept { return elements[static_cast<int>(e)]; }
  bool has(Element e) const noexcept { return get(e) != nullptr; }
};

enum class ConditionQualifier : uint8_t { None, ForAllValues, ForAnyValue };

// A condition operator name split into its parts: "ForAnyValue:StringLikeIfExists" gives
// {ForAnyValue, "StringLike", if_exists}.
struct ConditionOperator {
  ConditionQualifier qualifier = ConditionQualifier::None;
  std::string_view base;
  bool if_exists = false;
};
ConditionOperator parse_condition_operator(std::string_view name) noexcept;

struct ServiceInfo;
struct ActionInfo;

// What one string value of a statement's Action or NotAction names in the service catalog (see analysis.hpp).
struct ActionValueFacts {
  const Node* node = nullptr;
  const ServiceInfo* service = nullptr;  // the service of a literal prefix ("s3" in "s3:Get*"), when it exists
  const ActionInfo* action = nullptr;    // the action a value without wildcards names, when it exists
  uint32_t matched = 0;                  // how many catalog actions the value matches
};

// What a statement's Action or NotAction element covers in the service catalog (see analysis.hpp).
struct StatementActions {
  std::vector<uint32_t> actions;         // indexes into Catalog::actions(), sorted and unique
  std::vector<const Node*> unmatched;    // string values that match no catalog action (unknown or misspelled)
  std::vector<ActionValueFacts> values;  // every string value of Action and NotAction, in document order
  bool every_action = false;             // "*" in Action, or a NotAction that excludes nothing the catalog has
  bool computed = false;
};

// Maps offsets in a policy's own text to offsets in the file it came from, for a policy that is not the file's
// whole text: a slice of it (a constant shift), or a decoded string (one file offset per decoded byte, plus one for
// the end). Monotonic, so that a token's span maps to the span of the text that encoded it.
struct OffsetMap {
  uint32_t shift = 0;
  std::vector<uint32_t> table;  // when not empty: table[i] is the file offset of text byte i; size = text size + 1

  uint32_t operator()(uint32_t offset) const noexcept {
    if (table.empty()) return shift + offset;
    return table[offset < table.size() ? offset : table.size() - 1];
  }
  void clear() noexcept {
    shift = 0;
    table.clear();
  }
};

struct Policy {
  const SourceFile* source = nullptr;  // the file, for positions
  // The document's own text, which node spans are offsets into: the file's text, or the policy's part of it (an
  // object inside a wrapper, a JSON string decoded), with `map` leading back to the file.
  std::string_view text;
  const OffsetMap* map = nullptr;  // null: `text` is the file's text
  const JsonTree* tree = nullptr;
  const Node* root = nullptr;
  const Node* version = nullptr;    // member nodes of the top-level elements, or null
  const Node* id = nullptr;
  const Node* statement = nullptr;
  std::vector<Statement> statements;
  PolicyType type = PolicyType::Identity;
  bool type_inferred = true;
  PolicyHolder holder = PolicyHolder::Managed;
  // For a resource policy found where its resource is declared (a template's AWS::S3::BucketPolicy): the resource
  // type as the catalog names it ("s3:bucket"); empty when only the document is known.
  std::string_view resource_type;
  // Filled on first use by statement_actions(); one entry per statement. A Policy belongs to one thread.
  mutable std::vector<StatementActions> action_cache;

  // The file offset of an offset in `text`, and its line:column in the file.
  uint32_t file_offset(uint32_t offset) const noexcept { return map == nullptr ? offset : (*map)(offset); }
  Position position(uint32_t offset) const { return source->position(file_offset(offset)); }
};

// Builds the view. `forced_type` overrides inference.
void build_policy(const SourceFile& source, const JsonTree& tree, std::optional<PolicyType> forced_type,
                  PolicyHolder holder, Policy& out);

// A trust policy grants sts:AssumeRole* to a Principal and names no Resource (or grants only sts:AssumeRole*); a
// resource policy grants to a Principal; otherwise identity.
PolicyType infer_policy_type(const Policy& policy) noexcept;

// Calls f(node) for each value of a string-or-array element: the string itself, or each array item (of any type).
// Symbolic values (a template's `!GetAtt Bucket.Arn`, known only at deployment) are left out: each stands for one
// specific value that no rule can judge, so none reports it, and none takes it for a wildcard (docs/inputs.md).
// Whether an element holds a symbolic value: where a value left out would widen what an element covers
// (NotResource, NotAction), callers must not assume coverage.
inline bool has_symbolic_value(const JsonTree& tree, const Node& element) {
  if (!element.is_array()) return element.symbolic;
  for (const Node& item : tree.children(element)) {
    if (item.symbolic) return true;
  }
  return false;
}

template <typename F>
void for_each_value(const JsonTree& tree, const Node& element, F&& f) {
  if (element.is_array()) {
    for (const Node& item : tree.children(element)) {
      if (!item.symbolic) f(item);
    }
  } else if (!element.symbolic) {
    f(element);
  }
}

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace iamlint::linter
