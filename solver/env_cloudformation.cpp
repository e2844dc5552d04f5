#include "solver/env_cloudformation.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace iamlint::solver {

using linter::CfnTemplate;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;
using linter::PolicyHolder;
using linter::PolicyType;

namespace {

const Node* member_of(const JsonTree& tree, const Node* object, std::string_view key) {
  return object != nullptr && object->is_object() ? tree.member(*object, key) : nullptr;
}

// The property that names a resource of each type this reader declares; empty when CloudFormation always
// generates the name (a key's id).
struct Naming {
  std::string_view type, property;
};
constexpr Naming kNamings[] = {
    {"AWS::IAM::Role", "RoleName"},     {"AWS::IAM::User", "UserName"},
    {"AWS::IAM::Group", "GroupName"},   {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
    {"AWS::S3::Bucket", "BucketName"},  {"AWS::SQS::Queue", "QueueName"},
    {"AWS::SNS::Topic", "TopicName"},   {"AWS::KMS::Key", ""},
};

// What Ref and Fn::GetAtt give for a resource named `name`.
void resource_values(const CfnTemplate& t, std::string_view logical, std::string_view type, const Node* props,
                     const std::string& name, const StackSettings& s, std::unordered_map<std::string, std::string>& k) {
  std::string id(logical);
  auto iam = [&](std::string_view kind) {
    std::string path = "/";
    if (const Node* p = member_of(*t.tree, props, "Path")) path = linter::cloudformation_string(t, *p).value_or("/");
    return "arn:aws:iam::" + s.account + ":" + std::string(kind) + path + name;
  };
  std::string regional = s.region + ":" + s.account + ":";
  if (type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group") {
    k[id] = name;
    k[id + ".Arn"] = iam(type == "AWS::IAM::Role" ? "role" : type == "AWS::IAM::User" ? "user" : "group");
  } else if (type == "AWS::IAM::ManagedPolicy") {
    k[id] = k[id + ".PolicyArn"] = iam("policy");
  } else if (type == "AWS::S3::Bucket") {
    k[id] = name;
    k[id + ".Arn"] = "arn:aws:s3:::" + name;
    k[id + ".DomainName"] = name + ".s3.amazonaws.com";
  } else if (type == "AWS::SQS::Queue") {
    k[id] = k[id + ".QueueUrl"] = "https://sqs." + s.region + ".amazonaws.com/" + s.account + "/" + name;
    k[id + ".Arn"] = "arn:aws:sqs:" + regional + name;
    k[id + ".QueueName"] = name;
  } else if (type == "AWS::SNS::Topic") {
    k[id] = k[id + ".TopicArn"] = "arn:aws:sns:" + regional + name;
    k[id + ".TopicName"] = name;
  } else if (type == "AWS::KMS::Key") {
    k[id] = k[id + ".KeyId"] = name;
    k[id + ".Arn"] = "arn:aws:kms:" + regional + "key/" + name;
  }
}

// The queue ARN of a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME); empty when it is none.
std::string queue_arn(std::string_view url) {
  constexpr std::string_view kScheme = "https://sqs.";
  if (!url.starts_with(kScheme)) return {};
  url.remove_prefix(kScheme.size());
  std::size_t dot = url.find('.'), slash = url.find('/');
  if (dot == std::string_view::npos || slash == std::string_view::npos) return {};
  std::string_view rest = url.substr(slash + 1);
  std::size_t next = rest.find('/');
  if (next == std::string_view::npos) return {};
  return "arn:aws:sqs:" + std::string(url.substr(0, dot)) + ":" + std::string(rest.substr(0, next)) + ":" +
         std::string(rest.substr(next + 1));
}

}  // namespace

linter::CfnTemplate stack_template(const JsonTree& tree, const Node& root, const StackSettings& s) {
  CfnTemplate t;
  t.tree = &tree;
  t.parameters = member_of(tree, &root, "Parameters");
  t.mappings = member_of(tree, &root, "Mappings");
  t.conditions = member_of(tree, &root, "Conditions");
  t.resources = member_of(tree, &root, "Resources");
  auto& k = t.known;
  k["AWS::AccountId"] = s.account;
  k["AWS::Region"] = s.region;
  k["AWS::StackName"] = s.name;
  // A fixed id in place of the random one the stack gets.
  k["AWS::StackId"] = "arn:aws:cloudformation:" + s.region + ":" + s.account + ":stack/" + s.name +
                      "/00000000-0000-0000-0000-000000000000";
  k["AWS::Partition"] = "aws";
  k["AWS::URLSuffix"] = "amazonaws.com";
  for (const auto& [name, value] : s.parameters) k[name] = value;
  if (t.resources == nullptr) return t;
  // A name may be computed from another resource's (!Sub "${Other}-logs"): a few passes reach what the order of
  // the resources does not.
  for (int pass = 0; pass < 3; ++pass) {
    for (const Node& r : tree.children(*t.resources)) {
      const Node* type = member_of(tree, &r, "Type");
      if (type == nullptr || !type->is_string()) continue;
      const Node* props = member_of(tree, &r, "Properties");
      for (const Naming& n : kNamings) {
        if (n.type != type->text) continue;
        std::optional<std::string> name;
        const Node* given = n.property.empty() ? nullptr : member_of(tree, props, n.property);
        if (given != nullptr) {
          name = linter::cloudformation_string(t, *given);
        } else {
          name = s.name + "-" + std::string(r.key) + "-" + std::string(kGeneratedSuffix);
          if (n.type == "AWS::S3::Bucket") {
            std::transform(name->begin(), name->end(), name->begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
          }
        }
        if (name) resource_values(t, r.key, n.type, props, *name, s, k);
      }
    }
  }
  return t;
}

void stack_entities(const CfnTemplate& t, const StackSettings& s, Environment& env, const LoadStackPolicy& load,
                    const ReportStackProblem& report, StackEntities& out) {
  if (t.resources == nullptr) return;
  const JsonTree& tree = *t.tree;
  using Kind = StackEntities::Kind;
  auto known = [&](const std::string& key) -> const std::string* {
    auto it = t.known.find(key);
    return it == t.known.end() ? nullptr : &it->second;
  };
  auto unresolved = [&](const Node& n, const std::string& what) {
    report(n.span.offset, what + " is known only once the stack is deployed; it is left out", true);
  };
  // A policy of the template, with a warning for what in it stays symbolic.
  auto policy = [&](const Node* doc, PolicyType type, PolicyHolder holder, std::string name,
                    std::string arn) -> std::optional<PolicyId> {
    if (doc == nullptr) return std::nullopt;
    std::string label = name;
    std::optional<PolicyId> id = load(*doc, type, holder, std::move(name), std::move(arn));
    if (id) {
      const EnvPolicy& ep = env.policies[*id];
      for (const auto& [begin, end] : ep.site.symbolic) {
        std::string_view value = ep.site.text.substr(begin, end - begin);  // a string token, quotes and all
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        report(ep.site.map(begin),
               "in " + label + ": " + std::string(value) +
                   " is known only once the stack is deployed; it stays symbolic",
               true);
      }
    }
    return id;
  };
  auto inline_policies = [&](const Node* props, PolicyHolder holder, const std::string& whose,
                             std::vector<PolicyId>& ids) {
    const Node* l = member_of(tree, props, "Policies");
    if (l == nullptr) return;
    if (!l->is_array()) return unresolved(*l, "the policies of " + whose);
    for (const Node& p : tree.children(*l)) {
      const Node* n = member_of(tree, &p, "PolicyName");
      std::string name = n != nullptr ? linter::cloudformation_string(t, *n).value_or(std::to_string(p.index))
                                      : std::to_string(p.index);
      if (auto id = policy(member_of(tree, &p, "PolicyDocument"), PolicyType::Identity, holder,
                           whose + ", inline policy " + name, {})) {
        ids.push_back(*id);
      }
    }
  };
  auto strings = [&](const Node* l, const std::string& what) {
    std::vector<std::pair<std::string, uint32_t>> items;
    if (l == nullptr) return items;
    auto values = linter::cloudformation_list(t, *l);
    if (!values) {
      unresolved(*l, what);
      return items;
    }
    for (std::optional<std::string>& v : *values) {
      if (v) items.emplace_back(std::move(*v), l->span.offset);
      else unresolved(*l, "an item of " + what);
    }
    return items;
  };
  auto managed = [&](const Node* props, Kind kind, std::size_t index, const std::string& whose) {
    for (auto& [arn, at] : strings(member_of(tree, props, "ManagedPolicyArns"), "the managed policies of " + whose)) {
      out.attachments.push_back({arn, at, kind, index, false});
    }
    if (const Node* b = member_of(tree, props, "PermissionsBoundary")) {
      if (auto arn = linter::cloudformation_string(t, *b)) out.attachments.push_back({*arn, b->span.offset, kind, index, true});
      else unresolved(*b, "the permissions boundary of " + whose);
    }
  };
  auto tags = [&](const Node* props) {
    Tags out_tags;
    const Node* l = member_of(tree, props, "Tags");
    if (l == nullptr || !l->is_array()) return out_tags;
    for (const Node& tag : tree.children(*l)) {
      const Node* key = member_of(tree, &tag, "Key");
      const Node* value = member_of(tree, &tag, "Value");
      std::optional<std::string> k = key != nullptr ? linter::cloudformation_string(t, *key) : std::nullopt;
      std::optional<std::string> v = value != nullptr ? linter::cloudformation_string(t, *value) : std::nullopt;
      if (k && v) out_tags[*k] = *v;
      else unresolved(tag, "a tag");
    }
    return out_tags;
  };

  // Attachments by name, resolved once every entity of the stack is read.
  struct ByName {
    Kind kind;
    std::string name;
    uint32_t offset;
    std::string arn;              // a managed policy
    std::optional<PolicyId> id;   // or a policy embedded in the entity
  };
  std::vector<ByName> by_name;
  struct ResourcePolicy {
    std::string arn, type;
    PolicyId id;
    uint32_t offset;
  };
  std::vector<ResourcePolicy> resource_policies;
  struct Addition {
    std::string user, group;
    uint32_t offset;
  };
  std::vector<Addition> additions;
  auto holders = [&](const Node* props, const std::string& whose, const std::string& arn, std::optional<PolicyId> id) {
    constexpr std::pair<std::string_view, Kind> kLists[] = {
        {"Roles", Kind::Role}, {"Users", Kind::User}, {"Groups", Kind::Group}};
    for (const auto& [key, kind] : kLists) {
      for (auto& [name, at] : strings(member_of(tree, props, key), "the " + std::string(key) + " of " + whose)) {
        by_name.push_back({kind, name, at, arn, id});
      }
    }
  };
  auto resource_policy = [&](const Node* doc, std::string_view type, const std::string& whose,
                             const std::vector<std::pair<std::string, uint32_t>>& arns) {
    std::optional<PolicyId> id = policy(doc, PolicyType::Resource, PolicyHolder::Managed, whose, {});
    if (!id) return;
    EnvPolicy& ep = env.policies[*id];
    ep.policy.resource_type = ep.tree.own(type);
    for (const auto& [arn, at] : arns) resource_policies.push_back({arn, std::string(type), *id, at});
  };

  for (const Node& r : tree.children(*t.resources)) {
    const Node* type_node = member_of(tree, &r, "Type");
    if (type_node == nullptr || !type_node->is_string()) continue;
    std::string_view type = type_node->text;
    const Node* props = member_of(tree, &r, "Properties");
    std::string logical(r.key);
    uint32_t at = r.key_span.offset;
    const std::string* arn = known(logical + ".Arn");
    const std::string* ref = known(logical);
    auto name_missing = [&](std::string_view property) {
      const Node* n = member_of(tree, props, property);
      unresolved(n != nullptr ? *n : r, "the name of " + std::string(type) + " " + logical);
    };
    // A property naming another entity, with its place; a warning when it is missing or stays unknown.
    auto named = [&](std::string_view key, const std::string& what) -> std::optional<std::pair<std::string, uint32_t>> {
      const Node* n = member_of(tree, props, key);
      std::optional<std::string> v = n != nullptr ? linter::cloudformation_string(t, *n) : std::nullopt;
      if (v) return std::make_pair(std::move(*v), n->span.offset);
      unresolved(n != nullptr ? *n : r, what);
      return std::nullopt;
    };
    auto principal = [&](auto& p) {  // a user's or a role's
      p.arn = *arn;
      p.name = *ref;
      p.account = s.account;
      p.tags = tags(props);
    };
    // Adds a user, group or role with its inline and attached policies; its index.
    auto add = [&](auto& list, auto entity, PolicyHolder holder, Kind kind, const std::string& whose) {
      inline_policies(props, holder, whose, entity.policies);
      list.push_back(std::move(entity));
      managed(props, kind, list.size() - 1, whose);
      out.arns.emplace_back(*arn, at);
      return list.size() - 1;
    };
    if ((type == "AWS::IAM::Role" || type == "AWS::IAM::User" || type == "AWS::IAM::Group") && arn == nullptr) {
      name_missing(type == "AWS::IAM::Role" ? "RoleName" : type == "AWS::IAM::User" ? "UserName" : "GroupName");
      continue;
    }
    if (type == "AWS::IAM::Role") {
      std::string whose = "role " + *ref;
      Role role;
      principal(role);
      role.trust = policy(member_of(tree, props, "AssumeRolePolicyDocument"), PolicyType::Trust,
                          PolicyHolder::InlineRole, whose + ", trust policy", {});
      if (const Node* d = member_of(tree, props, "MaxSessionDuration")) {
        std::optional<std::string> v = linter::cloudformation_string(t, *d);
        if (v && !v->empty() && std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; }) &&
            v->size() < 7) {
          role.max_session_duration = static_cast<uint32_t>(std::stoul(*v));
        } else {
          unresolved(*d, "the maximum session duration of " + whose);
        }
      }
      add(out.roles, std::move(role), PolicyHolder::InlineRole, Kind::Role, whose);
    } else if (type == "AWS::IAM::User") {
      std::string whose = "user " + *ref;
      User user;
      principal(user);
      std::size_t index = add(out.users, std::move(user), PolicyHolder::InlineUser, Kind::User, whose);
      for (auto& [group, g_at] : strings(member_of(tree, props, "Groups"), "the groups of " + whose)) {
        out.memberships.push_back({index, group, g_at});
      }
    } else if (type == "AWS::IAM::Group") {
      add(out.groups, Group{*arn, *ref, s.account, {}}, PolicyHolder::InlineGroup, Kind::Group, "group " + *ref);
    } else if (type == "AWS::IAM::ManagedPolicy") {
      if (ref == nullptr) {
        name_missing("ManagedPolicyName");
        continue;
      }
      std::string whose = "policy " + ref->substr(ref->rfind('/') + 1);
      if (auto id = policy(member_of(tree, props, "PolicyDocument"), PolicyType::Identity, PolicyHolder::Managed,
                           whose, *ref)) {
        out.managed.emplace_back(*ref, *id);
        out.arns.emplace_back(*ref, at);
        holders(props, whose, *ref, std::nullopt);
      }
    } else if (type == "AWS::IAM::Policy" || type == "AWS::IAM::RolePolicy" || type == "AWS::IAM::UserPolicy" ||
               type == "AWS::IAM::GroupPolicy") {
      const Node* n = member_of(tree, props, "PolicyName");
      std::string whose = std::string(type) + " " + logical + ", policy " +
                          (n != nullptr ? linter::cloudformation_string(t, *n).value_or("") : "");
      Kind kind = type == "AWS::IAM::UserPolicy" ? Kind::User : type == "AWS::IAM::GroupPolicy" ? Kind::Group : Kind::Role;
      PolicyHolder holder = kind == Kind::User    ? PolicyHolder::InlineUser
                            : kind == Kind::Group ? PolicyHolder::InlineGroup
                                                  : PolicyHolder::InlineRole;
      if (type == "AWS::IAM::Policy" && member_of(tree, props, "Roles") == nullptr) {
        holder = member_of(tree, props, "Users") != nullptr ? PolicyHolder::InlineUser : PolicyHolder::InlineGroup;
      }
      std::optional<PolicyId> id = policy(member_of(tree, props, "PolicyDocument"), PolicyType::Identity, holder,
                                          whose, {});
      if (!id) continue;
      if (type == "AWS::IAM::Policy") {
        holders(props, whose, {}, id);
      } else {
        std::string_view key = kind == Kind::User ? "UserName" : kind == Kind::Group ? "GroupName" : "RoleName";
        if (auto name = named(key, "the " + std::string(key) + " of " + whose)) {
          by_name.push_back({kind, name->first, name->second, {}, id});
        }
      }
    } else if (type == "AWS::IAM::UserToGroupAddition") {
      auto group = named("GroupName", "the group of " + logical);
      if (!group) continue;
      for (auto& [user, u_at] : strings(member_of(tree, props, "Users"), "the users of " + logical)) {
        additions.push_back({user, group->first, u_at});
      }
    } else if (type == "AWS::S3::Bucket" || type == "AWS::SQS::Queue" || type == "AWS::SNS::Topic" ||
               type == "AWS::KMS::Key") {
      if (arn == nullptr && ref == nullptr) {
        name_missing(type == "AWS::S3::Bucket" ? "BucketName" : type == "AWS::SQS::Queue" ? "QueueName" : "TopicName");
        continue;
      }
      std::string resource_arn = arn != nullptr ? *arn : *ref;  // a topic's Ref is its ARN
      std::string_view rtype = type == "AWS::S3::Bucket"   ? "s3:bucket"
                               : type == "AWS::SQS::Queue" ? "sqs:queue"
                               : type == "AWS::SNS::Topic" ? "sns:topic"
                                                           : "kms:key";
      Resource resource{resource_arn, s.account, std::string(rtype), std::nullopt, tags(props)};
      out.resources.push_back(std::move(resource));
      out.arns.emplace_back(resource_arn, at);
      if (type == "AWS::KMS::Key") {
        resource_policy(member_of(tree, props, "KeyPolicy"), rtype, "resource " + resource_arn + ", resource policy",
                        {{resource_arn, at}});
      }
    } else if (type == "AWS::S3::BucketPolicy") {
      auto bucket = named("Bucket", "the bucket of " + logical);
      if (!bucket) continue;
      std::string bucket_arn = "arn:aws:s3:::" + bucket->first;
      resource_policy(member_of(tree, props, "PolicyDocument"), "s3:bucket", "resource " + bucket_arn + ", resource policy",
                      {{bucket_arn, bucket->second}});
    } else if (type == "AWS::SQS::QueuePolicy") {
      std::vector<std::pair<std::string, uint32_t>> arns;
      for (auto& [url, q_at] : strings(member_of(tree, props, "Queues"), "the queues of " + logical)) {
        std::string queue = queue_arn(url);
        if (queue.empty()) report(q_at, "'" + url + "' is no SQS queue URL; the queue is left out", true);
        else arns.emplace_back(queue, q_at);
      }
      resource_policy(member_of(tree, props, "PolicyDocument"), "sqs:queue", "queue policy " + logical, arns);
    } else if (type == "AWS::SNS::TopicPolicy") {
      resource_policy(member_of(tree, props, "PolicyDocument"), "sns:topic", "topic policy " + logical,
                      strings(member_of(tree, props, "Topics"), "the topics of " + logical));
    }
  }

