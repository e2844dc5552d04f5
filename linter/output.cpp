#include "linter/output.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

namespace iamlint::linter {

namespace {

const char* colour_of(Severity s) {
  switch (s) {
    case Severity::Error: return "\x1b[1;31m";
    case Severity::Security: return "\x1b[1;35m";
    case Severity::Warning: return "\x1b[1;33m";
    case Severity::Suggestion: return "\x1b[1;36m";
  }
  return "";
}

// The excerpt, then a caret under the token and tildes along it, within what is shown.
void write_excerpt(std::ostream& out, const Excerpt& e, Position begin, Position end, bool color) {
  if (e.text.empty()) return;
  out << "    " << (e.cut_before ? "..." : "") << e.text << (e.cut_after ? "..." : "") << '\n'
      << "    " << (e.cut_before ? "   " : "");
  uint32_t column = e.first_column;
  std::size_t i = 0;
  for (; i < e.text.size() && column < begin.column; ++i) {
    unsigned char c = static_cast<unsigned char>(e.text[i]);
    if ((c & 0xC0) == 0x80) continue;
    out << (c == '\t' ? '\t' : ' ');
    ++column;
  }
  uint32_t shown_end = column;  // one past the last shown column
  for (; i < e.text.size(); ++i) {
    if ((static_cast<unsigned char>(e.text[i]) & 0xC0) != 0x80) ++shown_end;
  }
  if (color) out << "\x1b[1;32m";
  out << '^';
  uint32_t stop = end.line == begin.line ? std::min(end.column, shown_end) : begin.column + 1;
  for (uint32_t c = begin.column + 1; c < stop; ++c) out << '~';
  if (color) out << "\x1b[0m";
  out << '\n';
}

}  // namespace

Summary summarize(const LintResult& result) {
  Summary s;
  for (const FileResult& f : result.files) {
    if (!f.skipped.empty()) ++s.skipped;
    else ++s.files;
    if (!f.problems.empty()) ++s.problems;
    for (const Finding& g : f.findings) {
      if (g.suppressed) ++s.suppressed;
      else if (g.baselined) ++s.baselined;
      else ++s.by_severity[static_cast<int>(g.severity)];
    }
  }
  for (const ConfigFinding& c : result.config_findings) ++s.by_severity[static_cast<int>(c.severity)];
  return s;
}

void write_text(std::ostream& out, const LintResult& result, bool color, bool show_suppressed) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (const FileResult& f : result.files) {
    for (const InputProblem& p : f.problems) {
      out << bold << f.path;
      if (p.at) out << ':' << p.at->line << ':' << p.at->column;
      out << ": " << reset << (color ? colour_of(Severity::Error) : "") << "error:" << reset << ' ' << p.message
          << " [input]\n";
      if (p.at) write_excerpt(out, p.excerpt, *p.at, *p.at, color);
    }
    for (std::size_t k = 0; k < f.findings.size(); ++k) {
      const Finding& g = f.findings[k];
      if (g.baselined || (g.suppressed && !show_suppressed)) continue;
      out << bold << f.path << ':' << g.begin.line << ':' << g.begin.column << ": " << reset
          << (color ? colour_of(g.severity) : "") << severity_name(g.severity) << ':' << reset << ' ' << g.message
          << " [" << g.rule->id << ' ' << g.rule->name << ']' << (g.suppressed ? " (suppressed)" : "") << '\n';
      if (!g.label.empty()) out << "  in " << g.label << '\n';
      if (k < f.excerpts.size()) write_excerpt(out, f.excerpts[k], g.begin, g.end, color);
      if (g.suppressed) {
        const SuppressionNote& n = *g.suppressed;
        out << bold << n.config_path << ':' << n.at.line << ':' << n.at.column << ": " << reset
            << "note: suppressed: " << n.reason << '\n';
      }
    }
  }
  for (const ConfigFinding& c : result.config_findings) {
    out << bold << c.path << ':' << c.at.line << ':' << c.at.column << ": " << reset
        << (color ? colour_of(c.severity) : "") << severity_name(c.severity) << ':' << reset << ' ' << c.message << " ["
        << c.id << "]\n";
  }
  Summary s = summarize(result);
  if (s.findings() == 0 && s.problems == 0 && s.suppressed == 0 && s.baselined == 0) return;
  out << s.findings() << (s.findings() == 1 ? " finding" : " findings");
  const char* sep = " (";
  for (int i = 0; i < 4; ++i) {
    if (s.by_severity[i] == 0) continue;
    out << sep << s.by_severity[i] << ' ' << severity_name(static_cast<Severity>(i));
    sep = ", ";
  }
  if (*sep == ',') out << ')';
  out << " in " << s.files << (s.files == 1 ? " file" : " files");
  if (s.suppressed != 0) out << "; " << s.suppressed << " suppressed";
  if (s.baselined != 0) {
    out << "; " << s.baselined << (s.baselined == 1 ? " finding" : " findings") << " in the baseline";
  }
  if (s.problems != 0) out << "; " << s.problems << (s.problems == 1 ? " file" : " files") << " could not be checked";
  if (s.skipped != 0) out << "; " << s.skipped << (s.skipped == 1 ? " file" : " files") << " skipped (no policy)";
  out << '\n';
}

