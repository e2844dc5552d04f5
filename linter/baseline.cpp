#include "linter/baseline.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "linter/json_loader.hpp"
#include "linter/lint.hpp"

namespace iamlint::linter {

namespace fs = std::filesystem;

uint64_t fnv1a64(std::string_view bytes, uint64_t state) noexcept {
  for (char c : bytes) {
    state ^= static_cast<unsigned char>(c);
    state *= 0x100000001b3ull;
  }
  return state;
}

std::string hex64(uint64_t value) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(value));
  return buf;
}

namespace {

void append_string(std::string_view s, std::string& out) {
  out += '"';
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

}  // namespace

void canonical_json(const JsonTree& tree, const Node& node, std::string& out) {
  switch (node.type) {
    case JsonType::Object: {
      std::vector<const Node*> members;
      members.reserve(node.child_count);
      for (const Node& m : tree.children(node)) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(), [](const Node* a, const Node* b) { return a->key < b->key; });
      out += '{';
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i != 0) out += ',';
        append_string(members[i]->key, out);
        out += ':';
        canonical_json(tree, *members[i], out);
      }
      out += '}';
      return;
    }
    case JsonType::Array: {
      out += '[';
      bool first = true;
      for (const Node& item : tree.children(node)) {
        if (!first) out += ',';
        first = false;
        canonical_json(tree, item, out);
      }
      out += ']';
      return;
    }
    case JsonType::String: append_string(node.text, out); return;
    default: out += node.text; return;  // a number as written, true, false, null
  }
}

void assign_fingerprints(const Policy& policy, std::string_view path, std::vector<Finding>& findings) {
  // Per statement, computed when a finding needs it: its pointer and the hash of its canonical text.
  std::vector<std::string> prefixes(policy.statements.size()), digests(policy.statements.size());
  std::string canonical;
  constexpr std::string_view kSep("\0", 1);
  for (Finding& f : findings) {
    std::string_view digest;
    // The location is hashed in pieces (FNV-1a runs on), as if "/Statement/*" replaced the statement's pointer.
    std::string_view location_head, location_tail = f.pointer;
    if (f.statement >= 0 && static_cast<std::size_t>(f.statement) < policy.statements.size()) {
      auto i = static_cast<std::size_t>(f.statement);
      if (digests[i].empty()) {
        const Node& node = *policy.statements[i].node;
        canonical.clear();
        canonical_json(*policy.tree, node, canonical);
        digests[i] = hex64(fnv1a64(canonical));
        prefixes[i] = policy.tree->pointer(node);
      }
      // The statement's own pointer (/Statement/N, or /Statement for a lone statement object) becomes /Statement/*:
      // the statement's hash identifies it, so its findings keep their fingerprints when statements are added
      // before it or reordered.
      if (f.pointer.starts_with(prefixes[i])) {
        location_head = "/Statement/*";
        location_tail = std::string_view(f.pointer).substr(prefixes[i].size());
      }
      digest = digests[i];
    }
    uint64_t h = fnv1a64(f.rule->id);
    h = fnv1a64(path, fnv1a64(kSep, h));
    // A policy inside a wrapper is named by its place too (bare policies have none, so their fingerprints are
    // what they were before wrappers): the pointer inside it alone would be shared by the file's other policies.
    if (!f.policy.empty()) h = fnv1a64(f.policy, fnv1a64(kSep, h));
    h = fnv1a64(location_tail, fnv1a64(location_head, fnv1a64(kSep, h)));
    h = fnv1a64(digest, fnv1a64(kSep, h));
    f.fingerprint = hex64(h);
  }
}

