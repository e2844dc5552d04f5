// SARIF 2.1.0 as GitHub code scanning reads it (docs/output-formats.md#sarif).
#include <map>
#include <nlohmann/json.hpp>

#include "linter/baseline.hpp"
#include "linter/report.hpp"
#include "linter/report_audit.hpp"

namespace iamlint::linter {

namespace {

using nlohmann::json;

constexpr const char* kRootId = "%SRCROOT%";
constexpr const char* kFingerprintKey = "iamlint/v1";

const char* level_of(Severity s) {
  switch (s) {
    case Severity::Error:
    case Severity::Security: return "error";
    case Severity::Warning: return "warning";
    case Severity::Suggestion: return "note";
  }
  return "warning";
}

// GitHub ranks security alerts by this score: 9.0 and above critical, 7.0 high, 4.0 medium, below low.
const char* security_severity_of(Severity s) {
  switch (s) {
    case Severity::Error: return "9.0";
    case Severity::Security: return "7.5";
    case Severity::Warning: return "5.0";
    case Severity::Suggestion: return "2.0";
  }
  return "5.0";
}

// The rules the driver lists, by id: the rules that ran, then the results that have no rule of their own.
class RuleTable {
 public:
  std::size_t add(std::string id, json descriptor) {
    auto [it, added] = index_.emplace(std::move(id), rules_.size());
    if (added) rules_.push_back(std::move(descriptor));
    return it->second;
  }
  std::size_t add(const RuleMeta& rule);
  std::size_t index(std::string_view id) const { return index_.find(id)->second; }
  json take() { return std::move(rules_); }

 private:
  json rules_ = json::array();
  std::map<std::string, std::size_t, std::less<>> index_;
};

json text(std::string_view s) { return json{{"text", s}}; }

std::size_t RuleTable::add(const RuleMeta& rule) {
  if (auto it = index_.find(rule.id); it != index_.end()) return it->second;
  std::string url = rule_docs_url(rule);
  // The category "security" is the tag that makes GitHub file a result as a security alert.
  json properties = {{"tags", json::array({category_name(rule.category), "iam"})}};
  if (rule.category == Category::Security) properties["security-severity"] = security_severity_of(rule.severity);
  std::string help_text = std::string(rule.rationale) + "\n\n" + std::string(rule.fix);
  std::string help_markdown = "**Why it matters.** " + std::string(rule.rationale) + "\n\n**Use instead.** " +
                              std::string(rule.fix) + "\n\n[" + std::string(rule.id) + " " + std::string(rule.name) +
                              "](" + url + ")";
  return add(std::string(rule.id),
             {{"id", rule.id},
              {"name", rule.name},
              {"shortDescription", text(rule.summary)},
              {"fullDescription", text(rule.description.empty() ? rule.summary : rule.description)},
              {"help", {{"text", help_text}, {"markdown", help_markdown}}},
              {"helpUri", url},
              {"defaultConfiguration", {{"level", level_of(rule.severity)}}},
              {"properties", std::move(properties)}});
}

// The results that have no rule of their own, listed in every run so that their indices never move.
struct OwnRule {
  const char* id;
  const char* name;
  const char* summary;
  const char* level;
};
constexpr const char* kInputRule = "iamlint/input";
constexpr const char* kPropertyRule = "iamlint/property";
constexpr OwnRule kOwnRules[] = {
    {kInputRule, "input", "A file could not be checked (unreadable, malformed, or a policy in it is broken).", "error"},
    {"iamlint/unused-suppression", "unused-suppression",
     "A suppression in the configuration matched no finding in this run.", "warning"},
    {kPropertyRule, "property", "A property the prover checked is not as its file expects.", "error"},
};

struct SarifWriter {
  SarifWriter() : cwd_(current_directory()) {}

  std::string root_uri() const {
    std::string dir = cwd_;
    if (dir.empty() || dir.back() != '/') dir += '/';
    return "file://" + uri_encode_path(dir);
  }

  // Relative to the current directory under %SRCROOT%; outside it, an absolute file URI.
  json artifact(std::string_view path) const {
    std::string relative = path_relative_to(path, cwd_, cwd_);
    if (relative == ".." || relative.starts_with("../")) {
      std::string absolute = "/";
      absolute += path_relative_to(path, "/", cwd_);
      return {{"uri", "file://" + uri_encode_path(absolute)}};
    }
    return {{"uri", uri_encode_path(relative)}, {"uriBaseId", kRootId}};
  }

  json location(std::string_view path, Position begin, Position end) const {
    json physical = {{"artifactLocation", artifact(path)}};
    if (begin.line != 0) {
      json region = {{"startLine", begin.line}, {"startColumn", begin.column}};
      if (end.line != 0 && (end.line != begin.line || end.column != begin.column)) {
        region["endLine"] = end.line;
        region["endColumn"] = end.column;
      }
      physical["region"] = std::move(region);
    }
    return {{"physicalLocation", std::move(physical)}};
  }

