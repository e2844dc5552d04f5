#include "linter/cloudformation.hpp"

#include <algorithm>
#include <array>

#include "linter/yaml_tree.hpp"

namespace iamlint::linter {

namespace {

bool is_intrinsic_key(std::string_view key) noexcept { return key == "Ref" || key.starts_with("Fn::"); }

// The one member of an intrinsic function's object ({"Fn::Sub": ...}), or null.
const Node* intrinsic(const JsonTree& tree, const Node& n) noexcept {
  if (!n.is_object() || n.child_count != 1) return nullptr;
  const Node& m = tree.at(n.first_child);
  return is_intrinsic_key(m.key) ? &m : nullptr;
}

bool has_intrinsic(const JsonTree& tree, const Node& n) {
  if (intrinsic(tree, n) != nullptr) return true;
  for (const Node& c : tree.children(n)) {
    if ((c.is_object() || c.is_array()) && has_intrinsic(tree, c)) return true;
  }
  return false;
}

const Node* member_of(const JsonTree& tree, const Node* object, std::string_view key) {
  return object != nullptr && object->is_object() ? tree.member(*object, key) : nullptr;
}

// A scalar as the template resolved it: `symbolic` when some of it is known only at deployment.
struct Scalar {
  std::string text;
  bool symbolic = false;
};

// What an intrinsic function (or a plain value) comes to.
struct Value {
  enum Kind : uint8_t { Literal, String, List, NoValue } kind = Literal;
  const Node* node = nullptr;  // Literal: a node of the template, to be read as written
  Scalar scalar;               // String
  std::vector<Scalar> items;   // List
};

Value string_value(std::string text, bool symbolic) {
  Value v;
  v.kind = Value::String;
  v.scalar = Scalar{std::move(text), symbolic};
  return v;
}

Value symbol(std::string_view name) { return string_value("${" + std::string(name) + "}", true); }

constexpr int kMaxDepth = 32;  // of nested functions and condition references: a cycle ends here

// Resolves intrinsic functions against the template's parameters (their defaults), pseudo parameters, mappings and
// conditions. Whatever needs the deployed stack stays a symbol, written as Fn::Sub would write it: ${Bucket.Arn}.
class Resolver {
 public:
  explicit Resolver(const CfnTemplate& t) : t_(t), tree_(*t.tree) {}

