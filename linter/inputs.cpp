#include "linter/inputs.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "linter/cloudformation.hpp"
#include "linter/terraform.hpp"

namespace iamlint::linter {

namespace {

constexpr std::array<std::string_view, 12> kInputTypeNames = {
    "auto",          "policy",          "get-policy-version", "get-role",       "get-role-policy",
    "get-user-policy", "get-group-policy", "get-bucket-policy", "describe-policy", "authorization-details",
    "cloudformation", "terraform-plan"};

// What a wrapper calls its policy, for messages.
std::string_view expected_path(InputType type) noexcept {
  switch (type) {
    case InputType::GetPolicyVersion: return "PolicyVersion.Document";
    case InputType::GetRole: return "Role.AssumeRolePolicyDocument";
    case InputType::GetRolePolicy:
    case InputType::GetUserPolicy:
    case InputType::GetGroupPolicy: return "PolicyDocument";
    case InputType::GetBucketPolicy: return "Policy (a string)";
    case InputType::DescribePolicy: return "Policy.Content";
    case InputType::AuthorizationDetails: return "UserDetailList, GroupDetailList, RoleDetailList or Policies";
    case InputType::CloudFormation: return "Resources";
    case InputType::TerraformPlan: return "format_version with planned_values, resource_changes or values.root_module";
    default: return "";
  }
}

const Node* member_path(const JsonTree& tree, const Node* node, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    if (node == nullptr || !node->is_object()) return nullptr;
    node = tree.member(*node, k);
  }
  return node;
}

std::string_view string_member(const JsonTree& tree, const Node& object, std::string_view key) {
  const Node* n = tree.member(object, key);
  return n != nullptr && n->is_string() ? n->text : std::string_view("?");
}

// A policy place that holds a document (an object, or a string of JSON); others are left out: nothing to lint.
void add_site(const JsonTree& tree, const Node* node, PolicyType type, PolicyHolder holder, std::string name,
              std::vector<PolicySite>& out) {
  if (node == nullptr || !(node->is_object() || node->is_string())) return;
  out.push_back(PolicySite{node, tree.pointer(*node), type, holder, std::move(name), SiteKind::Document, {}, {}});
}

// The inline policies of one user, group or role: `list` is [{PolicyName, PolicyDocument}].
void add_inline(const JsonTree& tree, const Node& holder_node, std::string_view list, PolicyHolder holder,
                const std::string& whose, std::vector<PolicySite>& out) {
  const Node* policies = tree.member(holder_node, list);
  if (policies == nullptr || !policies->is_array()) return;
  for (const Node& p : tree.children(*policies)) {
    if (!p.is_object()) continue;
    add_site(tree, tree.member(p, "PolicyDocument"), PolicyType::Identity, holder,
             whose + ", inline policy " + std::string(string_member(tree, p, "PolicyName")), out);
  }
}

bool is_authorization_details(const JsonTree& tree, const Node& root) {
  for (std::string_view key : {"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"}) {
    if (tree.member(root, key) != nullptr) return true;
  }
  return false;
}

// Who uses a managed policy of an account dump: the users, groups and roles it is attached to, and those whose
// permissions boundary it is, in document order ("role ec2-app").
struct ManagedPolicyUse {
  std::vector<std::string> attached, boundary;
};
using ManagedPolicyUses = std::unordered_map<std::string_view, ManagedPolicyUse>;  // by policy ARN

void add_uses(const JsonTree& tree, const Node& principal, const std::string& whose, ManagedPolicyUses& uses) {
  const Node* attached = tree.member(principal, "AttachedManagedPolicies");
  if (attached != nullptr && attached->is_array()) {
    for (const Node& a : tree.children(*attached)) {
      const Node* arn = a.is_object() ? tree.member(a, "PolicyArn") : nullptr;
      if (arn != nullptr && arn->is_string()) uses[arn->text].attached.push_back(whose);
    }
  }
  const Node* arn = member_path(tree, &principal, {"PermissionsBoundary", "PermissionsBoundaryArn"});
  if (arn != nullptr && arn->is_string()) uses[arn->text].boundary.push_back(whose);
}

// "; attached to role A, user B; boundary of role C", at most three names a list: a policy attached to hundreds of
// roles must not give a label longer than its finding.
std::string use_label(const ManagedPolicyUse& use) {
  constexpr std::size_t kNames = 3;
  std::string out;
  auto list = [&](std::string_view what, const std::vector<std::string>& names) {
    if (names.empty()) return;
    out += "; ";
    out += what;
    for (std::size_t k = 0; k < names.size() && k < kNames; ++k) out += (k == 0 ? " " : ", ") + names[k];
    if (names.size() > kNames) out += " and " + std::to_string(names.size() - kNames) + " more";
  };
  list("attached to", use.attached);
  list("boundary of", use.boundary);
  return out;
}

// Every policy of an account dump, in document order of its lists. A managed policy is typed by its use: a
// permissions boundary when it is only ever one (so the boundary rules apply), else an identity policy, which is
// what it is wherever it is attached; unused, it is identity, as a managed policy read alone is.
void authorization_details_sites(const JsonTree& tree, const Node& root, std::vector<PolicySite>& out) {
  struct Principals {
    std::string_view list, name_key, kind, inline_list;
    PolicyHolder holder;
  };
  static constexpr Principals kPrincipals[] = {
      {"UserDetailList", "UserName", "user", "UserPolicyList", PolicyHolder::InlineUser},
      {"GroupDetailList", "GroupName", "group", "GroupPolicyList", PolicyHolder::InlineGroup},
      {"RoleDetailList", "RoleName", "role", "RolePolicyList", PolicyHolder::InlineRole},
  };
  ManagedPolicyUses uses;
  for (const Principals& k : kPrincipals) {
    const Node* list = tree.member(root, k.list);
    if (list == nullptr || !list->is_array()) continue;
    for (const Node& p : tree.children(*list)) {
      if (!p.is_object()) continue;
      std::string whose = std::string(k.kind) + ' ' + std::string(string_member(tree, p, k.name_key));
      if (k.holder == PolicyHolder::InlineRole) {
        add_site(tree, tree.member(p, "AssumeRolePolicyDocument"), PolicyType::Trust, PolicyHolder::Managed,
                 whose + ", trust policy", out);
      }
      add_inline(tree, p, k.inline_list, k.holder, whose, out);
      add_uses(tree, p, whose, uses);
    }
  }
  const Node* policies = tree.member(root, "Policies");
  if (policies == nullptr || !policies->is_array()) return;
  for (const Node& p : tree.children(*policies)) {
    if (!p.is_object()) continue;
    const Node* versions = tree.member(p, "PolicyVersionList");
    if (versions == nullptr || !versions->is_array()) continue;
    std::string_view arn = string_member(tree, p, "Arn");
    bool aws = arn.starts_with("arn:aws:iam::aws:policy/");
    std::string whose = (aws ? "AWS managed policy " : "policy ") + std::string(string_member(tree, p, "PolicyName"));
    auto use = uses.find(arn);
    PolicyType type = PolicyType::Identity;
    std::string used;
    if (use != uses.end()) {
      if (use->second.attached.empty()) type = PolicyType::PermissionsBoundary;
      used = use_label(use->second);
    }
    for (const Node& v : tree.children(*versions)) {
      if (!v.is_object()) continue;
      const Node* is_default = tree.member(v, "IsDefaultVersion");
      bool in_force = is_default != nullptr && is_default->text == "true";
      add_site(tree, tree.member(v, "Document"), type, aws ? PolicyHolder::AwsManaged : PolicyHolder::Managed,
               whose + ' ' + std::string(string_member(tree, v, "VersionId")) +
                   (in_force ? " (default)" : " (not default)") + used,
               out);
    }
  }
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    char x = a[k], y = b[k];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// A root object that is recognisably meant as a policy, even a broken one: it has a Statement, or a policy language
// Version. Names in any case, so that a policy whose only fault is "statement" is still linted when found in a
// directory; a package.json or a tsconfig.json has neither.
bool looks_like_policy(const JsonTree& tree, const Node& root) {
  for (const Node& m : tree.children(root)) {
    if (iequals(m.key, "Statement")) return true;
    if (iequals(m.key, "Version") && m.is_string() && (m.text == "2012-10-17" || m.text == "2008-10-17")) return true;
  }
  return false;
}

bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint32_t hex4(std::string_view s, std::size_t at) noexcept {
  uint32_t v = 0;
  for (std::size_t k = at; k < at + 4 && k < s.size(); ++k) v = v * 16 + static_cast<uint32_t>(hex_value(s[k]));
  return v;
}

void append_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Unescapes the JSON string body file[begin, end) (the loader has validated it), mapping every output byte to the
// file offset where its character starts: the byte itself, or the backslash of its escape.
void unescape(std::string_view file, uint32_t begin, uint32_t end, std::string& out, std::vector<uint32_t>& map) {
  for (uint32_t i = begin; i < end;) {
    char c = file[i];
    if (c != '\\') {
      out += c;
      map.push_back(i);
      ++i;
      continue;
    }
    uint32_t at = i;
    char e = i + 1 < end ? file[i + 1] : '\\';
    std::size_t before = out.size();
    i += 2;
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = hex4(file, i);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= end && file[i] == '\\' && file[i + 1] == 'u') {
          uint32_t low = hex4(file, i + 2);
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(cp, out);  // a lone surrogate gives bytes that the JSON loader refuses, at this place
        break;
      }
      default: out += e; break;  // \" \\ \/
    }
    map.insert(map.end(), out.size() - before, at);
  }
}

