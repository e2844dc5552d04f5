#include "solver/env_terraform.hpp"

#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linter/terraform.hpp"

namespace iamlint::solver {

namespace {

using linter::JsonTree;
using linter::JsonType;
using linter::Node;
using linter::PolicyHolder;
using linter::PolicyType;
using linter::SourceFile;
using Owner = IncludeHost::Owner;

// A managed resource of the plan's planned values (or a data source of its prior state).
struct Planned {
  std::string_view address, type;
  const Node* entry = nullptr;   // the resource's object
  const Node* values = nullptr;  // its planned values; null when it has none
};

// The module part of a configured address ("module.a." of "module.a.aws_iam_role.x").
std::string module_prefix(const std::string& configured, std::string_view type) {
  std::size_t at = configured.rfind(std::string(type) + ".");
  return at == std::string::npos ? std::string() : configured.substr(0, at);
}

class PlanReader {
 public:
  PlanReader(IncludeHost& host, std::shared_ptr<const SourceFile> source, const JsonTree& tree, std::string account)
      : host_(host), env_(host.environment()), source_(std::move(source)), tree_(tree), account_(std::move(account)) {}

  void read(const Node& root) {
    const Node* planned = object_at(&root, "planned_values");
    const Node* state = object_at(&root, "values");
    module(object_at(planned != nullptr ? planned : state, "root_module"));
    if (const Node* config = object_at(object_at(&root, "configuration"), "root_module")) configuration(*config, "");
    for (const Planned& p : resources_) by_configured_[linter::without_instance_keys(p.address)].push_back(&p);

    // Declarations first, so that attachments and policies find them by name whatever their order in the plan.
    for (const Planned& p : resources_) {
      if (p.type == "aws_iam_policy") managed_policy(p);
      if (p.type == "aws_iam_group") group(p);
      if (p.type == "aws_iam_user") user(p);
      if (p.type == "aws_iam_role") role(p);
      if (p.type == "aws_s3_bucket") bucket(p);
      if (p.type == "aws_kms_key") kms_key(p);
    }
    for (const Planned& p : resources_) {
      if (p.type == "aws_iam_role_policy") inline_policy(p, Owner::Role, "role");
      if (p.type == "aws_iam_user_policy") inline_policy(p, Owner::User, "user");
      if (p.type == "aws_iam_group_policy") inline_policy(p, Owner::Group, "group");
      if (p.type == "aws_iam_role_policy_attachment") attachment(p, Owner::Role, "role");
      if (p.type == "aws_iam_user_policy_attachment") attachment(p, Owner::User, "user");
      if (p.type == "aws_iam_group_policy_attachment") attachment(p, Owner::Group, "group");
      if (p.type == "aws_iam_user_group_membership") membership(p, Owner::User, "user", "groups");
      if (p.type == "aws_iam_group_membership") membership(p, Owner::Group, "group", "users");
      if (p.type == "aws_s3_bucket_policy") bucket_policy(p);
      if (p.type == "aws_sqs_queue_policy") queue_policy(p);
      if (p.type == "aws_sns_topic_policy")
        referenced_resource_policy(p, text(p, "arn"), "arn", "aws_sns_topic", "sns", "sns:topic");
    }
  }

 private:
  const Node* object_at(const Node* node, std::string_view key) const {
    if (node == nullptr || !node->is_object()) return nullptr;
    const Node* m = tree_.member(*node, key);
    return m != nullptr && m->is_object() ? m : nullptr;
  }
  linter::ChildRange children_of(const Node* node) const {
    bool container = node != nullptr && (node->is_array() || node->is_object());
    return container ? tree_.children(*node) : tree_.children(Node{});
  }
  const Node* value(const Planned& p, std::string_view attr) const {
    return p.values != nullptr ? tree_.member(*p.values, attr) : nullptr;
  }
  std::string text(const Planned& p, std::string_view attr) const {
    const Node* n = value(p, attr);
    return n != nullptr && n->is_string() ? std::string(n->text) : std::string();
  }
  // The place of an attribute, or of the resource's address when the attribute has no value.
  uint32_t place(const Planned& p, std::string_view attr = {}) const {
    if (const Node* n = attr.empty() ? nullptr : value(p, attr); n != nullptr && n->type != JsonType::Null) {
      return n->span.offset;
    }
    const Node* a = tree_.member(*p.entry, "address");
    return (a != nullptr ? a : p.entry)->span.offset;
  }
  void warn(uint32_t offset, std::string message) { host_.report(*source_, offset, std::move(message), true); }