  Value resolve(const Node& n, int depth = 0) const {
    const Node* m = intrinsic(tree_, n);
    if (m == nullptr) {
      Value v;
      v.node = &n;
      return v;
    }
    if (depth > kMaxDepth) return symbol(m->key);
    std::string_view fn = m->key;
    const Node& arg = *m;
    if (fn == "Ref") return arg.is_string() ? ref(arg.text) : symbol("Ref");
    if (fn == "Fn::GetAtt") {
      if (arg.is_string()) return attribute(arg.text);
      if (arg.is_array() && arg.child_count == 2) {
        std::optional<Scalar> a = scalar(tree_.at(arg.first_child), depth + 1);
        std::optional<Scalar> b = scalar(tree_.at(tree_.at(arg.first_child).next), depth + 1);
        if (a && b) return attribute(a->text + "." + b->text);
      }
      return symbol("Fn::GetAtt");
    }
    if (fn == "Fn::Sub") {
      const Node* text = &arg;
      const Node* vars = nullptr;
      if (arg.is_array() && arg.child_count >= 1) {
        text = &tree_.at(arg.first_child);
        if (text->next != kNoNode) vars = &tree_.at(text->next);
      }
      if (!text->is_string()) return symbol("Fn::Sub");
      Scalar out;
      std::vector<uint32_t> unused_map;
      std::vector<std::pair<uint32_t, uint32_t>> unused_ranges;
      substitute(text->text, nullptr, 0, vars, depth, out.text, unused_map, unused_ranges, out.symbolic);
      return string_value(std::move(out.text), out.symbolic);
    }
    if (fn == "Fn::Join") {
      if (!arg.is_array() || arg.child_count != 2) return symbol("Fn::Join");
      std::optional<Scalar> delimiter = scalar(tree_.at(arg.first_child), depth + 1);
      std::optional<std::vector<Scalar>> parts = list(tree_.at(tree_.at(arg.first_child).next), depth + 1);
      if (!delimiter || !parts) return symbol("Fn::Join");
      Scalar out;
      for (std::size_t i = 0; i < parts->size(); ++i) {
        if (i > 0) out.text += delimiter->text;
        out.text += (*parts)[i].text;
        out.symbolic = out.symbolic || (*parts)[i].symbolic;
      }
      return string_value(std::move(out.text), out.symbolic || delimiter->symbolic);
    }
    if (fn == "Fn::Select") {
      if (!arg.is_array() || arg.child_count != 2) return symbol("Fn::Select");
      std::optional<Scalar> index = scalar(tree_.at(arg.first_child), depth + 1);
      std::optional<std::vector<Scalar>> items = list(tree_.at(tree_.at(arg.first_child).next), depth + 1);
      if (!index || index->symbolic || !items) return symbol("Fn::Select");
      std::size_t i = 0;
      for (char c : index->text) {
        if (c < '0' || c > '9' || i > 1000000) return symbol("Fn::Select");
        i = i * 10 + static_cast<std::size_t>(c - '0');
      }
      if (index->text.empty() || i >= items->size()) return symbol("Fn::Select");
      return string_value((*items)[i].text, (*items)[i].symbolic);
    }
    if (fn == "Fn::Split") {
      if (!arg.is_array() || arg.child_count != 2) return symbol("Fn::Split");
      std::optional<Scalar> delimiter = scalar(tree_.at(arg.first_child), depth + 1);
      std::optional<Scalar> source = scalar(tree_.at(tree_.at(arg.first_child).next), depth + 1);
      if (!delimiter || !source || delimiter->text.empty() || source->symbolic) return symbol("Fn::Split");
      Value v;
      v.kind = Value::List;
      std::string_view rest = source->text;
      for (;;) {
        std::size_t at = rest.find(delimiter->text);
        v.items.push_back(Scalar{std::string(rest.substr(0, at)), false});
        if (at == std::string_view::npos) break;
        rest.remove_prefix(at + delimiter->text.size());
      }
      return v;
    }
    if (fn == "Fn::If") {
      if (!arg.is_array() || arg.child_count != 3) return symbol("Fn::If");
      const Node& name = tree_.at(arg.first_child);
      const Node& then = tree_.at(name.next);
      const Node& otherwise = tree_.at(then.next);
      std::optional<bool> holds = name.is_string() ? condition(name.text, depth + 1) : std::nullopt;
      if (holds) return resolve(*holds ? then : otherwise, depth + 1);
      // A condition on a parameter without default: either branch may be deployed. The first that has a value is
      // checked (a statement added only in some stacks is checked, not dropped).
      Value first = resolve(then, depth + 1);
      return first.kind == Value::NoValue ? resolve(otherwise, depth + 1) : first;
    }
    if (fn == "Fn::FindInMap") {
      if (!arg.is_array() || arg.child_count < 3) return symbol("Fn::FindInMap");
      const Node* at = t_.mappings;
      const Node* key = &tree_.at(arg.first_child);
      for (int k = 0; k < 3 && at != nullptr; ++k, key = key->next == kNoNode ? nullptr : &tree_.at(key->next)) {
        std::optional<Scalar> s = key != nullptr ? scalar(*key, depth + 1) : std::nullopt;
        at = s && !s->symbolic ? member_of(tree_, at, s->text) : nullptr;
      }
      if (at == nullptr) return symbol("Fn::FindInMap");
      return resolve(*at, depth + 1);
    }
    // Fn::ImportValue, Fn::GetAZs, Fn::Base64, Fn::Cidr, Fn::Transform...: known only to a deployed stack.
    if (arg.is_string()) return symbol(std::string(fn) + " " + std::string(arg.text));
    return symbol(fn);
  }

  std::optional<Scalar> scalar(const Node& n, int depth) const {
    Value v = resolve(n, depth);
    if (v.kind == Value::String) return v.scalar;
    if (v.kind == Value::Literal && !v.node->is_object() && !v.node->is_array() && v.node->type != JsonType::Null) {
      return Scalar{std::string(v.node->text), v.node->symbolic};
    }
    return std::nullopt;
  }

  std::optional<std::vector<Scalar>> list(const Node& n, int depth) const {
    Value v = resolve(n, depth);
    if (v.kind == Value::List) return v.items;
    if (v.kind != Value::Literal || !v.node->is_array()) return std::nullopt;
    std::vector<Scalar> out;
    for (const Node& item : tree_.children(*v.node)) {
      Value iv = resolve(item, depth + 1);
      if (iv.kind == Value::NoValue) continue;
      std::optional<Scalar> s = scalar(item, depth + 1);
      if (!s) return std::nullopt;
      out.push_back(std::move(*s));
    }
    return out;
  }

  // Whether a named condition holds with the parameters' defaults; none when it depends on something unknown.
  std::optional<bool> condition(std::string_view name, int depth) const {
    const Node* c = member_of(tree_, t_.conditions, name);
    if (c == nullptr || depth > kMaxDepth) return std::nullopt;
    return evaluate(*c, depth + 1);
  }

