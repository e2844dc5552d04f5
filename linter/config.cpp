#include "linter/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <system_error>

#include "linter/lint.hpp"

namespace iamlint::linter {

namespace fs = std::filesystem;

std::string FileError::describe() const {
  std::string out = path;
  if (at) out += ":" + std::to_string(at->line) + ":" + std::to_string(at->column);
  out += ": ";
  out += message;
  return out;
}

const RuleSetting* Config::setting(std::string_view rule_id) const noexcept {
  for (const RuleSetting& s : rules) {
    if (s.rule_id == rule_id) return &s;
  }
  return nullptr;
}

std::string Config::directory() const {
  std::string dir = fs::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::optional<std::string> find_config(const std::string& start_dir) {
  std::error_code ec;
  fs::path start(start_dir.empty() ? "." : start_dir);
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (dir.filename().empty() && dir != dir.root_path()) dir = dir.parent_path();  // "/a/b/" → "/a/b"
  for (;;) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) {
      if (start.is_absolute()) return candidate.string();
      fs::path cwd = fs::current_path(ec);
      return ec ? candidate.string() : candidate.lexically_proximate(cwd).string();
    }
    if (dir == dir.root_path() || !dir.has_relative_path()) return std::nullopt;
    dir = dir.parent_path();
  }
}

namespace {

// The offset of the first byte that is not valid UTF-8 (RFC 3629), if any.
std::optional<std::size_t> invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;       // overlong
    else if (c == 0xED) hi = 0x9F;  // surrogates
    else if (c == 0xF0) lo = 0x90;  // overlong
    else if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    if (c1 < lo || c1 > hi) return i;
    for (std::size_t k = 2; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += n;
  }
  return std::nullopt;
}

// The offset of the first tab in the leading whitespace of a line up to `last_line`, if any.
std::optional<uint32_t> indenting_tab(std::string_view text, uint32_t last_line) {
  uint32_t line = 1;
  bool leading = true;
  for (std::size_t i = 0; i < text.size() && line <= last_line; ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      leading = true;
    } else if (leading && c == '\t') {
      return static_cast<uint32_t>(i);
    } else if (c != ' ') {
      leading = false;
    }
  }
  return std::nullopt;
}

// Thrown inside the parser only: parse_config turns it into a FileError.
struct Fault {
  Position at;
  std::string message;
};

std::string_view kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "empty";
  }
}