  json result(std::string rule_id, std::size_t index, const char* level, const std::string& message, json where) const {
    return {{"ruleId", std::move(rule_id)},
            {"ruleIndex", index},
            {"level", level},
            {"message", text(message)},
            {"locations", json::array({std::move(where)})}};
  }

  // Results that carry no fingerprint of their own get one from what names them, so alerts stay matched.
  static json fingerprint_of(std::initializer_list<std::string_view> parts) {
    uint64_t h = kFnvOffsetBasis;
    for (std::string_view p : parts) h = fnv1a64(std::string_view("\0", 1), fnv1a64(p, h));
    return {{kFingerprintKey, hex64(h)}};
  }

  json finding(const FileResult& f, const Finding& g) {
    json r = result(std::string(g.rule->id), rules_.add(*g.rule), level_of(g.severity), g.message,
                    location(f.path, g.begin, g.end));
    json logical = {{"fullyQualifiedName", g.pointer.empty() ? "/" : g.pointer}, {"kind", "element"}};
    r["locations"][0]["logicalLocations"] = json::array({std::move(logical)});
    r["partialFingerprints"] = {{kFingerprintKey, g.fingerprint}};
    json properties = {{"category", category_name(g.rule->category)}, {"messageId", g.message_id}};
    if (!g.policy.empty()) properties["policy"] = g.policy;
    if (!g.label.empty()) properties["label"] = g.label;
    r["properties"] = std::move(properties);
    if (g.suppressed) {
      const SuppressionNote& n = *g.suppressed;
      json s = {{"kind", n.source == "config" ? "external" : "inSource"},
                {"status", "accepted"},
                {"justification", n.reason}};
      if (!n.config_path.empty()) s["location"] = location(n.config_path, n.at, n.at);
      r["suppressions"] = json::array({std::move(s)});
    }
    return r;
  }

  json property(const PropertyReport& p) {
    std::string message = p.name + " (" + p.kind + "): " + std::string(property_verdict_name(p.verdict)) +
                          ", expected " + (p.expect_holds ? "to hold" : "to be refuted");
    if (!p.summary.empty()) message += ". " + p.summary;
    if (p.verdict == PropertyVerdict::Unknown && !p.unknown_reason.empty()) message += ". " + p.unknown_reason;
    if (p.internal_error) message += ". The evaluator did not confirm the solver's request (an internal error)";
    json related = json::array();
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      message += (i == 0 ? (p.verdict == PropertyVerdict::Refuted ? ". Counterexample: " : ". Witness: ") : "; then ");
      message += describe_request(p.steps[i]);
      for (const SourceRef& d : p.steps[i].deciding) {
        if (!d.located()) continue;
        json l = location(d.path, d.begin, d.end);
        l["id"] = related.size();
        l["message"] = text(d.note.empty() ? "deciding statement of request " + std::to_string(i + 1) : d.note);
        related.push_back(std::move(l));
      }
    }
    json where;
    if (p.at.path.empty()) where["logicalLocations"] = json::array({json::object({{"name", p.name}})});
    else where = location(p.at.path, p.at.begin, p.at.end);
    json r =
        result(kPropertyRule, rules_.index(kPropertyRule), "error", message, std::move(where));
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    r["partialFingerprints"] = fingerprint_of({"property", p.at.path, p.name});
    r["properties"] = {{"verdict", property_verdict_name(p.verdict)}, {"asExpected", p.as_expected}};
    return r;
  }

  // One rule per kind of audit finding in the run, named after the kind; its page is the kind's section of
  // docs/audit.md. Every audit finding is about security, so each is tagged for GitHub's security alerts.
  std::size_t audit_rule(const AuditFinding& f) {
    std::string id = "audit/" + f.kind;
    std::string url = audit_finding_doc_url(f.kind);
    return rules_.add(id, {{"id", id},
                           {"name", f.kind},
                           {"shortDescription", text("iamlint audit: " + f.kind)},
                           {"helpUri", url},
                           {"help", {{"text", url}, {"markdown", "[" + f.kind + "](" + url + ")"}}},
                           {"defaultConfiguration", {{"level", level_of(f.severity)}}},
                           {"properties",
                            {{"tags", json::array({"security", "iam", "audit"})},
                             {"security-severity", security_severity_of(f.severity)}}}});
  }

  // Where an audit finding is: its statement; else the file it names, or the environment's manifest, without a
  // region; else only the principal, as a logical location.
  json audit_location(const AuditFinding& f, const std::string& environment) const {
    json where;
    if (!f.at.path.empty()) where = location(f.at.path, f.at.begin, f.at.end);
    else if (!environment.empty()) where = location(environment, Position{}, Position{});
    where["logicalLocations"] = json::array({json::object({{"fullyQualifiedName", f.principal}})});
    return where;
  }