  // Fn::Sub's substitution of `in` (whose bytes map to file offsets through in_map, or all to `at`), appending to
  // out/map; each substituted variable that stays unknown adds its range of `out` to `symbolic`.
  void substitute(std::string_view in, const std::vector<uint32_t>* in_map, uint32_t at, const Node* vars, int depth,
                  std::string& out, std::vector<uint32_t>& map,
                  std::vector<std::pair<uint32_t, uint32_t>>& symbolic, bool& any_symbolic) const {
    auto where = [&](std::size_t i) { return in_map != nullptr ? (*in_map)[i] : at; };
    for (std::size_t i = 0; i < in.size();) {
      std::size_t open = in.find("${", i);
      std::size_t close = open == std::string_view::npos ? open : in.find('}', open + 2);
      std::size_t stop = close == std::string_view::npos ? in.size() : open;
      for (; i < stop; ++i) {
        out += in[i];
        map.push_back(where(i));
      }
      if (close == std::string_view::npos) break;
      std::string_view name = in.substr(open + 2, close - open - 2);
      uint32_t var_at = static_cast<uint32_t>(where(open));
      if (name.starts_with('!')) {  // ${!Literal} is the literal text ${Literal}
        out += "${";
        out += name.substr(1);
        out += '}';
        map.insert(map.end(), name.size() + 2, var_at);
      } else {
        Scalar s = variable(name, vars, depth);
        std::size_t begin = out.size();
        out += s.text;
        map.insert(map.end(), s.text.size(), var_at);
        if (s.symbolic) {
          symbolic.emplace_back(static_cast<uint32_t>(begin), static_cast<uint32_t>(out.size()));
          any_symbolic = true;
        }
      }
      i = close + 1;
    }
  }

 private:
  // A known stack value (CfnTemplate::known), or none.
  const std::string* known(std::string_view name) const {
    if (t_.known.empty()) return nullptr;
    auto it = t_.known.find(std::string(name));
    return it == t_.known.end() ? nullptr : &it->second;
  }

  Value attribute(std::string_view name) const {
    if (const std::string* k = known(name)) return string_value(*k, false);
    return symbol(name);
  }

  Value ref(std::string_view name) const {
    if (name == "AWS::NoValue") {
      Value v;
      v.kind = Value::NoValue;
      return v;
    }
    if (const std::string* k = known(name)) return string_value(*k, false);
    // The partition is not knowable from the template either, but "aws" is what nearly every template deploys to,
    // and a symbolic partition would hide every ARN from the rules that check ARNs.
    if (name == "AWS::Partition") return string_value("aws", false);
    if (name == "AWS::URLSuffix") return string_value("amazonaws.com", false);
    const Node* p = member_of(tree_, t_.parameters, name);
    const Node* fallback = member_of(tree_, p, "Default");
    if (fallback == nullptr || fallback->is_object() || fallback->is_array() || fallback->type == JsonType::Null) {
      return symbol(name);  // a resource, a pseudo parameter, a parameter without default
    }
    const Node* type = member_of(tree_, p, "Type");
    if (type != nullptr && type->is_string() && (type->text == "CommaDelimitedList" || type->text.starts_with("List<"))) {
      Value v;
      v.kind = Value::List;
      std::string_view rest = fallback->text;
      for (;;) {
        std::size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        v.items.push_back(Scalar{std::string(item), false});
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      return v;
    }
    return string_value(std::string(fallback->text), false);
  }

  Scalar variable(std::string_view name, const Node* vars, int depth) const {
    if (const Node* v = member_of(tree_, vars, name)) {
      if (std::optional<Scalar> s = scalar(*v, depth + 1)) return *s;
      return Scalar{"${" + std::string(name) + "}", true};
    }
    if (name.find('.') != std::string_view::npos && !name.starts_with("AWS::")) {
      if (const std::string* k = known(name)) return Scalar{*k, false};
      return Scalar{"${" + std::string(name) + "}", true};  // ${Bucket.Arn}: an attribute
    }
    Value v = ref(name);
    if (v.kind == Value::String) return v.scalar;
    return Scalar{"${" + std::string(name) + "}", true};
  }

  std::optional<bool> evaluate(const Node& n, int depth) const {
    if (depth > kMaxDepth) return std::nullopt;
    if (n.is_object() && n.child_count == 1 && tree_.at(n.first_child).key == "Condition") {
      const Node& name = tree_.at(n.first_child);
      return name.is_string() ? condition(name.text, depth + 1) : std::nullopt;
    }
    const Node* m = intrinsic(tree_, n);
    if (m == nullptr || !m->is_array()) return std::nullopt;
    std::vector<const Node*> args;
    for (const Node& a : tree_.children(*m)) args.push_back(&a);
    if (m->key == "Fn::Equals" && args.size() == 2) {
      std::optional<Scalar> a = scalar(*args[0], depth + 1), b = scalar(*args[1], depth + 1);
      if (!a || !b || a->symbolic || b->symbolic) return std::nullopt;
      return a->text == b->text;
    }
    if (m->key == "Fn::Not" && args.size() == 1) {
      std::optional<bool> v = evaluate(*args[0], depth + 1);
      return v ? std::optional<bool>(!*v) : std::nullopt;
    }
    if (m->key == "Fn::And" || m->key == "Fn::Or") {
      bool is_and = m->key == "Fn::And", unknown = false;
      for (const Node* a : args) {
        std::optional<bool> v = evaluate(*a, depth + 1);
        if (!v) unknown = true;
        else if (*v != is_and) return !is_and;  // a false in an And, a true in an Or decides
      }
      return unknown ? std::nullopt : std::optional<bool>(is_and);
    }
    return std::nullopt;
  }

  const CfnTemplate& t_;
  const JsonTree& tree_;
};

// Writes a template value as JSON, every byte mapped to the token it came from. A token is followed by a space
// mapped to the token's end in the file, so that a finding's end (the byte after its token) falls there.
class Writer {
 public:
  Writer(std::string_view file, const CfnTemplate& t, const Resolver& r, SiteText& out)
      : file_(file), tree_(*t.tree), resolver_(r), text_(out.storage), map_(out.map.table), symbolic_(out.symbolic) {}

