#include "linter/model.hpp"

#include <array>
#include <cctype>

namespace iamlint::linter {

namespace {

constexpr std::array<std::string_view, 8> kPolicyTypeNames = {
    "identity", "resource", "trust", "scp", "rcp", "permissions-boundary", "session", "endpoint"};
constexpr std::array<std::string_view, 8> kPolicyTypePhrases = {
    "an identity policy", "a resource policy",    "a role trust policy", "a service control policy",
    "a resource control policy", "a permissions boundary", "a session policy", "a VPC endpoint policy"};
constexpr std::array<std::string_view, 5> kHolderNames = {"managed", "inline-user", "inline-group", "inline-role",
                                                          "aws-managed"};
constexpr std::array<std::string_view, kElementCount> kElementNames = {
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"};

bool starts_with_icase(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// sts actions that belong in a role trust policy.
bool is_trust_action(std::string_view action) noexcept {
  return starts_with_icase(action, "sts:AssumeRole") || iequals(action, "sts:TagSession") ||
         iequals(action, "sts:SetSourceIdentity") || iequals(action, "sts:SetContext");
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

std::string_view policy_type_name(PolicyType type) noexcept { return kPolicyTypeNames[static_cast<int>(type)]; }

std::string_view policy_type_phrase(PolicyType type) noexcept { return kPolicyTypePhrases[static_cast<int>(type)]; }

std::optional<PolicyType> parse_policy_type(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kPolicyTypeNames.size(); ++i) {
    if (kPolicyTypeNames[i] == name) return static_cast<PolicyType>(i);
  }
  return std::nullopt;
}

bool policy_type_has_principal(PolicyType type) noexcept {
  return type == PolicyType::Resource || type == PolicyType::Trust || type == PolicyType::Rcp ||
         type == PolicyType::Endpoint;
}

std::string_view policy_holder_name(PolicyHolder holder) noexcept { return kHolderNames[static_cast<int>(holder)]; }

std::optional<PolicyHolder> parse_policy_holder(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kHolderNames.size(); ++i) {
    if (kHolderNames[i] == name) return static_cast<PolicyHolder>(i);
  }
  return std::nullopt;
}

std::string_view element_name(Element e) noexcept { return kElementNames[static_cast<int>(e)]; }

std::optional<Element> parse_element(std::string_view name) noexcept {
  for (int i = 0; i < kElementCount; ++i) {
    if (kElementNames[i] == name) return static_cast<Element>(i);
  }
  return std::nullopt;
}

ConditionOperator parse_condition_operator(std::string_view name) noexcept {
  ConditionOperator op;
  if (auto colon = name.find(':'); colon != std::string_view::npos) {
    std::string_view q = name.substr(0, colon);
    if (q == "ForAllValues") op.qualifier = ConditionQualifier::ForAllValues;
    else if (q == "ForAnyValue") op.qualifier = ConditionQualifier::ForAnyValue;
    else return {ConditionQualifier::None, name, false};  // an unknown qualifier: the whole name is the operator
    name.remove_prefix(colon + 1);
  }
  constexpr std::string_view kIfExists = "IfExists";
  if (name.size() > kIfExists.size() && name.substr(name.size() - kIfExists.size()) == kIfExists) {
    op.if_exists = true;
    name.remove_suffix(kIfExists.size());
  }
  op.base = name;
  return op;
}

PolicyType infer_policy_type(const Policy& policy) noexcept {
  bool any_principal = false;
  bool any_trust_action = false;
  bool only_trust_actions = true;
  bool any_resource = false;
  for (const Statement& s : policy.statements) {
    if (s.has(Element::Principal) || s.has(Element::NotPrincipal)) any_principal = true;
    if (s.has(Element::Resource) || s.has(Element::NotResource)) any_resource = true;
    for (Element e : {Element::Action, Element::NotAction}) {
      const Node* element = s.get(e);
      if (element == nullptr) continue;
      for_each_value(*policy.tree, *element, [&](const Node& v) {
        if (v.is_string() && is_trust_action(v.text)) any_trust_action = true;
        else only_trust_actions = false;
      });
    }
  }
  if (!any_principal) return PolicyType::Identity;
  // A trust policy names no resource (the role is the resource); a resource policy always does. So principals,
  // an sts:AssumeRole* action and no Resource anywhere make a trust policy even when other actions are listed
  // (which IAM024 then reports).
  if (any_trust_action && (only_trust_actions || !any_resource)) return PolicyType::Trust;
  return PolicyType::Resource;
}

void build_policy(const SourceFile& source, const JsonTree& tree, std::optional<PolicyType> forced_type,
                  PolicyHolder holder, Policy& out) {
  std::vector<StatementActions> cache = std::move(out.action_cache);  // keeps its memory for the next document
  cache.clear();
  out = Policy{};
  out.action_cache = std::move(cache);
  out.source = &source;
  out.text = source.text();
  out.tree = &tree;
  out.root = tree.root();
  out.holder = holder;
  if (out.root != nullptr && out.root->is_object()) {
    out.version = tree.member(*out.root, "Version");
    out.id = tree.member(*out.root, "Id");
    out.statement = tree.member(*out.root, "Statement");
  }
  auto add_statement = [&](const Node& node, uint32_t index) {
    Statement s;
    s.node = &node;
    s.index = index;
    if (node.is_object()) {
      for (const Node& m : tree.children(node)) {
        auto e = parse_element(m.key);
        if (e && s.elements[static_cast<int>(*e)] == nullptr) s.elements[static_cast<int>(*e)] = &m;
      }
      if (const Node* effect = s.get(Element::Effect)) {
        s.effect = effect->is_string() && effect->text == "Allow"  ? Effect::Allow
                   : effect->is_string() && effect->text == "Deny" ? Effect::Deny
                                                                   : Effect::Invalid;
      }
    }
    out.statements.push_back(s);
  };
  if (out.statement != nullptr) {
    if (out.statement->is_array()) {
      out.statements.reserve(out.statement->child_count);
      for (const Node& item : tree.children(*out.statement)) add_statement(item, item.index);
    } else if (out.statement->is_object()) {
      add_statement(*out.statement, 0);
    }
  }
  out.type_inferred = !forced_type.has_value();
  out.type = forced_type ? *forced_type : infer_policy_type(out);
}

}  // namespace iamlint::linter
