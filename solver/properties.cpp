#include "solver/properties.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <filesystem>
#include <span>
#include <unordered_map>

#include "linter/json_loader.hpp"
#include "linter/json_tree.hpp"
#include "linter/source.hpp"
#include "linter/yaml_tree.hpp"

namespace iamlint::solver {

namespace fs = std::filesystem;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;
using linter::SourceFile;
using Keys = std::span<const std::string_view>;

namespace {

// In PropertyKind's order.
constexpr std::array<std::string_view, 9> kKindNames = {"only",          "cannot",     "can",
                                                        "no-external-access", "not-public", "no-new-access",
                                                        "equivalent",    "access-not-granted", "who-can"};

constexpr std::string_view kTopKeys[] = {"version", "properties"};
constexpr std::string_view kItemKeys[] = {"name",          "expect",     "world",              "only",
                                          "cannot",        "can",        "no-external-access", "not-public",
                                          "no-new-access", "equivalent", "access-not-granted", "who-can"};
constexpr std::string_view kRequestKeys[] = {"principals", "actions", "resources", "via-roles", "context"};
constexpr std::string_view kExternalKeys[] = {"accounts", "organizations", "actions", "resources"};
constexpr std::string_view kPublicKeys[] = {"resources", "actions"};
constexpr std::string_view kNewAccessKeys[] = {"old", "new"};
constexpr std::string_view kEquivalentKeys[] = {"a", "b"};
constexpr std::string_view kNotGrantedKeys[] = {"policy", "actions", "resources"};
constexpr std::string_view kWhoCanKeys[] = {"principals", "actions", "resources", "via-roles", "context"};

constexpr unsigned kMaxViaRoles = 5;  // each role of a chain multiplies the queries; longer chains are rare

Keys kind_keys(PropertyKind k) {
  switch (k) {
    case PropertyKind::Only:
    case PropertyKind::Cannot:
    case PropertyKind::Can: return kRequestKeys;
    case PropertyKind::NoExternalAccess: return kExternalKeys;
    case PropertyKind::NotPublic: return kPublicKeys;
    case PropertyKind::NoNewAccess: return kNewAccessKeys;
    case PropertyKind::Equivalent: return kEquivalentKeys;
    case PropertyKind::AccessNotGranted: return kNotGrantedKeys;
    case PropertyKind::WhoCan: return kWhoCanKeys;
  }
  return {};
}

std::optional<PropertyKind> kind_named(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<PropertyKind>(i);
  }
  return std::nullopt;
}

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

bool is_scalar(const Node& n) {
  return n.type == JsonType::String || n.type == JsonType::Number || n.type == JsonType::Bool;
}

// A value as a message shows it: a string quoted, a number or a boolean as written, anything else by its kind.
std::string shown(const Node& n) {
  if (n.type == JsonType::String) return "'" + std::string(n.text) + "'";
  if (n.type == JsonType::Number || n.type == JsonType::Bool) return std::string(n.text);
  return std::string(kind_of(n));
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_account_id(std::string_view s) { return s.size() == 12 && is_digits(s); }

bool is_organization_id(std::string_view s) {
  if (!s.starts_with("o-") || s.size() < 12 || s.size() > 34) return false;
  return std::all_of(s.begin() + 2, s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// arn:partition:service:region:account:resource: six fields, the last may hold more colons.
bool is_arn(std::string_view s) { return s.starts_with("arn:") && std::count(s.begin(), s.end(), ':') >= 5; }

// A service principal (cloudtrail.amazonaws.com) or another dotted host name (an AWS service's principal in
// another partition ends in amazonaws.com.cn, a few in other domains).
bool is_dotted_name(std::string_view s) {
  if (s.find('.') == std::string_view::npos || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

bool is_action(std::string_view s) {
  if (s == "*") return true;
  std::size_t colon = s.find(':');
  return colon != std::string_view::npos && colon > 0 && colon + 1 < s.size();
}

// The place of a node's value: its key when it has no value (`actions:` alone), as the manifest reader does.
uint32_t offset_of(const Node& n) { return n.type == JsonType::Null && n.is_member ? n.key_span.offset : n.span.offset; }

class Reader {
 public:
  Reader(const SourceFile& source, const JsonTree& tree, fs::path base, PropertiesFile& out)
      : source_(source), tree_(tree), base_(std::move(base)), out_(out) {}

  void run();

 private:
  void error(uint32_t offset, std::string message) {
    linter::Position p = source_.position(offset);
    out_.errors.push_back(PropertiesError{source_.path(), p.line, p.column, std::move(message)});
  }
  void error(const Node& n, std::string message) { error(offset_of(n), std::move(message)); }
  std::string where(uint32_t offset) const {
    linter::Position p = source_.position(offset);
    return source_.path() + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }
  const Node* member(const Node& object, std::string_view key) const { return tree_.member(object, key); }
  // A block sequence's item is placed at its `- `, where the reader looks for it; yaml-cpp places the mapping at its
  // first key.
  uint32_t item_offset(const Node& item) const {
    std::string_view text = source_.text();
    uint32_t i = item.span.offset;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
    return i > 0 && text[i - 1] == '-' && i < item.span.offset ? i - 1 : item.span.offset;
  }

  bool mapping(const Node& n, Keys keys, std::string_view what);
  std::optional<std::string> scalar(const Node& n, std::string_view what);
  std::vector<std::string> strings(const Node& object, std::string_view key, std::string_view kind, bool required,
                                   bool (Reader::*check)(const Node&, std::string_view, PropertyKind),
                                   PropertyKind k);
  bool principal(const Node& n, std::string_view s, PropertyKind k);
  bool action(const Node& n, std::string_view s, PropertyKind k);
  bool resource(const Node& n, std::string_view s, PropertyKind k);
  bool account(const Node& n, std::string_view s, PropertyKind k);
  bool organization(const Node& n, std::string_view s, PropertyKind k);
  std::string policy_file(const Node& object, std::string_view key, std::string_view kind);
  void via_roles(const Node& object, Property& p);
  void context(const Node& object, Property& p);
  void body(const Node& body, Property& p);
  void property(const Node& item, std::size_t index);

  const SourceFile& source_;
  const JsonTree& tree_;
  fs::path base_;
  PropertiesFile& out_;
  std::unordered_map<std::string, uint32_t> names_;  // name -> offset of the first property with it
};

bool Reader::mapping(const Node& n, Keys keys, std::string_view what) {
  if (!n.is_object()) {
    error(n, std::string(what) + " must be a mapping with the keys " + one_of(keys) + ", not " +
                 std::string(kind_of(n)));
    return false;
  }
  std::unordered_map<std::string_view, const Node*> seen;
  for (const Node& m : tree_.children(n)) {
    if (std::find(keys.begin(), keys.end(), m.key) == keys.end()) {
      error(m.key_span.offset, "unknown key '" + std::string(m.key) + "' in " + std::string(what) +
                                   "; expected one of " + one_of(keys));
    } else if (auto [it, fresh] = seen.emplace(m.key, &m); !fresh) {
      error(m.key_span.offset, "duplicate key '" + std::string(m.key) + "' in " + std::string(what) +
                                   " (first at " + where(it->second->key_span.offset) + ")");
    }
  }
  return true;
}

// A plain scalar that YAML reads as a number or a boolean (an account id, `true`) is taken as written.
std::optional<std::string> Reader::scalar(const Node& n, std::string_view what) {
  if (is_scalar(n)) return std::string(n.text);
  error(n, std::string(what) + " must be a string, not " + std::string(kind_of(n)));
  return std::nullopt;
}

// A list of strings, or one string for a list of one; each checked by `check`.
std::vector<std::string> Reader::strings(const Node& object, std::string_view key, std::string_view kind,
                                         bool required, bool (Reader::*check)(const Node&, std::string_view,
                                                                              PropertyKind),
                                         PropertyKind k) {
  std::vector<std::string> out;
  const Node* n = member(object, key);
  std::string what = "'" + std::string(key) + "' of '" + std::string(kind) + "'";
  if (n == nullptr) {
    if (required) error(object.key_span.offset, "'" + std::string(kind) + "' has no '" + std::string(key) + "'");
    return out;
  }
  auto one = [&](const Node& v) {
    if (!is_scalar(v)) {
      error(v, what + " must hold strings, not " + std::string(kind_of(v)));
    } else if ((this->*check)(v, v.text, k)) {
      out.emplace_back(v.text);
    }
  };
  if (n->is_array()) {
    for (const Node& v : tree_.children(*n)) one(v);
    if (n->child_count == 0 && required) error(*n, what + " is empty");
  } else if (is_scalar(*n)) {
    one(*n);
  } else if (n->type == JsonType::Null) {
    if (required) error(*n, what + " is empty");
  } else {
    error(*n, what + " must be a list of strings or one string, not " + std::string(kind_of(*n)));
  }
  return out;
}

bool Reader::principal(const Node& n, std::string_view s, PropertyKind k) {
  if (s == "*") {
    if (k == PropertyKind::WhoCan) return true;
    error(n, "'*' (anyone) is a principal only in who-can");
    return false;
  }
  if (is_arn(s) || is_account_id(s) || is_dotted_name(s)) return true;
  error(n, "a principal is an ARN, a 12-digit account id or a service principal, not '" + std::string(s) + "'");
  return false;
}

bool Reader::action(const Node& n, std::string_view s, PropertyKind) {
  if (is_action(s)) return true;
  error(n, "an action is 'service:action' (s3:GetObject, s3:Put*) or '*', not '" + std::string(s) + "'");
  return false;
}

bool Reader::resource(const Node& n, std::string_view s, PropertyKind) {
  if (s == "*" || is_arn(s)) return true;
  error(n, "a resource is an ARN (arn:aws:s3:::bucket/*) or '*', not '" + std::string(s) + "'");
  return false;
}

bool Reader::account(const Node& n, std::string_view s, PropertyKind) {
  if (is_account_id(s)) return true;
  error(n, "an account id is 12 digits, not '" + std::string(s) + "'");
  return false;
}

bool Reader::organization(const Node& n, std::string_view s, PropertyKind) {
  if (is_organization_id(s)) return true;
  error(n, "an organization id is 'o-' and 10 to 32 lowercase letters or digits, not '" + std::string(s) + "'");
  return false;
}

// A policy file named by the property, resolved against the properties file's folder.
std::string Reader::policy_file(const Node& object, std::string_view key, std::string_view kind) {
  const Node* n = member(object, key);
  if (n == nullptr) {
    error(object.key_span.offset, "'" + std::string(kind) + "' has no '" + std::string(key) + "'");
    return {};
  }
  if (!n->is_string() || n->text.empty()) {
    error(*n, "'" + std::string(key) + "' of '" + std::string(kind) + "' is the path of a policy file, not " +
                  std::string(n->is_string() ? "an empty string" : kind_of(*n)));
    return {};
  }
  fs::path p(std::string(n->text));
  return (p.is_absolute() ? p : base_ / p).lexically_normal().string();
}

void Reader::via_roles(const Node& object, Property& p) {
  const Node* n = member(object, "via-roles");
  if (n == nullptr) return;
  if (n->type == JsonType::Number && is_digits(n->text) && n->text.size() <= 2 &&
      std::stoul(std::string(n->text)) <= kMaxViaRoles) {
    p.via_roles = static_cast<unsigned>(std::stoul(std::string(n->text)));
    return;
  }
  error(*n, "via-roles is a whole number from 0 to " + std::to_string(kMaxViaRoles) + ", not " +
                shown(*n));
}

void Reader::context(const Node& object, Property& p) {
  const Node* n = member(object, "context");
  if (n == nullptr) return;
  if (!n->is_object()) {
    error(*n, "'context' is a mapping of condition key to value, not " + std::string(kind_of(*n)));
    return;
  }
  std::unordered_map<std::string_view, uint32_t> seen;
  for (const Node& m : tree_.children(*n)) {
    std::string key(m.key);
    if (!is_action(key) || key == "*") {
      error(m.key_span.offset, "a context key is 'prefix:name' (aws:MultiFactorAuthPresent), not '" + key + "'");
      continue;
    }
    if (auto [it, fresh] = seen.emplace(m.key, m.key_span.offset); !fresh) {
      error(m.key_span.offset, "duplicate context key '" + key + "' (first at " + where(it->second) + ")");
      continue;
    }
    std::vector<std::string> values;
    bool ok = true;
    auto one = [&](const Node& v) {
      if (is_scalar(v)) {
        values.emplace_back(v.text);
      } else {
        error(v, "the value of context key '" + key + "' is a string or a list of strings, not " +
                     std::string(kind_of(v)));
        ok = false;
      }
    };
    if (m.is_array()) {
      for (const Node& v : tree_.children(m)) one(v);
    } else {
      one(m);
    }
    if (ok && values.empty()) error(m, "context key '" + key + "' has no value");
    if (ok && !values.empty()) p.context.emplace_back(std::move(key), std::move(values));
  }
}

// The fields of the kind's mapping.
void Reader::body(const Node& b, Property& p) {
  std::string_view kind = property_kind_name(p.kind);
  if (!mapping(b, kind_keys(p.kind), "'" + std::string(kind) + "'")) return;
  switch (p.kind) {
    case PropertyKind::Only:
    case PropertyKind::Cannot:
    case PropertyKind::Can:
    case PropertyKind::WhoCan: {
      bool who = p.kind == PropertyKind::WhoCan;
      p.principals = strings(b, "principals", kind, !who, &Reader::principal, p.kind);
      if (who && member(b, "principals") == nullptr) p.principals = {"*"};
      p.actions = strings(b, "actions", kind, true, &Reader::action, p.kind);
      p.resources = strings(b, "resources", kind, true, &Reader::resource, p.kind);
      via_roles(b, p);
      context(b, p);
      break;
    }
    case PropertyKind::NoExternalAccess: {
      p.accounts = strings(b, "accounts", kind, false, &Reader::account, p.kind);
      p.organizations = strings(b, "organizations", kind, false, &Reader::organization, p.kind);
      p.actions = strings(b, "actions", kind, true, &Reader::action, p.kind);
      p.resources = strings(b, "resources", kind, true, &Reader::resource, p.kind);
      auto given = [&](std::string_view key) {
        const Node* n = member(b, key);
        return n != nullptr && !(n->is_array() && n->child_count == 0) && n->type != JsonType::Null;
      };
      if (!given("accounts") && !given("organizations")) {
        error(b.key_span.offset,
              "'no-external-access' needs the trusted 'accounts' or 'organizations' (at least one id)");
      }
      break;
    }
    case PropertyKind::NotPublic:
      p.resources = strings(b, "resources", kind, true, &Reader::resource, p.kind);
      p.actions = strings(b, "actions", kind, false, &Reader::action, p.kind);
      if (member(b, "actions") == nullptr) p.actions = {"*"};
      break;
    case PropertyKind::NoNewAccess:
      p.policy_a = policy_file(b, "old", kind);
      p.policy_b = policy_file(b, "new", kind);
      break;
    case PropertyKind::Equivalent:
      p.policy_a = policy_file(b, "a", kind);
      p.policy_b = policy_file(b, "b", kind);
      break;
    case PropertyKind::AccessNotGranted:
      p.policy_a = policy_file(b, "policy", kind);
      p.actions = strings(b, "actions", kind, true, &Reader::action, p.kind);
      p.resources = strings(b, "resources", kind, false, &Reader::resource, p.kind);
      if (member(b, "resources") == nullptr) p.resources = {"*"};
      break;
  }
}

void Reader::property(const Node& item, std::size_t index) {
  std::size_t errors = out_.errors.size();
  if (!mapping(item, kItemKeys, "a property")) return;
  Property p;
  p.file = source_.path();
  linter::Position at = source_.position(item_offset(item));
  p.line = at.line;
  p.column = at.column;

  const Node* kind_node = nullptr;
  for (const Node& m : tree_.children(item)) {
    std::optional<PropertyKind> k = kind_named(m.key);
    if (!k) continue;
    if (kind_node == nullptr) {
      kind_node = &m;
      p.kind = *k;
    } else if (m.key != kind_node->key) {  // the same key twice is a duplicate key, reported above
      error(m.key_span.offset, "a property has one kind, not both '" + std::string(kind_node->key) + "' and '" +
                                   std::string(m.key) + "'");
    }
  }
  if (kind_node == nullptr) {
    error(item_offset(item), "a property needs one kind: " + one_of(kKindNames));
  } else {
    body(*kind_node, p);
  }

  const Node* name = member(item, "name");
  if (name != nullptr) {
    if (std::optional<std::string> s = scalar(*name, "'name'")) {
      if (s->empty()) error(*name, "'name' must not be empty");
      p.name = std::move(*s);
    }
  } else if (kind_node != nullptr) {
    p.name = std::string(property_kind_name(p.kind)) + " #" + std::to_string(index + 1);
  }
  bool policies_only = kind_node != nullptr && (p.kind == PropertyKind::NoNewAccess ||
                                                p.kind == PropertyKind::Equivalent ||
                                                p.kind == PropertyKind::AccessNotGranted);
  if (const Node* e = member(item, "expect")) {
    if (kind_node != nullptr && p.kind == PropertyKind::WhoCan) {
      error(e->key_span.offset, "who-can is a report, not a claim: it takes no 'expect'");
    } else if (is_scalar(*e) && (e->text == "holds" || e->text == "refuted")) {
      p.expect_holds = e->text == "holds";
    } else {
      error(*e, "expect is 'holds' or 'refuted', not " + shown(*e));
    }
  }
  if (const Node* w = member(item, "world")) {
    if (policies_only) {
      error(w->key_span.offset, "'world' is for the properties of the environment; '" +
                                    std::string(property_kind_name(p.kind)) + "' reads only its policy files");
    } else if (is_scalar(*w) && (w->text == "open" || w->text == "closed")) {
      p.world = w->text == "open" ? World::Open : World::Closed;
    } else {
      error(*w, "world is 'open' or 'closed', not " + shown(*w));
    }
  }
  if (!p.name.empty()) {
    uint32_t name_at = name != nullptr ? offset_of(*name) : item_offset(item);
    if (auto [it, fresh] = names_.emplace(p.name, name_at); !fresh) {
      error(name_at, "duplicate property name '" + p.name + "' (first at " + where(it->second) + ")");
    }
  }
  if (out_.errors.size() == errors) out_.properties.push_back(std::move(p));
}

void Reader::run() {
  const Node& root = *tree_.root();
  if (!root.is_object()) {
    error(root, "a properties file is a mapping with the keys version and properties, or one property, not " +
                    std::string(kind_of(root)));
    return;
  }
  // The command line's single property: a mapping without the file's keys.
  if (member(root, "properties") == nullptr && member(root, "version") == nullptr) {
    property(root, 0);
    return;
  }
  mapping(root, kTopKeys, "the properties file");
  if (const Node* version = member(root, "version"); version != nullptr && version->text != "1") {
    error(*version, "the properties file's version is 1, not " + shown(*version));
  }
  const Node* list = member(root, "properties");
  if (list == nullptr) {
    error(root, "the properties file has no 'properties'");
  } else if (!list->is_array()) {
    error(*list, "'properties' must be a list of properties, not " + std::string(kind_of(*list)));
  } else if (list->child_count == 0) {
    error(*list, "'properties' is empty: a properties file states at least one property");
  } else {
    std::size_t index = 0;
    for (const Node& item : tree_.children(*list)) property(item, index++);
  }
}

PropertiesFile parse_source(const SourceFile& source, const fs::path& base) {
  PropertiesFile out;
  try {
    JsonTree tree;
    if (auto e = linter::load_yaml(source, tree, linter::LoadLimits{})) {
      linter::Position p = source.position(e->offset);
      out.errors.push_back(PropertiesError{source.path(), p.line, p.column, e->message});
      return out;
    }
    Reader(source, tree, base, out).run();
  } catch (const std::exception& e) {  // out of memory: still a value, never an exception across the API
    out.properties.clear();
    out.errors.push_back(PropertiesError{source.path(), 0, 0, std::string("cannot read the properties: ") + e.what()});
  }
  return out;
}

}  // namespace

std::string_view property_kind_name(PropertyKind k) noexcept {
  auto i = static_cast<std::size_t>(k);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

PropertiesFile load_properties(const std::string& path) {
  try {
    linter::ReadResult r = linter::read_source(path, linter::LoadLimits{}.max_file_size);
    if (r.source) return parse_source(*r.source, fs::path(path).parent_path());
    PropertiesFile out;
    out.errors.push_back(PropertiesError{path, 0, 0, "cannot read the properties file: " + r.error});
    return out;
  } catch (const std::exception& e) {
    PropertiesFile out;
    out.errors.push_back(PropertiesError{path, 0, 0, std::string("cannot read the properties file: ") + e.what()});
    return out;
  }
}

PropertiesFile parse_properties(std::string_view text, const std::string& file) {
  // "--property" has no folder: its policy files are relative to the current directory, as any path on the
  // command line.
  fs::path base = file == "--property" ? fs::path() : fs::path(file).parent_path();
  try {
    SourceFile source(file, std::string(text));
    return parse_source(source, base);
  } catch (const std::exception& e) {
    PropertiesFile out;
    out.errors.push_back(PropertiesError{file, 0, 0, std::string("cannot read the properties: ") + e.what()});
    return out;
  }
}

}  // namespace iamlint::solver
