// The reviewer's report: one self-contained HTML file (docs/report.md) with the summary, the findings with their
// source, the properties with their counterexamples, and the access graph. Everything that comes from the inputs is
// escaped; nothing in the page loads from the network; the same inputs give the same bytes.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "linter/output.hpp"
#include "linter/report_html.hpp"
#include "linter/report_html_assets.hpp"
#include "linter/report_audit.hpp"

namespace iamlint::linter {

namespace {

constexpr std::array<Category, 5> kCategories = {Category::Structure, Category::Validity, Category::Security,
                                                 Category::Hygiene, Category::Semantic};
constexpr std::size_t kMaxSourceBytes = 64u << 20;  // larger files show no excerpt rather than hold the memory
constexpr uint32_t kContextLines = 2;               // before and after the finding's lines
constexpr uint32_t kMaxExcerptLines = 9;
constexpr uint32_t kWindow = 160;  // columns of a long line (minified JSON) shown around the finding

// The byte after the character at `i`: its continuation bytes skipped (a stray one counts as a character).
std::size_t next_character(std::string_view s, std::size_t i) noexcept {
  ++i;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

// The byte offset of 1-based column `column` (code points) in `line`, or its size past the end.
std::size_t byte_of_column(std::string_view line, uint32_t column) noexcept {
  std::size_t i = 0;
  for (uint32_t c = 1; c < column && i < line.size(); ++c) i = next_character(line, i);
  return i;
}

uint32_t columns_in(std::string_view line) noexcept {
  uint32_t n = 0;
  for (std::size_t i = 0; i < line.size(); i = next_character(line, i)) ++n;
  return n;
}

// Each source file read once, as lines; none when it cannot be read.
class Sources {
 public:
  const std::vector<std::string>* lines(const std::string& path) {
    auto [it, fresh] = files_.try_emplace(path);
    if (fresh) it->second = read(path);
    return it->second ? &*it->second : nullptr;
  }

 private:
  static std::optional<std::vector<std::string>> read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::vector<std::string> lines;
    std::string line;
    std::size_t total = 0;
    while (std::getline(in, line)) {
      total += line.size() + 1;
      if (total > kMaxSourceBytes) return std::nullopt;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
    if (in.bad()) return std::nullopt;
    return lines;
  }
  std::map<std::string, std::optional<std::vector<std::string>>> files_;
};

// The lines around [begin, end) with the token marked; empty when the place is not in the file.
std::string excerpt_html(const std::vector<std::string>& lines, Position begin, Position end) {
  if (begin.line == 0 || begin.line > lines.size()) return "";
  if (end.line < begin.line || (end.line == begin.line && end.column <= begin.column)) {
    end = {begin.line, begin.column + 1};  // only the start is known: mark one character
  }
  uint32_t first = begin.line > kContextLines ? begin.line - kContextLines : 1;
  uint32_t last = std::min<uint32_t>(static_cast<uint32_t>(lines.size()), end.line + kContextLines);
  last = std::min(last, first + kMaxExcerptLines - 1);
  // One window for every line, so that a token's columns line up: from a little before the token.
  uint32_t from = begin.column > kWindow / 3 ? begin.column - kWindow / 3 : 1;
  std::string out = "<pre class=\"excerpt\">";
  for (uint32_t n = first; n <= last; ++n) {
    std::string_view line = lines[n - 1];
    bool hit = n >= begin.line && n <= end.line;
    uint32_t width = columns_in(line);
    std::size_t shown_begin = byte_of_column(line, from), shown_end = byte_of_column(line, from + kWindow);
    std::size_t mark_begin = shown_begin, mark_end = shown_begin;
    if (hit) {
      mark_begin = std::clamp(byte_of_column(line, n == begin.line ? begin.column : 1), shown_begin, shown_end);
      mark_end = n == end.line ? std::clamp(byte_of_column(line, end.column), mark_begin, shown_end) : shown_end;
    }
    out += hit ? "<span class=\"l hit\">" : "<span class=\"l\">";
    out += "<span class=\"ln\">" + std::to_string(n) + "</span>";
    if (from > 1 && width >= from) out += "\u2026";
    out += html_escape(line.substr(shown_begin, mark_begin - shown_begin));
    if (mark_end > mark_begin) out += "<mark>" + html_escape(line.substr(mark_begin, mark_end - mark_begin)) + "</mark>";
    out += html_escape(line.substr(mark_end, shown_end - mark_end));
    if (width >= from + kWindow) out += "\u2026";
    out += "</span>";
  }
  return out + "</pre>";
}

std::string location(const std::string& path, Position at) {
  std::string s = path;
  if (at.line != 0) s += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  return s;
}

std::string source_ref(const SourceRef& ref) {
  std::string s;
  if (ref.located()) s = "<code>" + html_escape(location(ref.path, ref.begin)) + "</code> ";
  if (!ref.note.empty()) s += "<span class=\"note\">" + html_escape(ref.note) + "</span>";
  return s;
}

struct Counts {
  Summary lint;
  std::map<Category, std::array<std::size_t, 4>> by_category;
  std::array<std::size_t, 4> configuration{};  // config findings have no rule, hence no category
  std::size_t failing_findings = 0;             // that count and are at or above fail_on (none: fail_none)
  std::array<std::size_t, 3> verdicts{};        // proved, refuted, unknown
};

Counts count(const Report& r) {
  Counts c;
  for (Category cat : kCategories) c.by_category[cat] = {};
  if (r.lint != nullptr) {
    c.lint = summarize(*r.lint);
    for (const FileResult& f : r.lint->files) {
      for (const Finding& g : f.findings) {
        if (!g.active()) continue;
        ++c.by_category[g.rule->category][static_cast<int>(g.severity)];
        c.failing_findings += !r.fail_none && at_or_above(g.severity, r.fail_on) ? 1 : 0;
      }
    }
    for (const ConfigFinding& g : r.lint->config_findings) {
      ++c.configuration[static_cast<int>(g.severity)];
      c.failing_findings += !r.fail_none && at_or_above(g.severity, r.fail_on) ? 1 : 0;
    }
  }
  for (const PropertyReport& p : r.properties) ++c.verdicts[static_cast<int>(p.verdict)];
  return c;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

void card(std::ostream& o, std::string_view cls, std::size_t n, std::string_view key, const std::string& sub = "") {
  o << "<div class=\"card " << cls << "\"><div class=\"n\">" << n << "</div><div class=\"k\">" << key << "</div>";
  if (!sub.empty()) o << "<div class=\"sub\">" << sub << "</div>";
  o << "</div>";
}

// The graph is drawn when the solver made one, or when an audit has paths to draw on one.
bool has_graph(const Report& r) {
  return (r.graph && !r.graph->nodes.empty()) || (r.audit && !r.audit->paths.empty());
}

void write_header(std::ostream& o, const Report& r, const Counts& c) {
  bool input_problems = c.lint.problems != 0;
  std::size_t failing = failing_properties(r);
  std::size_t failing_audit = failing_audit_findings(r);
  bool fail = c.failing_findings != 0 || input_problems || failing != 0 || failing_audit != 0;
  o << "<header class=\"top\"><div><h1>iamlint report</h1><div class=\"meta\">iamlint "
    << html_escape(r.tool_version);
  if (!r.environment.empty()) o << " \u00b7 environment <code>" << html_escape(r.environment) << "</code>";
  if (r.lint != nullptr) o << " \u00b7 " << plural(r.rules.size(), "rule", "rules") << " ran";
  o << "</div></div><div class=\"status\"><span class=\"status-pill " << (fail ? "fail\">FAIL" : "pass\">PASS")
    << "</span><div class=\"why\">";
  std::vector<std::string> why;
  if (c.failing_findings != 0) {
    why.push_back(plural(c.failing_findings, "finding", "findings") + " at or above " +
                  std::string(severity_name(r.fail_on)));
  }
  if (input_problems) why.push_back(plural(c.lint.problems, "file", "files") + " could not be checked");
  if (failing != 0) why.push_back(plural(failing, "property", "properties") + " not as expected");
  if (failing_audit != 0) {
    why.push_back(plural(failing_audit, "audit finding", "audit findings") + " at or above " +
                  std::string(severity_name(r.fail_on)));
  }
  if (why.empty()) {
    why.push_back(r.fail_none ? std::string("no finding fails the run (--fail-on none)")
                              : "nothing at or above " + std::string(severity_name(r.fail_on)));
  }
  for (std::size_t i = 0; i < why.size(); ++i) o << (i != 0 ? "; " : "") << why[i];
  o << "</div></div></header>\n<nav class=\"toc\"><a href=\"#summary\">Summary</a>";
  if (has_graph(r)) o << "<a href=\"#graph\">Access graph</a>";
  if (r.audit) o << "<a href=\"#audit\">Audit</a>";
  if (!r.properties.empty()) o << "<a href=\"#properties\">Properties</a>";
  if (r.lint != nullptr) o << "<a href=\"#findings\">Findings</a>";
  o << "</nav>\n";
}

std::string verdict_badge(PropertyVerdict v) {
  std::string_view name = property_verdict_name(v);
  std::string upper(name);
  for (char& ch : upper) ch = static_cast<char>(ch - 'a' + 'A');
  return "<span class=\"verdict " + std::string(name) + "\">" + upper + "</span>";
}

// The audit at a glance: its findings by severity, the administrators and paths, and each path linked to its steps.
void write_audit_summary(std::ostream& o, const AuditReport& a) {
  std::array<std::size_t, 4> by_severity{};
  for (const AuditFinding& f : a.findings) ++by_severity[static_cast<int>(f.severity)];
  o << "<div class=\"summary-part\"><h3>Audit</h3><div class=\"cards\">";
  for (int s = 0; s < 4; ++s) {
    std::string_view name = severity_name(static_cast<Severity>(s));
    card(o, name, by_severity[s], name);
  }
  card(o, "env", a.admins.size(), "administrators");
  card(o, a.paths.empty() ? "proved" : "refuted", a.paths.size(), "escalation paths",
       plural(a.principals, "principal", "principals") + " examined<br>" +
           plural(a.requests, "request", "requests") + " evaluated");
  o << "</div>\n";
  if (!a.paths.empty()) {
    o << "<ul class=\"glance\">";
    for (std::size_t i = 0; i < a.paths.size(); ++i) {
      const AuditPath& p = a.paths[i];
      o << "<li><a href=\"#audit-path-" << i + 1 << "\"><code>" << html_escape(p.principal) << "</code></a> \u2192 "
        << html_escape(audit_node_name(p.target)) << " in " << plural(p.steps.size(), "step", "steps") << "</li>";
    }
    o << "</ul>\n";
  }
  o << "</div>\n";
}

void write_summary(std::ostream& o, const Report& r, const Counts& c) {
  o << "<section id=\"summary\"><h2>Summary</h2>\n<div class=\"summary-body\">";
  if (r.lint != nullptr) {
    o << "<div class=\"summary-part\"><h3>Lint</h3><div class=\"cards\">";
    for (int s = 0; s < 4; ++s) {
      std::string_view name = severity_name(static_cast<Severity>(s));
      card(o, name, c.lint.by_severity[s], name);
    }
    std::string sub;
    if (c.lint.problems != 0) sub += std::to_string(c.lint.problems) + " could not be checked<br>";
    if (c.lint.skipped != 0) sub += std::to_string(c.lint.skipped) + " skipped (no policy)<br>";
    if (c.lint.suppressed != 0) sub += std::to_string(c.lint.suppressed) + " findings suppressed<br>";
    if (c.lint.baselined != 0) sub += std::to_string(c.lint.baselined) + " findings in the baseline<br>";
    card(o, "files", c.lint.files, "files checked", sub);
    o << "</div>\n<table class=\"counts\" id=\"summary-categories\"><thead><tr><th>Category</th>";
    for (int s = 0; s < 4; ++s) o << "<th class=\"n\">" << severity_name(static_cast<Severity>(s)) << "</th>";
    o << "<th class=\"n\">total</th></tr></thead><tbody>\n";
    auto row = [&](std::string_view name, const std::array<std::size_t, 4>& n) {
      o << "<tr data-category=\"" << name << "\"><td>" << name << "</td>";
      for (std::size_t k : n) o << "<td class=\"n\">" << k << "</td>";
      o << "<td class=\"n\">" << n[0] + n[1] + n[2] + n[3] << "</td></tr>\n";
    };
    for (Category cat : kCategories) row(category_name(cat), c.by_category.at(cat));
    if (!r.lint->config_findings.empty()) row("configuration", c.configuration);
    o << "</tbody></table></div>\n";
  }
  bool graph = r.graph && !r.graph->nodes.empty();
  if (!r.properties.empty() || graph) o << "<div class=\"summary-part\">";
  if (!r.properties.empty()) {
    o << "<h3>Properties</h3><div class=\"cards\">";
    constexpr std::array<PropertyVerdict, 3> kVerdicts = {PropertyVerdict::Proved, PropertyVerdict::Refuted,
                                                          PropertyVerdict::Unknown};
    for (PropertyVerdict v : kVerdicts) {
      std::string_view name = property_verdict_name(v);
      card(o, name, c.verdicts[static_cast<int>(v)], name);
    }
    std::size_t failing = failing_properties(r);
    card(o, failing != 0 ? "refuted" : "proved", failing, "not as expected",
         plural(r.properties.size(), "property", "properties") + " checked");
    // At a glance: each property's verdict, linked to its details below.
    o << "</div>\n<ul class=\"glance\">";
    for (std::size_t i = 0; i < r.properties.size(); ++i) {
      const PropertyReport& p = r.properties[i];
      o << "<li>" << verdict_badge(p.verdict) << " <a href=\"#property-" << i + 1 << "\">" << html_escape(p.name)
        << "</a>" << (p.as_expected ? "" : " <span class=\"expect bad\">not as expected</span>") << "</li>";
    }
    o << "</ul>\n";
  }
  if (graph) {
    const AccessGraph& g = *r.graph;
    auto resources = std::count_if(g.nodes.begin(), g.nodes.end(),
                                   [](const GraphNode& n) { return n.kind == NodeKind::Resource; });
    auto cross = std::count_if(g.edges.begin(), g.edges.end(), [](const GraphEdge& e) { return e.cross_account; });
    o << "<h3>Environment</h3><div class=\"cards\">";
    card(o, "env", g.accounts.size(), "accounts");
    card(o, "env", g.nodes.size() - static_cast<std::size_t>(resources), "principals");
    card(o, "env", static_cast<std::size_t>(resources), "resources");
    card(o, "env", static_cast<std::size_t>(cross), "cross-account edges");
    o << "</div>\n";
  }
  if (!r.properties.empty() || graph) o << "</div>\n";
  if (r.audit) write_audit_summary(o, *r.audit);
  o << "</div></section>\n";
}

struct Row {
  Severity severity;
  std::string file;  // as the run named it
  Position begin, end;
  std::string rule_html;  // the rule cell
  std::string rule_key;   // for the filter
  std::string message, label;
  bool suppressed = false;
  std::string status;  // "suppressed: reason", "in the baseline"
  bool excerpt = false;
};

void write_row(std::ostream& o, const Row& row, Sources& sources) {
  std::string_view sev = severity_name(row.severity);
  o << "<tr class=\"finding" << (row.suppressed ? " suppressed" : "") << "\" data-severity=\"" << sev
    << "\" data-rule=\"" << html_escape(row.rule_key) << "\" data-file=\"" << html_escape(row.file) << '"'
    << (row.suppressed ? " data-suppressed=\"1\"" : "") << "><td><span class=\"sev " << sev << "\">" << sev
    << "</span></td><td class=\"loc\"><code>" << html_escape(location(row.file, row.begin)) << "</code></td><td>"
    << row.rule_html << "</td><td><div class=\"msg\">" << html_escape(row.message);
  if (!row.status.empty()) o << "<span class=\"tag\">" << html_escape(row.status) << "</span>";
  o << "</div>";
  if (!row.label.empty()) o << "<div class=\"label\">" << html_escape(row.label) << "</div>";
  if (row.excerpt) {
    if (const std::vector<std::string>* lines = sources.lines(row.file)) o << excerpt_html(*lines, row.begin, row.end);
  }
  o << "</td></tr>\n";
}

std::vector<Row> finding_rows(const LintResult& lint) {
  std::vector<Row> rows;
  for (const FileResult& f : lint.files) {
    for (const InputProblem& p : f.problems) {
      Position at = p.at.value_or(Position{});
      rows.push_back({Severity::Error, f.path, at, at, "<code>input</code>", "input", p.message, "", false, "",
                      p.at.has_value()});
    }
    for (const Finding& g : f.findings) {
      Row row{g.severity, f.path, g.begin, g.end, "", std::string(g.rule->id), g.message, g.label,
              g.suppressed.has_value(), "", true};
      row.rule_html = "<a href=\"" + html_escape(rule_docs_url(*g.rule)) + "\">" + html_escape(g.rule->id) +
                      "</a><div class=\"rule-name\">" + html_escape(g.rule->name) + "</div>";
      if (g.suppressed) row.status = "suppressed" + (g.suppressed->reason.empty() ? "" : ": " + g.suppressed->reason);
      else if (g.baselined) row.status = "in the baseline";
      row.suppressed = !g.active();
      rows.push_back(std::move(row));
    }
  }
  for (const ConfigFinding& c : lint.config_findings) {
    rows.push_back({c.severity, c.path, c.at, c.at, "<code>" + html_escape(c.id) + "</code>", std::string(c.id),
                    c.message, "", false, "", true});
  }
  return rows;
}

void write_findings(std::ostream& o, const LintResult& lint) {
  std::vector<Row> rows = finding_rows(lint);
  o << "<section id=\"findings\"><h2>Findings</h2>\n";
  if (rows.empty()) {
    o << "<p class=\"note\">No findings.</p></section>\n";
    return;
  }
  std::set<std::string> rules, files;
  for (const Row& r : rows) {
    rules.insert(r.rule_key);
    files.insert(r.file);
  }
  // Hidden until the script runs: without it the controls could do nothing, and every row shows.
  o << "<div class=\"filters\" id=\"filters\" hidden>";
  for (int s = 0; s < 4; ++s) {
    std::string_view name = severity_name(static_cast<Severity>(s));
    o << "<label><input type=\"checkbox\" checked data-severity=\"" << name << "\"> " << name << "</label>";
  }
  auto select = [&](std::string_view id, std::string_view label, const std::set<std::string>& values) {
    o << "<label>" << label << "<select id=\"" << id << "\"><option value=\"\">all</option>";
    for (const std::string& v : values) {
      o << "<option value=\"" << html_escape(v) << "\">" << html_escape(v) << "</option>";
    }
    o << "</select></label>";
  };
  select("filter-rule", "rule", rules);
  select("filter-file", "file", files);
  o << "<label><input type=\"checkbox\" id=\"filter-suppressed\"> suppressed and baselined</label>"
    << "<span class=\"count\" id=\"filter-count\"></span></div>\n"
    << "<table id=\"findings-table\"><thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Finding</th></tr>"
    << "</thead><tbody>\n";
  Sources sources;
  for (const Row& r : rows) write_row(o, r, sources);
  o << "</tbody></table></section>\n";
}

// A statement as people read it, and as the AWS console shows one: a member a line, a list of plain values on one
// line, keys in the order given; the text as it is when it is not JSON.
void write_statement(const nlohmann::ordered_json& j, std::size_t indent, std::string& out) {
  auto dump = [](const nlohmann::ordered_json& v) {
    return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  };
  auto structured = [](const nlohmann::ordered_json& v) { return v.is_structured() && !v.empty(); };
  if (!structured(j)) {
    out += dump(j);
    return;
  }
  bool object = j.is_object();
  if (!object && std::none_of(j.begin(), j.end(), structured)) {
    out += "[";
    for (auto it = j.begin(); it != j.end(); ++it) out += (it == j.begin() ? "" : ", ") + dump(*it);
    out += "]";
    return;
  }
  out += object ? "{\n" : "[\n";
  std::size_t i = 0;
  for (auto it = j.begin(); it != j.end(); ++it, ++i) {
    out.append(indent + 2, ' ');
    if (object) out += dump(it.key()) + ": ";
    write_statement(*it, indent + 2, out);
    out += i + 1 < j.size() ? ",\n" : "\n";
  }
  out.append(indent, ' ');
  out += object ? "}" : "]";
}

// The prover's suggestion: words ("add this statement to the policy of ARN (FILE): ") and then the statement, or the
// statement alone. The words as they are, the statement laid out; all of it as one text when no JSON follows.
struct Suggestion {
  std::string words, statement;
};

Suggestion split_suggestion(const std::string& text) {
  for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text.substr(at), nullptr, false);
    if (doc.is_discarded()) continue;
    std::string words = text.substr(0, at);
    while (!words.empty() && (words.back() == ' ' || words.back() == ':')) words.pop_back();
    std::string statement;
    write_statement(doc, 0, statement);
    return {words, statement};
  }
  return {"", text};
}

void write_steps(std::ostream& o, const std::vector<RequestStep>& steps, std::string_view id) {
  o << "<table class=\"steps\"";
  if (!id.empty()) o << " id=\"" << id << '"';
  o << "><thead><tr><th>#</th><th>Principal</th><th>Action</th><th>Resource</th><th>Context</th><th>Decision</th>"
       "<th>Deciding statements</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const RequestStep& s = steps[i];
    o << "<tr><td>" << i + 1 << "</td><td><code>" << html_escape(s.principal.empty() ? "(anonymous)" : s.principal)
      << "</code>";
    if (!s.principal_note.empty()) o << "<div class=\"reason\">" << html_escape(s.principal_note) << "</div>";
    o << "</td><td class=\"action\"><code>" << html_escape(s.action) << "</code></td><td><code>" << html_escape(s.resource)
      << "</code></td><td>";
    for (const auto& [key, values] : s.context) {
      o << "<div><code>" << html_escape(key) << "</code>";
      if (values.empty()) o << " <span class=\"note\">(present)</span>";
      for (std::size_t k = 0; k < values.size(); ++k) {
        o << (k == 0 ? " = " : ", ") << "<code>" << html_escape(values[k]) << "</code>";
      }
      o << "</div>";
    }
    o << "</td><td><span class=\"decision " << (s.allowed ? "allowed" : "denied") << "\">" << html_escape(s.decision)
      << "</span><div class=\"reason\">" << html_escape(s.reason) << "</div></td><td>";
    for (const SourceRef& ref : s.deciding) o << "<div>" << source_ref(ref) << "</div>";
    o << "</td></tr>\n";
  }
  o << "</tbody></table>\n";
}

void write_property(std::ostream& o, const PropertyReport& p, std::size_t index) {
  std::string id = "property-" + std::to_string(index + 1);
  o << "<article class=\"property " << property_verdict_name(p.verdict) << "\" id=\"" << id << "\"><h3>"
    << verdict_badge(p.verdict) << "<span>" << html_escape(p.name) << "</span><span class=\"tag\">"
    << html_escape(p.kind) << "</span><span class=\"expect " << (p.as_expected ? "good\">as expected" : "bad\">")
    << (p.as_expected ? "" : p.expect_holds ? "not as expected: fails the run" : "expected refuted: fails the run")
    << "</span></h3><div class=\"prop-meta\">" << (p.open_world ? "open world" : "closed world");
  if (!p.at.path.empty()) o << " \u00b7 " << source_ref(p.at);
  o << "</div>";
  if (!p.summary.empty()) o << "<p class=\"summary-line\">" << html_escape(p.summary) << "</p>";
  if (!p.unknown_reason.empty()) o << "<p class=\"note\">Undecided: " << html_escape(p.unknown_reason) << "</p>";
  if (p.internal_error) {
    o << "<p class=\"warn\">Internal error: the evaluator did not confirm the solver's request.</p>";
  }
  if (!p.steps.empty()) {
    o << "<h4>" << (p.verdict == PropertyVerdict::Refuted ? "Counterexample" : "Witness") << "</h4>";
    write_steps(o, p.steps, id + "-steps");
  }
  if (!p.who.empty()) {
    o << "<h4>Who can</h4><ul class=\"who\">";
    for (const PropertyReport::Who& w : p.who) {
      o << "<li><code>" << html_escape(w.principal) << "</code>";
      if (!w.witness.empty()) {
        o << "<details><summary>how</summary>";
        write_steps(o, w.witness, "");
        o << "</details>";
      }
      o << "</li>";
    }
    o << "</ul>\n";
  }
  if (!p.suggestion.empty()) {
    Suggestion suggestion = split_suggestion(p.suggestion);
    o << "<h4>Suggested statement</h4>";
    if (!suggestion.words.empty()) o << "<p class=\"suggestion-words\">" << html_escape(suggestion.words) << ":</p>";
    o << "<pre class=\"suggestion\"><code>" << html_escape(suggestion.statement) << "</code></pre>";
    if (p.suggestion_verdict) {
      o << "<p>With this statement added, the claim is " << verdict_badge(*p.suggestion_verdict) << "</p>";
    }
  }
  o << "</article>\n";
}

void write_graph(std::ostream& o, const AccessGraph& g, const HtmlOptions& options) {
  GraphPicture pic = graph_svg(g, options.dot, options.dot_timeout_ms);
  bool on_path = std::any_of(g.edges.begin(), g.edges.end(), [](const GraphEdge& e) { return e.on_path; });
  bool escalate =
      std::any_of(g.edges.begin(), g.edges.end(), [](const GraphEdge& e) { return e.kind == EdgeKind::Escalate; });
  o << "<section id=\"graph\"><h2>Access graph</h2>\n<div class=\"graph-tools\" id=\"graph-tools\" hidden>"
    << "<span>Click a node for its details and edges.</span>"
    << "<label><input type=\"checkbox\" id=\"graph-actual-size\"> actual size</label>";
  if (on_path) {
    o << "<label><input type=\"checkbox\" id=\"graph-path-only\"> "
      << (escalate ? "escalation and counterexample paths only" : "counterexample path only") << "</label>";
  }
  o << "</div>\n<figure class=\"graph\" data-layout=\"" << (pic.layout == GraphLayout::Dot ? "dot" : "simple")
    << "\">" << pic.svg << "</figure>\n";
  if (!g.notes.empty()) {
    o << "<ul class=\"graph-notes\">";
    for (const std::string& note : g.notes) o << "<li>" << html_escape(note) << "</li>";
    o << "</ul>\n";
  }
  o << "<div id=\"graph-details\" hidden></div>\n"
    << graph_legend(escalate) << "\n<script type=\"application/json\" id=\"report-data\">" << graph_data_json(g)
    << "</script></section>\n";
}

void write_audit_finding(std::ostream& o, const AuditFinding& f) {
  std::string_view sev = severity_name(f.severity);
  o << "<tr class=\"audit-finding\" data-severity=\"" << sev << "\" data-kind=\"" << html_escape(f.kind)
    << "\"><td><span class=\"sev " << sev << "\">" << sev << "</span></td><td><a href=\""
    << html_escape(audit_finding_doc_url(f.kind)) << "\">" << html_escape(f.kind) << "</a></td><td><code>"
    << html_escape(f.principal) << "</code></td><td><div class=\"msg\">" << html_escape(f.message) << "</div>";
  if (f.path) o << "<a href=\"#audit-path-" << *f.path + 1 << "\">path " << *f.path + 1 << "</a>";
  o << "</td><td>" << source_ref(f.at) << "</td></tr>\n";
}

void write_audit_path(std::ostream& o, const AuditPath& p, std::size_t index) {
  o << "<article class=\"audit-path\" id=\"audit-path-" << index + 1 << "\"><h4>" << index + 1 << ". <code>"
    << html_escape(audit_node_name(p.principal)) << "</code> \u2192 <code>" << html_escape(audit_node_name(p.target))
    << "</code></h4><ol class=\"audit-steps\">\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const AuditStep& s = p.steps[i];
    o << "<li><strong class=\"method\">" << html_escape(s.method) << "</strong>";
    if (!s.method_title.empty()) o << " <span class=\"note\">" << html_escape(s.method_title) << "</span>";
    o << ": <code>" << html_escape(audit_node_name(s.from)) << "</code> \u2192 <code>"
      << html_escape(audit_node_name(s.to)) << "</code>";
    if (!s.via.empty()) o << " via <code>" << html_escape(s.via) << "</code>";
    if (!s.requests.empty()) {
      write_steps(o, s.requests, "audit-path-" + std::to_string(index + 1) + "-step-" + std::to_string(i + 1));
    }
    o << "</li>\n";
  }
  o << "</ol></article>\n";
}

