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

bool is_wildcards(std::string_view text) {
  return text.find_first_not_of("*?") == std::string_view::npos;
}

// A pattern with at least one '*' and nothing but wildcards after `prefix`: "o-*" for prefix "o-".
bool is_prefix_then_star(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || text.substr(0, prefix.size()) != prefix) return false;
  std::string_view rest = text.substr(prefix.size());
  return is_wildcards(rest) && rest.find('*') != std::string_view::npos;
}

// "arn:aws:*", "arn:*:*:*:*:*", "arn:aws:::*": an ARN pattern that fixes at most the partition.
bool is_any_arn_pattern(std::string_view text) {
  if (text.substr(0, 4) != "arn:" || text.back() != '*') return false;
  std::size_t part = 1;
  std::size_t begin = 4;
  while (begin <= text.size()) {
    std::size_t end = text.find(':', begin);
    std::string_view piece = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    bool partition = part == 1 && (piece == "aws" || piece == "aws-cn" || piece == "aws-us-gov");
    if (!partition && !is_wildcards(piece)) return false;
    if (end == std::string_view::npos) break;
    begin = end + 1;
    ++part;
  }
  return true;
}

// "o-*/*", "o-*/r-*/ou-*/*": an organization path pattern whose every segment is structure and wildcards.
bool is_any_org_path_pattern(std::string_view text) {
  if (text.find('*') == std::string_view::npos) return false;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('/', begin);
    std::string_view piece = text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    bool structural = is_wildcards(piece) || is_prefix_then_star(piece, "o-") || is_prefix_then_star(piece, "r-") ||
                      is_prefix_then_star(piece, "ou-");
    if (!structural) return false;
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return true;
}

// Whether a pattern, under an operator that reads wildcards, matches every value a narrowing key can take.
bool wildcard_matches_everything(std::string_view text) {
  if (text.empty()) return false;
  if (is_wildcards(text)) return text.find('*') != std::string_view::npos || text.size() == 12;  // 12 digits: account
  for (std::string_view prefix : {"o-", "vpc-", "vpce-"}) {
    if (is_prefix_then_star(text, prefix)) return true;
  }
  return is_any_arn_pattern(text) || is_any_org_path_pattern(text);
}

bool reads_wildcards(const linter::ConditionOperator& op) {
  return op.base == "StringLike" || op.base == "ArnLike" || op.base == "ArnEquals";
}

bool is_whole_ip_range(std::string_view text) {
  return text.size() > 2 && text.substr(text.size() - 2) == "/0";
}

bool values_narrow_nothing(const linter::JsonTree& tree, const linter::ConditionOperator& op, const Node& key) {
  return value_matching_everything(tree, op, key) != nullptr;
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
    if (!is_narrowing_operator(op, k.always_present) || values_narrow_nothing(tree, op, key)) return kNarrowNone;
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
  if (!is_narrowing_operator(op) || values_narrow_nothing(tree, op, key)) return kNarrowNone;
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

const Node* value_matching_everything(const linter::JsonTree& tree, const linter::ConditionOperator& op,
                                      const Node& key) {
  const Node* found = nullptr;
  bool wildcards = reads_wildcards(op);
  bool ip = op.base == "IpAddress";
  linter::for_each_value(tree, key, [&](const Node& v) {
    if (found != nullptr || !v.is_string()) return;
    std::string_view t = v.text;
    if (t == "*" || t == "0.0.0.0/0" || t == "::/0" || (ip && is_whole_ip_range(t)) ||
        (wildcards && wildcard_matches_everything(t))) {
      found = &v;
    }
  });
  return found;
}

unsigned narrowing_kind_of_key(std::string_view key) {
  for (const KeyNarrowing& k : kKeys) {
    if (key_matches(key, k.key)) return k.kind;
  }
  return kNarrowNone;
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

bool requires_key(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view key) {
  bool required = false;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& k) {
    if (required || !iequals(k.key, key)) return;
    if (op.base == "Null") {
      required = op.qualifier == ConditionQualifier::None && values_are_bool(tree, k, false);
    } else if (op.base == "Bool") {
      required = op.qualifier != ConditionQualifier::ForAllValues && !op.if_exists;
    } else {
      required = is_narrowing_operator(op);
    }
  });
  return required;
}

bool pins_key(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view key) {
  bool pinned = false;
  for_each_condition(tree, statement, [&](const linter::ConditionOperator& op, const Node& k) {
    if (iequals(k.key, key) && is_narrowing_operator(op) && !values_narrow_nothing(tree, op, k)) pinned = true;
  });
  return pinned;
}

}  // namespace iamlint::rules
