// JUnit XML as CI test reporters read it (docs/output-formats.md#junit).
#include <cstdio>
#include <string>
#include <vector>

#include "linter/report.hpp"
#include "linter/report_audit.hpp"

namespace iamlint::linter {

namespace {

// XML 1.0 text: the markup characters as entities, what XML 1.0 does not allow (most control characters, U+FFFE,
// U+FFFF, invalid UTF-8) as U+FFFD; in attributes, whitespace as references, which attribute normalisation keeps.
std::string xml(std::string_view raw, bool attribute = true) {
  std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += attribute ? "&quot;" : "\""; continue;
      case '\n': out += attribute ? "&#10;" : "\n"; continue;
      case '\t': out += attribute ? "&#9;" : "\t"; continue;
      case '\r': out += "&#13;"; continue;
      default: break;
    }
    bool control = static_cast<unsigned char>(c) < 0x20;
    bool non_character =
        s.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < s.size() && (s[i + 2] == '\xBE' || s[i + 2] == '\xBF');
    if (control || non_character) {
      out += "\xEF\xBF\xBD";
      i += non_character ? 2 : 0;
    } else {
      out += c;
    }
  }
  return out;
}

enum class Outcome { Passed, Failure, Error, Skipped };

struct Case {
  std::string classname, name;
  Outcome outcome = Outcome::Passed;
  std::string type, message;
  std::string body;     // the failure's or error's text; for a passed case, its system-out
  double seconds = -1;  // unknown
};

struct Suite {
  std::string name;
  std::vector<Case> cases;
  double seconds = -1;
  std::size_t count(Outcome o) const {
    std::size_t n = 0;
    for (const Case& c : cases) n += c.outcome == o ? 1 : 0;
    return n;
  }
};

std::string seconds_text(double s) {
  char tmp[32];
  std::snprintf(tmp, sizeof tmp, "%.3f", s);
  return tmp;
}

std::string place(std::string_view path, Position at) {
  return std::string(path) + ':' + std::to_string(at.line) + ':' + std::to_string(at.column);
}

// The headline of a failure: its first line, with how many more there are.
std::string headline(const std::string& first, std::size_t count) {
  return count > 1 ? first + " (and " + std::to_string(count - 1) + " more)" : first;
}

void add_finding_cases(const FileResult& f, const Report& report, std::vector<Case>& out) {
  // One case per rule, in the order the rules first report in the file.
  std::vector<std::string_view> order;
  for (const Finding& g : f.findings) {
    if (g.baselined) continue;
    bool seen = false;
    for (std::string_view id : order) seen = seen || id == g.rule->id;
    if (!seen) order.push_back(g.rule->id);
  }
  for (std::string_view id : order) {
    Case c{f.path, "", Outcome::Passed, "", "", "", -1};
    std::size_t failing = 0;
    Severity worst = report.fail_on;
    for (const Finding& g : f.findings) {
      if (g.baselined || g.rule->id != id) continue;
      c.name = std::string(id) + ' ' + std::string(g.rule->name);
      c.body += place(f.path, g.begin) + ": " + std::string(severity_name(g.severity)) + ": " + g.message;
      if (g.suppressed) c.body += " (suppressed: " + g.suppressed->reason + ")";
      c.body += '\n';
      if (!g.active() || !fails_run(report, g.severity)) continue;
      if (failing++ == 0) c.message = g.message;
      if (at_or_above(g.severity, worst)) worst = g.severity;
    }
    if (failing != 0) {
      c.outcome = Outcome::Failure;
      c.type = severity_name(worst);
      c.message = headline(c.message, failing);
    }
    out.push_back(std::move(c));
  }
}

Suite lint_suite(const Report& report) {
  Suite s{"lint", {}, report.statistics.lint_millis > 0 ? report.statistics.lint_millis / 1000 : -1};
  for (const FileResult& f : report.lint->files) {
    if (!f.skipped.empty()) {
      s.cases.push_back({f.path, "no policy", Outcome::Skipped, "", f.skipped, "", -1});
      continue;
    }
    if (!f.problems.empty()) {
      Case c{f.path, "input", Outcome::Error, "input", headline(f.problems[0].message, f.problems.size()), "", -1};
      for (const InputProblem& p : f.problems) {
        c.body += (p.at ? place(f.path, *p.at) : f.path) + ": error: " + p.message + '\n';
      }
      s.cases.push_back(std::move(c));
    }
    std::size_t before = s.cases.size();
    add_finding_cases(f, report, s.cases);
    if (s.cases.size() == before && f.problems.empty()) {
      s.cases.push_back({f.path, "no findings", Outcome::Passed, "", "", "", -1});
    }
  }
  for (const ConfigFinding& c : report.lint->config_findings) {
    bool fails = fails_run(report, c.severity);
    std::string line = place(c.path, c.at) + ": " + std::string(severity_name(c.severity)) + ": " + c.message + '\n';
    s.cases.push_back({c.path, std::string(c.id) + " " + c.pointer, fails ? Outcome::Failure : Outcome::Passed,
                       fails ? std::string(severity_name(c.severity)) : "", fails ? c.message : "", line, -1});
  }
  return s;
}