std::string one_of(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

constexpr std::string_view kTopKeys[] = {"version", "rules", "include", "exclude", "suppressions"};
constexpr std::string_view kRuleKeys[] = {"enabled", "severity", "options"};
constexpr std::string_view kSuppressionKeys[] = {"rule", "path", "sid", "pointer", "reason"};
constexpr std::string_view kSeverities[] = {"error", "security", "warning", "suggestion"};

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

class Parser {
 public:
  Parser(const SourceFile& source, const std::vector<const Rule*>& rules) : source_(source), rules_(rules) {}

  // The byte offset of a mark in the file. yaml-cpp counts a mark's column in bytes from the line's start (after a
  // BOM), and its `pos` leaves a BOM out.
  std::optional<uint32_t> offset_of(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0 || m.column < 0) return std::nullopt;
    std::string_view line = source_.line_text(static_cast<uint32_t>(m.line) + 1);
    if (line.data() == nullptr) return std::nullopt;
    std::size_t column = std::min<std::size_t>(static_cast<std::size_t>(m.column), line.size());
    return static_cast<uint32_t>(line.data() - source_.text().data() + column);
  }

  // Line and column as for policies: the column counts code points.
  Position at(const YAML::Mark& m) const {
    if (auto offset = offset_of(m)) return source_.position(*offset);
    if (m.is_null() || m.line < 0 || m.column < 0) return {1, 1};
    return {static_cast<uint32_t>(m.line) + 1, static_cast<uint32_t>(m.column) + 1};
  }

  [[noreturn]] void fail(const YAML::Mark& m, std::string message) const { throw Fault{at(m), std::move(message)}; }

  void parse(const YAML::Node& root, Config& out) {
    if (root.IsNull()) return;
    if (!root.IsMap()) {
      fail(root.Mark(), "the configuration must be a mapping with the keys " + one_of(kTopKeys) + ", not " +
                            std::string(kind_of(root)));
    }
    for (const Entry& e : entries(root, kTopKeys, "the configuration")) {
      if (e.key == "version") {
        if (!e.value.IsScalar() || e.value.Scalar() != "1") {
          fail(mark_of(e), "'version' must be 1, the only version of this format");
        }
      } else if (e.key == "rules") {
        parse_rules(e, out);
      } else if (e.key == "include") {
        out.include = globs(e);
        if (out.include->empty()) fail(mark_of(e), "'include' must name at least one glob");
      } else if (e.key == "exclude") {
        if (!e.value.IsNull()) out.exclude = globs(e);
      } else if (e.key == "suppressions") {
        parse_suppressions(e, out);
      }
    }
  }

 private:
  // Where to point for an entry's value: the key when the value is missing (yaml-cpp marks an empty value at
  // whatever follows it).
  static YAML::Mark mark_of(const Entry& e) { return e.value.IsNull() ? e.key_node.Mark() : e.value.Mark(); }

  [[noreturn]] void wrong_type(const Entry& e, std::string_view what, std::string_view expected) const {
    std::string subject(what);
    if (e.value.IsNull()) fail(e.key_node.Mark(), subject + " has no value: expected " + std::string(expected));
    fail(e.value.Mark(), subject + " must be " + std::string(expected) + ", not " + std::string(kind_of(e.value)));
  }

  // A mapping's entries in file order; keys must be scalars, known (when `known` is not empty) and not repeated.
  std::vector<Entry> entries(const YAML::Node& map, std::span<const std::string_view> known, std::string_view where) {
    std::vector<Entry> out;
    for (const auto& kv : map) {
      const YAML::Node& key = kv.first;
      if (!key.IsScalar()) fail(key.Mark(), "a key must be a plain name, not " + std::string(kind_of(key)));
      std::string name = key.Scalar();
      if (!known.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
        fail(key.Mark(), "unknown key '" + name + "' in " + std::string(where) + "; expected " + one_of(known));
      }
      for (const Entry& seen : out) {
        if (seen.key == name) {
          Position first = at(seen.key_node.Mark());
          fail(key.Mark(), "duplicate key '" + name + "' (first at " + std::to_string(first.line) + ":" +
                               std::to_string(first.column) + ")");
        }
      }
      out.push_back(Entry{std::move(name), key, kv.second});
    }
    return out;
  }

  const Rule* find_rule(const YAML::Node& name_node) const {
    const std::string& name = name_node.Scalar();
    for (const Rule* r : rules_) {
      if (r->meta().id == name || r->meta().name == name) return r;
    }
    fail(name_node.Mark(), "unknown rule '" + name + "' (see 'iamlint rules')");
  }

  std::string scalar(const Entry& e, std::string_view what, std::string_view expected) const {
    if (!e.value.IsScalar()) wrong_type(e, what, expected);
    return e.value.Scalar();
  }

  std::vector<std::string> globs(const Entry& e) const {
    std::string what = "'" + e.key + "'";
    constexpr std::string_view kExpected = "a glob or a list of globs";
    std::vector<std::string> out;
    auto add = [&](const YAML::Node& n) {
      if (!n.IsScalar()) fail(n.Mark(), "each item of " + what + " must be a glob, not " + std::string(kind_of(n)));
      if (n.Scalar().empty()) fail(n.Mark(), "a glob in " + what + " must not be empty");
      out.push_back(n.Scalar());
    };
    if (e.value.IsScalar()) add(e.value);
    else if (e.value.IsSequence()) for (const auto& item : e.value) add(item);
    else wrong_type(e, what, kExpected);
    return out;
  }

  void parse_rules(const Entry& rules, Config& out) {
    if (rules.value.IsNull()) return;
    if (!rules.value.IsMap()) wrong_type(rules, "'rules'", "a mapping of rule ids or names to settings");
    for (const Entry& e : entries(rules.value, {}, "'rules'")) {
      const Rule* rule = find_rule(e.key_node);
      std::string_view id = rule->meta().id;
      if (const RuleSetting* seen = out.setting(id)) {
        fail(e.key_node.Mark(), "rule " + std::string(id) + " is configured twice (first at " +
                                    std::to_string(seen->at.line) + ":" + std::to_string(seen->at.column) + ")");
      }
      RuleSetting s;
      s.rule_id = id;
      s.at = at(e.key_node.Mark());
      std::string what = "the setting of " + std::string(id);
      if (e.value.IsScalar()) {
        const std::string& v = e.value.Scalar();
        if (v == "off" || v == "false") s.enabled = false;
        else if (v == "on" || v == "true") s.enabled = true;
        else if (auto sev = parse_severity(v)) s.severity = sev;
        else fail(e.value.Mark(), "'" + v + "' is not a setting for " + std::string(id) +
                                      ": expected off, on, a severity (" + one_of(kSeverities) +
                                      "), or a mapping with " + one_of(kRuleKeys));
      } else if (e.value.IsMap()) {
        for (const Entry& k : entries(e.value, kRuleKeys, what)) {
          if (k.key == "enabled") {
            std::string v = scalar(k, "'enabled'", "true or false");
            if (v != "true" && v != "false") fail(k.value.Mark(), "'enabled' must be true or false, not '" + v + "'");
            s.enabled = v == "true";
          } else if (k.key == "severity") {
            std::string v = scalar(k, "'severity'", "a severity (" + one_of(kSeverities) + ")");
            s.severity = parse_severity(v);
            if (!s.severity) {
              fail(k.value.Mark(), "'" + v + "' is not a severity: expected " + one_of(kSeverities));
            }
          } else if (k.key == "options") {
            parse_options(k, rule->meta(), s.options);
          }
        }
      } else {
        wrong_type(e, "the setting of " + std::string(id),
                   "off, on, a severity, or a mapping with " + one_of(kRuleKeys));
      }
      out.rules.push_back(std::move(s));
    }
  }

  void parse_options(const Entry& options, const RuleMeta& meta, RuleOptions& out) {
    std::string_view rule_id = meta.id;
    if (options.value.IsNull()) return;
    if (!options.value.IsMap()) wrong_type(options, "the options of " + std::string(rule_id), "a mapping");
    for (const Entry& o : entries(options.value, {}, "the options of " + std::string(rule_id))) {
      std::string what = "option '" + o.key + "' of " + std::string(rule_id);
      // A misspelt option would otherwise be ignored without a word, and the rule run without it.
      bool known = std::any_of(meta.options.begin(), meta.options.end(),
                               [&](const OptionDef& d) { return d.name == o.key; });
      if (!known) {
        std::string names;
        for (const OptionDef& d : meta.options) names += (names.empty() ? "" : ", ") + std::string(d.name);
        fail(o.key_node.Mark(), std::string(rule_id) + " has no option '" + o.key + "'" +
                                    (names.empty() ? std::string(": it takes none") : ": expected one of " + names));
      }
      constexpr std::string_view kExpected = "a scalar or a list of scalars";
      RuleOptions::Value v;
      v.at = at(mark_of(o));
      if (o.value.IsScalar()) {
        v.items.push_back(o.value.Scalar());
      } else if (o.value.IsSequence()) {
        v.is_list = true;
        for (const auto& item : o.value) {
          if (!item.IsScalar()) {
            fail(item.Mark(), "each item of " + what + " must be a scalar, not " + std::string(kind_of(item)));
          }
          v.items.push_back(item.Scalar());
        }
      } else {
        wrong_type(o, what, kExpected);
      }
      out.set(o.key, std::move(v));
    }
  }

  static bool valid_pointer(std::string_view p) {
    if (!p.empty() && p.front() != '/') return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '~' && (i + 1 == p.size() || (p[i + 1] != '0' && p[i + 1] != '1'))) return false;
    }
    return true;
  }

  void parse_suppressions(const Entry& list, Config& out) {
    if (list.value.IsNull()) return;
    if (!list.value.IsSequence()) wrong_type(list, "'suppressions'", "a list");
    for (const auto& item : list.value) {
      if (!item.IsMap()) {
        fail(item.Mark(), "a suppression must be a mapping with rule, path and reason, not " +
                              std::string(kind_of(item)));
      }
      Suppression s;
      s.index = static_cast<uint32_t>(out.suppressions.size());
      s.at = at(item.Mark());
      s.offset = offset_of(item.Mark()).value_or(0);
      bool has_rule = false, has_path = false, has_reason = false;
      for (const Entry& e : entries(item, kSuppressionKeys, "a suppression")) {
        if (e.key == "rule") {
          if (!e.value.IsScalar()) wrong_type(e, "'rule'", "a rule id or name");
          s.rule_id = find_rule(e.value)->meta().id;
          has_rule = true;
        } else if (e.key == "path") {
          s.path = scalar(e, "'path'", "a glob");
          if (s.path.starts_with("./")) s.path.erase(0, 2);
          if (s.path.empty()) fail(mark_of(e), "'path' must not be empty (\"*\" matches every file)");
          has_path = true;
        } else if (e.key == "sid") {
          s.sid = scalar(e, "'sid'", "a statement's Sid");
          if (s.sid->empty()) fail(mark_of(e), "'sid' must not be empty");
        } else if (e.key == "pointer") {
          s.pointer = scalar(e, "'pointer'", "a JSON pointer");
          if (!valid_pointer(*s.pointer)) {
            fail(mark_of(e), "'" + *s.pointer + "' is not a JSON pointer (RFC 6901): it must be empty or start "
                                                "with '/', and '~' must be followed by 0 or 1");
          }
        } else if (e.key == "reason") {
          s.reason = scalar(e, "'reason'", "a sentence saying why the finding is accepted");
          auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
          if (std::all_of(s.reason.begin(), s.reason.end(), blank)) {
            fail(mark_of(e), "'reason' must not be empty: say why the finding is accepted");
          }
          has_reason = true;
        }
      }
      if (!has_rule) fail(item.Mark(), "this suppression has no 'rule'");
      if (!has_path) fail(item.Mark(), "this suppression has no 'path' (\"*\" matches every file)");
      if (!has_reason) fail(item.Mark(), "this suppression has no 'reason': say why the finding is accepted");
      out.suppressions.push_back(std::move(s));
    }
  }

  const SourceFile& source_;
  const std::vector<const Rule*>& rules_;
};

}  // namespace

