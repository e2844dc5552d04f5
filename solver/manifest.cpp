#include "solver/manifest.hpp"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "linter/cloudformation.hpp"
#include "linter/inputs.hpp"
#include "linter/json_loader.hpp"
#include "linter/managed_policies.hpp"
#include "linter/yaml_tree.hpp"
#include "solver/env_cloudformation.hpp"
#include "solver/env_terraform.hpp"

namespace iamlint::solver {

namespace fs = std::filesystem;
using linter::InputError;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;
using linter::PolicyHolder;
using linter::PolicyType;
using linter::SourceFile;
using Keys = std::span<const std::string_view>;

std::string EnvProblem::describe() const {
  std::string out = path;
  if (at.line != 0) out += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  out += warning ? ": warning: " : ": ";
  out += message;
  return out;
}

bool EnvError::has_errors() const noexcept {
  return std::any_of(problems.begin(), problems.end(), [](const EnvProblem& p) { return !p.warning; });
}

std::string EnvError::describe() const {
  std::string out;
  for (const EnvProblem& p : problems) out += p.describe() + "\n";
  return out;
}

namespace {

constexpr std::string_view kTopKeys[] = {"version", "organization", "accounts"};
constexpr std::string_view kOrganizationKeys[] = {"id", "root", "units", "policies"};
constexpr std::string_view kUnitKeys[] = {"id", "name", "units"};
constexpr std::string_view kOrgPolicyKeys[] = {"name", "type", "targets", "file", "document"};
constexpr std::string_view kAccountKeys[] = {"id",     "name",   "ou",    "management", "include",
                                             "policies", "groups", "users", "roles",      "resources"};
constexpr std::string_view kIncludeKeys[] = {"dump", "cloudformation", "stack", "region", "parameters", "terraform"};
constexpr std::string_view kManagedKeys[] = {"name", "path", "file", "document"};
constexpr std::string_view kInlineKeys[] = {"name", "file", "document"};
constexpr std::string_view kDocumentKeys[] = {"file", "document"};
constexpr std::string_view kGroupKeys[] = {"name", "path", "policies", "managed"};
constexpr std::string_view kUserKeys[] = {"name",     "path", "id",  "groups",     "policies", "managed",
                                          "boundary", "tags", "console", "mfa", "access_keys"};
constexpr std::string_view kRoleKeys[] = {"name",     "path",     "id",
                                          "trust",    "policies", "managed",
                                          "boundary", "max_session_duration", "tags"};
constexpr std::string_view kResourceKeys[] = {"arn", "type", "policy", "tags"};

std::string one_of(Keys keys) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) out += (i == 0 ? "" : ", ") + std::string(keys[i]);
  return out;
}

std::string_view kind_of(const Node& n) {
  switch (n.type) {
    case JsonType::Object: return "a mapping";
    case JsonType::Array: return "a list";
    case JsonType::String: return "a string";
    case JsonType::Number: return "a number";
    case JsonType::Bool: return "a boolean";
    case JsonType::Null: break;
  }
  return "nothing";
}

