// Markdown for pull-request comments (docs/output-formats.md#markdown).
#include <algorithm>
#include <string>
#include <vector>

#include "linter/output.hpp"
#include "linter/report.hpp"
#include "linter/report_audit.hpp"

namespace iamlint::linter {

namespace {

// Text that Markdown shows as written: the characters that open links, images, HTML, code, emphasis, math, table
// cells, headings or mentions backslash-escaped, so that a crafted policy cannot add them to a comment; line breaks
// and control characters as spaces.
std::string md(std::string_view raw) {
  static constexpr std::string_view kSpecial = "\\`*_{}[]()<>#!|~&$@";
  std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      out += ' ';
      continue;
    }
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A relative link to a line: resolved against the page that shows the comment, which for a path relative to the
// repository's root is the file at that commit (docs/output-formats.md#markdown).
std::string line_target(std::string_view path, Position at, const std::string& cwd) {
  std::string target = uri_encode_path(path_relative_to(path, cwd, cwd));
  if (at.line != 0) target += "#L" + std::to_string(at.line);
  return target;
}

// Labelled "path:line:column", or "line:column" under the file's own heading.
std::string line_link(std::string_view path, Position at, const std::string& cwd, bool with_path = true) {
  std::string label = with_path ? md(path) : "";
  if (at.line != 0) label += (with_path ? ":" : "") + std::to_string(at.line) + ':' + std::to_string(at.column);
  if (label.empty()) label = "file";
  return "[" + label + "](" + line_target(path, at, cwd) + ")";
}

std::string item(Severity s, std::string_view rule, std::string_view message, const std::string& link) {
  return "- **" + std::string(severity_name(s)) + "** " + std::string(rule) + ": " + md(message) + " (" + link + ")\n";
}

struct Section {
  std::string heading;
  std::vector<std::string> lines;
};

std::vector<Section> finding_sections(const LintResult& lint, const std::string& cwd) {
  std::vector<Section> out;
  for (const FileResult& f : lint.files) {
    Section s{"### " + md(f.path) + "\n\n", {}};
    for (const InputProblem& p : f.problems) {
      s.lines.push_back(
          item(Severity::Error, "input", p.message, line_link(f.path, p.at.value_or(Position{}), cwd, false)));
    }
    for (const Finding& g : f.findings) {
      if (!g.active()) continue;
      std::string rule = "[";
      rule.append(g.rule->id).append("](").append(rule_docs_url(*g.rule)).append(")");
      std::string message = g.label.empty() ? g.message : g.message + " (in " + g.label + ")";
      s.lines.push_back(item(g.severity, rule, message, line_link(f.path, g.begin, cwd, false)));
    }
    if (!s.lines.empty()) out.push_back(std::move(s));
  }
  for (const ConfigFinding& c : lint.config_findings) {
    std::string heading = "### " + md(c.path) + "\n\n";
    if (out.empty() || out.back().heading != heading) out.push_back({heading, {}});
    out.back().lines.push_back(item(c.severity, c.id, c.message, line_link(c.path, c.at, cwd, false)));
  }
  return out;
}

// The verdict on the entry's line; what was shown, and the counterexample's requests with their deciding
// statements, as a list under it.
std::string property_entry(const PropertyReport& p, const std::string& cwd) {
  std::string out = "- **" + std::string(property_verdict_name(p.verdict)) + "**" +
                    (p.as_expected ? "" : " (not as expected)") + ": " + md(p.name);
  if (!p.at.path.empty()) out += " (" + line_link(p.at.path, p.at.begin, cwd) + ")";
  out += "\n";
  if (!p.summary.empty()) out += "  - " + md(p.summary) + "\n";
  if (!p.unknown_reason.empty()) out += "  - Undecided: " + md(p.unknown_reason) + "\n";
  if (p.internal_error) out += "  - Internal error: the evaluator did not confirm the solver's request.\n";
  if (!p.steps.empty()) out += p.verdict == PropertyVerdict::Refuted ? "  - Counterexample:\n" : "  - Witness:\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    out += "    " + std::to_string(i + 1) + ". " + md(describe_request(p.steps[i]));
    const char* sep = "; decided by ";
    for (const SourceRef& d : p.steps[i].deciding) {
      out += sep;
      if (d.located()) out.append("[").append(md(d.note)).append("](").append(line_target(d.path, d.begin, cwd)) += ')';
      else out += md(d.note);
      sep = ", ";
    }
    out += "\n";
  }
  if (!p.who.empty()) {
    out += "  - Who can:";
    for (std::size_t i = 0; i < p.who.size(); ++i) out += (i ? ", " : " ") + md(p.who[i].principal);
    out += "\n";
  }
  if (!p.suggestion.empty()) {
    // The prover's words, then the statement as a code block: escaped inline, JSON is unreadable.
    std::size_t brace = p.suggestion.find('{');
    std::string_view words = std::string_view(p.suggestion).substr(0, brace);
    while (!words.empty() && words.back() == ' ') words.remove_suffix(1);
    std::string_view statement =
        brace == std::string::npos ? std::string_view() : std::string_view(p.suggestion).substr(brace);
    out += "  - A statement that would make it hold: " + md(words) + "\n";
    if (!statement.empty()) {
      // A fence longer than any run of backticks in the text, so that the text cannot close it.
      std::size_t run = 0, longest = 0;
      for (char c : statement) longest = std::max(longest, run = c == '`' ? run + 1 : 0);
      std::string fence(std::max<std::size_t>(3, longest + 1), '`');
      out += "\n    " + fence + "json\n    " + std::string(statement) + "\n    " + fence + "\n";
    }
  }
  return out;
}

std::string more(std::size_t n, const char* what) {
  return "… and " + std::to_string(n) + " more " + what + " not shown.\n\n";
}

// The statements a request rests on: linked when they have a place, by their note (else their place).
std::string deciding_links(const std::vector<SourceRef>& deciding, const std::string& cwd) {
  std::string out;
  const char* sep = "";
  for (const SourceRef& d : deciding) {
    out += sep;
    sep = ", ";
    if (!d.located()) out += md(d.note);
    else if (d.note.empty()) out += line_link(d.path, d.begin, cwd);
    else out.append("[").append(md(d.note)).append("](").append(line_target(d.path, d.begin, cwd)) += ')';
  }
  return out;
}

std::string audit_finding_item(const AuditFinding& f, const std::string& cwd) {
  std::string kind = "[" + md(f.kind) + "](" + audit_finding_doc_url(f.kind) + ")";
  std::string link = f.at.located() ? line_link(f.at.path, f.at.begin, cwd) : md(f.at.note);
  std::string out = "- **" + std::string(severity_name(f.severity)) + "** " + kind + ": " + md(f.message) + " (" +
                    md(f.principal) + ")";
  if (!link.empty()) out += " (" + link + ")";
  if (f.path) out += " (path " + std::to_string(*f.path + 1) + ")";
  return out + "\n";
}

// A path as a numbered list of its steps: the method, who becomes whom, and the statements its requests rest on.
std::string audit_path_entry(const AuditPath& p, std::size_t index, const std::string& cwd) {
  std::string out = "**" + std::to_string(index + 1) + ". " + md(audit_node_name(p.principal)) + " \u2192 " +
                    md(audit_node_name(p.target)) + "**\n\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const AuditStep& s = p.steps[i];
    out += std::to_string(i + 1) + ". **" + md(s.method) + "**";
    if (!s.method_title.empty()) out += " (" + md(s.method_title) + ")";
    out += ": " + md(audit_node_name(s.from)) + " \u2192 " + md(audit_node_name(s.to));
    if (!s.via.empty()) out += " via " + md(s.via);
    for (const RequestStep& q : s.requests) {
      out += "\n   - " + md(q.action) + " on " + md(q.resource);
      std::string links = deciding_links(q.deciding, cwd);
      if (!links.empty()) out += ": " + links;
    }
    out += "\n";
  }
  return out + "\n";
}