// Percent-decodes `in` (whose bytes map to file offsets through in_map) into `out`, composing the maps.
std::optional<InputError> url_decode(std::string_view in, const std::vector<uint32_t>& in_map, std::string& out,
                                     std::vector<uint32_t>& map) {
  for (std::size_t i = 0; i < in.size();) {
    if (in[i] != '%') {
      out += in[i];
      map.push_back(in_map[i]);
      ++i;
      continue;
    }
    int hi = i + 1 < in.size() ? hex_value(in[i + 1]) : -1;
    int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return InputError{in_map[i], "invalid URL escape in a URL-encoded policy: '%' must be followed by two hex digits"};
    }
    out += static_cast<char>(hi * 16 + lo);
    map.push_back(in_map[i]);
    i += 3;
  }
  map.push_back(in_map[in.size()]);
  return std::nullopt;
}

// The offset just past the closing bracket of a container node: its subtree's last token, then only white space
// and the closing brackets of the containers that end there.
uint32_t container_end(std::string_view text, const JsonTree& tree, const Node& node) {
  const Node* last = &node;
  uint32_t open = 1;
  while (last->first_child != kNoNode) {
    const Node* c = &tree.at(last->first_child);
    while (c->next != kNoNode) c = &tree.at(c->next);
    last = c;
    if (last->is_object() || last->is_array()) ++open;
  }
  uint32_t pos = last->is_object() || last->is_array() ? last->span.offset + 1 : last->span.offset + last->span.length;
  for (; pos < text.size(); ++pos) {
    if ((text[pos] == '}' || text[pos] == ']') && --open == 0) return pos + 1;
  }
  return static_cast<uint32_t>(text.size());
}

}  // namespace

