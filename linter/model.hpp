// The policy model: a typed view over a JsonTree. It never copies values and never rejects a document: elements of
// the wrong type are kept as they are, so that rules can say precisely what is wrong and where.
#pragma once

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

struct Policy {
  const SourceFile* source = nullptr;
  const JsonTree* tree = nullptr;
  const Node* root = nullptr;
  const Node* version = nullptr;    // member nodes of the top-level elements, or null
  const Node* id = nullptr;
  const Node* statement = nullptr;
  std::vector<Statement> statements;
  PolicyType type = PolicyType::Identity;
  bool type_inferred = true;
  PolicyHolder holder = PolicyHolder::Managed;
  // Filled on first use by statement_actions(); one entry per statement. A Policy belongs to one thread.
  mutable std::vector<StatementActions> action_cache;
};

// Builds the view. `forced_type` overrides inference.
void build_policy(const SourceFile& source, const JsonTree& tree, std::optional<PolicyType> forced_type,
                  PolicyHolder holder, Policy& out);

// A trust policy grants sts:AssumeRole* to a Principal and names no Resource (or grants only sts:AssumeRole*); a
// resource policy grants to a Principal; otherwise identity.
PolicyType infer_policy_type(const Policy& policy) noexcept;

// Calls f(node) for each value of a string-or-array element: the string itself, or each array item (of any type).
template <typename F>
void for_each_value(const JsonTree& tree, const Node& element, F&& f) {
  if (element.is_array()) {
    for (const Node& item : tree.children(element)) f(item);
  } else {
    f(element);
  }
}

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace iamlint::linter
