#include "rules/conditions.hpp"

#include <array>

namespace iamlint::rules {

namespace {

using linter::ConditionQualifier;
using linter::iequals;
using linter::Node;

struct KeyNarrowing {
  std::string_view key;  // a trailing '/' matches any tag key: aws:ResourceTag/team
  unsigned kind;
  bool always_present;  // present in every request by an IAM principal, so IfExists does not weaken it
};

constexpr std::array<KeyNarrowing, 26> kKeys = {{
    {"aws:PrincipalArn", kNarrowPrincipal, true},
    {"aws:PrincipalAccount", kNarrowPrincipal, true},
    {"aws:userid", kNarrowPrincipal, true},
    {"aws:username", kNarrowPrincipal, false},
    {"aws:PrincipalOrgID", kNarrowOrganization, false},
    {"aws:PrincipalOrgPaths", kNarrowOrganization, false},
    {"sts:ExternalId", kNarrowExternalId, false},
    {"aws:MultiFactorAuthAge", kNarrowMfa, false},
    {"aws:SourceArn", kNarrowSource, false},
    {"aws:SourceAccount", kNarrowSource, false},
    {"aws:SourceOrgID", kNarrowSource, false},
    {"aws:SourceOrgPaths", kNarrowSource, false},
    {"aws:SourceIp", kNarrowNetwork, false},
    {"aws:SourceVpc", kNarrowNetwork, false},
    {"aws:SourceVpce", kNarrowNetwork, false},
    {"aws:VpcSourceIp", kNarrowNetwork, false},
    {"aws:ResourceTag/", kNarrowResource, false},
    {"aws:RequestTag/", kNarrowResource, false},
    {"aws:CalledVia", kNarrowService, false},
    {"aws:CalledViaFirst", kNarrowService, false},
    {"aws:CalledViaLast", kNarrowService, false},
    {"aws:ResourceAccount", kNarrowResource, false},
    {"aws:ResourceOrgID", kNarrowResource, false},
    {"aws:ResourceOrgPaths", kNarrowResource, false},
    {"iam:PassedToService", kNarrowPassedToService, false},
    {"iam:AWSServiceName", kNarrowServiceName, false},
}};

bool key_matches(std::string_view written, std::string_view known) {
  if (!known.empty() && known.back() == '/') {
    return written.size() > known.size() && iequals(written.substr(0, known.size()), known);
  }
  return iequals(written, known);
}

// aws:ResourceTag/<key>, aws:RequestTag/<key>, or a service's own <service>:ResourceTag/<key>.
bool is_tag_key(std::string_view key) {
  auto colon = key.find(':');
  auto slash = key.find('/');
  if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon) return false;
  std::string_view name = key.substr(colon + 1, slash - colon);
  return iequals(name, "ResourceTag/") || (iequals(name, "RequestTag/") && iequals(key.substr(0, colon), "aws"));
}

// The narrowing one condition key gives under its operator.
unsigned narrowing_of_key(const linter::JsonTree& tree, const linter::ConditionOperator& op, const Node& key) {
  if (iequals(key.key, "aws:MultiFactorAuthPresent")) {
    bool narrows = op.qualifier == ConditionQualifier::None && op.base == "Bool" && !op.if_exists &&
                   values_are_bool(tree, key, true);
    return narrows ? kNarrowMfa : kNarrowNone;
  }
  if (op.base == "Null") {
    // "Null": {"aws:ResourceTag/backup": "false"} admits only resources that carry the tag.
    bool tag = is_tag_key(key.key);
    return tag && op.qualifier == ConditionQualifier::None && values_are_bool(tree, key, false) ? kNarrowResource
                                                                                                 : kNarrowNone;
  }
  for (const KeyNarrowing& k : kKeys) {
    if (!key_matches(key.key, k.key)) continue;
    if (!is_narrowing_operator(op, k.always_present) || values_match_anything(tree, key)) return kNarrowNone;
    return k.kind;
  }
  // A key required to be true: the request must carry it (aws:ViaAWSService, aws:IsMcpServiceAction). Every
  // request carries aws:SecureTransport, so requiring TLS narrows nobody.
  if (op.qualifier == ConditionQualifier::None && op.base == "Bool" && !op.if_exists &&
      !iequals(key.key, "aws:SecureTransport") && values_are_bool(tree, key, true)) {
    return kNarrowService;
  }
  // Other global keys (aws:RequestedRegion, aws:CurrentTime…) say where or when, not who or what.
  if (key.key.size() < 4 || iequals(key.key.substr(0, 4), "aws:")) return kNarrowNone;
  if (!is_narrowing_operator(op) || values_match_anything(tree, key)) return kNarrowNone;
  return is_tag_key(key.key) ? kNarrowResource : kNarrowService;  // ec2:ResourceTag/team, or kms:ViaService
}

}  // namespace