namespace {

// Output for the JSON report: appends to a buffer and hands it to the stream in large blocks, since a run over
// thousands of files writes hundreds of thousands of findings and ostream's per-character path dominated.
class Writer {
 public:
  explicit Writer(std::ostream& os) : os_(os) { buf_.reserve(kBlock + 4096); }
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void flush() {
    os_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  Writer& operator<<(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kBlock) flush();
    return *this;
  }
  Writer& operator<<(const char* s) { return *this << std::string_view(s); }
  Writer& operator<<(const std::string& s) { return *this << std::string_view(s); }
  Writer& operator<<(char c) {
    buf_.push_back(c);
    return *this;
  }
  template <typename T>
    requires std::is_integral_v<T>
  Writer& operator<<(T v) {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, end);
    return *this;
  }
  // JSON string literal of UTF-8 text (which the loader has validated), escaping what JSON requires.
  void string(std::string_view s) {
    buf_.push_back('"');
    std::size_t run = 0;  // start of the pending run of characters that need no escape
    for (std::size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      buf_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': buf_ += "\\\""; break;
        case '\\': buf_ += "\\\\"; break;
        case '\n': buf_ += "\\n"; break;
        case '\t': buf_ += "\\t"; break;
        case '\r': buf_ += "\\r"; break;
        default: {
          char tmp[8];
          std::snprintf(tmp, sizeof tmp, "\\u%04x", c);
          buf_ += tmp;
        }
      }
    }
    buf_.append(s.data() + run, s.size() - run);
    buf_.push_back('"');
    if (buf_.size() >= kBlock) flush();
  }

 private:
  static constexpr std::size_t kBlock = 1 << 16;
  std::ostream& os_;
  std::string buf_;
};

void write_string(Writer& out, std::string_view s) { out.string(s); }

}  // namespace

namespace {

void write_number(Writer& out, double v) {
  char tmp[32];
  std::snprintf(tmp, sizeof tmp, "%.3f", v);
  out << tmp;
}

void write_ref(Writer& out, const SourceRef& r) {
  out << "{\"path\": ";
  write_string(out, r.path);
  if (r.located()) {
    out << ", \"line\": " << r.begin.line << ", \"column\": " << r.begin.column << ", \"end_line\": " << r.end.line
        << ", \"end_column\": " << r.end.column;
  }
  if (!r.note.empty()) {
    out << ", \"note\": ";
    write_string(out, r.note);
  }
  out << '}';
}

void write_steps(Writer& out, const std::vector<RequestStep>& steps) {
  out << '[';
  const char* sep = "";
  for (const RequestStep& q : steps) {
    out << sep << "{\"principal\": ";
    write_string(out, q.principal);
    if (!q.principal_note.empty()) {
      out << ", \"principal_note\": ";
      write_string(out, q.principal_note);
    }
    out << ", \"action\": ";
    write_string(out, q.action);
    out << ", \"resource\": ";
    write_string(out, q.resource);
    out << ", \"context\": {";
    const char* csep = "";
    for (const auto& [key, values] : q.context) {
      out << csep;
      write_string(out, key);
      out << ": [";
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out << ", ";
        write_string(out, values[i]);
      }
      out << ']';
      csep = ", ";
    }
    out << "}, \"allowed\": " << (q.allowed ? "true" : "false") << ", \"decision\": ";
    write_string(out, q.decision);
    out << ", \"reason\": ";
    write_string(out, q.reason);
    out << ", \"deciding\": [";
    for (std::size_t i = 0; i < q.deciding.size(); ++i) {
      if (i) out << ", ";
      write_ref(out, q.deciding[i]);
    }
    out << "]}";
    sep = ", ";
  }
  out << ']';
}