  // A module's managed resources, then its child modules'. Data sources add nothing: a policy document that one
  // renders is in its consumer's planned value already, or else unknown in the prior state too.
  void module(const Node* node) {
    if (node == nullptr) return;
    for (const Node& r : children_of(tree_.member(*node, "resources"))) {
      if (!r.is_object()) continue;
      const Node* mode = tree_.member(r, "mode");
      if (mode != nullptr && mode->text == "data") continue;
      const Node* address = tree_.member(r, "address");
      const Node* type = tree_.member(r, "type");
      if (address == nullptr || type == nullptr || !address->is_string() || !type->is_string()) continue;
      resources_.push_back(Planned{address->text, type->text, &r, object_at(&r, "values")});
    }
    for (const Node& m : children_of(tree_.member(*node, "child_modules"))) module(&m);
  }

  // The configuration's expressions of each resource, by configured address, for the references of attributes that
  // are known only after apply (`policy_arn = aws_iam_policy.read.arn`).
  void configuration(const Node& node, const std::string& prefix) {
    for (const Node& r : children_of(tree_.member(node, "resources"))) {
      const Node* address = r.is_object() ? tree_.member(r, "address") : nullptr;
      if (const Node* e = object_at(&r, "expressions"); e != nullptr && address != nullptr) {
        expressions_[prefix + std::string(address->text)] = e;
      }
    }
    const Node* calls = tree_.member(node, "module_calls");
    for (const Node& call : children_of(calls != nullptr && calls->is_object() ? calls : nullptr)) {
      if (const Node* callee = object_at(&call, "module")) {
        configuration(*callee, prefix + "module." + std::string(call.key) + ".");
      }
    }
  }

  // The planned resource of type `type` that the configuration of `p` names in `attr`, when there is exactly one.
  const Planned* referenced(const Planned& p, std::string_view attr, std::string_view type) const {
    std::string configured = linter::without_instance_keys(p.address);
    auto e = expressions_.find(configured);
    if (e == expressions_.end()) return nullptr;
    const Node* expression = tree_.member(*e->second, attr);
    const Node* refs =
        expression != nullptr && expression->is_object() ? tree_.member(*expression, "references") : nullptr;
    std::string prefix = module_prefix(configured, p.type);
    std::string wanted = std::string(type) + ".";
    for (const Node& r : children_of(refs)) {
      if (!r.is_string() || !r.text.starts_with(wanted)) continue;
      std::string_view rest = r.text.substr(wanted.size());
      std::string target = prefix + wanted + std::string(rest.substr(0, rest.find_first_of(".[")));
      auto it = by_configured_.find(target);
      if (it != by_configured_.end() && it->second.size() == 1) return it->second.front();
    }
    return nullptr;
  }

  // A policy attribute as lint loads it; a warning when the plan does not know it yet.
  std::optional<PolicyId> policy(const Planned& p, const Node* n, PolicyType type, PolicyHolder holder,
                                 std::string name, std::string arn = {}) {
    if (n == nullptr || !n->is_string()) {
      warn(place(p), name + " (" + std::string(p.address) + ") is known only after apply: left out");
      return std::nullopt;
    }
    return host_.load_policy(source_, tree_, *n, type, holder, std::move(name), std::move(arn));
  }

  std::string iam_arn(const Planned& p, std::string_view kind) const {
    std::string arn = text(p, "arn");
    if (!arn.empty()) return arn;
    std::string path = text(p, "path");
    if (path.empty()) path = "/";
    return "arn:aws:iam::" + account_ + ":" + std::string(kind) + path + text(p, "name");
  }
  // The name of an IAM entity; empty, with a warning, when it is known only after apply (name_prefix).
  std::string entity_name(const Planned& p, std::string_view kind) {
    std::string name = text(p, "name");
    if (name.empty())
      warn(place(p), std::string(kind) + " " + std::string(p.address) + " has no name before apply: left out");
    return name;
  }

  Tags tags(const Planned& p) const {
    Tags out;
    for (const Node& t : children_of(object_at(p.values, "tags"))) out[std::string(t.key)] = std::string(t.text);
    return out;
  }

  void managed_policy(const Planned& p) {
    std::string name = entity_name(p, "policy");
    if (name.empty()) return;
    std::string arn = iam_arn(p, "policy");
    if (!host_.claim_arn(arn, *source_, place(p, "name"))) return;
    if (auto id = policy(p, value(p, "policy"), PolicyType::Identity, PolicyHolder::Managed, "policy " + name, arn)) {
      host_.declare_managed(arn, *id, *source_, place(p, "name"));
      policy_arns_[p.address] = arn;
    }
  }