// The audit: its findings by severity, each escalation path step by step, the administrators (the summary counts).
void write_audit(std::ostream& o, const AuditReport& a) {
  o << "<section id=\"audit\"><h2>Audit</h2>\n<h3>Findings</h3>\n";
  std::array<std::size_t, 4> by_severity{};
  for (const AuditFinding& f : a.findings) ++by_severity[static_cast<int>(f.severity)];
  if (a.findings.empty()) o << "<p class=\"note\">No findings.</p>\n";
  for (int s = 0; s < 4; ++s) {
    if (by_severity[s] == 0) continue;
    std::string_view name = severity_name(static_cast<Severity>(s));
    o << "<h4>" << name << "</h4><table class=\"audit-findings\" id=\"audit-findings-" << name
      << "\"><thead><tr><th>Severity</th><th>Kind</th><th>Principal</th><th>Finding</th><th>Statement</th></tr>"
      << "</thead><tbody>\n";
    for (const AuditFinding& f : a.findings) {
      if (static_cast<int>(f.severity) == s) write_audit_finding(o, f);
    }
    o << "</tbody></table>\n";
  }
  o << "<h3>Escalation paths</h3>\n";
  if (a.paths.empty()) o << "<p class=\"note\">No principal can become an administrator that is not one.</p>\n";
  for (std::size_t i = 0; i < a.paths.size(); ++i) write_audit_path(o, a.paths[i], i);
  if (!a.admins.empty()) {
    o << "<h3>Administrators</h3><ul class=\"who\">";
    for (const std::string& admin : a.admins) o << "<li><code>" << html_escape(admin) << "</code></li>";
    o << "</ul>\n";
  }
  if (!a.notes.empty()) {
    o << "<ul class=\"graph-notes\">";
    for (const std::string& note : a.notes) o << "<li>" << html_escape(note) << "</li>";
    o << "</ul>\n";
  }
  o << "</section>\n";
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string valid = valid_utf8(text);
  std::string out;
  out.reserve(valid.size());
  for (char ch : valid) {
    unsigned char c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) out += "\uFFFD";
    else out += ch;
  }
  return out;
}