bool is_account_id(std::string_view id) {
  return id.size() == 12 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The account field of an ARN ("" when it has none, as an S3 bucket's).
std::string_view arn_account(std::string_view arn) {
  for (int field = 0; field < 4; ++field) {
    std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  return arn.substr(0, arn.find(':'));
}

// The catalog's name of a resource type, read from its ARN; empty when the ARN does not say.
std::string_view resource_type_of(std::string_view arn) {
  auto has = [&](std::string_view s) { return arn.find(s) != std::string_view::npos; };
  if (arn.starts_with("arn:aws:s3:::") && !has("/")) return "s3:bucket";
  if (has(":kms:") && has(":key/")) return "kms:key";
  if (has(":sqs:")) return "sqs:queue";
  if (has(":sns:")) return "sns:topic";
  if (has(":secretsmanager:") && has(":secret:")) return "secretsmanager:Secret";
  if (has(":lambda:") && has(":function:")) return "lambda:function";
  if (has(":ecr:") && has(":repository/")) return "ecr:repository";
  return {};
}

// The fields a user and a role share.
template <typename T>
// NOLINTNEXTLINE(performance-unnecessary-value-param): each is moved; clang-tidy 14 misses moves into a template's T
T principal(std::string arn, std::string name, std::string account, std::string id, Tags tags) {
  T p;
  p.arn = std::move(arn);
  p.name = std::move(name);
  p.account = std::move(account);
  p.id = std::move(id);
  p.tags = std::move(tags);
  return p;
}

// A place in a loaded file; the file is kept alive by the loader.
struct Place {
  const SourceFile* source = nullptr;
  uint32_t offset = 0;
};

enum class Holder : uint8_t { User, Group, Role };

// A managed policy named by ARN (an attachment or a boundary), resolved once everything is loaded.
struct PolicyRef {
  std::string arn;
  Place at;
  Holder holder;
  std::size_t index;
  bool boundary;
};

struct Membership {
  std::size_t user;
  std::string group;  // name, in the user's account
  Place at;
};

// The place of a node's value: its key when it has no value (`boundary:` alone).
uint32_t offset_of(const Node& n) { return n.type == JsonType::Null && n.is_member ? n.key_span.offset : n.span.offset; }

class Loader final : public IncludeHost {
 public:
  Loader(Environment& env, std::string manifest_path) : env_(env), manifest_path_(std::move(manifest_path)) {
    base_ = fs::path(manifest_path_).parent_path();
  }

  EnvError run();

  // IncludeHost: what an included Terraform plan's reader may use.
  Environment& environment() override { return env_; }
  std::shared_ptr<const SourceFile> read_included(const Node& file_node) override {
    std::string path;
    return read(file_node, path);
  }
  std::optional<PolicyId> load_policy(const std::shared_ptr<const SourceFile>& source, const JsonTree& tree,
                                      const Node& node, PolicyType type, PolicyHolder holder, std::string name,
                                      std::string arn) override {
    return site_policy(source, tree, node, nullptr, type, holder, std::move(name), std::move(arn));
  }
  bool claim_arn(const std::string& arn, const SourceFile& source, uint32_t offset) override {
    return claim(arn, Place{&source, offset});
  }
  void report(const SourceFile& source, uint32_t offset, std::string message, bool warning) override {
    problem(Place{&source, offset}, std::move(message), warning);
  }
  void report(const Node& manifest_node, std::string message) override { problem(manifest_node, std::move(message)); }
  void declare_managed(const std::string& arn, PolicyId id, const SourceFile& source, uint32_t offset) override {
    managed_.emplace(arn, id);
    declared_.emplace_back(id, Place{&source, offset});
  }
  void attach(std::string arn, const SourceFile& source, uint32_t offset, Owner owner, std::size_t index,
              bool boundary) override {
    Holder h = owner == Owner::User ? Holder::User : owner == Owner::Group ? Holder::Group : Holder::Role;
    refs_.push_back(PolicyRef{std::move(arn), Place{&source, offset}, h, index, boundary});
  }

 private:
  // Problems.
  void problem(const Place& at, std::string message, bool warning = false) {
    EnvProblem p;
    p.path = at.source->path();
    p.at = at.source->position(at.offset);
    p.message = std::move(message);
    p.warning = warning;
    error_.problems.push_back(std::move(p));
  }
  void problem(const Node& n, std::string message) { problem(Place{manifest_.get(), offset_of(n)}, std::move(message)); }
  std::string where(const Place& at) const {
    linter::Position p = at.source->position(at.offset);
    return at.source->path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  // Manifest shapes.
  bool mapping(const Node& n, Keys keys, std::string_view what);
  const Node* member(const Node& object, std::string_view key) const { return mtree_.member(object, key); }
  std::optional<std::string> string_at(const Node& object, std::string_view key, std::string_view what,
                                       bool required);
  bool list(const Node& n, std::string_view what) {
    if (n.is_array()) return true;
    problem(n, std::string(what) + " must be a list, not " + std::string(kind_of(n)));
    return false;
  }
  Tags tags(const Node& object, std::string_view what);
  std::string path_arn(const Node& object, const std::string& account, std::string_view kind, const std::string& name);
  linter::ChildRange items(const Node& object, std::string_view key, std::string_view what);
  std::optional<std::string> entity(const Node& e, Keys keys, std::string_view what, std::string_view kind,
                                    const std::string& account, std::string& name);

  // Policies.
  std::optional<PolicyId> site_policy(const std::shared_ptr<const SourceFile>& source, const JsonTree& tree,
                                      const Node& node, const linter::CfnTemplate* cfn, PolicyType type,
                                      PolicyHolder holder, std::string name, std::string arn);
  std::optional<PolicyId> document_policy(const Node& object, std::string_view what, PolicyType type,
                                          PolicyHolder holder, std::string name, std::string arn = {});
  std::optional<PolicyId> file_policy(const Node& file, PolicyType type, PolicyHolder holder, std::string name,
                                      std::string arn);
  std::shared_ptr<const SourceFile> read(const Node& file_node, std::string& path);
  bool claim(const std::string& arn, const Place& at);
  void managed_list(const Node& object, Holder holder, std::size_t index, const std::string& whose);
  void inline_list(const Node& object, PolicyHolder holder, const std::string& whose, std::vector<PolicyId>& out);

  // Manifest sections.
  void organization_units(const Node& units, std::vector<std::string>& path);
  void account(const Node& a);
  void organization_policies(const Node& policies);
  void dump(const Node& file_node, const std::string& account);
  void stack(const Node& include, const Node& file_node, const std::string& account);
  void resolve();

  Environment& env_;
  std::string manifest_path_;
  fs::path base_;
  EnvError error_;
  linter::JsonLoader json_;
  std::shared_ptr<const SourceFile> manifest_;
  JsonTree mtree_;
  linter::CfnTemplate cfn_;  // the manifest as a template without parameters: renders inline YAML policies as JSON
  std::vector<std::shared_ptr<const SourceFile>> files_;  // every file read, alive for the places that point in
  std::unordered_map<std::string, Place> arns_;           // every ARN declared, for duplicates
  std::unordered_map<std::string, PolicyId> managed_;     // managed policies by ARN, as loaded
  std::vector<std::pair<PolicyId, Place>> declared_;      // managed policies written in the manifest
  std::vector<PolicyRef> refs_;
  std::vector<Membership> memberships_;
  std::unordered_map<std::string, std::vector<std::string>> ou_paths_;  // OU id -> path from the root down
  std::unordered_set<std::string> account_ids_;
};

bool Loader::mapping(const Node& n, Keys keys, std::string_view what) {
  if (!n.is_object()) {
    problem(n, std::string(what) + " must be a mapping with the keys " + one_of(keys) + ", not " +
                   std::string(kind_of(n)));
    return false;
  }
  std::unordered_map<std::string_view, const Node*> seen;
  for (const Node& m : mtree_.children(n)) {
    Place at{manifest_.get(), m.key_span.offset};
    if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
      problem(at, "unknown key '" + std::string(m.key) + "' in " + std::string(what) + "; expected one of " +
                      one_of(keys));
    } else if (auto [it, fresh] = seen.emplace(m.key, &m); !fresh) {
      problem(at, "duplicate key '" + std::string(m.key) + "' in " + std::string(what) + " (first at " +
                      where(Place{manifest_.get(), it->second->key_span.offset}) + ")");
    }
  }
  return true;
}

std::optional<std::string> Loader::string_at(const Node& object, std::string_view key, std::string_view what,
                                             bool required) {
  const Node* n = member(object, key);
  if (n == nullptr) {
    if (required) problem(object, std::string(what) + " has no '" + std::string(key) + "'");
    return std::nullopt;
  }
  // A plain scalar YAML reads as a number (an account id written without quotes) is taken as written.
  if (n->is_string() || n->type == JsonType::Number || n->type == JsonType::Bool) return std::string(n->text);
  problem(*n, "'" + std::string(key) + "' of " + std::string(what) + " must be a string, not " +
                  std::string(kind_of(*n)));
  return std::nullopt;
}

Tags Loader::tags(const Node& object, std::string_view what) {
  Tags out;
  const Node* t = member(object, "tags");
  if (t == nullptr) return out;
  if (!t->is_object()) {
    problem(*t, "tags of " + std::string(what) + " must be a mapping of key to value, not " + std::string(kind_of(*t)));
    return out;
  }
  for (const Node& m : mtree_.children(*t)) {
    if (m.is_object() || m.is_array()) {
      problem(m, "tag '" + std::string(m.key) + "' of " + std::string(what) + " must be a string, not " +
                     std::string(kind_of(m)));
      continue;
    }
    out[std::string(m.key)] = m.type == JsonType::Null ? "" : std::string(m.text);
  }
  return out;
}

// An IAM ARN for `kind`/`name` with the object's `path` ("/" when absent), as IAM builds it.
std::string Loader::path_arn(const Node& object, const std::string& account, std::string_view kind,
                             const std::string& name) {
  std::string path = string_at(object, "path", kind, false).value_or("/");
  if (!path.starts_with('/') || !path.ends_with('/')) {
    problem(*member(object, "path"), "a path starts and ends with '/', as '/' or '/division/'");
    path = "/";
  }
  return "arn:aws:iam::" + account + ":" + std::string(kind) + path + name;
}

// The entries of a list in a mapping; none when it is absent or no list.
linter::ChildRange Loader::items(const Node& object, std::string_view key, std::string_view what) {
  const Node* l = member(object, key);
  if (l == nullptr || !list(*l, what)) return mtree_.children(Node{});
  return mtree_.children(*l);
}

// An IAM entity of an account (a managed policy, a group, a user, a role): a mapping with a name, whose ARN is
// claimed; none when it is malformed or its ARN is taken.
std::optional<std::string> Loader::entity(const Node& e, Keys keys, std::string_view what, std::string_view kind,
                                          const std::string& account, std::string& name) {
  if (!mapping(e, keys, what)) return std::nullopt;
  std::optional<std::string> n = string_at(e, "name", what, true);
  if (!n) return std::nullopt;
  name = *n;
  std::string arn = path_arn(e, account, kind, name);
  if (!claim(arn, Place{manifest_.get(), member(e, "name")->span.offset})) return std::nullopt;
  return arn;
}

bool Loader::claim(const std::string& arn, const Place& at) {
  auto [it, fresh] = arns_.emplace(arn, at);
  if (fresh) return true;
  problem(at, "duplicate ARN " + arn + " (first at " + where(it->second) + ")");
  return false;
}

std::optional<PolicyId> Loader::site_policy(const std::shared_ptr<const SourceFile>& source, const JsonTree& tree,
                                            const Node& node, const linter::CfnTemplate* cfn, PolicyType type,
                                            PolicyHolder holder, std::string name, std::string arn) {
  EnvPolicy& ep = env_.policies.emplace_back();
  ep.source = source;
  ep.path = source->path();
  ep.name = std::move(name);
  ep.arn = std::move(arn);
  ep.type = type;
  std::optional<InputError> error;
  if (cfn != nullptr) {
    linter::PolicySite site;
    site.node = &node;
    site.kind = linter::SiteKind::Template;
    error = linter::cloudformation_site_text(*source, *cfn, site, ep.site);
  } else {
    error = linter::site_text(*source, tree, node, ep.site);
  }
  if (!error) {
    error = json_.load(ep.site.text, ep.site.padded_capacity, ep.tree);
    if (error) error->offset = ep.site.map(error->offset);
  }
  if (error) {
    problem(Place{source.get(), error->offset}, "in " + ep.name + ": " + error->message);
    env_.policies.pop_back();
    return std::nullopt;
  }
  linter::mark_symbolic(ep.site, ep.tree);
  linter::build_policy(*source, ep.tree, type, holder, ep.policy);
  ep.policy.text = ep.site.text;
  ep.policy.map = &ep.site.map;
  return static_cast<PolicyId>(env_.policies.size() - 1);
}

std::shared_ptr<const SourceFile> Loader::read(const Node& file_node, std::string& path) {
  if (!file_node.is_string() || file_node.text.empty()) {
    problem(file_node, "a file is a path relative to the manifest, not " + std::string(kind_of(file_node)));
    return nullptr;
  }
  fs::path p(std::string(file_node.text));
  path = (p.is_absolute() ? p : base_ / p).lexically_normal().string();
  linter::ReadResult r = linter::read_source(path, json_.limits().max_file_size);
  if (!r.source) {
    problem(file_node, "cannot read '" + std::string(file_node.text) + "': " + r.error);
    return nullptr;
  }
  std::shared_ptr<const SourceFile> source = std::move(r.source);
  files_.push_back(source);
  return source;
}

// A policy file, read as the linter reads one: a bare policy or a wrapper that holds exactly one.
std::optional<PolicyId> Loader::file_policy(const Node& file_node, PolicyType type, PolicyHolder holder,
                                            std::string name, std::string arn) {
  std::string path;
  std::shared_ptr<const SourceFile> source = read(file_node, path);
  if (!source) return std::nullopt;
  bool yaml = linter::is_yaml_path(path, source->text());
  JsonTree tree;
  if (auto error = yaml ? linter::load_yaml(*source, tree, json_.limits()) : json_.load(*source, tree)) {
    problem(Place{source.get(), error->offset}, error->message);
    return std::nullopt;
  }
  linter::Detection found = linter::detect_input(tree, linter::InputType::Auto, linter::UnknownShape::Policy, yaml);
  if (found.error) {
    problem(Place{source.get(), found.error->offset}, found.error->message);
    return std::nullopt;
  }
  if (found.sites.size() != 1) {
    problem(file_node, "'" + std::string(file_node.text) + "' holds " + std::to_string(found.sites.size()) +
                           " policies, not one: name a file with one policy, or include an account dump");
    return std::nullopt;
  }
  const linter::PolicySite& site = found.sites.front();
  if (site.node != tree.root()) {
    const linter::CfnTemplate* cfn = site.kind == linter::SiteKind::Document ? nullptr : found.cfn.get();
    return site_policy(source, tree, *site.node, cfn, type, holder, std::move(name), std::move(arn));
  }
  // A bare policy: the file's own tree, as lint reads it.
  EnvPolicy& ep = env_.policies.emplace_back();
  ep.source = source;
  ep.path = path;
  ep.name = std::move(name);
  ep.arn = std::move(arn);
  ep.type = type;
  ep.tree = std::move(tree);
  linter::build_policy(*source, ep.tree, type, holder, ep.policy);
  return static_cast<PolicyId>(env_.policies.size() - 1);
}

// The policy of a mapping that holds `file` or `document` (and other keys its caller checks).
std::optional<PolicyId> Loader::document_policy(const Node& object, std::string_view what, PolicyType type,
                                                PolicyHolder holder, std::string name, std::string arn) {
  const Node* file = member(object, "file");
  const Node* document = member(object, "document");
  if ((file == nullptr) == (document == nullptr)) {
    problem(object, std::string(what) + (file == nullptr ? " needs" : " takes only one of") + " 'file' or 'document'");
    return std::nullopt;
  }
  if (file != nullptr) return file_policy(*file, type, holder, std::move(name), std::move(arn));
  if (!document->is_object() && !document->is_string()) {
    problem(*document, "the document of " + std::string(what) + " must be a mapping or a string of JSON, not " +
                           std::string(kind_of(*document)));
    return std::nullopt;
  }
  return site_policy(manifest_, mtree_, *document, &cfn_, type, holder, std::move(name), std::move(arn));
}

void Loader::inline_list(const Node& object, PolicyHolder holder, const std::string& whose,
                         std::vector<PolicyId>& out) {
  for (const Node& p : items(object, "policies", "policies of " + whose)) {
    std::string what = "an inline policy of " + whose;
    if (!mapping(p, kInlineKeys, what)) continue;
    std::optional<std::string> name = string_at(p, "name", what, true);
    if (!name) continue;
    if (auto id = document_policy(p, what, PolicyType::Identity, holder, whose + ", inline policy " + *name)) {
      out.push_back(*id);
    }
  }
}

void Loader::managed_list(const Node& object, Holder holder, std::size_t index, const std::string& whose) {
  for (const Node& m : items(object, "managed", "managed of " + whose)) {
    if (!m.is_string()) {
      problem(m, "a managed policy is named by its ARN, not " + std::string(kind_of(m)));
      continue;
    }
    refs_.push_back(PolicyRef{std::string(m.text), Place{manifest_.get(), m.span.offset}, holder, index, false});
  }
  if (const Node* boundary = member(object, "boundary")) {
    if (!boundary->is_string()) {
      problem(*boundary, "a permissions boundary is named by its ARN, not " + std::string(kind_of(*boundary)));
      return;
    }
    refs_.push_back(
        PolicyRef{std::string(boundary->text), Place{manifest_.get(), boundary->span.offset}, holder, index, true});
  }
}

void Loader::organization_units(const Node& units, std::vector<std::string>& path) {
  if (!list(units, "units")) return;
  for (const Node& u : mtree_.children(units)) {
    if (!mapping(u, kUnitKeys, "an organizational unit")) continue;
    std::optional<std::string> id = string_at(u, "id", "an organizational unit", true);
    if (!id) continue;
    path.push_back(*id);
    if (!ou_paths_.emplace(*id, path).second) problem(*member(u, "id"), "duplicate organizational unit " + *id);
    if (const Node* sub = member(u, "units")) organization_units(*sub, path);
    path.pop_back();
  }
}

void Loader::account(const Node& a) {
  if (!mapping(a, kAccountKeys, "an account")) return;
  std::optional<std::string> id = string_at(a, "id", "an account", true);
  if (!id) return;
  if (!is_account_id(*id)) {
    problem(*member(a, "id"), "an account id is 12 digits, not '" + *id + "'");
    return;
  }
  if (!account_ids_.insert(*id).second) {
    problem(*member(a, "id"), "duplicate account " + *id);
    return;
  }
  Account& account = env_.accounts.emplace_back();
  account.id = *id;
  account.name = string_at(a, "name", "an account", false).value_or("");
  if (std::optional<std::string> ou = string_at(a, "ou", "an account", false)) {
    auto it = ou_paths_.find(*ou);
    if (it == ou_paths_.end()) {
      problem(*member(a, "ou"), "unknown organizational unit '" + *ou + "' (declare it under organization.units)");
    } else {
      account.ou_path = it->second;
    }
  }
  if (const Node* m = member(a, "management")) {
    if (m->type != JsonType::Bool) {
      problem(*m, "management must be true or false, not " + std::string(kind_of(*m)));
    } else {
      account.management = m->text == "true";
    }
  }
  const std::string acct = *id;  // `account` moves when a later account is added

  // The dumps first, then what the manifest adds to them.
  for (const Node& i : items(a, "include", "include of an account")) {
    if (!mapping(i, kIncludeKeys, "an include")) continue;
    if (const Node* d = member(i, "dump")) {
      dump(*d, acct);
    } else if (const Node* c = member(i, "cloudformation")) {
      stack(i, *c, acct);
    } else if (const Node* t = member(i, "terraform")) {
      include_terraform(*this, *t, acct);
    } else {
      problem(i, "an include needs 'dump' (an authorization-details dump), 'cloudformation' (a template) or "
                 "'terraform' (a plan)");
    }
  }

  std::string name;
  for (const Node& p : items(a, "policies", "policies of an account")) {
    std::optional<std::string> arn = entity(p, kManagedKeys, "a managed policy", "policy", acct, name);
    if (!arn) continue;
    if (auto pid = document_policy(p, "managed policy " + name, PolicyType::Identity, PolicyHolder::Managed,
                                   "policy " + name, *arn)) {
      managed_.emplace(*arn, *pid);
      declared_.emplace_back(*pid, Place{manifest_.get(), member(p, "name")->span.offset});
    }
  }
  for (const Node& g : items(a, "groups", "groups of an account")) {
    std::optional<std::string> arn = entity(g, kGroupKeys, "a group", "group", acct, name);
    if (!arn) continue;
    std::string whose = "group " + name;
    Group group{*arn, name, acct, {}};
    inline_list(g, PolicyHolder::InlineGroup, whose, group.policies);
    env_.groups.push_back(std::move(group));
    managed_list(g, Holder::Group, env_.groups.size() - 1, whose);
  }
  for (const Node& u : items(a, "users", "users of an account")) {
    std::optional<std::string> arn = entity(u, kUserKeys, "a user", "user", acct, name);
    if (!arn) continue;
    std::string whose = "user " + name;
    auto user = principal<User>(*arn, name, acct, string_at(u, "id", whose, false).value_or(""), tags(u, whose));
    inline_list(u, PolicyHolder::InlineUser, whose, user.policies);
    for (auto [key, field] : {std::pair{"console", &User::console}, std::pair{"mfa", &User::mfa},
                              std::pair{"access_keys", &User::access_keys}}) {
      if (const Node* b = member(u, key)) {
        if (b->type != JsonType::Bool) {
          problem(*b, std::string(key) + " must be true or false, not " + std::string(kind_of(*b)));
        } else {
          user.*field = b->text == "true";
        }
      }
    }
    env_.users.push_back(std::move(user));
    std::size_t index = env_.users.size() - 1;
    managed_list(u, Holder::User, index, whose);
    for (const Node& g : items(u, "groups", "groups of " + whose)) {
      if (!g.is_string()) {
        problem(g, "a group is named by its name, not " + std::string(kind_of(g)));
        continue;
      }
      memberships_.push_back(Membership{index, std::string(g.text), Place{manifest_.get(), g.span.offset}});
    }
  }
  for (const Node& r : items(a, "roles", "roles of an account")) {
    std::optional<std::string> arn = entity(r, kRoleKeys, "a role", "role", acct, name);
    if (!arn) continue;
    std::string whose = "role " + name;
    auto role = principal<Role>(*arn, name, acct, string_at(r, "id", whose, false).value_or(""), tags(r, whose));
    if (const Node* trust = member(r, "trust")) {
      if (mapping(*trust, kDocumentKeys, "the trust policy of " + whose)) {
        role.trust = document_policy(*trust, "the trust policy of " + whose, PolicyType::Trust,
                                     PolicyHolder::InlineRole, whose + ", trust policy");
      }
    } else {
      problem(r, whose + " has no 'trust': a role without a trust policy cannot be assumed");
    }
    if (const Node* d = member(r, "max_session_duration")) {
      uint32_t seconds = 0;
      bool ok = d->type == JsonType::Number && !d->text.empty() &&
                std::all_of(d->text.begin(), d->text.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (ok) {
        ok = d->text.size() <= 5;
        if (ok) seconds = static_cast<uint32_t>(std::stoul(std::string(d->text)));
        ok = ok && seconds >= 3600 && seconds <= 43200;
      }
      if (ok) {
        role.max_session_duration = seconds;
      } else {
        problem(*d, "max_session_duration is a number of seconds from 3600 to 43200, not '" + std::string(d->text) +
                        "'");
      }
    }
    inline_list(r, PolicyHolder::InlineRole, whose, role.policies);
    env_.roles.push_back(std::move(role));
    managed_list(r, Holder::Role, env_.roles.size() - 1, whose);
  }
  for (const Node& r : items(a, "resources", "resources of an account")) {
    if (!mapping(r, kResourceKeys, "a resource")) continue;
    std::optional<std::string> arn = string_at(r, "arn", "a resource", true);
    if (!arn) continue;
    const Node& arn_node = *member(r, "arn");
    if (!arn->starts_with("arn:")) {
      problem(arn_node, "a resource is named by its ARN, not '" + *arn + "'");
      continue;
    }
    std::string_view owner = arn_account(*arn);
    if (!owner.empty() && owner != acct) {
      problem(arn_node, "the ARN's account " + std::string(owner) + " is not account " + acct + " that lists it");
      continue;
    }
    std::string type = string_at(r, "type", "a resource", false).value_or(std::string(resource_type_of(*arn)));
    if (type.empty()) {
      problem(arn_node, "cannot tell the type of " + *arn + " from its ARN: give its 'type' (as 's3:bucket')");
      continue;
    }
    if (!claim(*arn, Place{manifest_.get(), arn_node.span.offset})) continue;
    Resource resource;
    resource.arn = *arn;
    resource.account = acct;
    resource.type = type;
    resource.tags = tags(r, "resource " + *arn);
    if (const Node* policy = member(r, "policy")) {
      std::string what = "the policy of " + *arn;
      if (mapping(*policy, kDocumentKeys, what)) {
        resource.policy = document_policy(*policy, what, PolicyType::Resource, PolicyHolder::Managed,
                                          "resource " + *arn + ", resource policy");
        if (resource.policy) {
          EnvPolicy& ep = env_.policies[*resource.policy];
          ep.policy.resource_type = ep.tree.own(type);
        }
      }
    }
    env_.resources.push_back(std::move(resource));
  }
}

void Loader::organization_policies(const Node& policies) {
  if (!list(policies, "policies of the organization")) return;
  const Organization& org = *env_.organization;
  for (const Node& p : mtree_.children(policies)) {
    if (!mapping(p, kOrgPolicyKeys, "an organization policy")) continue;
    std::optional<std::string> name = string_at(p, "name", "an organization policy", true);
    std::optional<std::string> kind = string_at(p, "type", "an organization policy", true);
    if (!name || !kind) continue;
    if (*kind != "scp" && *kind != "rcp") {
      problem(*member(p, "type"), "the type of an organization policy is scp or rcp, not '" + *kind + "'");
      continue;
    }
    bool scp = *kind == "scp";
    std::string label = (scp ? "SCP " : "RCP ") + *name;
    std::optional<PolicyId> id =
        document_policy(p, label, scp ? PolicyType::Scp : PolicyType::Rcp, PolicyHolder::Managed, label);
    if (!id) continue;
    const Node* targets = member(p, "targets");
    if (targets == nullptr || targets->child_count == 0) {
      problem(Place{manifest_.get(), member(p, "name")->span.offset}, label + " is attached to nothing", true);
      continue;
    }
    if (!list(*targets, "targets of " + label)) continue;
    for (const Node& t : mtree_.children(*targets)) {
      std::string target(t.text);
      if (!(t.is_string() || t.type == JsonType::Number) ||
          (target != org.root_id && !ou_paths_.contains(target) && !account_ids_.contains(target))) {
        problem(t, "unknown target '" + target + "' of " + label + ": the root id, an OU id or an account id");
        continue;
      }
      (scp ? env_.organization->scps : env_.organization->rcps)[target].push_back(*id);
    }
  }
}

// The members of one entry of a dump list, by key.
const Node* dump_member(const JsonTree& tree, const Node* object, std::string_view key) {
  return object != nullptr && object->is_object() ? tree.member(*object, key) : nullptr;
}
std::string dump_string(const JsonTree& tree, const Node* object, std::string_view key) {
  const Node* n = dump_member(tree, object, key);
  return n != nullptr && n->is_string() ? std::string(n->text) : std::string();
}

void Loader::dump(const Node& file_node, const std::string& account) {
  std::string path;
  std::shared_ptr<const SourceFile> source = read(file_node, path);
  if (!source) return;
  auto tree = std::make_shared<JsonTree>();
  if (auto error = json_.load(*source, *tree)) {
    problem(Place{source.get(), error->offset}, error->message);
    return;
  }
  const Node& root = *tree->root();
  linter::Detection found = linter::detect_input(*tree, linter::InputType::Auto, linter::UnknownShape::Skip);
  if (found.type != linter::InputType::AuthorizationDetails) {
    problem(file_node, "'" + std::string(file_node.text) +
                           "' is no authorization-details dump (aws iam get-account-authorization-details)");
    return;
  }
  auto at = [&](const Node& n) { return Place{source.get(), n.span.offset}; };
  // An entity's ARN: present, and in the account that includes the dump.
  auto entity_arn = [&](const Node& e, std::string& arn) {
    const Node* n = dump_member(*tree, &e, "Arn");
    if (n == nullptr || !n->is_string()) {
      problem(at(e), "an entry of the dump has no Arn");
      return false;
    }
    arn = std::string(n->text);
    if (arn_account(arn) != account && arn_account(arn) != "aws") {
      problem(at(*n), "the ARN's account " + std::string(arn_account(arn)) + " is not account " + account +
                          " that includes this dump");
      return false;
    }
    return claim(arn, at(*n));
  };
  auto inline_policies = [&](const Node& e, std::string_view list_key, PolicyHolder holder, const std::string& whose,
                             std::vector<PolicyId>& out) {
    const Node* l = dump_member(*tree, &e, list_key);
    if (l == nullptr || !l->is_array()) return;
    for (const Node& p : tree->children(*l)) {
      const Node* doc = dump_member(*tree, &p, "PolicyDocument");
      if (doc == nullptr) continue;
      std::string name = whose + ", inline policy " + dump_string(*tree, &p, "PolicyName");
      if (auto id = site_policy(source, *tree, *doc, nullptr, PolicyType::Identity, holder, name, {})) {
        out.push_back(*id);
      }
    }
  };
  auto attached = [&](const Node& e, Holder holder, std::size_t index) {
    if (const Node* l = dump_member(*tree, &e, "AttachedManagedPolicies"); l != nullptr && l->is_array()) {
      for (const Node& p : tree->children(*l)) {
        const Node* arn = dump_member(*tree, &p, "PolicyArn");
        if (arn != nullptr && arn->is_string()) refs_.push_back(PolicyRef{std::string(arn->text), at(*arn), holder, index, false});
      }
    }
    const Node* b = dump_member(*tree, dump_member(*tree, &e, "PermissionsBoundary"), "PermissionsBoundaryArn");
    if (b != nullptr && b->is_string()) refs_.push_back(PolicyRef{std::string(b->text), at(*b), holder, index, true});
  };
  auto dump_tags = [&](const Node& e) {
    Tags out;
    if (const Node* l = dump_member(*tree, &e, "Tags"); l != nullptr && l->is_array()) {
      for (const Node& t : tree->children(*l)) out[dump_string(*tree, &t, "Key")] = dump_string(*tree, &t, "Value");
    }
    return out;
  };
  auto entries = [&](std::string_view key) {
    const Node* l = tree->member(root, key);
    return l != nullptr && l->is_array() ? tree->children(*l) : tree->children(Node{});
  };

  for (const Node& p : entries("Policies")) {
    std::string arn;
    if (!entity_arn(p, arn)) continue;
    std::string name = dump_string(*tree, &p, "PolicyName");
    std::string default_version = dump_string(*tree, &p, "DefaultVersionId");
    const Node* document = nullptr;
    if (const Node* versions = dump_member(*tree, &p, "PolicyVersionList"); versions != nullptr && versions->is_array()) {
      for (const Node& v : tree->children(*versions)) {
        const Node* is_default = dump_member(*tree, &v, "IsDefaultVersion");
        if ((is_default != nullptr && is_default->text == "true") ||
            (!default_version.empty() && dump_string(*tree, &v, "VersionId") == default_version)) {
          document = dump_member(*tree, &v, "Document");
          break;
        }
      }
    }
    if (document == nullptr) {
      problem(at(p), "managed policy " + arn + " has no default version in the dump");
      continue;
    }
    std::string label = (arn_account(arn) == "aws" ? "AWS managed policy " : "policy ") + name;
    if (auto id = site_policy(source, *tree, *document, nullptr, PolicyType::Identity, PolicyHolder::Managed, label, arn)) {
      managed_.emplace(arn, *id);
    }
  }
  for (const Node& g : entries("GroupDetailList")) {
    std::string arn;
    if (!entity_arn(g, arn)) continue;
    Group group{arn, dump_string(*tree, &g, "GroupName"), account, {}};
    inline_policies(g, "GroupPolicyList", PolicyHolder::InlineGroup, "group " + group.name, group.policies);
    env_.groups.push_back(std::move(group));
    attached(g, Holder::Group, env_.groups.size() - 1);
  }
  for (const Node& u : entries("UserDetailList")) {
    std::string arn;
    if (!entity_arn(u, arn)) continue;
    auto user = principal<User>(arn, dump_string(*tree, &u, "UserName"), account, dump_string(*tree, &u, "UserId"),
                                dump_tags(u));
    inline_policies(u, "UserPolicyList", PolicyHolder::InlineUser, "user " + user.name, user.policies);
    env_.users.push_back(std::move(user));
    std::size_t index = env_.users.size() - 1;
    attached(u, Holder::User, index);
    if (const Node* l = dump_member(*tree, &u, "GroupList"); l != nullptr && l->is_array()) {
      for (const Node& g : tree->children(*l)) {
        if (g.is_string()) memberships_.push_back(Membership{index, std::string(g.text), at(g)});
      }
    }
  }
  for (const Node& r : entries("RoleDetailList")) {
    std::string arn;
    if (!entity_arn(r, arn)) continue;
    auto role = principal<Role>(arn, dump_string(*tree, &r, "RoleName"), account, dump_string(*tree, &r, "RoleId"),
                                dump_tags(r));
    if (const Node* d = dump_member(*tree, &r, "MaxSessionDuration"); d != nullptr && d->type == JsonType::Number) {
      role.max_session_duration = static_cast<uint32_t>(std::stoul(std::string(d->text)));
    }
    std::string whose = "role " + role.name;
    if (const Node* trust = dump_member(*tree, &r, "AssumeRolePolicyDocument")) {
      role.trust = site_policy(source, *tree, *trust, nullptr, PolicyType::Trust, PolicyHolder::InlineRole,
                               whose + ", trust policy", {});
    }
    inline_policies(r, "RolePolicyList", PolicyHolder::InlineRole, whose, role.policies);
    env_.roles.push_back(std::move(role));
    attached(r, Holder::Role, env_.roles.size() - 1);
  }
}

// A CloudFormation template deployed as one stack in the account (solver/env_cloudformation.hpp).
void Loader::stack(const Node& include, const Node& file_node, const std::string& account) {
  StackSettings settings;
  settings.account = account;
  settings.region = string_at(include, "region", "an include", false).value_or("us-east-1");
  settings.name = string_at(include, "stack", "an include", false)
                      .value_or(fs::path(std::string(file_node.text)).stem().string());
  if (const Node* p = member(include, "parameters")) {
    if (!p->is_object()) problem(*p, "parameters of a template are a mapping of name to value, not " + std::string(kind_of(*p)));
    for (const Node& m : mtree_.children(*p)) {
      if (m.is_object() || m.is_array()) problem(m, "the value of parameter '" + std::string(m.key) + "' must be a string");
      else settings.parameters[std::string(m.key)] = std::string(m.text);
    }
  }
  std::string path;
  std::shared_ptr<const SourceFile> source = read(file_node, path);
  if (!source) return;
  bool yaml = linter::is_yaml_path(path, source->text());
  JsonTree tree;
  if (auto error = yaml ? linter::load_yaml(*source, tree, json_.limits()) : json_.load(*source, tree)) {
    problem(Place{source.get(), error->offset}, error->message);
    return;
  }
  if (tree.root() == nullptr || !linter::is_cloudformation(tree, *tree.root())) {
    problem(file_node, "'" + std::string(file_node.text) + "' is no CloudFormation template");
    return;
  }
  linter::CfnTemplate tmpl = stack_template(tree, *tree.root(), settings);
  tmpl.yaml = yaml;
  StackEntities found;
  stack_entities(
      tmpl, settings, env_,
      [&](const Node& value, PolicyType type, PolicyHolder holder, std::string name, std::string arn) {
        return site_policy(source, tree, value, &tmpl, type, holder, std::move(name), std::move(arn));
      },
      [&](uint32_t offset, std::string message, bool warning) {
        problem(Place{source.get(), offset}, std::move(message), warning);
      },
      found);
  for (const auto& [arn, offset] : found.arns) claim(arn, Place{source.get(), offset});
  for (const auto& [arn, id] : found.managed) managed_.emplace(arn, id);
  std::size_t groups = env_.groups.size(), users = env_.users.size(), roles = env_.roles.size();
  for (const auto& a : found.attachments) {
    Holder holder = a.holder == StackEntities::Kind::User ? Holder::User
                    : a.holder == StackEntities::Kind::Group ? Holder::Group : Holder::Role;
    std::size_t base = holder == Holder::User ? users : holder == Holder::Group ? groups : roles;
    refs_.push_back(PolicyRef{a.arn, Place{source.get(), a.offset}, holder, base + a.index, a.boundary});
  }
  for (const auto& m : found.memberships) memberships_.push_back(Membership{users + m.user, m.group, Place{source.get(), m.offset}});
  std::move(found.groups.begin(), found.groups.end(), std::back_inserter(env_.groups));
  std::move(found.users.begin(), found.users.end(), std::back_inserter(env_.users));
  std::move(found.roles.begin(), found.roles.end(), std::back_inserter(env_.roles));
  std::move(found.resources.begin(), found.resources.end(), std::back_inserter(env_.resources));
}

void Loader::resolve() {
  std::unordered_map<PolicyId, std::pair<bool, bool>> uses;  // attached, as a boundary
  for (const PolicyRef& ref : refs_) {
    std::optional<PolicyId> id;
    if (auto it = managed_.find(ref.arn); it != managed_.end()) {
      id = it->second;
    } else if (arn_account(ref.arn) == "aws") {
      const linter::ManagedPolicy* mp = linter::ManagedPolicies::embedded().find_by_arn(ref.arn);
      if (mp == nullptr) {
        problem(ref.at, "unknown AWS managed policy " + ref.arn + " (not in the embedded catalog, docs/catalog.md)");
        continue;
      }
      auto source = std::make_shared<const SourceFile>(ref.arn, std::string(mp->document));
      EnvPolicy& ep = env_.policies.emplace_back();
      ep.source = source;
      ep.path = ref.arn;
      ep.name = "AWS managed policy " + std::string(mp->name);
      ep.arn = ref.arn;
      if (auto error = json_.load(*source, ep.tree)) {
        problem(ref.at, "the embedded " + ep.name + " does not load: " + error->message);
        env_.policies.pop_back();
        continue;
      }
      linter::build_policy(*source, ep.tree, PolicyType::Identity, PolicyHolder::AwsManaged, ep.policy);
      id = static_cast<PolicyId>(env_.policies.size() - 1);
      managed_.emplace(ref.arn, *id);
    } else {
      problem(ref.at, "no managed policy " + ref.arn +
                          " in the environment: declare it under its account's policies, or include a dump that has it");
      continue;
    }
    (ref.boundary ? uses[*id].second : uses[*id].first) = true;
    if (ref.boundary) {
      if (ref.holder == Holder::User) env_.users[ref.index].boundary = id;
      if (ref.holder == Holder::Role) env_.roles[ref.index].boundary = id;
      if (ref.holder == Holder::Group) problem(ref.at, "a group has no permissions boundary");
    } else {
      if (ref.holder == Holder::User) env_.users[ref.index].policies.push_back(*id);
      if (ref.holder == Holder::Group) env_.groups[ref.index].policies.push_back(*id);
      if (ref.holder == Holder::Role) env_.roles[ref.index].policies.push_back(*id);
    }
  }
  // A managed policy is typed by its use, as lint types a dump's: only a boundary, it is a permissions boundary.
  for (const auto& [id, use] : uses) {
    if (use.second && !use.first) {
      env_.policies[id].type = PolicyType::PermissionsBoundary;
      env_.policies[id].policy.type = PolicyType::PermissionsBoundary;
    }
  }
  std::unordered_map<std::string, std::size_t> groups;  // account/name -> group
  for (std::size_t i = 0; i < env_.groups.size(); ++i) groups.emplace(env_.groups[i].account + "/" + env_.groups[i].name, i);
  for (const Membership& m : memberships_) {
    User& user = env_.users[m.user];
    auto it = groups.find(user.account + "/" + m.group);
    if (it == groups.end()) {
      problem(m.at, "user " + user.name + " is in group '" + m.group + "', which account " + user.account +
                        " does not have");
      continue;
    }
    user.groups.push_back(env_.groups[it->second].arn);
  }
  for (const auto& [id, at] : declared_) {
    if (!uses.contains(id)) problem(at, env_.policies[id].name + " is attached to nothing", true);
  }
}

EnvError Loader::run() {
  linter::ReadResult r = linter::read_source(manifest_path_, json_.limits().max_file_size);
  if (!r.source) {
    error_.problems.push_back(EnvProblem{manifest_path_, {}, "cannot read the manifest: " + r.error, false});
    return std::move(error_);
  }
  manifest_ = std::move(r.source);
  if (auto error = linter::load_yaml(*manifest_, mtree_, json_.limits())) {
    problem(Place{manifest_.get(), error->offset}, error->message);
    return std::move(error_);
  }
  cfn_.tree = &mtree_;
  cfn_.yaml = true;
  if (mtree_.root() == nullptr) {
    problem(Place{manifest_.get(), 0}, "the manifest is empty: it needs 'version: 1' and 'accounts'");
    return std::move(error_);
  }
  const Node& root = *mtree_.root();
  if (!mapping(root, kTopKeys, "the manifest")) return std::move(error_);
  const Node* version = member(root, "version");
  if (version == nullptr || version->text != "1") {
    problem(version != nullptr ? *version : root, "the manifest needs 'version: 1'");
  }
  const Node* org = member(root, "organization");
  if (org != nullptr && mapping(*org, kOrganizationKeys, "the organization")) {
    Organization& o = env_.organization.emplace();
    o.id = string_at(*org, "id", "the organization", true).value_or("");
    o.root_id = string_at(*org, "root", "the organization", true).value_or("");
    std::vector<std::string> path;
    if (const Node* units = member(*org, "units")) organization_units(*units, path);
  }
  if (const Node* accounts = member(root, "accounts"); accounts != nullptr && list(*accounts, "accounts")) {
    for (const Node& a : mtree_.children(*accounts)) account(a);
  } else if (accounts == nullptr) {
    problem(root, "the manifest has no 'accounts'");
  }
  if (org != nullptr && env_.organization) {
    if (const Node* policies = member(*org, "policies")) organization_policies(*policies);
  }
  resolve();
  env_.index();
  return std::move(error_);
}

}  // namespace

std::optional<EnvError> load_environment(const std::string& manifest_path, Environment& out,
                                         std::vector<EnvProblem>* warnings) {
  out = Environment{};
  EnvError error = Loader(out, manifest_path).run();
  if (error.has_errors()) return error;
  if (warnings != nullptr) *warnings = std::move(error.problems);
  return std::nullopt;
}

}  // namespace iamlint::solver