std::optional<FileError> parse_config(std::string_view text, const std::string& path,
                                      const std::vector<const Rule*>& rules, Config& out) {
  out = Config{};
  out.path = path;
  SourceFile source(path, std::string(text));
  if (auto bad = invalid_utf8(text)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[*bad]));
    return FileError{path, source.position(static_cast<uint32_t>(*bad)),
                     std::string("invalid UTF-8: byte ") + hex + " (the configuration must be UTF-8)"};
  }
  // yaml-cpp would stop at a NUL byte and read the rest as nothing.
  auto control = std::find_if(text.begin(), text.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
  });
  if (control != text.end()) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(*control));
    return FileError{path, source.position(static_cast<uint32_t>(control - text.begin())),
                     std::string("control character ") + hex + " (YAML allows only printable characters)"};
  }
  Parser parser(source, rules);
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
    if (documents.size() > 1) {
      // The second document's start: its first node, or the line of its "---".
      return FileError{path, parser.at(documents[1].Mark()),
                       "the configuration must be a single YAML document; a second one starts here"};
    }
    if (!documents.empty()) parser.parse(documents.front(), out);
  } catch (const Fault& f) {
    out = Config{};
    out.path = path;
    return FileError{path, f.at, f.message};
  } catch (const YAML::Exception& e) {
    out = Config{};
    out.path = path;
    if (e.mark.is_null()) return FileError{path, std::nullopt, "invalid YAML: " + e.msg};
    // yaml-cpp's message for a tab in the indentation names its consequence ("illegal map value"); say the cause.
    if (auto tab = indenting_tab(text, static_cast<uint32_t>(e.mark.line) + 1)) {
      return FileError{path, source.position(*tab),
                       "invalid YAML: a tab in the indentation (YAML indents with spaces)"};
    }
    return FileError{path, parser.at(e.mark), "invalid YAML: " + e.msg};
  }
  return std::nullopt;
}