// Property results: present (possibly empty) in every document, so a consumer need not tell lint from prove.
void write_properties(Writer& out, const Report& report) {
  out << ",\n  \"properties\": [";
  const char* sep = "\n    ";
  std::size_t counts[3] = {};
  for (const PropertyReport& p : report.properties) {
    ++counts[static_cast<int>(p.verdict)];
    out << sep << "{\"name\": ";
    write_string(out, p.name);
    out << ", \"kind\": ";
    write_string(out, p.kind);
    out << ", \"at\": ";
    write_ref(out, p.at);
    out << ", \"verdict\": \"" << property_verdict_name(p.verdict) << "\", \"expected\": \""
        << (p.expect_holds ? "holds" : "refuted") << "\", \"as_expected\": " << (p.as_expected ? "true" : "false")
        << ", \"world\": \"" << (p.open_world ? "open" : "closed") << "\", \"summary\": ";
    write_string(out, p.summary);
    if (!p.unknown_reason.empty()) {
      out << ", \"unknown_reason\": ";
      write_string(out, p.unknown_reason);
    }
    out << ", \"steps\": ";
    write_steps(out, p.steps);
    if (!p.who.empty()) {
      out << ", \"who\": [";
      for (std::size_t i = 0; i < p.who.size(); ++i) {
        out << (i ? ", " : "") << "{\"principal\": ";
        write_string(out, p.who[i].principal);
        out << ", \"witness\": ";
        write_steps(out, p.who[i].witness);
        out << '}';
      }
      out << ']';
    }
    if (!p.suggestion.empty()) {
      out << ", \"suggestion\": ";
      write_string(out, p.suggestion);
      if (p.suggestion_verdict) out << ", \"suggestion_verdict\": \"" << property_verdict_name(*p.suggestion_verdict) << '"';
    }
    out << ", \"internal_error\": " << (p.internal_error ? "true" : "false") << ", \"millis\": ";
    write_number(out, p.millis);
    out << ", \"solver_calls\": " << p.solver_calls << '}';
    sep = ",\n    ";
  }
  out << (sep[1] == '\n' ? "\n  " : "") << "],\n  \"property_summary\": {\"properties\": " << report.properties.size()
      << ", \"proved\": " << counts[0] << ", \"refuted\": " << counts[1] << ", \"unknown\": " << counts[2]
      << ", \"not_as_expected\": " << failing_properties(report) << '}';
}

void write_string_list(Writer& out, const std::vector<std::string>& list) {
  out << '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out << ", ";
    write_string(out, list[i]);
  }
  out << ']';
}

// A member of an object: `head` (the separator and the quoted key with its colon), then the value as a JSON string.
void write_member(Writer& out, std::string_view head, std::string_view value) {
  out << head;
  write_string(out, value);
}