std::string_view input_type_name(InputType type) noexcept { return kInputTypeNames[static_cast<int>(type)]; }

std::optional<InputType> parse_input_type(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kInputTypeNames.size(); ++i) {
    if (kInputTypeNames[i] == name) return static_cast<InputType>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> input_type_names() { return {kInputTypeNames.begin(), kInputTypeNames.end()}; }

Detection detect_input(const JsonTree& tree, InputType forced, UnknownShape unknown, bool yaml) {
  Detection d;
  const Node* root = tree.root();
  auto bare = [&] {
    d.type = InputType::Policy;
    d.sites.push_back(PolicySite{root, {}, std::nullopt, std::nullopt, {}, SiteKind::Document, {}, {}});
    return d;
  };
  if (yaml && forced != InputType::Auto && forced != InputType::CloudFormation) {
    d.error = InputError{0, "only CloudFormation templates are read from YAML, not " +
                                std::string(input_type_name(forced)) + " input"};
    return d;
  }
  // No known shape: a bare policy, which the rules explain, unless the file was not asked for by name.
  auto other = [&] {
    if (unknown == UnknownShape::Policy || looks_like_policy(tree, *root)) return bare();
    d.type = InputType::Auto;
    d.skipped = std::string(kNoPolicyFound);
    return d;
  };
  if (forced == InputType::Policy || root == nullptr) return bare();
  InputType type = forced;
  if (yaml && forced == InputType::Auto) {
    if (!root->is_object() || !is_cloudformation(tree, *root)) {
      d.type = InputType::CloudFormation;
      d.skipped = "a YAML file that is not a CloudFormation template";
      return d;
    }
    type = InputType::CloudFormation;
  } else if (forced == InputType::Auto) {
    // The common case first: a bare policy has a Statement, and no wrapper does.
    if (!root->is_object()) return other();
    if (tree.member(*root, "Statement") != nullptr) return bare();
    const Node* policy = tree.member(*root, "Policy");
    if (is_cloudformation(tree, *root))
      type = InputType::CloudFormation;
    else if (is_authorization_details(tree, *root))
      type = InputType::AuthorizationDetails;
    else if (tree.member(*root, "PolicyVersion") != nullptr) type = InputType::GetPolicyVersion;
    else if (is_terraform_plan(tree, *root)) type = InputType::TerraformPlan;
    else if (tree.member(*root, "Role") != nullptr) type = InputType::GetRole;
    else if (tree.member(*root, "PolicyDocument") != nullptr && tree.member(*root, "RoleName") != nullptr)
      type = InputType::GetRolePolicy;
    else if (tree.member(*root, "PolicyDocument") != nullptr && tree.member(*root, "UserName") != nullptr)
      type = InputType::GetUserPolicy;
    else if (tree.member(*root, "PolicyDocument") != nullptr && tree.member(*root, "GroupName") != nullptr)
      type = InputType::GetGroupPolicy;
    else if (policy != nullptr && policy->is_string()) type = InputType::GetBucketPolicy;
    else if (policy != nullptr && policy->is_object() && tree.member(*policy, "Content") != nullptr)
      type = InputType::DescribePolicy;
    else return other();
  }
  d.type = type;
  if (type == InputType::CloudFormation) {
    if (!root->is_object() || !is_cloudformation(tree, *root)) {
      d.error = InputError{root->span.offset, "not a CloudFormation template: Resources is missing"};
      return d;
    }
    cloudformation_sites(tree, *root, yaml, d);
    if (d.sites.empty() && d.problems.empty()) d.skipped = "a CloudFormation template without policies";
    return d;
  }
  if (type == InputType::AuthorizationDetails) {
    if (!root->is_object() || !is_authorization_details(tree, *root)) {
      d.error = InputError{root->span.offset, "not authorization-details output: " +
                                                  std::string(expected_path(type)) + " is missing"};
      return d;
    }
    authorization_details_sites(tree, *root, d.sites);
    if (d.sites.empty()) d.skipped = "an account dump without policy documents";
    return d;
  }

  if (type == InputType::TerraformPlan) {
    if (!is_terraform_plan(tree, *root)) {
      d.error = InputError{root->span.offset, "not terraform-plan output: " + std::string(expected_path(type)) +
                                                  " is missing"};
      return d;
    }
    terraform_sites(tree, *root, d.sites, d.skipped);
    return d;
  }

  PolicySite site;
  switch (type) {
    case InputType::GetPolicyVersion:
      site.node = member_path(tree, root, {"PolicyVersion", "Document"});
      site.type = PolicyType::Identity;  // a managed policy; --policy-type permissions-boundary says otherwise
      break;
    case InputType::GetRole:
      site.node = member_path(tree, root, {"Role", "AssumeRolePolicyDocument"});
      site.type = PolicyType::Trust;
      break;
    case InputType::GetRolePolicy:
    case InputType::GetUserPolicy:
    case InputType::GetGroupPolicy:
      site.node = member_path(tree, root, {"PolicyDocument"});
      site.type = PolicyType::Identity;
      site.holder = type == InputType::GetRolePolicy   ? PolicyHolder::InlineRole
                    : type == InputType::GetUserPolicy ? PolicyHolder::InlineUser
                                                       : PolicyHolder::InlineGroup;
      break;
    case InputType::GetBucketPolicy:
      site.node = member_path(tree, root, {"Policy"});
      if (site.node != nullptr && !site.node->is_string()) site.node = nullptr;
      site.type = PolicyType::Resource;
      break;
    case InputType::DescribePolicy: {
      site.node = member_path(tree, root, {"Policy", "Content"});
      const Node* kind = member_path(tree, root, {"Policy", "PolicySummary", "Type"});
      if (kind != nullptr && kind->is_string()) {
        if (kind->text == "SERVICE_CONTROL_POLICY") {
          site.type = PolicyType::Scp;
        } else if (kind->text == "RESOURCE_CONTROL_POLICY") {
          site.type = PolicyType::Rcp;
        } else {
          // Tag, backup, chatbot and AI opt-out policies are organization policies, but not IAM policy language.
          d.skipped = "an organizations " + std::string(kind->text) + " is not an IAM policy";
          return d;
        }
      }
      break;
    }
    default:
      break;
  }
  // A missing or wrong-typed place: a forced type the file does not have, or a wrapper whose policy is not one.
  if (site.node == nullptr || !(site.node->is_object() || site.node->is_string())) {
    const Node& at = site.node != nullptr ? *site.node : *root;
    d.error = InputError{at.span.offset, "not " + std::string(input_type_name(type)) + " output: " +
                                             std::string(expected_path(type)) +
                                             (site.node == nullptr ? " is missing" : " is not an object or a string")};
    return d;
  }
  site.label = tree.pointer(*site.node);
  d.sites.push_back(std::move(site));
  return d;
}

void json_string_map(std::string_view file, const Node& node, std::string& value, std::vector<uint32_t>& map) {
  uint32_t begin = node.span.offset + 1, end = node.span.offset + node.span.length - 1;
  unescape(file, begin, end, value, map);
  map.push_back(end);
}

std::optional<InputError> site_text(const SourceFile& source, const JsonTree& tree, const Node& node, SiteText& out) {
  std::string_view file = source.text();
  out.clear();
  if (!node.is_string()) {
    // An object inside the wrapper: a slice of the file, loaded on its own so that its tree is a whole policy's.
    // No copy: the slice ends with its closing bracket, which simdjson's structural scan stops at.
    uint32_t end = container_end(file, tree, node);
    out.text = file.substr(node.span.offset, end - node.span.offset);
    out.padded_capacity = source.padded_capacity() - node.span.offset;
    out.map.shift = node.span.offset;
    return std::nullopt;
  }
  uint32_t begin = node.span.offset + 1, end = node.span.offset + node.span.length - 1;  // inside the quotes
  std::string_view body = file.substr(begin, end - begin);
  std::size_t first = 0;
  while (first < body.size() && is_ws(body[first])) ++first;
  bool url = first < body.size() && body[first] == '%';
  std::string& decoded = out.storage;
  decoded.reserve(body.size() + SourceFile::kPadding);
  if (!url && body.find('\\') == std::string_view::npos) {
    // Nothing to decode: a copy all the same (strings are small), so that padding follows the text as it follows a
    // file, and not the rest of the outer file, whatever simdjson reads past the end of a scalar document.
    decoded.assign(body);
    out.seal();
    out.map.shift = begin;
    return std::nullopt;
  }
  std::vector<uint32_t>& map = out.map.table;
  map.reserve(body.size() + 1);
  unescape(file, begin, end, decoded, map);
  map.push_back(end);
  if (url) {
    std::string json;
    std::vector<uint32_t> json_map;
    json.reserve(decoded.size() + SourceFile::kPadding);
    json_map.reserve(decoded.size() + 1);
    if (auto error = url_decode(decoded, map, json, json_map)) return error;
    decoded = std::move(json);
    map = std::move(json_map);
  }
  out.seal();
  return std::nullopt;
}

namespace {

// The offsets of a file's text without a leading BOM and the white space around it.
std::pair<uint32_t, uint32_t> trimmed(std::string_view text) noexcept {
  std::size_t begin = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0, end = text.size();
  while (begin < end && is_ws(text[begin])) ++begin;
  while (end > begin && is_ws(text[end - 1])) --end;
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(end)};
}

}  // namespace