  // An escalation path as a thread of execution: each step's deciding statements in order, each with the step's
  // method and request; a step with no located statement is there by its principal alone.
  json code_flow(const AuditPath& path) const {
    json locations = json::array();
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      const AuditStep& step = path.steps[i];
      std::string head = "step " + std::to_string(i + 1) + ": " + describe_audit_step(step, " -> ");
      std::size_t before = locations.size();
      for (const RequestStep& q : step.requests) {
        for (const SourceRef& d : q.deciding) {
          if (!d.located()) continue;
          json l = location(d.path, d.begin, d.end);
          l["message"] = text(head + "; " + describe_request(q) + (d.note.empty() ? "" : "; decided by " + d.note));
          locations.push_back({{"location", std::move(l)}});
        }
      }
      if (locations.size() == before) {
        std::string words = head;
        for (const RequestStep& q : step.requests) words += "; " + describe_request(q);
        json l = {{"message", text(words)},
                  {"logicalLocations", json::array({json::object({{"fullyQualifiedName", step.from}})})}};
        locations.push_back({{"location", std::move(l)}});
      }
    }
    return {{"message", text(audit_node_name(path.principal) + " becomes " + audit_node_name(path.target) + " in " +
                             std::to_string(path.steps.size()) + (path.steps.size() == 1 ? " step" : " steps"))},
            {"threadFlows", json::array({{{"locations", std::move(locations)}}})}};
  }

  json audit_finding(const AuditFinding& f, const AuditReport& audit, const std::string& environment) {
    std::string id = "audit/" + f.kind;
    json r = result(id, audit_rule(f), level_of(f.severity), f.message, audit_location(f, environment));
    if (f.path && *f.path < audit.paths.size()) r["codeFlows"] = json::array({code_flow(audit.paths[*f.path])});
    r["partialFingerprints"] = fingerprint_of({"audit", f.kind, f.principal});
    json properties = {{"kind", f.kind}, {"principal", f.principal}};
    if (f.path) properties["path"] = *f.path;
    r["properties"] = std::move(properties);
    return r;
  }

  RuleTable rules_;
  std::string cwd_;
};

}  // namespace

void write_sarif(std::ostream& out, const Report& report) {
  SarifWriter w;
  for (const Rule* r : report.rules) w.rules_.add(r->meta());
  for (const OwnRule& own : kOwnRules) {
    w.rules_.add(own.id, {{"id", own.id},
                          {"name", own.name},
                          {"shortDescription", text(own.summary)},
                          {"fullDescription", text(own.summary)},
                          {"helpUri", std::string(kDocsBase) + "docs/output-formats.md#sarif"},
                          {"defaultConfiguration", {{"level", own.level}}},
                          {"properties", {{"tags", json::array({"iam"})}}}});
  }

  json results = json::array();
  if (report.lint != nullptr) {
    for (const FileResult& f : report.lint->files) {
      for (const InputProblem& p : f.problems) {
        Position at = p.at.value_or(Position{});
        json r = w.result(kInputRule, w.rules_.index(kInputRule), "error", p.message, w.location(f.path, at, at));
        r["partialFingerprints"] = SarifWriter::fingerprint_of({"input", f.fingerprint_path, p.message});
        results.push_back(std::move(r));
      }
      for (const Finding& g : f.findings) {
        if (!g.baselined) results.push_back(w.finding(f, g));
      }
    }
    for (const ConfigFinding& c : report.lint->config_findings) {
      std::string id = "iamlint/" + std::string(c.id);
      std::size_t index = w.rules_.add(id, {{"id", id}, {"shortDescription", text(c.id)}});
      json r = w.result(id, index, level_of(c.severity), c.message, w.location(c.path, c.at, c.at));
      r["partialFingerprints"] = SarifWriter::fingerprint_of({id, c.pointer, c.message});
      results.push_back(std::move(r));
    }
  }
  // Only the properties that fail are results: code scanning documents no `kind`, so a passing check given as a
  // result could become an alert. The run's properties count them all.
  std::size_t counts[3] = {};
  for (const PropertyReport& p : report.properties) {
    ++counts[static_cast<int>(p.verdict)];
    if (!p.as_expected) results.push_back(w.property(p));
  }

  if (report.audit) {
    for (const AuditFinding& f : report.audit->findings) {
      results.push_back(w.audit_finding(f, *report.audit, report.environment));
    }
  }

  json driver = {{"name", "iamlint"},
                 {"version", report.tool_version},
                 {"informationUri", "https://github.com/iamlint/iamlint"},
                 {"rules", w.rules_.take()}};
  json run = {{"tool", {{"driver", std::move(driver)}}},
              {"originalUriBaseIds", {{kRootId, {{"uri", w.root_uri()}}}}},
              {"columnKind", "unicodeCodePoints"},
              {"results", std::move(results)}};
  if (!report.properties.empty()) {
    run["properties"] = {{"iamlint/properties",
                          {{"total", report.properties.size()}, {"proved", counts[0]}, {"refuted", counts[1]},
                           {"unknown", counts[2]}, {"notAsExpected", failing_properties(report)}}}};
  }
  if (report.audit) {
    const AuditReport& a = *report.audit;
    run["properties"]["iamlint/audit"] = {{"admins", a.admins},
                                          {"paths", a.paths.size()},
                                          {"findings", a.findings.size()},
                                          {"principals", a.principals},
                                          {"requests", a.requests}};
  }
  json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({std::move(run)})}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace iamlint::linter