std::string html_escape(std::string_view text) {
  std::string clean = clean_text(text);
  std::string out;
  out.reserve(clean.size() + 16);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string script_json_escape(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

void write_html(std::ostream& out, const Report& report) { write_html(out, report, HtmlOptions{find_dot()}); }

void write_html(std::ostream& o, const Report& r, const HtmlOptions& options) {
  Counts c = count(r);
  // The policy forbids every load from anywhere: a page that injected markup would still reach nothing.
  o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline'\">\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" "
       "content=\"iamlint "
    << html_escape(r.tool_version) << "\">\n<title>iamlint report"
    << (r.environment.empty() ? "" : " \u2013 " + html_escape(r.environment)) << "</title>\n<style>" << kReportCss
    << "</style>\n</head>\n<body>\n";
  write_header(o, r, c);
  o << "<main>\n";
  write_summary(o, r, c);
  // The picture and what the prover found first, as a screenshot of the page's top shows them: the findings table
  // may run to hundreds of rows.
  if (r.audit && !r.audit->paths.empty()) {
    // The escalation paths drawn over a copy: the report's graph stays as the solver made it.
    AccessGraph graph = r.graph.value_or(AccessGraph{});
    overlay_audit_paths(graph, *r.audit);
    write_graph(o, graph, options);
  } else if (has_graph(r)) {
    write_graph(o, *r.graph, options);
  }
  if (r.audit) write_audit(o, *r.audit);
  if (!r.properties.empty()) {
    o << "<section id=\"properties\"><h2>Properties</h2>\n";
    for (std::size_t i = 0; i < r.properties.size(); ++i) write_property(o, r.properties[i], i);
    o << "</section>\n";
  }
  if (r.lint != nullptr) write_findings(o, *r.lint);
  o << "</main>\n<footer>iamlint " << html_escape(r.tool_version);
  if (r.statistics.policies != 0 || r.statistics.principals != 0) {
    o << " \u00b7 the environment holds " << plural(r.statistics.policies, "policy", "policies") << " and "
      << plural(r.statistics.principals, "principal", "principals");
  }
  o << "</footer>\n<script>" << kReportJs << "</script>\n</body>\n</html>\n";
}

}  // namespace iamlint::linter