bool is_narrowing_operator(const linter::ConditionOperator& op, bool key_always_present) {
  if (op.qualifier == ConditionQualifier::ForAllValues) return false;
  if (op.if_exists && !key_always_present) return false;
  for (std::string_view p : {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
                             "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
                             "NumericGreaterThanEquals", "IpAddress", "DateLessThan", "DateGreaterThan",
                             "DateLessThanEquals", "DateGreaterThanEquals", "DateEquals"}) {
    if (op.base == p) return true;
  }
  return false;
}

bool values_match_anything(const linter::JsonTree& tree, const Node& values) {
  bool any = false;
  linter::for_each_value(tree, values, [&](const Node& v) {
    if (v.is_string() && (v.text == "*" || v.text == "0.0.0.0/0" || v.text == "::/0")) any = true;
  });
  return any;
}

bool values_are_bool(const linter::JsonTree& tree, const Node& values, bool value) {
  std::string_view want = value ? "true" : "false";
  bool all = values.child_count > 0 || !values.is_array();
  linter::for_each_value(tree, values, [&](const Node& v) {
    bool match = (v.is_string() && iequals(v.text, want)) || (v.type == linter::JsonType::Bool && v.text == want);
    if (!match) all = false;
  });
  return all;
}

unsigned narrowing_of(const linter::JsonTree& tree, const linter::Statement& statement) {
  unsigned result = kNarrowNone;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& key) {
    result |= narrowing_of_key(tree, op, key);
  });
  return result;
}

std::string narrowing_keys(const linter::JsonTree& tree, const linter::Statement& statement, unsigned mask) {
  std::string out;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& key) {
    if ((narrowing_of_key(tree, op, key) & mask) == 0) return;
    if (out.find(key.key) != std::string::npos) return;
    if (!out.empty()) out += ", ";
    out += key.key;
  });
  return out;
}

bool condition_excludes_action(const linter::JsonTree& tree, const linter::Statement& statement,
                               const linter::ActionInfo& action, const linter::Catalog& catalog) {
  bool excluded = false;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& key) {
    if (excluded) return;
    bool requires_key = is_narrowing_operator(op) ||
                        (op.base == "Bool" && !op.if_exists && op.qualifier == ConditionQualifier::None);
    if (!requires_key || key.key.size() < 4 || iequals(key.key.substr(0, 4), "aws:")) return;
    // Only the action's own service's keys: services put other services' keys in their context (iam:ResourceTag
    // for sts:AssumeRole) more often than the reference says.
    std::string_view prefix = catalog.service_of(action).prefix;
    if (key.key.size() <= prefix.size() || key.key[prefix.size()] != ':' ||
        !iequals(key.key.substr(0, prefix.size()), prefix)) {
      return;
    }
    const linter::ConditionKeyInfo* info = catalog.find_condition_key(key.key);
    if (info == nullptr) return;
    auto index = static_cast<uint32_t>(info - catalog.condition_keys().data());
    auto listed = [&](uint32_t begin, uint32_t end) {
      for (uint32_t i = begin; i < end; ++i) {
        if (catalog.key_refs()[i] == index) return true;
      }
      return false;
    };
    if (listed(action.keys_begin, action.keys_end)) return;
    for (uint32_t r = action.resources_begin; r < action.resources_end; ++r) {
      const linter::ResourceTypeInfo& type = catalog.resource_types()[catalog.resource_refs()[r].type];
      if (listed(type.keys_begin, type.keys_end)) return;
    }
    excluded = true;
  });
  return excluded;
}

bool pins_key(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view key) {
  bool pinned = false;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& k) {
    if (iequals(k.key, key) && is_narrowing_operator(op) && !values_match_anything(tree, k)) pinned = true;
  });
  return pinned;
}

}  // namespace iamlint::rules