  void group(const Planned& p) {
    std::string name = entity_name(p, "group");
    if (name.empty()) return;
    std::string arn = iam_arn(p, "group");
    if (!host_.claim_arn(arn, *source_, place(p, "name"))) return;
    env_.groups.push_back(Group{arn, name, account_, {}});
  }

  void user(const Planned& p) {
    std::string name = entity_name(p, "user");
    if (name.empty()) return;
    std::string arn = iam_arn(p, "user");
    if (!host_.claim_arn(arn, *source_, place(p, "name"))) return;
    User& u = env_.users.emplace_back();
    u.arn = arn;
    u.name = name;
    u.account = account_;
    u.id = text(p, "unique_id");
    u.tags = tags(p);
    boundary(p, Owner::User, env_.users.size() - 1);
  }

  void role(const Planned& p) {
    std::string name = entity_name(p, "role");
    if (name.empty()) return;
    std::string arn = iam_arn(p, "role");
    if (!host_.claim_arn(arn, *source_, place(p, "name"))) return;
    Role r;
    r.arn = arn;
    r.name = name;
    r.account = account_;
    r.id = text(p, "unique_id");
    r.tags = tags(p);
    if (const Node* d = value(p, "max_session_duration"); d != nullptr && d->type == JsonType::Number) {
      r.max_session_duration = static_cast<uint32_t>(std::stoul(std::string(d->text)));
    }
    std::string whose = "role " + name;
    r.trust = policy(p, value(p, "assume_role_policy"), PolicyType::Trust, PolicyHolder::InlineRole,
                     whose + ", trust policy");
    for (const Node& block : children_of(value(p, "inline_policy"))) {
      const Node* doc = block.is_object() ? tree_.member(block, "policy") : nullptr;
      const Node* block_name = block.is_object() ? tree_.member(block, "name") : nullptr;
      // The provider records an empty block for a role whose inline policies it manages exclusively: none.
      if (doc == nullptr || (doc->is_string() && doc->text.empty())) continue;
      std::string label = whose + ", inline policy " + std::string(block_name != nullptr ? block_name->text : "");
      if (auto id = policy(p, doc, PolicyType::Identity, PolicyHolder::InlineRole, label)) r.policies.push_back(*id);
    }
    env_.roles.push_back(std::move(r));
    std::size_t index = env_.roles.size() - 1;
    for (const Node& m : children_of(value(p, "managed_policy_arns"))) {
      if (m.is_string()) host_.attach(std::string(m.text), *source_, m.span.offset, Owner::Role, index, false);
    }
    boundary(p, Owner::Role, index);
  }

  void boundary(const Planned& p, Owner holder, std::size_t index) {
    const Node* b = value(p, "permissions_boundary");
    if (b != nullptr && b->is_string() && !b->text.empty()) {
      host_.attach(std::string(b->text), *source_, b->span.offset, holder, index, true);
    }
  }

  // The index of the principal or group of this account named by `attr` of `p`: its planned value, or else the
  // resource its configuration references; none, with a warning, when neither tells.
  std::optional<std::size_t> holder_index(const Planned& p, std::string_view attr, Owner holder,
                                          std::string_view kind) {
    std::string name = text(p, attr);
    if (name.empty()) {
      std::string tf_type = "aws_iam_" + std::string(kind);
      if (const Planned* target = referenced(p, attr, tf_type)) name = text(*target, "name");
    }
    if (name.empty()) {
      warn(place(p, attr), std::string(p.address) + ": its " + std::string(kind) +
                               " is known only after apply and no planned " + std::string(kind) +
                               " is referenced: left out");
      return std::nullopt;
    }
    if (auto i = find(holder, name)) return i;
    warn(place(p, attr), std::string(p.address) + ": no " + std::string(kind) + " '" + name + "' in account " +
                             account_ + " (neither in the plan nor included before it): left out");
    return std::nullopt;
  }