namespace {

bool is_fingerprint(std::string_view s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

std::optional<FileError> load_baseline(const std::string& path, Baseline& out) {
  out = Baseline{};
  out.path = path;
  LoadLimits limits;
  ReadResult read = read_source(path, limits.max_file_size);
  if (!read.source) {
    std::string_view why = read.error;
    if (why.starts_with("cannot open: ")) why.remove_prefix(13);
    return FileError{path, std::nullopt, "cannot read the baseline: " + std::string(why)};
  }
  const SourceFile& source = *read.source;
  JsonLoader loader(limits);
  JsonTree tree;
  if (auto error = loader.load(source, tree)) {
    return FileError{path, source.position(error->offset), "invalid JSON: " + error->message};
  }
  auto fault = [&](const Node& node, std::string message) {
    return FileError{path, source.position(node.span.offset), std::move(message)};
  };
  const Node* root = tree.root();
  constexpr std::string_view kShape = "a baseline is a JSON object with baseline_version and findings";
  if (root == nullptr) return FileError{path, std::nullopt, std::string(kShape)};
  if (!root->is_object()) return fault(*root, std::string(kShape));
  const Node* version = tree.member(*root, "baseline_version");
  if (version == nullptr) return fault(*root, "this is not an iamlint baseline: it has no baseline_version");
  if (version->type != JsonType::Number || version->text != std::to_string(kBaselineVersion)) {
    return fault(*version, "baseline_version " + std::string(version->text) + " is not supported (this iamlint reads " +
                               std::to_string(kBaselineVersion) + "): write the baseline again with --write-baseline");
  }
  const Node* findings = tree.member(*root, "findings");
  if (findings == nullptr) return fault(*root, "the baseline has no findings list");
  if (!findings->is_array()) return fault(*findings, "'findings' must be an array");
  for (const Node& item : tree.children(*findings)) {
    if (!item.is_object()) return fault(item, "each baseline entry must be an object with a fingerprint");
    const Node* fp = tree.member(item, "fingerprint");
    if (fp == nullptr) return fault(item, "this baseline entry has no fingerprint");
    if (!fp->is_string() || !is_fingerprint(fp->text)) {
      return fault(*fp, "a fingerprint is 16 lowercase hexadecimal digits");
    }
    ++out.counts[std::string(fp->text)];
    ++out.size;
  }
  return std::nullopt;
}

Baseline baseline_of(const LintResult& result) {
  Baseline b;
  for (const FileResult& f : result.files) {
    for (const Finding& g : f.findings) {
      if (g.suppressed) continue;
      ++b.counts[g.fingerprint];
      ++b.size;
    }
  }
  return b;
}

std::optional<FileError> write_baseline(const std::string& path, const LintResult& result,
                                        std::string_view tool_version) {
  struct Row {
    std::string_view path, policy, pointer, rule, fingerprint;
  };
  std::vector<Row> rows;
  for (const FileResult& f : result.files) {
    for (const Finding& g : f.findings) {
      if (!g.suppressed) rows.push_back(Row{f.fingerprint_path, g.policy, g.pointer, g.rule->id, g.fingerprint});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.path, a.policy, a.pointer, a.rule, a.fingerprint) <
           std::tie(b.path, b.policy, b.pointer, b.rule, b.fingerprint);
  });
  std::string text = "{\n  \"baseline_version\": " + std::to_string(kBaselineVersion) +
                     ",\n  \"tool\": {\"name\": \"iamlint\", \"version\": ";
  append_string(tool_version, text);
  text += "},\n  \"findings\": [";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    text += i == 0 ? "\n    " : ",\n    ";
    text += "{\"fingerprint\": \"" + std::string(rows[i].fingerprint) + "\", \"rule\": \"" +
            std::string(rows[i].rule) + "\", \"path\": ";
    append_string(rows[i].path, text);
    if (!rows[i].policy.empty()) {
      text += ", \"policy\": ";
      append_string(rows[i].policy, text);
    }
    text += ", \"pointer\": ";
    append_string(rows[i].pointer, text);
    text += '}';
  }
  text += rows.empty() ? "]\n}\n" : "\n  ]\n}\n";

  // Written beside the target and renamed over it, so that a failed write never leaves half a baseline.
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return FileError{path, std::nullopt, "cannot write the baseline: " + std::string(std::strerror(errno))};
    out << text;
    out.close();
    if (!out) return FileError{path, std::nullopt, "cannot write the baseline: " + std::string(std::strerror(errno))};
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    return FileError{path, std::nullopt, "cannot write the baseline: " + ec.message()};
  }
  return std::nullopt;
}

void apply_baseline(const Baseline& baseline, LintResult& result) {
  std::unordered_map<std::string, uint32_t> left = baseline.counts;
  for (FileResult& f : result.files) {
    for (Finding& g : f.findings) {
      if (g.suppressed) continue;
      auto it = left.find(g.fingerprint);
      if (it == left.end() || it->second == 0) continue;
      --it->second;
      g.baselined = true;
    }
  }
}

}  // namespace iamlint::linter