std::string property_text(const PropertyReport& p) {
  std::string out = std::string(property_verdict_name(p.verdict)) + ", expected " +
                    (p.expect_holds ? "to hold" : "to be refuted") + (p.open_world ? "" : " (closed world)") + '\n';
  if (!p.summary.empty()) out += p.summary + '\n';
  if (!p.unknown_reason.empty()) out += "Undecided: " + p.unknown_reason + '\n';
  if (p.internal_error) out += "Internal error: the evaluator did not confirm the solver's request.\n";
  if (!p.steps.empty()) out += p.verdict == PropertyVerdict::Refuted ? "Counterexample:\n" : "Witness:\n";
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + describe_request(p.steps[i]) + '\n';
    for (const SourceRef& d : p.steps[i].deciding) {
      out += "     decided by " + d.note + (d.located() ? " at " + place(d.path, d.begin) : "") + '\n';
    }
  }
  for (const PropertyReport::Who& w : p.who) out += "Can: " + w.principal + '\n';
  if (!p.suggestion.empty()) out += "A statement that would make it hold: " + p.suggestion + '\n';
  return out;
}

Suite properties_suite(const Report& report) {
  Suite s{"properties", {}, report.statistics.prove_millis > 0 ? report.statistics.prove_millis / 1000 : -1};
  for (const PropertyReport& p : report.properties) {
    Case c{p.at.path.empty() ? "properties" : p.at.path,
           p.name,
           Outcome::Passed,
           "",
           "",
           property_text(p),
           p.millis / 1000};
    if (!p.as_expected) {
      c.outcome = Outcome::Failure;
      c.type = property_verdict_name(p.verdict);
      c.message = std::string(property_verdict_name(p.verdict)) + ": " + (p.summary.empty() ? p.name : p.summary);
    }
    s.cases.push_back(std::move(c));
  }
  return s;
}

// The finding in words, and for an escalation path its steps with the requests and the statements they rest on.
std::string audit_text(const AuditFinding& f, const AuditReport& audit) {
  std::string out = (f.at.located() ? place(f.at.path, f.at.begin) + ": " : "") +
                    std::string(severity_name(f.severity)) + ": " + f.message + '\n';
  if (!f.at.note.empty()) out += "At " + f.at.note + '\n';
  if (!f.path || *f.path >= audit.paths.size()) return out;
  const AuditPath& path = audit.paths[*f.path];
  out += "Path of " + audit_node_name(path.principal) + " to " + audit_node_name(path.target) + ":\n";
  for (std::size_t i = 0; i < path.steps.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + describe_audit_step(path.steps[i]) + '\n';
    for (const RequestStep& q : path.steps[i].requests) {
      out += "     " + describe_request(q) + '\n';
      for (const SourceRef& d : q.deciding) {
        out += "       decided by " + d.note + (d.located() ? " at " + place(d.path, d.begin) : "") + '\n';
      }
    }
  }
  return out;
}

// A case per finding, named by its kind and principal; it fails when its severity fails the run.
Suite audit_suite(const Report& report) {
  const AuditReport& audit = *report.audit;
  Suite s{"audit", {}, audit.millis > 0 ? audit.millis / 1000 : -1};
  for (const AuditFinding& f : audit.findings) {
    std::string classname = !f.at.path.empty() ? f.at.path : !report.environment.empty() ? report.environment : "audit";
    Case c{classname, f.kind + " " + f.principal, Outcome::Passed, "", "", audit_text(f, audit), -1};
    if (fails_run(report, f.severity)) {
      c.outcome = Outcome::Failure;
      c.type = severity_name(f.severity);
      c.message = f.message;
    }
    s.cases.push_back(std::move(c));
  }
  if (s.cases.empty()) {
    s.cases.push_back({report.environment.empty() ? "audit" : report.environment, "no findings", Outcome::Passed, "",
                       "", "", -1});
  }
  return s;
}

void write_counts(std::ostream& out, std::size_t tests, std::size_t failures, std::size_t errors) {
  out << " tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors << '"';
}

}  // namespace

void write_junit(std::ostream& out, const Report& report) {
  std::vector<Suite> suites;
  if (report.lint != nullptr) suites.push_back(lint_suite(report));
  if (!report.properties.empty()) suites.push_back(properties_suite(report));
  if (report.audit) suites.push_back(audit_suite(report));
  std::size_t tests = 0, failures = 0, errors = 0;
  for (const Suite& s : suites) {
    tests += s.cases.size();
    failures += s.count(Outcome::Failure);
    errors += s.count(Outcome::Error);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iamlint\"";
  write_counts(out, tests, failures, errors);
  out << ">\n";
  for (const Suite& s : suites) {
    out << "  <testsuite name=\"" << s.name << '"';
    write_counts(out, s.cases.size(), s.count(Outcome::Failure), s.count(Outcome::Error));
    out << " skipped=\"" << s.count(Outcome::Skipped) << '"';
    if (s.seconds >= 0) out << " time=\"" << seconds_text(s.seconds) << '"';
    out << ">\n";
    for (const Case& c : s.cases) {
      out << "    <testcase classname=\"" << xml(c.classname) << "\" name=\"" << xml(c.name) << '"';
      if (c.seconds >= 0) out << " time=\"" << seconds_text(c.seconds) << '"';
      const char* element = c.outcome == Outcome::Failure   ? "failure"
                            : c.outcome == Outcome::Error   ? "error"
                            : c.outcome == Outcome::Skipped ? "skipped"
                                                            : nullptr;
      if (element == nullptr && c.body.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (element == nullptr) {
        out << "      <system-out>" << xml(c.body, false) << "</system-out>\n";
      } else {
        out << "      <" << element << " message=\"" << xml(c.message) << '"';
        if (!c.type.empty()) out << " type=\"" << xml(c.type) << '"';
        if (c.body.empty()) out << "/>\n";
        else out << '>' << xml(c.body, false) << "</" << element << ">\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace iamlint::linter