bool is_url_encoded_file(std::string_view text) noexcept {
  auto [begin, end] = trimmed(text);
  return begin < end && text[begin] == '%';
}

std::optional<InputError> url_encoded_file_text(const SourceFile& source, SiteText& out) {
  std::string_view file = source.text();
  auto [begin, end] = trimmed(file);
  out.clear();
  std::vector<uint32_t> identity(end - begin + 1);
  for (uint32_t i = 0; i < identity.size(); ++i) identity[i] = begin + i;
  out.storage.reserve(end - begin + SourceFile::kPadding);
  if (auto error = url_decode(file.substr(begin, end - begin), identity, out.storage, out.map.table)) return error;
  out.seal();
  return std::nullopt;
}

void mark_symbolic(const SiteText& site, JsonTree& tree) {
  if (site.symbolic.empty()) return;
  for (uint32_t id = 0; id < tree.size(); ++id) {
    Node& n = tree.mutable_at(id);
    if (!n.is_string()) continue;
    // The ranges are in text order and do not overlap: the first that ends after the token's start decides.
    auto it = std::lower_bound(site.symbolic.begin(), site.symbolic.end(), n.span.offset,
                               [](const std::pair<uint32_t, uint32_t>& r, uint32_t at) { return r.second <= at; });
    n.symbolic = it != site.symbolic.end() && it->first < n.span.offset + n.span.length;
  }
}

}  // namespace iamlint::linter