std::optional<FileError> load_config(const std::string& path, const std::vector<const Rule*>& rules, Config& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return FileError{path, std::nullopt, "is a directory, not a configuration file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileError{path, std::nullopt, "cannot read the configuration: " + std::string(std::strerror(errno))};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path, rules, out);
}

std::optional<std::string> select_rules(const std::vector<const Rule*>& all, const Config& config,
                                        const std::vector<std::string>& only, const std::vector<std::string>& disable,
                                        std::vector<const Rule*>& out) {
  auto find = [&](std::string_view name) -> const Rule* {
    for (const Rule* r : all) {
      if (r->meta().id == name || r->meta().name == name) return r;
    }
    return nullptr;
  };
  std::vector<const Rule*> only_rules, disabled;
  for (const std::string& name : only) {
    const Rule* r = find(name);
    if (r == nullptr) return "unknown rule '" + name + "' in --only (see 'iamlint rules')";
    only_rules.push_back(r);
  }
  for (const std::string& name : disable) {
    const Rule* r = find(name);
    if (r == nullptr) return "unknown rule '" + name + "' in --disable (see 'iamlint rules')";
    disabled.push_back(r);
  }
  auto contains = [](const std::vector<const Rule*>& v, const Rule* r) {
    return std::find(v.begin(), v.end(), r) != v.end();
  };
  out.clear();
  for (const Rule* r : all) {
    bool on;
    if (!only_rules.empty()) {
      on = contains(only_rules, r);
    } else {
      const RuleSetting* s = config.setting(r->meta().id);
      on = s == nullptr || s->enabled.value_or(true);
    }
    if (on && !contains(disabled, r)) out.push_back(r);
  }
  return std::nullopt;
}

bool suppression_matches(const Suppression& s, std::string_view rule_id, std::string_view relative_path,
                         std::optional<std::string_view> sid, std::string_view pointer) {
  if (s.rule_id != rule_id || !glob_match(s.path, relative_path)) return false;
  if (s.sid && (!sid || *sid != *s.sid)) return false;
  if (s.pointer) {
    const std::string& p = *s.pointer;
    // The node itself or anything inside it: whole reference tokens only, so /Statement/1 does not cover /Statement/10.
    if (!(pointer.starts_with(p) && (pointer.size() == p.size() || pointer[p.size()] == '/'))) return false;
  }
  return true;
}

}  // namespace iamlint::linter