// `iamlint audit`'s results (docs/json-format.md#audit): only in its documents, so that the others stay as they were.
void write_audit(Writer& out, const AuditReport& audit) {
  out << ",\n  \"audit\": {\n    \"admins\": ";
  write_string_list(out, audit.admins);
  out << ",\n    \"paths\": [";
  const char* sep = "\n      ";
  for (const AuditPath& p : audit.paths) {
    write_member(out, std::string(sep) + "{\"principal\": ", p.principal);
    write_member(out, ", \"target\": ", p.target);
    out << ", \"steps\": [";
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const AuditStep& s = p.steps[i];
      write_member(out, i ? ", {\"from\": " : "{\"from\": ", s.from);
      write_member(out, ", \"to\": ", s.to);
      write_member(out, ", \"method\": ", s.method);
      write_member(out, ", \"method_title\": ", s.method_title);
      if (!s.via.empty()) write_member(out, ", \"via\": ", s.via);
      out << ", \"requests\": ";
      write_steps(out, s.requests);
      out << '}';
    }
    out << "]}";
    sep = ",\n      ";
  }
  out << (sep[1] == '\n' ? "\n    " : "") << "],\n    \"findings\": [";
  sep = "\n      ";
  for (const AuditFinding& f : audit.findings) {
    write_member(out, std::string(sep) + "{\"kind\": ", f.kind);
    write_member(out, ", \"severity\": ", severity_name(f.severity));
    write_member(out, ", \"principal\": ", f.principal);
    write_member(out, ", \"message\": ", f.message);
    if (!f.at.path.empty() || !f.at.note.empty()) {
      out << ", \"at\": ";
      write_ref(out, f.at);
    }
    if (f.path) out << ", \"path\": " << *f.path;
    out << '}';
    sep = ",\n      ";
  }
  out << (sep[1] == '\n' ? "\n    " : "") << "],\n    \"notes\": ";
  write_string_list(out, audit.notes);
  out << ",\n    \"statistics\": {\"principals\": " << audit.principals << ", \"edges\": " << audit.edges
      << ", \"requests\": " << audit.requests << ", \"millis\": ";
  write_number(out, audit.millis);
  out << "}\n  }";
}

}  // namespace

