#include "fuzz/fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>

#include "linter/model.hpp"
#include "rules/registry.hpp"

namespace iamlint::fuzz {

using linter::JsonTree;
using linter::JsonType;
using linter::Node;
using linter::Position;
using linter::SourceFile;

void require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "iamlint fuzz: invariant violated: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

std::string_view as_text(const uint8_t* data, std::size_t size) noexcept {
  return {reinterpret_cast<const char*>(data), size};
}

namespace {

const rules::Registry& registry() {
  static const rules::Registry r;
  return r;
}

}  // namespace

bool inside(const SourceFile& source, Position at) {
  if (at.line == 0 || at.column == 0) return false;
  // The line as the file has it, found here rather than through SourceFile: lines end at '\n' only, and every other
  // byte of the line, a '\r' included, is in its columns (a leading BOM is not).
  std::string_view text = source.text();
  std::size_t start = 0;
  for (uint32_t line = 1; line < at.line; ++line) {
    start = text.find('\n', start);
    if (start == std::string_view::npos) return false;
    ++start;
  }
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  if (start == 0 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  std::size_t code_points = 0;
  for (char c : line) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return at.column <= code_points + 1;
}

linter::FileResult lint_checked(std::string_view bytes, const std::string& path, const linter::LintOptions& options) {
  static const linter::Engine engine(registry().all());
  linter::Workspace ws(options.limits);
  SourceFile source(path, std::string(bytes));
  linter::FileResult result;
  result.path = path;
  linter::lint_source(engine, options, ws, source, result);
  const std::size_t size = bytes.size();
  require(result.excerpts.size() == (options.excerpts ? result.findings.size() : 0), "one excerpt per finding");
  for (const linter::Finding& f : result.findings) {
    require(f.rule != nullptr, "a finding without its rule");
    require(f.offset <= size && f.length <= size - f.offset, "a finding's span lies outside the input");
    Position begin = source.position(f.offset), end = source.position(f.offset + f.length);
    require(f.begin.line == begin.line && f.begin.column == begin.column, "a finding's line:col is not its offset's");
    require(f.end.line == end.line && f.end.column == end.column, "a finding's end is not its span's end");
    require(inside(source, f.begin) && inside(source, f.end), "a finding's line:col lies outside the input");
    require(f.statement >= -1, "a finding's statement index");
    require(!f.fingerprint.empty(), "a finding without a fingerprint");
  }
  for (const linter::InputProblem& p : result.problems) {
    require(!p.message.empty(), "a problem without a message");
    if (p.at) require(inside(source, *p.at), "a problem's line:col lies outside the input");
  }
  return result;
}

void lint_as(std::string_view bytes, linter::InputType type, const std::string& path) {
  linter::LintOptions options;
  options.input_type = type;
  lint_checked(bytes, path, options);
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

std::string json_string(std::string_view s) {
  std::string out;
  out.push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out.append(buf);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

namespace {

std::string_view scalar_text(const Node& n) {
  switch (n.type) {
    case JsonType::Null: return "null";
    case JsonType::Bool: return n.text.size() == 4 ? "true" : "false";  // YAML writes True, TRUE
    default: return n.text;
  }
}

void append_node(std::string& out, const JsonTree& tree, const Node& n) {
  if (n.is_member) {
    out += json_string(n.key);
    out.push_back(':');
  }
  switch (n.type) {
    case JsonType::Object:
    case JsonType::Array: {
      out.push_back(n.is_object() ? '{' : '[');
      bool first = true;
      for (const Node& child : tree.children(n)) {
        if (!first) out.push_back(',');
        first = false;
        append_node(out, tree, child);
      }
      out.push_back(n.is_object() ? '}' : ']');
      break;
    }
    case JsonType::String: out += json_string(n.text); break;
    default: out.append(scalar_text(n));
  }
}

bool same_node(const JsonTree& a, const Node& x, const JsonTree& b, const Node& y) {
  if (x.type != y.type || x.is_member != y.is_member || x.child_count != y.child_count || x.index != y.index) {
    return false;
  }
  if (x.is_member && x.key != y.key) return false;
  if (!x.is_object() && !x.is_array() && scalar_text(x) != scalar_text(y)) return false;
  auto i = a.children(x).begin(), j = b.children(y).begin();
  for (; i != a.children(x).end() && j != b.children(y).end(); ++i, ++j) {
    if (!same_node(a, *i, b, *j)) return false;
  }
  return !(i != a.children(x).end()) && !(j != b.children(y).end());
}

}  // namespace

std::string to_json(const JsonTree& tree) {
  std::string out;
  if (tree.root() != nullptr) append_node(out, tree, *tree.root());
  return out;
}

bool same_tree(const JsonTree& a, const JsonTree& b) {
  if (a.root() == nullptr || b.root() == nullptr) return a.root() == b.root();
  return a.size() == b.size() && same_node(a, *a.root(), b, *b.root());
}

namespace {

std::string pointer_of(const JsonTree& tree, const Node* n) { return n == nullptr ? "-" : tree.pointer(*n); }

}  // namespace

void require_round_trip(const SourceFile& source, const JsonTree& tree, std::string_view what) {
  std::string json = to_json(tree);
  SourceFile copy_source(source.path(), json);
  JsonTree copy;
  linter::JsonLoader loader;
  auto error = loader.load(copy_source, copy);
  if (error) std::fprintf(stderr, "%s\n%s at %u\n", json.c_str(), error->message.c_str(), error->offset);
  require(!error, std::string(what) + ": the tree written as JSON does not load again");
  if (!same_tree(tree, copy)) std::fprintf(stderr, "written: %s\nloaded:  %s\n", json.c_str(), to_json(copy).c_str());
  require(same_tree(tree, copy), std::string(what) + ": the tree written as JSON loads as another tree");

  linter::Policy p, q;
  linter::build_policy(source, tree, std::nullopt, linter::PolicyHolder::Managed, p);
  linter::build_policy(copy_source, copy, std::nullopt, linter::PolicyHolder::Managed, q);
  require(p.type == q.type && p.type_inferred == q.type_inferred, std::string(what) + ": another policy type");
  require(pointer_of(tree, p.version) == pointer_of(copy, q.version) &&
              pointer_of(tree, p.id) == pointer_of(copy, q.id) &&
              pointer_of(tree, p.statement) == pointer_of(copy, q.statement),
          std::string(what) + ": other top-level elements");
  require(p.statements.size() == q.statements.size(), std::string(what) + ": another number of statements");
  for (std::size_t i = 0; i < p.statements.size(); ++i) {
    const linter::Statement &s = p.statements[i], &t = q.statements[i];
    require(s.index == t.index && s.effect == t.effect && pointer_of(tree, s.node) == pointer_of(copy, t.node),
            std::string(what) + ": another statement");
    for (int e = 0; e < linter::kElementCount; ++e) {
      require(pointer_of(tree, s.elements[e]) == pointer_of(copy, t.elements[e]),
              std::string(what) + ": a statement's elements differ");
    }
  }
}

}  // namespace iamlint::fuzz
