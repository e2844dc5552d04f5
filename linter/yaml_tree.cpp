#include "linter/yaml_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstring>

namespace iamlint::linter {

namespace {

// CloudFormation's short-form tags and the long-form keys they stand for.
struct ShortForm {
  std::string_view tag, key;
};
constexpr std::array<ShortForm, 20> kShortForms = {{
    {"!Ref", "Ref"},
    {"!Condition", "Condition"},
    {"!Base64", "Fn::Base64"},
    {"!Cidr", "Fn::Cidr"},
    {"!FindInMap", "Fn::FindInMap"},
    {"!GetAtt", "Fn::GetAtt"},
    {"!GetAZs", "Fn::GetAZs"},
    {"!ImportValue", "Fn::ImportValue"},
    {"!Join", "Fn::Join"},
    {"!Select", "Fn::Select"},
    {"!Split", "Fn::Split"},
    {"!Sub", "Fn::Sub"},
    {"!Transform", "Fn::Transform"},
    {"!And", "Fn::And"},
    {"!Equals", "Fn::Equals"},
    {"!If", "Fn::If"},
    {"!Not", "Fn::Not"},
    {"!Or", "Fn::Or"},
    {"!ToJsonString", "Fn::ToJsonString"},
    {"!Length", "Fn::Length"},
}};

std::string_view long_form(std::string_view tag) noexcept {
  for (const ShortForm& s : kShortForms) {
    if (s.tag == tag) return s.key;
  }
  return {};
}

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_flow_indicator(char c) noexcept { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// YAML 1.2 core schema, as CloudFormation reads a plain scalar.
JsonType plain_type(std::string_view s) noexcept {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return JsonType::Null;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") return JsonType::Bool;
  // A JSON number (what the rendered policy will carry); anything else that YAML might call a number (0x1F, .inf)
  // stays a string, which is how a policy would have to spell it anyway.
  std::size_t i = 0;
  if (s[i] == '-') ++i;
  if (i == s.size()) return JsonType::String;
  if (s[i] == '0') {
    ++i;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  } else {
    return JsonType::String;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return JsonType::String;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return JsonType::String;
  }
  return i == s.size() ? JsonType::Number : JsonType::String;
}

class Converter {
 public:
  Converter(const SourceFile& source, JsonTree& tree, const LoadLimits& limits)
      : source_(source), text_(source.text()), tree_(tree), limits_(limits),
        max_nodes_(std::max<std::size_t>(1u << 16, 8 * source.text().size())) {}

  struct Fault {
    uint32_t offset;
    std::string message;
  };

  // The byte offset of a mark. yaml-cpp counts a mark's column in bytes from the line's start (after a BOM).
  uint32_t offset_of(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0 || m.column < 0) return 0;
    std::string_view line = source_.line_text(static_cast<uint32_t>(m.line) + 1);
    if (line.data() == nullptr) return static_cast<uint32_t>(text_.size());
    std::size_t column = std::min<std::size_t>(static_cast<std::size_t>(m.column), line.size());
    return static_cast<uint32_t>(line.data() - text_.data() + column);
  }

  void convert(const YAML::Node& node, Node shape, uint32_t depth, bool in_flow) {
    if (tree_.size() >= max_nodes_) {
      throw Fault{offset_of(node.Mark()), "the document expands (through aliases) to more than " +
                                              std::to_string(max_nodes_) + " values"};
    }
    if (depth > limits_.max_depth) {
      throw Fault{offset_of(node.Mark()),
                  "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    }
    uint32_t at = node.IsNull() && shape.is_member ? shape.key_span.offset : offset_of(node.Mark());
    const std::string& tag = node.Tag();
    std::string_view key = tag.size() > 1 && tag[0] == '!' ? long_form(tag) : std::string_view();
    if (!key.empty()) {
      // `!Tag value` is {"Fn::Tag": value}: the object and its key span the tag, the value its own token.
      Node object = shape;
      object.type = JsonType::Object;
      object.span = {at, static_cast<uint32_t>(tag.size())};
      object.text = {};
      uint32_t id = tree_.add(object);
      Node member;
      member.parent = id;
      member.is_member = true;
      member.key = key;
      member.key_span = object.span;
      uint32_t value_at = at + static_cast<uint32_t>(tag.size());
      while (value_at < text_.size() && is_space(text_[value_at])) ++value_at;
      convert_value(node, member, value_at, depth + 1, in_flow);
      return;
    }
    convert_value(node, shape, at, depth, in_flow);
  }

 private:
  void convert_value(const YAML::Node& node, Node shape, uint32_t at, uint32_t depth, bool in_flow) {
    bool flow = in_flow || node.Style() == YAML::EmitterStyle::Flow;
    switch (node.Type()) {
      case YAML::NodeType::Map: {
        shape.type = JsonType::Object;
        shape.span = {at, 1};
        uint32_t id = tree_.add(shape);
        for (const auto& kv : node) {
          const YAML::Node& k = kv.first;
          Node member;
          member.parent = id;
          member.is_member = true;
          uint32_t key_at = offset_of(k.Mark());
          if (!k.IsScalar()) throw Fault{key_at, "a mapping key must be a scalar"};
          member.key = tree_.own(k.Scalar());
          member.key_span = {key_at, yaml_token_length(text_, key_at, flow)};
          convert(kv.second, member, depth + 1, flow);
        }
        return;
      }
      case YAML::NodeType::Sequence: {
        shape.type = JsonType::Array;
        shape.span = {at, 1};
        uint32_t id = tree_.add(shape);
        for (const auto& item : node) {
          Node child;
          child.parent = id;
          convert(item, child, depth + 1, flow);
        }
        return;
      }
      case YAML::NodeType::Scalar: {
        const std::string& value = node.Scalar();
        // yaml-cpp tags a plain scalar "?" and a quoted or block one "!": only plain scalars have a type.
        shape.type = node.Tag() == "?" ? plain_type(value) : JsonType::String;
        shape.text = tree_.own(value);
        shape.span = {at, yaml_token_length(text_, at, flow)};
        tree_.add(shape);
        return;
      }
      default: {  // null (an empty value) or undefined
        shape.type = JsonType::Null;
        shape.text = "null";
        shape.span = {at, 0};
        tree_.add(shape);
        return;
      }
    }
  }

  const SourceFile& source_;
  std::string_view text_;
  JsonTree& tree_;
  const LoadLimits& limits_;
  std::size_t max_nodes_;
};

}  // namespace

uint32_t yaml_token_length(std::string_view text, uint32_t offset, bool in_flow) noexcept {
  std::size_t n = text.size(), i = offset;
  if (i >= n) return 0;
  char c = text[i];
  if (c == '"') {
    for (++i; i < n; ++i) {
      if (text[i] == '\\') ++i;
      else if (text[i] == '"') return static_cast<uint32_t>(i + 1 - offset);
    }
    return static_cast<uint32_t>(n - offset);
  }
  if (c == '\'') {
    for (++i; i < n; ++i) {
      if (text[i] != '\'') continue;
      if (i + 1 < n && text[i + 1] == '\'') ++i;
      else return static_cast<uint32_t>(i + 1 - offset);
    }
    return static_cast<uint32_t>(n - offset);
  }
  if (c == '|' || c == '>') return 1;
  for (; i < n && text[i] != '\n' && text[i] != '\r'; ++i) {
    char d = text[i];
    if (d == '#' && i > offset && (text[i - 1] == ' ' || text[i - 1] == '\t')) break;
    if (d == ':' && (i + 1 == n || is_space(text[i + 1]) || (in_flow && is_flow_indicator(text[i + 1])))) break;
    if (in_flow && is_flow_indicator(d) && i > offset) break;
  }
  while (i > offset && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  return static_cast<uint32_t>(i - offset);
}

void yaml_string_map(std::string_view text, uint32_t offset, std::string_view value, std::vector<uint32_t>& map) {
  std::size_t n = text.size(), cursor = offset;
  bool quoted = false;
  if (cursor < n && (text[cursor] == '|' || text[cursor] == '>')) {
    while (cursor < n && text[cursor] != '\n') ++cursor;  // the content starts on the next line
  } else if (cursor < n && (text[cursor] == '"' || text[cursor] == '\'')) {
    quoted = text[cursor] == '"';
    ++cursor;
  }
  uint32_t last = offset;
  for (std::size_t k = 0; k < value.size(); ++k) {
    char c = value[k];
    // White space, line breaks and quotes that the value does not have here: indentation, folding, quoting.
    while (cursor < n && text[cursor] != c && (is_space(text[cursor]) || text[cursor] == '\'' || text[cursor] == '"')) {
      ++cursor;
    }
    if (cursor < n && text[cursor] == c) {
      last = static_cast<uint32_t>(cursor++);
      map.push_back(last);
      continue;
    }
    if (quoted && cursor < n && text[cursor] == '\\') {
      // An escape: the bytes it produced (a whole UTF-8 character) all sit at the backslash.
      last = static_cast<uint32_t>(cursor);
      map.push_back(last);
      while (k + 1 < value.size() && (static_cast<unsigned char>(value[k + 1]) & 0xC0) == 0x80) {
        map.push_back(last);
        ++k;
      }
      char kind = cursor + 1 < n ? text[cursor + 1] : '\0';
      std::size_t length = kind == 'x' ? 4 : kind == 'u' ? 6 : kind == 'U' ? 10 : 2;
      cursor = std::min(n, cursor + length);
      continue;
    }
    map.push_back(last);
  }
  map.push_back(cursor < n ? static_cast<uint32_t>(cursor) : static_cast<uint32_t>(n));
}

bool is_yaml_path(std::string_view path, std::string_view text) noexcept {
  if (path.ends_with(".yaml") || path.ends_with(".yml")) return true;
  if (!path.ends_with(".template")) return false;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < text.size() && is_space(text[i])) ++i;
  return i == text.size() || text[i] != '{';
}

std::optional<InputError> load_yaml(const SourceFile& source, JsonTree& tree, const LoadLimits& limits) {
  tree.clear();
  Converter converter(source, tree, limits);
  try {
    std::string_view text = source.text();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsDefined() || root.IsNull()) {
      return InputError{0, "the YAML file holds no document"};
    }
    converter.convert(root, Node{}, 1, false);
  } catch (const Converter::Fault& f) {
    return InputError{f.offset, f.message};
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
    return InputError{converter.offset_of(e.mark), "YAML: " + message};
  } catch (const std::exception& e) {
    return InputError{0, std::string("YAML: ") + e.what()};
  }
  return std::nullopt;
}

}  // namespace iamlint::linter