// Streamed rather than built as a DOM: a run over thousands of files must not hold its whole report twice.
void write_json(std::ostream& os, const Report& report) {
  static const LintResult kNothing;
  const LintResult& result = report.lint != nullptr ? *report.lint : kNothing;
  Writer out(os);
  out << "{\n  \"schema_version\": " << kJsonSchemaVersion << ",\n  \"tool\": {\"name\": \"iamlint\", \"version\": ";
  write_string(out, report.tool_version);
  out << "},\n  \"files\": [";
  const char* sep = "\n    ";
  for (const FileResult& f : result.files) {
    if (!f.skipped.empty()) continue;
    out << sep << "{\"path\": ";
    write_string(out, f.path);
    auto counted = std::count_if(f.findings.begin(), f.findings.end(), [](const Finding& g) { return g.active(); });
    out << ", \"checked\": " << (f.problems.empty() ? "true" : "false") << ", \"findings\": " << counted << '}';
    sep = ",\n    ";
  }
  out << (sep[1] == '\n' ? "\n  " : "") << "],\n  \"findings\": [";
  sep = "\n    ";
  for (const FileResult& f : result.files) {
    for (const Finding& g : f.findings) {
      if (g.baselined) continue;
      out << sep << "{\"rule\": \"" << g.rule->id << "\", \"name\": \"" << g.rule->name << "\", \"severity\": \""
          << severity_name(g.severity) << "\", \"category\": \"" << category_name(g.rule->category)
          << "\", \"message_id\": \"" << g.message_id << "\", \"message\": ";
      write_string(out, g.message);
      out << ", \"path\": ";
      write_string(out, f.path);
      if (!g.policy.empty()) {
        out << ", \"policy\": ";
        write_string(out, g.policy);
      }
      if (!g.label.empty()) {
        out << ", \"label\": ";
        write_string(out, g.label);
      }
      out << ", \"pointer\": ";
      write_string(out, g.pointer);
      out << ", \"line\": " << g.begin.line << ", \"column\": " << g.begin.column << ", \"end_line\": " << g.end.line
          << ", \"end_column\": " << g.end.column << ", \"offset\": " << g.offset << ", \"length\": " << g.length
          << ", \"fingerprint\": \"" << g.fingerprint << '"';
      if (g.suppressed) {
        out << ", \"suppressed\": {\"reason\": ";
        write_string(out, g.suppressed->reason);
        out << ", \"source\": \"" << g.suppressed->source << "\"}";
      }
      out << '}';
      sep = ",\n    ";
    }
  }
  // Findings about the configuration itself come last; they have no rule, and their pointer is into the
  // configuration's document.
  for (const ConfigFinding& c : result.config_findings) {
    out << sep << "{\"rule\": \"" << c.id << "\", \"name\": \"" << c.id << "\", \"severity\": \""
        << severity_name(c.severity) << "\", \"category\": \"configuration\", \"message_id\": \"" << c.id
        << "\", \"message\": ";
    write_string(out, c.message);
    out << ", \"path\": ";
    write_string(out, c.path);
    out << ", \"pointer\": ";
    write_string(out, c.pointer);
    out << ", \"line\": " << c.at.line << ", \"column\": " << c.at.column << ", \"end_line\": " << c.at.line
        << ", \"end_column\": " << c.at.column << ", \"offset\": " << c.offset << ", \"length\": 0}";
    sep = ",\n    ";
  }
  out << (sep[1] == '\n' ? "\n  " : "") << "],\n  \"problems\": [";
  sep = "\n    ";
  for (const FileResult& f : result.files) {
    for (const InputProblem& p : f.problems) {
      out << sep << "{\"path\": ";
      write_string(out, f.path);
      out << ", \"message\": ";
      write_string(out, p.message);
      if (p.at) out << ", \"line\": " << p.at->line << ", \"column\": " << p.at->column;
      out << '}';
      sep = ",\n    ";
    }
  }
  out << (sep[1] == '\n' ? "\n  " : "") << "],\n  \"skipped\": [";
  sep = "\n    ";
  for (const FileResult& f : result.files) {
    if (f.skipped.empty()) continue;
    out << sep << "{\"path\": ";
    write_string(out, f.path);
    out << ", \"reason\": ";
    write_string(out, f.skipped);
    out << '}';
    sep = ",\n    ";
  }
  Summary s = summarize(result);
  out << (sep[1] == '\n' ? "\n  " : "") << "],\n  \"summary\": {\"files\": " << s.files << ", \"problems\": " << s.problems
      << ", \"findings\": " << s.findings() << ", \"skipped\": " << s.skipped << ", \"suppressed\": " << s.suppressed
      << ", \"baselined\": " << s.baselined << ", \"by_severity\": {";
  for (int i = 0; i < 4; ++i) {
    out << (i ? ", " : "") << '"' << severity_name(static_cast<Severity>(i)) << "\": " << s.by_severity[i];
  }
  out << "}}";
  write_properties(out, report);
  if (report.audit) write_audit(out, *report.audit);
  out << ",\n  \"statistics\": {\"lint_millis\": ";
  write_number(out, report.statistics.lint_millis);
  out << ", \"prove_millis\": ";
  write_number(out, report.statistics.prove_millis);
  out << ", \"policies\": " << report.statistics.policies << ", \"principals\": " << report.statistics.principals
      << "}\n}\n";
}

void write_json(std::ostream& out, const LintResult& result, std::string_view tool_version) {
  Report report;
  report.tool_version = tool_version;
  report.lint = &result;
  write_json(out, report);
}


bool incomplete(const LintResult& result) noexcept {
  return std::any_of(result.files.begin(), result.files.end(), [](const FileResult& f) { return !f.problems.empty(); });
}

bool has_failing_findings(const LintResult& result, Severity fail_on) noexcept {
  for (const FileResult& f : result.files) {
    for (const Finding& g : f.findings) {
      if (g.active() && at_or_above(g.severity, fail_on)) return true;
    }
  }
  return std::any_of(result.config_findings.begin(), result.config_findings.end(),
                     [&](const ConfigFinding& c) { return at_or_above(c.severity, fail_on); });
}

}  // namespace iamlint::linter