  void raw(std::string_view s, uint32_t at) {
    text_ += s;
    map_.insert(map_.end(), s.size(), at);
  }

  // A string token for `value`, which came from the token at `span` in the file.
  void string(std::string_view value, Span span, bool symbolic) {
    uint32_t begin = static_cast<uint32_t>(text_.size());
    char c = span.offset < file_.size() ? file_[span.offset] : '\0';
    uint32_t content = span.offset + (c == '"' || c == '\'' ? 1 : 0);
    bool same = file_.substr(content, value.size()) == value;
    raw("\"", span.offset);
    for (std::size_t i = 0; i < value.size(); ++i) {
      uint32_t at = same ? content + static_cast<uint32_t>(i) : span.offset;
      unsigned char ch = static_cast<unsigned char>(value[i]);
      if (ch == '"' || ch == '\\') {
        raw(ch == '"' ? "\\\"" : "\\\\", at);
      } else if (ch < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        char escaped[7] = {'\\', 'u', '0', '0', kHex[ch >> 4], kHex[ch & 15], '\0'};
        raw(escaped, at);
      } else {
        text_ += static_cast<char>(ch);
        map_.push_back(at);
      }
    }
    uint32_t end = span.offset + std::max<uint32_t>(span.length, 1);
    raw("\"", same ? std::min<uint32_t>(content + static_cast<uint32_t>(value.size()), end - 1) : end - 1);
    if (symbolic) symbolic_.emplace_back(begin, static_cast<uint32_t>(text_.size()));
    raw(" ", span.offset + span.length);
    last_end_ = span.offset + span.length;
  }

  // Writes a value; false when it is AWS::NoValue (nothing written: the caller leaves the member or item out).
  bool value(const Node& n, int depth = 0) {
    Value v = resolver_.resolve(n);
    switch (v.kind) {
      case Value::NoValue: return false;
      case Value::String: {
        // `!Sub arn:...:root` is located at its text rather than its tag; a function of a list, at the function.
        const Node* m = intrinsic(tree_, n);
        Span span = m != nullptr && !m->is_object() && !m->is_array() ? m->span : n.span;
        string(v.scalar.text, span, v.scalar.symbolic);
        return true;
      }
      case Value::List:
        raw("[ ", n.span.offset);
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i > 0) raw(", ", n.span.offset);
          string(v.items[i].text, n.span, v.items[i].symbolic);
        }
        raw("] ", n.span.offset);
        return true;
      case Value::Literal: break;
    }
    const Node& node = *v.node;
    if (node.is_object()) {
      raw("{ ", node.span.offset);
      bool first = true;
      for (const Node& m : tree_.children(node)) {
        // A member whose value is AWS::NoValue is left out, with its key.
        std::size_t mark = text_.size(), map_mark = map_.size(), symbols = symbolic_.size();
        if (!first) raw(", ", last_end_);
        string(m.key, m.key_span, false);
        raw(": ", last_end_);
        if (value(m, depth + 1)) {
          first = false;
        } else {
          text_.resize(mark);
          map_.resize(map_mark);
          symbolic_.resize(symbols);
        }
      }
      raw("} ", last_end_);
    } else if (node.is_array()) {
      raw("[ ", node.span.offset);
      bool first = true;
      for (const Node& item : tree_.children(node)) {
        std::size_t mark = text_.size(), map_mark = map_.size(), symbols = symbolic_.size();
        if (!first) raw(", ", last_end_);
        if (value(item, depth + 1)) {
          first = false;
        } else {
          text_.resize(mark);
          map_.resize(map_mark);
          symbolic_.resize(symbols);
        }
      }
      raw("] ", last_end_);
    } else if (node.is_string()) {
      string(node.text, node.span, node.symbolic);
    } else {
      // A number, boolean or null as written (YAML's plain scalars are typed like JSON's by the YAML reader).
      std::string_view t = node.type == JsonType::Null ? std::string_view("null") : node.text;
      for (std::size_t i = 0; i < t.size(); ++i) {
        text_ += t[i];
        map_.push_back(node.span.offset + std::min<uint32_t>(static_cast<uint32_t>(i), node.span.length));
      }
      raw(" ", node.span.offset + node.span.length);
      last_end_ = node.span.offset + node.span.length;
    }
    return true;
  }

