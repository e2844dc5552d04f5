#include "linter/output.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
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

// The source line, then a caret under the token and tildes along it. Long lines (minified JSON) are cut to a window
// around the token, and a line with control characters is not echoed to the terminal.
void write_excerpt(std::ostream& out, std::string_view line, Position begin, Position end, bool color) {
  constexpr uint32_t kWidth = 100, kBefore = 40;
  // Byte offset of each code point's start, so that columns can be cut without splitting a character.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 && c != '\t') return;
    if (c == 0x7F) return;
    if ((c & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(line.size());
  uint32_t columns = static_cast<uint32_t>(starts.size() - 1);
  if (begin.column > columns + 1) return;
  uint32_t first = 1;  // first column shown
  if (columns > kWidth && begin.column > kBefore) first = begin.column - kBefore;
  uint32_t last = std::min(columns, first + kWidth - 1);  // last column shown
  std::string_view shown = line.substr(starts[first - 1], starts[last] - starts[first - 1]);
  const char* lead = first > 1 ? "..." : "";
  out << "    " << lead << shown << (last < columns ? "..." : "") << '\n' << "    " << (first > 1 ? "   " : "");
  for (uint32_t c = first; c < begin.column; ++c) out << (line[starts[c - 1]] == '\t' ? '\t' : ' ');
  if (color) out << "\x1b[1;32m";
  out << '^';
  uint32_t stop = end.line == begin.line ? std::min(end.column, last + 1) : begin.column + 1;
  for (uint32_t c = begin.column + 1; c < stop; ++c) out << '~';
  if (color) out << "\x1b[0m";
  out << '\n';
}

}  // namespace

Summary summarize(const LintResult& result) {
  Summary s;
  s.files = result.files.size();
  for (const FileResult& f : result.files) {
    if (f.problem) ++s.problems;
    for (const Finding& g : f.findings) ++s.by_severity[static_cast<int>(g.severity)];
  }
  return s;
}

void write_text(std::ostream& out, const LintResult& result, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  for (const FileResult& f : result.files) {
    if (f.problem) {
      out << bold << f.path;
      if (f.problem->at) out << ':' << f.problem->at->line << ':' << f.problem->at->column;
      out << ": " << reset << (color ? colour_of(Severity::Error) : "") << "error:" << reset << ' '
          << f.problem->message << " [input]\n";
      if (f.problem->at) write_excerpt(out, f.problem->line_text, *f.problem->at, *f.problem->at, color);
    }
    for (std::size_t k = 0; k < f.findings.size(); ++k) {
      const Finding& g = f.findings[k];
      out << bold << f.path << ':' << g.begin.line << ':' << g.begin.column << ": " << reset
          << (color ? colour_of(g.severity) : "") << severity_name(g.severity) << ':' << reset << ' ' << g.message
          << " [" << g.rule->id << ' ' << g.rule->name << "]\n";
      write_excerpt(out, f.lines[k], g.begin, g.end, color);
    }
  }
  Summary s = summarize(result);
  if (s.findings() == 0 && s.problems == 0) return;
  out << s.findings() << (s.findings() == 1 ? " finding" : " findings");
  const char* sep = " (";
  for (int i = 0; i < 4; ++i) {
    if (s.by_severity[i] == 0) continue;
    out << sep << s.by_severity[i] << ' ' << severity_name(static_cast<Severity>(i));
    sep = ", ";
  }
  if (*sep == ',') out << ')';
  out << " in " << s.files << (s.files == 1 ? " file" : " files");
  if (s.problems != 0) out << "; " << s.problems << (s.problems == 1 ? " file" : " files") << " could not be checked";
  out << '\n';
}

void write_json(std::ostream& out, const LintResult& result, std::string_view tool_version) {
  using nlohmann::ordered_json;
  ordered_json doc;
  doc["schema_version"] = kJsonSchemaVersion;
  doc["tool"] = {{"name", "iamlint"}, {"version", tool_version}};
  ordered_json files = ordered_json::array();
  ordered_json findings = ordered_json::array();
  ordered_json problems = ordered_json::array();
  for (const FileResult& f : result.files) {
    files.push_back({{"path", f.path}, {"checked", !f.problem.has_value()}, {"findings", f.findings.size()}});
    if (f.problem) {
      ordered_json p = {{"path", f.path}, {"message", f.problem->message}};
      if (f.problem->at) {
        p["line"] = f.problem->at->line;
        p["column"] = f.problem->at->column;
      }
      problems.push_back(std::move(p));
    }
    for (const Finding& g : f.findings) {
      findings.push_back({{"rule", g.rule->id},
                          {"name", g.rule->name},
                          {"severity", severity_name(g.severity)},
                          {"category", category_name(g.rule->category)},
                          {"message_id", g.message_id},
                          {"message", g.message},
                          {"path", f.path},
                          {"pointer", g.pointer},
                          {"line", g.begin.line},
                          {"column", g.begin.column},
                          {"end_line", g.end.line},
                          {"end_column", g.end.column},
                          {"offset", g.offset},
                          {"length", g.length}});
    }
  }
  Summary s = summarize(result);
  ordered_json counts;
  for (int i = 0; i < 4; ++i) counts[std::string(severity_name(static_cast<Severity>(i)))] = s.by_severity[i];
  doc["files"] = std::move(files);
  doc["findings"] = std::move(findings);
  doc["problems"] = std::move(problems);
  doc["summary"] = {{"files", s.files}, {"problems", s.problems}, {"findings", s.findings()}, {"by_severity", counts}};
  out << doc.dump(2) << '\n';
}

int exit_code(const LintResult& result, Severity fail_on) {
  int code = 0;
  for (const FileResult& f : result.files) {
    if (f.problem) return 2;
    for (const Finding& g : f.findings) {
      if (at_or_above(g.severity, fail_on)) code = 1;
    }
  }
  return code;
}

}  // namespace iamlint::linter
