#include "linter/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cstring>
#include <sstream>
#include <unordered_map>

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

// Builds the tree from yaml-cpp's parser events (no YAML::Node graph: that costs several times the file in
// allocations). Aliases are expanded by copying the anchored subtree, within a budget of values.
class Converter final : public YAML::EventHandler {
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

  bool done() const noexcept { return documents_ > 0; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override { ++documents_; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n = place(mark, "");
    if (n.is_member && mark_is_after_key(mark)) n.span = {n.key_span.offset, 0};
    n.type = JsonType::Null;
    n.text = "null";
    finish_scalar(n, anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (expecting_key()) {
      Frame& f = frames_.back();
      uint32_t at = offset_of(mark);
      f.key = view_of(value, at);
      f.key_span = {at, yaml_token_length(text_, at, f.flow)};
      f.has_key = true;
      return;
    }
    Node n = place(mark, tag);
    n.type = tag == "?" ? plain_type(value) : JsonType::String;
    n.text = view_of(value, n.span.offset);
    n.span.length = yaml_token_length(text_, n.span.offset, in_flow());
    finish_scalar(n, anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(mark, tag, anchor, style, JsonType::Array);
  }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(mark, tag, anchor, style, JsonType::Object);
  }
  void OnSequenceEnd() override { frames_.pop_back(); }
  void OnMapEnd() override { frames_.pop_back(); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (expecting_key()) throw Fault{offset_of(mark), "a mapping key must be a scalar, not an alias"};
    if (it == anchors_.end()) throw Fault{offset_of(mark), "an alias to an unknown anchor"};
    Node shape = place(mark, "");
    alias_at_ = offset_of(mark);  // an expansion over budget is reported at the alias that caused it
    copy(it->second, shape);
  }

 private:
  struct Frame {
    uint32_t id;
    bool is_map;
    bool flow;
    bool has_key = false;
    std::string_view key;
    Span key_span;
  };

  bool expecting_key() const noexcept { return !frames_.empty() && frames_.back().is_map && !frames_.back().has_key; }
  bool in_flow() const noexcept { return !frames_.empty() && frames_.back().flow; }

  // A scalar's text as a view into the file when it is written there as it reads (most are), else owned.
  std::string_view view_of(const std::string& value, uint32_t at) {
    uint32_t content = at < text_.size() && (text_[at] == '"' || text_[at] == '\'') ? at + 1 : at;
    if (text_.substr(content, value.size()) == value) return text_.substr(content, value.size());
    return tree_.own(value);
  }

  // yaml-cpp marks an empty value at the next token, often on a later line: it is located at its key instead.
  bool mark_is_after_key(const YAML::Mark& mark) const { return offset_of(mark) > frames_.back().key_span.offset; }

  // A new value's node, placed in the current container (taking the pending key of a mapping), and wrapped in an
  // object {"Fn::X": value} when a short-form tag says so: the returned shape is the value's, parented to that.
  Node place(const YAML::Mark& mark, const std::string& tag) {
    if (tree_.size() >= max_nodes_) {
      throw Fault{offset_of(mark), "the document expands (through aliases) to more than " +
                                       std::to_string(max_nodes_) + " values"};
    }
    if (frames_.size() + 1 > limits_.max_depth) {
      throw Fault{offset_of(mark), "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    }
    Node n;
    if (!frames_.empty()) {
      Frame& f = frames_.back();
      n.parent = f.id;
      if (f.is_map) {
        n.is_member = true;
        n.key = f.key;
        n.key_span = f.key_span;
        f.has_key = false;
      }
    }
    uint32_t at = offset_of(mark);
    // One character, or none where the value is nothing at the end of the file (a null item after a comment, found
    // by fuzzing): a span never reaches past the text.
    auto one = [&](uint32_t offset) { return Span{offset, offset < text_.size() ? 1u : 0u}; };
    n.span = one(at);
    std::string_view key = tag.size() > 1 && tag[0] == '!' ? long_form(tag) : std::string_view();
    if (key.empty()) return n;
    n.type = JsonType::Object;
    n.span = {at, static_cast<uint32_t>(tag.size())};
    uint32_t id = tree_.add(n);
    Node member;
    member.parent = id;
    member.is_member = true;
    member.key = key;
    member.key_span = n.span;
    uint32_t value_at = at + static_cast<uint32_t>(tag.size());
    while (value_at < text_.size() && is_space(text_[value_at])) ++value_at;
    member.span = one(value_at);
    return member;
  }

  void finish_scalar(const Node& n, YAML::anchor_t anchor) {
    uint32_t id = tree_.add(n);
    if (anchor != 0) anchors_[anchor] = id;
  }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style,
            JsonType type) {
    if (expecting_key()) throw Fault{offset_of(mark), "a mapping key must be a scalar"};
    bool flow = in_flow() || style == YAML::EmitterStyle::Flow;
    Node n = place(mark, tag);
    n.type = type;
    n.span.length = 1;
    uint32_t id = tree_.add(n);
    if (anchor != 0) anchors_[anchor] = id;
    frames_.push_back(Frame{id, type == JsonType::Object, flow, false, {}, {}});
  }

  // Copies the subtree at `from` to where `shape` places it (an alias).
  void copy(uint32_t from, const Node& shape) {
    if (tree_.size() >= max_nodes_) {
      throw Fault{alias_at_, "the document expands (through aliases) to more than " +
                                         std::to_string(max_nodes_) + " values"};
    }
    const Node& src = tree_.at(from);
    Node n = shape;
    n.type = src.type;
    n.text = src.text;
    n.span = src.span;
    uint32_t id = tree_.add(n);
    for (uint32_t c = tree_.at(from).first_child; c != kNoNode; c = tree_.at(c).next) {
      Node child;
      child.parent = id;
      child.is_member = tree_.at(c).is_member;
      child.key = tree_.at(c).key;
      child.key_span = tree_.at(c).key_span;
      copy(c, child);
    }
  }

  const SourceFile& source_;
  std::string_view text_;
  JsonTree& tree_;
  const LoadLimits& limits_;
  std::size_t max_nodes_;
  std::vector<Frame> frames_;
  std::unordered_map<YAML::anchor_t, uint32_t> anchors_;
  int documents_ = 0;
  uint32_t alias_at_ = 0;
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
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    parser.HandleNextDocument(converter);  // the first document only: a template is one
    if (tree.size() == 0) return InputError{0, "the YAML file holds no document"};
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