  uint32_t last_end() const noexcept { return last_end_; }

 private:
  std::string_view file_;
  const JsonTree& tree_;
  const Resolver& resolver_;
  std::string& text_;
  std::vector<uint32_t>& map_;
  std::vector<std::pair<uint32_t, uint32_t>>& symbolic_;
  uint32_t last_end_ = 0;
};

// The statement an AWS::Lambda::Permission adds to its function's resource policy (Lambda's AddPermission).
std::optional<InputError> lambda_permission(const CfnTemplate& t, const Resolver& r, const Node& props, Writer& w) {
  const JsonTree& tree = *t.tree;
  const Node* action = member_of(tree, &props, "Action");
  const Node* function = member_of(tree, &props, "FunctionName");
  const Node* principal = member_of(tree, &props, "Principal");
  if (action == nullptr || function == nullptr || principal == nullptr) {
    return InputError{props.span.offset, "an AWS::Lambda::Permission needs Action, FunctionName and Principal"};
  }
  uint32_t at = props.span.offset;
  w.raw("{ \"Version\": \"2012-10-17\", \"Statement\": [ { \"Effect\": \"Allow\", \"Principal\": ", at);
  std::optional<Scalar> who = r.scalar(*principal, 0);
  if (who && !who->symbolic && who->text == "*") {
    w.value(*principal);
  } else {
    bool service = who && (who->text.ends_with(".amazonaws.com") || who->text.ends_with(".amazon.com"));
    w.raw(service ? "{ \"Service\": " : "{ \"AWS\": ", principal->span.offset);
    w.value(*principal);
    w.raw("} ", w.last_end());
  }
  w.raw(", \"Action\": ", w.last_end());
  w.value(*action);
  w.raw(", \"Resource\": ", w.last_end());
  std::optional<Scalar> name = r.scalar(*function, 0);
  if (name && !name->symbolic && !name->text.starts_with("arn:")) {
    // A bare function name: the function's ARN in the stack's own region and account.
    w.string("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:" + name->text, function->span, true);
  } else {
    w.value(*function);
  }
  struct Key {
    std::string_view property, op, key;
  };
  static constexpr std::array<Key, 4> kKeys = {{
      {"SourceArn", "ArnLike", "aws:SourceArn"},
      {"SourceAccount", "StringEquals", "aws:SourceAccount"},
      {"PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"},
      {"FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"},
  }};
  bool any = false;
  for (std::string_view op : {"ArnLike", "StringEquals"}) {
    bool opened = false;
    for (const Key& k : kKeys) {
      const Node* v = k.op == op ? member_of(tree, &props, k.property) : nullptr;
      if (v == nullptr) continue;
      if (!any) w.raw(", \"Condition\": { ", w.last_end());
      if (!opened) w.raw(std::string(any ? ", \"" : "\"") + std::string(op) + "\": { ", v->span.offset);
      else w.raw(", ", w.last_end());
      any = opened = true;
      w.raw("\"" + std::string(k.key) + "\": ", v->span.offset);
      w.value(*v);
    }
    if (opened) w.raw("} ", w.last_end());
  }
  if (any) w.raw("} ", w.last_end());
  w.raw("} ] }", w.last_end());
  return std::nullopt;
}

// Where resources keep their policies.
struct Place {
  std::string_view resource_type;
  std::string_view property;
  PolicyType type;
  std::string_view what;      // for the label
  std::string_view resource;  // a resource policy's resource type, as the catalog names it
  bool inline_list = false;   // a list of {PolicyName, PolicyDocument}
  PolicyHolder holder = PolicyHolder::Managed;
};

constexpr std::array<Place, 27> kPlaces = {{
    {"AWS::IAM::Role", "AssumeRolePolicyDocument", PolicyType::Trust, "trust policy", {}},
    {"AWS::IAM::Role", "Policies", PolicyType::Identity, "inline policy", {}, true, PolicyHolder::InlineRole},
    {"AWS::IAM::User", "Policies", PolicyType::Identity, "inline policy", {}, true, PolicyHolder::InlineUser},
    {"AWS::IAM::Group", "Policies", PolicyType::Identity, "inline policy", {}, true, PolicyHolder::InlineGroup},
    {"AWS::IAM::Policy", "PolicyDocument", PolicyType::Identity, "policy", {}, false, PolicyHolder::InlineRole},
    {"AWS::IAM::ManagedPolicy", "PolicyDocument", PolicyType::Identity, "managed policy", {}},
    {"AWS::IAM::RolePolicy", "PolicyDocument", PolicyType::Identity, "policy", {}, false, PolicyHolder::InlineRole},
    {"AWS::IAM::UserPolicy", "PolicyDocument", PolicyType::Identity, "policy", {}, false, PolicyHolder::InlineUser},
    {"AWS::IAM::GroupPolicy", "PolicyDocument", PolicyType::Identity, "policy", {}, false, PolicyHolder::InlineGroup},
    {"AWS::S3::BucketPolicy", "PolicyDocument", PolicyType::Resource, "bucket policy", "s3:bucket"},
    {"AWS::S3::AccessPoint", "Policy", PolicyType::Resource, "access point policy", "s3:accesspoint"},
    {"AWS::S3Express::BucketPolicy", "PolicyDocument", PolicyType::Resource, "bucket policy", "s3:bucket"},
    {"AWS::SQS::QueuePolicy", "PolicyDocument", PolicyType::Resource, "queue policy", "sqs:queue"},
    {"AWS::SNS::TopicPolicy", "PolicyDocument", PolicyType::Resource, "topic policy", "sns:topic"},
    {"AWS::KMS::Key", "KeyPolicy", PolicyType::Resource, "key policy", "kms:key"},
    {"AWS::KMS::ReplicaKey", "KeyPolicy", PolicyType::Resource, "key policy", "kms:key"},
    {"AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", PolicyType::Resource, "secret policy", "secretsmanager:secret"},
    {"AWS::ECR::Repository", "RepositoryPolicyText", PolicyType::Resource, "repository policy", "ecr:repository"},
    {"AWS::ECR::RegistryPolicy", "PolicyText", PolicyType::Resource, "registry policy", "ecr:registry"},
    {"AWS::Lambda::Permission", "", PolicyType::Resource, "permission", "lambda:function"},
    {"AWS::Organizations::Policy", "Content", PolicyType::Scp, "organization policy", {}},
    {"AWS::SSO::PermissionSet", "InlinePolicy", PolicyType::Identity, "inline policy", {}},
    {"AWS::Logs::ResourcePolicy", "PolicyDocument", PolicyType::Resource, "resource policy", "logs"},
    {"AWS::EFS::FileSystem", "FileSystemPolicy", PolicyType::Resource, "file system policy", "elasticfilesystem:file-system"},
    {"AWS::OpenSearchService::Domain", "AccessPolicies", PolicyType::Resource, "access policy", "es:domain"},
    {"AWS::Backup::BackupVault", "AccessPolicy", PolicyType::Resource, "access policy", "backup:backupVault"},
    {"AWS::Serverless::Function", "Policies", PolicyType::Identity, "policy", {}, false, PolicyHolder::InlineRole},
}};

// The logical ids that a list of ARNs or one ARN value refers to by Ref (`!Ref PolicyX`).
void refs_in(const JsonTree& tree, const Node* n, std::vector<std::string_view>& out) {
  if (n == nullptr) return;
  if (const Node* m = intrinsic(tree, *n)) {
    if (m->key == "Ref" && m->is_string()) out.push_back(m->text);
    return;
  }
  if (n->is_array()) {
    for (const Node& item : tree.children(*n)) refs_in(tree, &item, out);
  }
}

bool contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The resource's Metadata suppressions; faults are problems located at the entry.
std::vector<TemplateIgnore> ignores_of(const JsonTree& tree, const Node& resource, std::vector<InputError>& problems) {
  std::vector<TemplateIgnore> out;
  const Node* ignore = member_of(tree, member_of(tree, member_of(tree, &resource, "Metadata"), "iamlint"), "ignore");
  if (ignore == nullptr) return out;
  if (!ignore->is_array()) {
    problems.push_back(InputError{ignore->span.offset, "iamlint ignore must be a list of {rule, reason} entries"});
    return out;
  }
  for (const Node& item : tree.children(*ignore)) {
    const Node* rule = member_of(tree, &item, "rule");
    const Node* reason = member_of(tree, &item, "reason");
    auto blank = [](std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; };
    std::string_view id = rule != nullptr && rule->is_string() ? rule->text : std::string_view();
    bool id_ok = id.size() == 6 && id.starts_with("IAM") &&
                 std::all_of(id.begin() + 3, id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!item.is_object()) {
      problems.push_back(InputError{item.span.offset, "an iamlint ignore entry must be a mapping with rule and reason"});
    } else if (!id_ok) {
      problems.push_back(InputError{rule != nullptr ? rule->span.offset : item.span.offset,
                                    "an iamlint ignore entry needs a rule id such as IAM220"});
    } else if (reason == nullptr || !reason->is_string() || blank(reason->text)) {
      problems.push_back(InputError{reason != nullptr ? reason->span.offset : item.span.offset,
                                    "the iamlint ignore entry for " + std::string(id) +
                                        " needs a reason: say why the finding does not apply"});
    } else {
      out.push_back(TemplateIgnore{std::string(id), std::string(reason->text), item.span.offset, item.index});
    }
  }
  return out;
}

}  // namespace