  std::optional<std::size_t> find(Owner holder, const std::string& name) const {
    auto in = [&](const auto& list) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].account == account_ && list[i].name == name) return i;
      }
      return std::nullopt;
    };
    if (holder == Owner::Role) return in(env_.roles);
    if (holder == Owner::User) return in(env_.users);
    return in(env_.groups);
  }

  std::vector<PolicyId>& policies_of(Owner holder, std::size_t index) {
    if (holder == Owner::Role) return env_.roles[index].policies;
    if (holder == Owner::User) return env_.users[index].policies;
    return env_.groups[index].policies;
  }

  void inline_policy(const Planned& p, Owner holder, std::string_view kind) {
    auto index = holder_index(p, kind, holder, kind);
    if (!index) return;
    PolicyHolder h = holder == Owner::Role   ? PolicyHolder::InlineRole
                     : holder == Owner::User ? PolicyHolder::InlineUser
                                             : PolicyHolder::InlineGroup;
    const std::string& whose = holder == Owner::Role   ? env_.roles[*index].name
                               : holder == Owner::User ? env_.users[*index].name
                                                       : env_.groups[*index].name;
    std::string label = std::string(kind) + " " + whose + ", inline policy " + text(p, "name");
    if (auto id = policy(p, value(p, "policy"), PolicyType::Identity, h, label)) {
      policies_of(holder, *index).push_back(*id);
    }
  }

  void attachment(const Planned& p, Owner holder, std::string_view kind) {
    auto index = holder_index(p, kind, holder, kind);
    if (!index) return;
    std::string arn = text(p, "policy_arn");
    if (arn.empty()) {
      if (const Planned* target = referenced(p, "policy_arn", "aws_iam_policy")) {
        if (auto it = policy_arns_.find(target->address); it != policy_arns_.end()) arn = it->second;
      }
    }
    if (arn.empty()) {
      warn(place(p, "policy_arn"), std::string(p.address) +
                                       ": its policy_arn is known only after apply and names no "
                                       "aws_iam_policy of the plan: left out");
      return;
    }
    host_.attach(arn, *source_, place(p, "policy_arn"), holder, *index, false);
  }

  // aws_iam_user_group_membership (one user, a list of groups) and aws_iam_group_membership (one group, a list of
  // users), by names in this account.
  void membership(const Planned& p, Owner one, std::string_view one_attr, std::string_view many_attr) {
    auto single = holder_index(p, one_attr, one, one_attr);
    if (!single) return;
    Owner other = one == Owner::User ? Owner::Group : Owner::User;
    std::string_view other_kind = other == Owner::User ? "user" : "group";
    const Node* names = value(p, many_attr);
    if (names == nullptr || !names->is_array()) {
      warn(place(p, many_attr),
           std::string(p.address) + ": its " + std::string(many_attr) + " are known only after apply: left out");
      return;
    }
    for (const Node& n : tree_.children(*names)) {
      auto found = n.is_string() ? find(other, std::string(n.text)) : std::nullopt;
      if (!found) {
        warn(n.span.offset, std::string(p.address) + ": no " + std::string(other_kind) + " '" + std::string(n.text) +
                                "' in account " + account_ + ": left out");
        continue;
      }
      User& user = env_.users[one == Owner::User ? *single : *found];
      const std::string& group = env_.groups[one == Owner::User ? *found : *single].arn;
      if (std::find(user.groups.begin(), user.groups.end(), group) == user.groups.end()) user.groups.push_back(group);
    }
  }

  // The resource of this ARN, declared here when the environment has none yet (a policy on a bucket that the plan
  // does not create is still a bucket of the account).
  Resource* resource(const std::string& arn, std::string_view type, const Planned& p) {
    for (Resource& r : env_.resources) {
      if (r.arn == arn) return &r;
    }
    if (!host_.claim_arn(arn, *source_, place(p))) return nullptr;
    Resource& r = env_.resources.emplace_back();
    r.arn = arn;
    r.account = account_;
    r.type = std::string(type);
    return &r;
  }

  void resource_policy(const Planned& p, const std::string& arn, std::string_view type, std::string_view attr) {
    std::string label = "resource " + arn + ", resource policy";
    std::optional<PolicyId> id = policy(p, value(p, attr), PolicyType::Resource, PolicyHolder::Managed, label);
    if (!id) return;
    EnvPolicy& ep = env_.policies[*id];
    ep.policy.resource_type = ep.tree.own(type);
    Resource* r = resource(arn, type, p);
    if (r == nullptr) return;
    if (r->policy) warn(place(p, attr), label + " is given twice; the later one, at this place, is kept");
    r->policy = id;
  }

  void bucket(const Planned& p) {
    std::string name = text(p, "bucket");
    if (name.empty()) {
      warn(place(p), "bucket " + std::string(p.address) + " has no name before apply (bucket_prefix): left out");
      return;
    }
    std::string arn = "arn:aws:s3:::" + name;
    if (!host_.claim_arn(arn, *source_, place(p, "bucket"))) return;
    Resource& r = env_.resources.emplace_back();
    r.arn = arn;
    r.account = account_;
    r.type = "s3:bucket";
    r.tags = tags(p);
    // The deprecated inline `policy` argument; empty when the bucket has none.
    if (const Node* n = value(p, "policy"); n != nullptr && n->is_string() && !n->text.empty()) {
      resource_policy(p, arn, "s3:bucket", "policy");
    }
  }

  void bucket_policy(const Planned& p) {
    std::string name = text(p, "bucket");
    if (name.empty()) {
      if (const Planned* target = referenced(p, "bucket", "aws_s3_bucket")) name = text(*target, "bucket");
    }
    if (name.empty()) {
      warn(place(p, "bucket"), std::string(p.address) + ": its bucket is known only after apply: left out");
      return;
    }
    resource_policy(p, "arn:aws:s3:::" + name, "s3:bucket", "policy");
  }

  // A key's ARN exists only after apply: the plan's when it has one, else a placeholder that names the address.
  void kms_key(const Planned& p) {
    std::string arn = text(p, "arn");
    if (arn.empty()) arn = "arn:aws:kms:terraform:" + account_ + ":key/" + std::string(p.address);
    if (const Node* n = value(p, "policy"); n != nullptr && n->is_string() && !n->text.empty()) {
      resource_policy(p, arn, "kms:key", "policy");
    } else {
      resource(arn, "kms:key", p);
    }
  }

  // A queue's ARN from its URL (https://sqs.<region>.amazonaws.com/<account>/<name>).
  void queue_policy(const Planned& p) {
    std::string arn, url = text(p, "queue_url");
    if (url.starts_with("https://sqs.")) {
      std::string_view rest = std::string_view(url).substr(12);
      std::size_t dot = rest.find('.'), slash = rest.find('/');
      std::size_t slash2 = slash == std::string_view::npos ? slash : rest.find('/', slash + 1);
      if (dot != std::string_view::npos && slash2 != std::string_view::npos) {
        arn = "arn:aws:sqs:" + std::string(rest.substr(0, dot)) + ":" +
              std::string(rest.substr(slash + 1, slash2 - slash - 1)) + ":" + std::string(rest.substr(slash2 + 1));
      }
    }
    referenced_resource_policy(p, std::move(arn), "queue_url", "aws_sqs_queue", "sqs", "sqs:queue");
  }

  // The policy of a queue or topic: `arn` when the plan knows it, or else the one of the planned resource that the
  // configuration of `attr` references: its ARN, or a placeholder from its name and the account.
  void referenced_resource_policy(const Planned& p, std::string arn, std::string_view attr, std::string_view tf_type,
                                  std::string_view service, std::string_view type) {
    if (arn.empty()) {
      if (const Planned* target = referenced(p, attr, tf_type)) {
        arn = text(*target, "arn");
        std::string name = text(*target, "name");
        if (arn.empty() && !name.empty())
          arn = "arn:aws:" + std::string(service) + ":terraform:" + account_ + ":" + name;
      }
    }
    if (arn.empty()) {
      warn(place(p, attr), std::string(p.address) + ": its " + std::string(attr) +
                               " is known only after apply and names no " + std::string(tf_type) +
                               " of the plan: left out");
      return;
    }
    resource_policy(p, arn, type, "policy");
  }

  IncludeHost& host_;
  Environment& env_;
  std::shared_ptr<const SourceFile> source_;
  const JsonTree& tree_;
  std::string account_;
  std::deque<Planned> resources_;
  std::unordered_map<std::string, std::vector<const Planned*>> by_configured_;
  std::unordered_map<std::string, const Node*> expressions_;
  std::unordered_map<std::string_view, std::string> policy_arns_;  // aws_iam_policy address -> ARN
};

}  // namespace

void include_terraform(IncludeHost& host, const Node& file_node, const std::string& account) {
  std::shared_ptr<const SourceFile> source = host.read_included(file_node);
  if (!source) return;
  linter::JsonLoader json;
  JsonTree tree;
  if (auto error = json.load(*source, tree)) {
    host.report(*source, error->offset, error->message, false);
    return;
  }
  if (tree.root() == nullptr || !linter::is_terraform_plan(tree, *tree.root())) {
    host.report(file_node,
                "'" + std::string(file_node.text) + "' is no Terraform plan or state (terraform show -json)");
    return;
  }
  PlanReader(host, source, tree, account).read(*tree.root());
}

}  // namespace iamlint::solver
