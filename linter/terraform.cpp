#include "linter/terraform.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace iamlint::linter {

namespace {

constexpr std::string_view kPolicyDocument = "aws_iam_policy_document";
constexpr std::string_view kDocumentReference = "data.aws_iam_policy_document.";

// A managed resource's attribute that holds a policy as a JSON string, and the type and holder that place implies.
struct PolicyAttribute {
  std::string_view resource_type;
  std::string_view attribute;
  PolicyType type;
  std::optional<PolicyHolder> holder;
};

constexpr PolicyAttribute kAttributes[] = {
    {"aws_iam_policy", "policy", PolicyType::Identity, PolicyHolder::Managed},
    {"aws_iam_role", "assume_role_policy", PolicyType::Trust, std::nullopt},
    {"aws_iam_role_policy", "policy", PolicyType::Identity, PolicyHolder::InlineRole},
    {"aws_iam_user_policy", "policy", PolicyType::Identity, PolicyHolder::InlineUser},
    {"aws_iam_group_policy", "policy", PolicyType::Identity, PolicyHolder::InlineGroup},
    {"aws_ssoadmin_permission_set_inline_policy", "inline_policy", PolicyType::Identity, std::nullopt},
    {"aws_s3_bucket_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_s3_bucket", "policy", PolicyType::Resource, std::nullopt},
    {"aws_s3_access_point", "policy", PolicyType::Resource, std::nullopt},
    {"aws_sqs_queue_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_sqs_queue", "policy", PolicyType::Resource, std::nullopt},
    {"aws_sns_topic_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_sns_topic", "policy", PolicyType::Resource, std::nullopt},
    {"aws_kms_key", "policy", PolicyType::Resource, std::nullopt},
    {"aws_kms_key_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_ecr_repository_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_ecrpublic_repository_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_secretsmanager_secret_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_secretsmanager_secret", "policy", PolicyType::Resource, std::nullopt},
    {"aws_efs_file_system_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_backup_vault_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_glacier_vault", "access_policy", PolicyType::Resource, std::nullopt},
    {"aws_opensearch_domain_policy", "access_policies", PolicyType::Resource, std::nullopt},
    {"aws_elasticsearch_domain_policy", "access_policies", PolicyType::Resource, std::nullopt},
    {"aws_api_gateway_rest_api_policy", "policy", PolicyType::Resource, std::nullopt},
    {"aws_cloudwatch_log_resource_policy", "policy_document", PolicyType::Resource, std::nullopt},
    {"aws_vpc_endpoint", "policy", PolicyType::Endpoint, std::nullopt},
};

// The resource type, as the catalog names it, of the resource whose policy a Terraform resource type holds.
std::string_view catalog_type(std::string_view terraform_type) noexcept {
  if (terraform_type == "aws_s3_bucket_policy" || terraform_type == "aws_s3_bucket") return "s3:bucket";
  if (terraform_type == "aws_s3_access_point") return "s3:accesspoint";
  if (terraform_type.starts_with("aws_sqs_queue")) return "sqs:queue";
  if (terraform_type.starts_with("aws_sns_topic")) return "sns:topic";
  if (terraform_type.starts_with("aws_kms_key")) return "kms:key";
  if (terraform_type == "aws_ecr_repository_policy") return "ecr:repository";
  if (terraform_type.starts_with("aws_secretsmanager_secret")) return "secretsmanager:secret";
  return {};
}

bool is_blank(std::string_view s) noexcept {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Whether any value under a node of `after_unknown` is true: the attribute, or a part of it, is known after apply.
bool any_true(const JsonTree& tree, const Node* node) {
  if (node == nullptr) return false;
  if (node->type == JsonType::Bool) return node->text == "true";
  for (const Node& c : tree.children(*node)) {
    if (any_true(tree, &c)) return true;
  }
  return false;
}

class PlanWalker {
 public:
  PlanWalker(const JsonTree& tree, const Node& root, std::vector<PolicySite>& out)
      : tree_(tree), root_(root), out_(out) {}

  void walk(std::string& skipped) {
    const Node* planned = tree_.member(root_, "planned_values");
    const Node* state = object_at(&root_, "values");
    if (const Node* config = object_at(tree_.member(root_, "configuration"), "root_module")) {
      has_configuration_ = true;
      configuration_module(*config, "");
    }
    if (planned != nullptr) {
      module(object_at(planned, "root_module"), false);
    } else if (state == nullptr) {
      // A plan without planned_values: each resource's values are its change's `after`.
      const Node* changes = tree_.member(root_, "resource_changes");
      for (const Node& c : children_of(changes)) {
        if (c.is_object()) resource(c, object_at(tree_.member(c, "change"), "after"));
      }
    }
    // The data sources that a plan read while planning are in its prior state only.
    module(object_at(object_at(tree_.member(root_, "prior_state"), "values"), "root_module"), true);
    if (planned == nullptr && state != nullptr) module(object_at(state, "root_module"), false);
    std::stable_sort(out_.begin(), out_.end(), [](const PolicySite& a, const PolicySite& b) {
      return a.node->span.offset < b.node->span.offset;
    });
    if (out_.empty()) {
      skipped = reason(planned == nullptr && state != nullptr ? "a Terraform state" : "a Terraform plan");
    }
  }

 private:
  const Node* object_at(const Node* node, std::string_view key) const {
    if (node == nullptr || !node->is_object()) return nullptr;
    const Node* m = tree_.member(*node, key);
    return m != nullptr && m->is_object() ? m : nullptr;
  }
  ChildRange children_of(const Node* node) const {
    bool container = node != nullptr && (node->is_array() || node->is_object());
    return container ? tree_.children(*node) : ChildRange(&tree_, kNoNode);
  }
  std::string_view text_of(const Node& object, std::string_view key) const {
    const Node* n = tree_.member(object, key);
    return n != nullptr && n->is_string() ? n->text : std::string_view();
  }

  // A module of planned_values or of a state: its resources, then its child modules.
  void module(const Node* node, bool data_only) {
    if (node == nullptr) return;
    for (const Node& r : children_of(tree_.member(*node, "resources"))) {
      if (!r.is_object() || (data_only && text_of(r, "mode") != "data")) continue;
      resource(r, object_at(&r, "values"));
    }
    for (const Node& m : children_of(tree_.member(*node, "child_modules"))) {
      if (m.is_object()) module(&m, data_only);
    }
  }

  void resource(const Node& r, const Node* values) {
    std::string_view address = text_of(r, "address"), type = text_of(r, "type");
    if (text_of(r, "mode") == "data") {
      // A data source is in both planned_values and the prior state when its read waits for apply.
      if (type != kPolicyDocument || !data_seen_.insert(address).second) return;
      // Consumed: linted where it is used, with the type its consumer gives it.
      if (has_configuration_ && consumed_.contains(without_instance_keys(address))) return;
      attribute(address, values, "json", std::nullopt, std::nullopt);
      return;
    }
    if (type == "aws_organizations_policy") {
      organizations_policy(address, values);
      return;
    }
    for (const PolicyAttribute& a : kAttributes) {
      if (a.resource_type == type) attribute(address, values, a.attribute, a.type, a.holder, catalog_type(type));
    }
    if (type == "aws_iam_role") inline_policies(address, values);
  }

  void attribute(std::string_view address, const Node* values, std::string_view attr, std::optional<PolicyType> type,
                 std::optional<PolicyHolder> holder, std::string_view resource_type = {}) {
    std::string name = std::string(address) + " (" + std::string(attr) + ")";
    const Node* value = values != nullptr ? tree_.member(*values, attr) : nullptr;
    if (value != nullptr && value->is_string()) {
      // An empty string is what the provider records for a policy that was never set (aws_sqs_queue.policy).
      if (!is_blank(value->text)) {
        out_.push_back(PolicySite{value, tree_.pointer(*value), type, holder, std::move(name), SiteKind::Document, {},
                                  resource_type});
      }
    } else if (value == nullptr || value->type == JsonType::Null) {
      if (waits_for_apply(address, attr)) unknown_.push_back(std::move(name));
    }
  }

  // aws_iam_role's inline_policy blocks: [{name, policy}].
  void inline_policies(std::string_view address, const Node* values) {
    const Node* list = values != nullptr ? tree_.member(*values, "inline_policy") : nullptr;
    for (const Node& p : children_of(list)) {
      const Node* policy = p.is_object() ? tree_.member(p, "policy") : nullptr;
      if (policy == nullptr || !policy->is_string() || is_blank(policy->text)) continue;
      out_.push_back(PolicySite{policy, tree_.pointer(*policy), PolicyType::Identity, PolicyHolder::InlineRole,
                                std::string(address) + " (inline_policy " + std::string(text_of(p, "name")) + ")",
                                SiteKind::Document, {}, {}});
    }
    if (waits_for_apply(address, "inline_policy")) {
      unknown_.push_back(std::string(address) + " (inline_policy)");
    }
  }

  void organizations_policy(std::string_view address, const Node* values) {
    std::optional<PolicyType> type;  // absent: inferred from the document
    const Node* kind = values != nullptr ? tree_.member(*values, "type") : nullptr;
    if (kind != nullptr && kind->is_string()) {
      if (kind->text == "SERVICE_CONTROL_POLICY") {
        type = PolicyType::Scp;
      } else if (kind->text == "RESOURCE_CONTROL_POLICY") {
        type = PolicyType::Rcp;
      } else {
        // Tag, backup, chatbot, AI opt-out and declarative policies are not IAM policy language.
        not_iam_.push_back(std::string(address) + " (" + std::string(kind->text) + ")");
        return;
      }
    }
    attribute(address, values, "content", type, std::nullopt);
  }

  // The after_unknown entry of an attribute of the resource at `address`, if the plan has one.
  const Node* unknown_member(std::string_view address, std::string_view attr) {
    if (!changes_indexed_) {
      changes_indexed_ = true;
      for (const Node& c : children_of(tree_.member(root_, "resource_changes"))) {
        const Node* unknown = c.is_object() ? object_at(tree_.member(c, "change"), "after_unknown") : nullptr;
        if (unknown != nullptr) after_unknown_.emplace(text_of(c, "address"), unknown);
      }
    }
    auto it = after_unknown_.find(address);
    return it == after_unknown_.end() ? nullptr : tree_.member(*it->second, attr);
  }

  // The configuration's resources and module calls, for the policy document data sources that they consume; a
  // module's addresses are relative to it, so `prefix` is the calling path (`module.net.`).
  void configuration_module(const Node& node, const std::string& prefix) {
    for (const Node& r : children_of(tree_.member(node, "resources"))) {
      if (!r.is_object()) continue;
      const Node* expressions = object_at(&r, "expressions");
      if (expressions == nullptr) continue;
      std::string_view type = text_of(r, "type");
      if (text_of(r, "mode") == "data") {
        // source_policy_documents and override_policy_documents merge one document into another's json.
        if (type == kPolicyDocument) references(expressions, prefix);
        continue;
      }
      std::string address = prefix + std::string(text_of(r, "address"));
      for (const PolicyAttribute& a : kAttributes) {
        if (a.resource_type == type) configured_attribute(*expressions, address, a.attribute, prefix);
      }
      if (type == "aws_iam_role") configured_attribute(*expressions, address, "inline_policy", prefix);
      if (type == "aws_organizations_policy") configured_attribute(*expressions, address, "content", prefix);
    }
    // A document passed to a module is linted where the module's resources use it.
    const Node* calls = tree_.member(node, "module_calls");
    for (const Node& call : children_of(calls != nullptr && calls->is_object() ? calls : nullptr)) {
      if (!call.is_object()) continue;
      references(tree_.member(call, "expressions"), prefix);
      if (const Node* callee = object_at(&call, "module")) {
        configuration_module(*callee, prefix + "module." + std::string(call.key) + ".");
      }
    }
  }

  // A policy attribute that the configuration sets: what it references, and that it was set at all.
  void configured_attribute(const Node& expressions, const std::string& address, std::string_view attr,
                            const std::string& prefix) {
    const Node* expression = tree_.member(expressions, attr);
    if (expression == nullptr) return;
    configured_.insert(address + ' ' + std::string(attr));
    references(expression, prefix);
  }

  // Whether a policy attribute without a value is one that apply will give: unknown in the plan, and either a
  // policy document's json or set by the configuration (the provider computes aws_sns_topic's policy, for one, and
  // a topic that nobody gave a policy has none to wait for). Without a configuration, every unknown one counts.
  bool waits_for_apply(std::string_view address, std::string_view attr) {
    if (!any_true(tree_, unknown_member(address, attr))) return false;
    if (!has_configuration_ || attr == "json") return true;
    return configured_.contains(without_instance_keys(address) + ' ' + std::string(attr));
  }

  // Every `references` list under an expression: "data.aws_iam_policy_document.trust.json" names the data source
  // data.aws_iam_policy_document.trust, and so does "data.aws_iam_policy_document.trust[0]".
  void references(const Node* node, const std::string& prefix) {
    for (const Node& c : children_of(node)) {
      if (c.is_member && c.key == "references" && c.is_array()) {
        for (const Node& ref : tree_.children(c)) {
          if (!ref.is_string() || !ref.text.starts_with(kDocumentReference)) continue;
          std::string_view rest = ref.text.substr(kDocumentReference.size());
          std::string_view name = rest.substr(0, rest.find_first_of(".["));
          consumed_.insert(prefix + std::string(kDocumentReference) + std::string(name));
        }
      } else {
        references(&c, prefix);
      }
    }
  }

  std::string reason(std::string_view what) const {
    auto list = [](const std::vector<std::string>& names) {
      std::string s;
      for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
      return s;
    };
    std::string why;
    if (!unknown_.empty()) why = "known only after apply: " + list(unknown_);
    if (!not_iam_.empty()) why += (why.empty() ? "" : "; ") + std::string("not IAM policies: ") + list(not_iam_);
    return std::string(what) + (why.empty() ? " without IAM policies" : " without a policy to lint (" + why + ")");
  }

  const JsonTree& tree_;
  const Node& root_;
  std::vector<PolicySite>& out_;
  bool has_configuration_ = false;
  std::unordered_set<std::string> consumed_;
  std::unordered_set<std::string> configured_;  // "module.net.aws_iam_role_policy.x policy": set by the configuration
  std::unordered_set<std::string_view> data_seen_;
  bool changes_indexed_ = false;
  std::unordered_map<std::string_view, const Node*> after_unknown_;
  std::vector<std::string> unknown_, not_iam_;
};

}  // namespace

std::string without_instance_keys(std::string_view address) {
  std::string out;
  out.reserve(address.size());
  bool in_key = false, in_string = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (in_key) {
      if (c == '"') in_string = true;
      else if (c == ']') in_key = false;
    } else if (c == '[') {
      in_key = true;
    } else {
      out += c;
    }
  }
  return out;
}

bool is_terraform_plan(const JsonTree& tree, const Node& root) {
  if (!root.is_object() || tree.member(root, "format_version") == nullptr) return false;
  if (tree.member(root, "planned_values") != nullptr || tree.member(root, "resource_changes") != nullptr) return true;
  const Node* values = tree.member(root, "values");
  return values != nullptr && values->is_object() && tree.member(*values, "root_module") != nullptr;
}

void terraform_sites(const JsonTree& tree, const Node& root, std::vector<PolicySite>& out, std::string& skipped) {
  PlanWalker(tree, root, out).walk(skipped);
}

}  // namespace iamlint::linter