// The audit's section: its findings by severity, then its paths, as many of each as `budget` allows.
std::string audit_section(const AuditReport& a, const std::string& cwd, std::size_t& budget) {
  std::size_t by_severity[4] = {};
  for (const AuditFinding& f : a.findings) ++by_severity[static_cast<int>(f.severity)];
  std::string out = "### Audit\n\n" + std::to_string(a.admins.size()) +
                    (a.admins.size() == 1 ? " administrator; " : " administrators; ") + std::to_string(a.paths.size()) +
                    (a.paths.size() == 1 ? " escalation path; " : " escalation paths; ") +
                    std::to_string(a.findings.size()) + (a.findings.size() == 1 ? " finding" : " findings");
  const char* sep = " (";
  for (int i = 0; i < 4; ++i) {
    if (by_severity[i] == 0) continue;
    out += sep + std::to_string(by_severity[i]) + " " + std::string(severity_name(static_cast<Severity>(i)));
    sep = ", ";
  }
  out += std::string(*sep == ',' ? ")" : "") + ".\n\n";
  budget -= std::min(budget, out.size());
  std::size_t shown = 0;
  bool full = false;
  for (int sev = 0; sev < 4 && !full; ++sev) {
    if (by_severity[sev] == 0) continue;
    std::string name(severity_name(static_cast<Severity>(sev)));
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    std::string group = "#### " + name + "\n\n";
    std::size_t in_group = 0;
    for (const AuditFinding& f : a.findings) {
      if (static_cast<int>(f.severity) != sev) continue;
      std::string entry = audit_finding_item(f, cwd);
      std::size_t cost = entry.size() + (in_group == 0 ? group.size() + 1 : 0);
      if (cost > budget) {
        full = true;
        break;
      }
      budget -= cost;
      out += (in_group++ == 0 ? group : "") + entry;
      ++shown;
    }
    if (in_group != 0) out += '\n';
  }
  if (shown < a.findings.size()) out += more(a.findings.size() - shown, "audit findings");
  const std::string paths_heading = "#### Escalation paths\n\n";
  std::size_t paths_shown = 0;
  for (std::size_t i = 0; i < a.paths.size(); ++i) {
    std::string entry = audit_path_entry(a.paths[i], i, cwd);
    std::size_t cost = entry.size() + (i == 0 ? paths_heading.size() : 0);
    if (cost > budget) break;
    budget -= cost;
    out += (i == 0 ? paths_heading : "") + entry;
    ++paths_shown;
  }
  if (paths_shown < a.paths.size()) out += more(a.paths.size() - paths_shown, "escalation paths");
  return out;
}


}  // namespace