  auto find = [](const auto& entities, const std::string& name) {
    auto it = std::find_if(entities.begin(), entities.end(), [&](const auto& e) { return e.name == name; });
    return it == entities.end() ? std::optional<std::size_t>()
                               : std::optional<std::size_t>(static_cast<std::size_t>(it - entities.begin()));
  };
  for (const ByName& b : by_name) {
    std::optional<std::size_t> index = b.kind == Kind::Role   ? find(out.roles, b.name)
                                       : b.kind == Kind::User ? find(out.users, b.name)
                                                              : find(out.groups, b.name);
    if (!index) {
      std::string_view kind = b.kind == Kind::Role ? "role" : b.kind == Kind::User ? "user" : "group";
      report(b.offset, "the stack declares no " + std::string(kind) + " '" + b.name + "'; the attachment is left out",
             true);
      continue;
    }
    if (!b.arn.empty()) {
      out.attachments.push_back({b.arn, b.offset, b.kind, *index, false});
    } else if (b.kind == Kind::Role) {
      out.roles[*index].policies.push_back(*b.id);
    } else if (b.kind == Kind::User) {
      out.users[*index].policies.push_back(*b.id);
    } else {
      out.groups[*index].policies.push_back(*b.id);
    }
  }
  for (const Addition& a : additions) {
    if (std::optional<std::size_t> user = find(out.users, a.user)) {
      out.memberships.push_back({*user, a.group, a.offset});
    } else {
      report(a.offset, "the stack declares no user '" + a.user + "'; the group membership is left out", true);
    }
  }
  for (const ResourcePolicy& p : resource_policies) {
    auto it = std::find_if(out.resources.begin(), out.resources.end(), [&](const Resource& r) { return r.arn == p.arn; });
    if (it == out.resources.end()) {
      // A resource the stack does not create (an existing bucket): its policy makes it part of the environment.
      out.resources.push_back(Resource{p.arn, s.account, p.type, std::nullopt, {}});
      out.arns.emplace_back(p.arn, p.offset);
      it = out.resources.end() - 1;
    }
    it->policy = p.id;
  }
}

}  // namespace iamlint::solver