bool is_cloudformation(const JsonTree& tree, const Node& root) noexcept {
  const Node* resources = tree.member(root, "Resources");
  if (resources == nullptr || !resources->is_object()) return false;
  if (tree.member(root, "AWSTemplateFormatVersion") != nullptr) return true;
  for (const Node& r : tree.children(*resources)) {
    const Node* type = r.is_object() ? tree.member(r, "Type") : nullptr;
    if (type != nullptr && type->is_string() && type->text.find("::") != std::string_view::npos) return true;
  }
  return false;
}

void cloudformation_sites(const JsonTree& tree, const Node& root, bool yaml, Detection& out) {
  auto tmpl = std::make_shared<CfnTemplate>();
  tmpl->tree = &tree;
  tmpl->yaml = yaml;
  tmpl->parameters = member_of(tree, &root, "Parameters");
  tmpl->mappings = member_of(tree, &root, "Mappings");
  tmpl->conditions = member_of(tree, &root, "Conditions");
  tmpl->resources = member_of(tree, &root, "Resources");
  out.cfn = tmpl;
  Resolver resolver(*tmpl);
  const Node& resources = *tmpl->resources;

  // Managed policies of the template used as permissions boundaries, and those attached as identity policies.
  std::vector<std::string_view> boundaries, attached;
  for (const Node& r : tree.children(resources)) {
    const Node* props = member_of(tree, &r, "Properties");
    refs_in(tree, member_of(tree, props, "PermissionsBoundary"), boundaries);
    refs_in(tree, member_of(tree, props, "ManagedPolicyArns"), attached);
  }

  std::string_view resource_type;
  auto add = [&](const Node* node, PolicyType type, PolicyHolder holder, std::string name, SiteKind kind,
                 const std::vector<TemplateIgnore>& ignores) {
    if (node == nullptr) return;
    Value v = resolver.resolve(*node);
    if (v.kind == Value::NoValue) return;
    // A document computed when the stack is deployed (Fn::ImportValue, a Ref to a parameter without default) is
    // nothing to check; a Fn::Sub of JSON text is read, its unknown parts symbolic.
    const Node* fn = intrinsic(tree, *node);
    if (v.kind == Value::List || (v.kind == Value::String && (fn == nullptr || fn->key != "Fn::Sub"))) return;
    if (kind == SiteKind::Document && (yaml || (node->is_object() && has_intrinsic(tree, *node)))) {
      kind = SiteKind::Template;
    }
    if (kind == SiteKind::Document && !node->is_object() && !node->is_string()) return;
    out.sites.push_back(PolicySite{node, tree.pointer(*node), type, holder, std::move(name), kind, ignores,
                                   type == PolicyType::Resource ? resource_type : std::string_view()});
  };

  for (const Node& r : tree.children(resources)) {
    const Node* type_node = member_of(tree, &r, "Type");
    const Node* props = member_of(tree, &r, "Properties");
    if (type_node == nullptr || !type_node->is_string() || props == nullptr) continue;
    std::string_view type = type_node->text;
    std::vector<TemplateIgnore> ignores;
    bool ignores_read = false;
    for (const Place& p : kPlaces) {
      if (p.resource_type != type) continue;
      if (!ignores_read) {
        ignores = ignores_of(tree, r, out.problems);
        ignores_read = true;
      }
      resource_type = p.resource;
      std::string whose = std::string(type) + ' ' + std::string(r.key);
      if (type == "AWS::Lambda::Permission") {
        add(props, PolicyType::Resource, PolicyHolder::Managed, whose + ", " + std::string(p.what),
            SiteKind::LambdaPermission, ignores);
        continue;
      }
      const Node* value = member_of(tree, props, p.property);
      if (value == nullptr) continue;
      PolicyType policy_type = p.type;
      PolicyHolder holder = p.holder;
      if (type == "AWS::Organizations::Policy") {
        std::optional<Scalar> kind = member_of(tree, props, "Type") != nullptr
                                         ? resolver.scalar(*member_of(tree, props, "Type"), 0)
                                         : std::nullopt;
        if (!kind || kind->text == "SERVICE_CONTROL_POLICY") policy_type = PolicyType::Scp;
        else if (kind->text == "RESOURCE_CONTROL_POLICY") policy_type = PolicyType::Rcp;
        else continue;  // tag, backup, AI opt-out policies: not IAM policy language
      }
      if (type == "AWS::IAM::ManagedPolicy" && contains(boundaries, r.key) && !contains(attached, r.key) &&
          member_of(tree, props, "Roles") == nullptr && member_of(tree, props, "Users") == nullptr &&
          member_of(tree, props, "Groups") == nullptr) {
        policy_type = PolicyType::PermissionsBoundary;
      }
      if (type == "AWS::IAM::Policy") {
        // One policy embedded in each principal it names: the smallest quota among them applies.
        holder = member_of(tree, props, "Users") != nullptr    ? PolicyHolder::InlineUser
                 : member_of(tree, props, "Groups") != nullptr ? PolicyHolder::InlineGroup
                                                                : PolicyHolder::InlineRole;
      }
      if (type == "AWS::Serverless::Function") {
        // Policies: one document, or a list mixing documents, managed policy names and SAM policy templates.
        Value list = resolver.resolve(*value);
        const Node* items = list.kind == Value::Literal ? list.node : nullptr;
        if (items == nullptr) continue;
        std::size_t k = 0;
        auto doc = [&](const Node& d) {
          if (d.is_object() && tree.member(d, "Statement") != nullptr) {
            add(&d, policy_type, holder, whose + ", policy " + std::to_string(k), SiteKind::Document, ignores);
          }
          ++k;
        };
        if (items->is_array()) {
          for (const Node& d : tree.children(*items)) doc(d);
        } else {
          doc(*items);
        }
        continue;
      }
      if (!p.inline_list) {
        std::string what = std::string(p.what);
        if (p.property == "PolicyDocument" && type.starts_with("AWS::IAM::") && type != "AWS::IAM::ManagedPolicy") {
          const Node* n = member_of(tree, props, "PolicyName");
          std::optional<Scalar> s = n != nullptr ? resolver.scalar(*n, 0) : std::nullopt;
          if (s) what += " " + s->text;
        }
        if (policy_type == PolicyType::PermissionsBoundary) what = "permissions boundary";
        add(value, policy_type, holder, whose + ", " + what, SiteKind::Document, ignores);
        continue;
      }
      Value list = resolver.resolve(*value);
      if (list.kind != Value::Literal || !list.node->is_array()) continue;
      for (const Node& item : tree.children(*list.node)) {
        Value entry = resolver.resolve(item);
        if (entry.kind != Value::Literal || !entry.node->is_object()) continue;
        const Node* name = member_of(tree, entry.node, "PolicyName");
        std::optional<Scalar> s = name != nullptr ? resolver.scalar(*name, 0) : std::nullopt;
        add(member_of(tree, entry.node, "PolicyDocument"), policy_type, holder,
            whose + ", " + std::string(p.what) + " " + (s ? s->text : std::to_string(item.index)), SiteKind::Document,
            ignores);
      }
    }
  }
}