void write_markdown(std::ostream& out, const Report& report) {
  const std::string cwd = current_directory();
  std::string head = "## iamlint\n\n";
  std::vector<Section> sections;
  std::size_t total = 0;
  if (report.lint != nullptr) {
    Summary s = summarize(*report.lint);
    head += "| Severity | Findings |\n| --- | ---: |\n";
    for (int i = 0; i < 4; ++i) {
      head += "| " + std::string(severity_name(static_cast<Severity>(i))) + " | " + std::to_string(s.by_severity[i]) +
              " |\n";
    }
    head += '\n';
    head.append(std::to_string(s.findings())).append(s.findings() == 1 ? " finding" : " findings");
    head.append(" in ").append(std::to_string(s.files)).append(s.files == 1 ? " file" : " files");
    if (s.suppressed != 0) head += "; " + std::to_string(s.suppressed) + " suppressed";
    if (s.baselined != 0) head += "; " + std::to_string(s.baselined) + " in the baseline";
    if (s.problems != 0) {
      head += "; " + std::to_string(s.problems) + (s.problems == 1 ? " file" : " files") + " could not be checked";
    }
    head += ".\n\n";
    sections = finding_sections(*report.lint, cwd);
    for (const Section& sec : sections) total += sec.lines.size();
  }
  std::size_t counts[3] = {};
  for (const PropertyReport& p : report.properties) ++counts[static_cast<int>(p.verdict)];
  if (!report.properties.empty()) {
    head += "**Properties:** " + std::to_string(counts[0]) + " proved, " + std::to_string(counts[1]) + " refuted, " +
            std::to_string(counts[2]) + " unknown; " + std::to_string(failing_properties(report)) +
            " not as expected.\n\n";
  }

  // The summary first, then the properties, then as many findings as the rest allows, keeping room for the notes
  // that say how many were cut.
  constexpr std::size_t kNoteRoom = std::size_t{2} * 64;
  const std::string properties_heading = "### Properties\n\n";
  std::size_t budget = kMarkdownLimit - std::min(kMarkdownLimit, head.size() + kNoteRoom + properties_heading.size());
  std::string properties;
  std::size_t properties_shown = 0;
  for (const PropertyReport& p : report.properties) {
    std::string entry = property_entry(p, cwd);
    if (entry.size() > budget) break;
    budget -= entry.size();
    properties += entry;
    ++properties_shown;
  }
  // The audit after the properties and before the lint findings, with room for its own two notes.
  std::string audit;
  if (report.audit) {
    budget -= std::min(budget, kNoteRoom);
    audit = audit_section(*report.audit, cwd, budget);
  }
  std::string findings;
  std::size_t shown = 0;
  for (const Section& sec : sections) {
    if (sec.heading.size() + 1 + sec.lines[0].size() > budget) break;
    budget -= sec.heading.size() + 1;
    findings += sec.heading;
    std::size_t i = 0;
    for (; i < sec.lines.size() && sec.lines[i].size() <= budget; ++i) {
      budget -= sec.lines[i].size();
      findings += sec.lines[i];
    }
    findings += '\n';
    shown += i;
    if (i < sec.lines.size()) break;
  }

  out << head;
  if (report.lint != nullptr && total == 0) out << "No findings.\n\n";
  out << findings;
  if (shown < total) out << more(total - shown, "findings");
  if (!report.properties.empty()) {
    out << properties_heading << properties;
    if (properties_shown < report.properties.size()) {
      out << '\n' << more(report.properties.size() - properties_shown, "properties");
    }
  }
  out << audit;
}

}  // namespace iamlint::linter