std::optional<std::string> cloudformation_string(const CfnTemplate& tmpl, const Node& value) {
  std::optional<Scalar> s = Resolver(tmpl).scalar(value, 0);
  if (!s || s->symbolic) return std::nullopt;
  return std::move(s->text);
}

std::optional<std::vector<std::optional<std::string>>> cloudformation_list(const CfnTemplate& tmpl,
                                                                           const Node& value) {
  std::optional<std::vector<Scalar>> items = Resolver(tmpl).list(value, 0);
  if (!items) return std::nullopt;
  std::vector<std::optional<std::string>> out;
  for (Scalar& s : *items) out.push_back(s.symbolic ? std::nullopt : std::optional<std::string>(std::move(s.text)));
  return out;
}

std::optional<InputError> cloudformation_site_text(const SourceFile& source, const CfnTemplate& tmpl,
                                                   const PolicySite& site, SiteText& out) {
  std::string_view file = source.text();
  out.clear();
  Resolver resolver(tmpl);
  Writer writer(file, tmpl, resolver, out);
  const JsonTree& tree = *tmpl.tree;
  const Node& node = *site.node;
  std::vector<uint32_t>& map = out.map.table;
  if (site.kind == SiteKind::LambdaPermission) {
    if (auto error = lambda_permission(tmpl, resolver, node, writer)) return error;
  } else {
    // A policy written as a string of JSON (`PolicyDocument: |`), or as a Fn::Sub of one.
    const Node* text = node.is_string() ? &node : nullptr;
    const Node* vars = nullptr;
    const Node* sub = intrinsic(tree, node);
    if (sub != nullptr && sub->key == "Fn::Sub") {
      text = sub->is_string() ? sub : sub->is_array() && sub->child_count >= 1 ? &tree.at(sub->first_child) : nullptr;
      if (text != nullptr && text->next != kNoNode) vars = &tree.at(text->next);
      if (text != nullptr && !text->is_string()) text = nullptr;
    }
    if (text != nullptr) {
      std::string value;
      std::vector<uint32_t> value_map;
      if (tmpl.yaml) {
        value.assign(text->text);
        yaml_string_map(file, text->span.offset, value, value_map);
      } else {
        json_string_map(file, *text, value, value_map);
      }
      if (sub == nullptr) {
        out.storage = std::move(value);
        map = std::move(value_map);
      } else {
        bool any = false;
        resolver.substitute(value, &value_map, text->span.offset, vars, 0, out.storage, map, out.symbolic, any);
        map.push_back(value_map.back());
      }
    } else {
      Value v = resolver.resolve(node);
      if (v.kind != Value::Literal || !v.node->is_object()) {
        const Node* fn = intrinsic(tree, node);
        return InputError{node.span.offset, "the policy is computed by " +
                                                std::string(fn != nullptr ? fn->key : std::string_view("a function")) +
                                                " when the stack is deployed; iamlint cannot read it"};
      }
      writer.value(node);
    }
  }
  if (map.size() == out.storage.size()) map.push_back(map.empty() ? node.span.offset : map.back());
  out.seal();
  return std::nullopt;
}

}  // namespace iamlint::linter
