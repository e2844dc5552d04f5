// The audit's results (AuditReport) in every format, over a report built by hand: two escalation paths (a user that
// assumes a role which can give itself an administrator's policy; a user that gives itself one) and three findings
// of different severities. JSON against its schema, SARIF against the official one, JUnit's failures, Markdown's
// exact section, and the HTML report with its access graph.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/output.hpp"
#include "linter/report.hpp"
#include "linter/report_audit.hpp"
#include "linter/report_html.hpp"
#include "tests/fixture_support.hpp"
#include "tests/json_schema.hpp"

using namespace iamlint;
using namespace iamlint::linter;
using namespace iamlint::testing;
using nlohmann::json;

namespace {

constexpr const char* kDev = "arn:aws:iam::111111111111:user/dev";
constexpr const char* kIntern = "arn:aws:iam::111111111111:user/intern";
constexpr const char* kOps = "arn:aws:iam::111111111111:role/ops";
constexpr const char* kAdmin = "arn:aws:iam::111111111111:role/Admin";

SourceRef at(std::string path, uint32_t line, uint32_t column, std::string note) {
  return {std::move(path), {line, column}, {line, column + 8}, std::move(note)};
}

RequestStep allowed(std::string principal, std::string action, std::string resource, std::vector<SourceRef> by) {
  RequestStep q;
  q.principal = std::move(principal);
  q.action = std::move(action);
  q.resource = std::move(resource);
  q.allowed = true;
  q.decision = "Allowed";
  q.reason = "an identity policy allows it";
  q.deciding = std::move(by);
  return q;
}

AuditReport audit_example() {
  AuditReport a;
  a.admins = {kAdmin};
  AuditStep assume{kDev, kOps, "assume-role", "sts:AssumeRole on a role that trusts it", "", {}};
  assume.requests.push_back(allowed(kDev, "sts:AssumeRole", kOps,
                                    {at("policies/dev.json", 4, 5, "dev's policy"),
                                     at("policies/ops-trust.json", 6, 7, "ops's trust policy")}));
  AuditStep put{kOps, kAdminNode, "put-role-policy", "iam:PutRolePolicy on itself", "", {}};
  put.requests.push_back(allowed(kOps, "iam:PutRolePolicy", kOps, {at("policies/ops.json", 3, 5, "ops's policy")}));
  a.paths.push_back({kDev, kAdminNode, {assume, put}});
  AuditStep self{kIntern, kAdminNode, "put-user-policy", "iam:PutUserPolicy on itself", "", {}};
  self.requests.push_back(
      allowed(kIntern, "iam:PutUserPolicy", kIntern, {at("policies/intern.json", 5, 9, "intern's policy")}));
  a.paths.push_back({kIntern, kAdminNode, {self}});
  a.findings.push_back({"escalation-path", Severity::Error, kDev, "dev can become an administrator in 2 steps",
                        at("policies/dev.json", 4, 5, "dev's policy"), 0});
  a.findings.push_back({"trusts-whole-account", Severity::Security, kOps, "ops trusts every principal of 111111111111",
                        at("policies/ops-trust.json", 6, 7, "ops's trust policy"), std::nullopt});
  SourceRef unlocated;
  unlocated.note = "Admin's policies";
  a.findings.push_back({"admin-without-mfa", Severity::Warning, kAdmin, "Admin needs no MFA", unlocated, std::nullopt});
  a.notes = {"service-linked roles are left out"};
  a.principals = 4;
  a.edges = 3;
  a.requests = 120;
  a.millis = 12.5;
  return a;
}

Report audit_report() {
  Report r;
  r.tool_version = "0.1.0";
  r.environment = "env/environment.yaml";
  r.audit = audit_example();
  return r;
}

template <typename Writer>
std::string written(Writer write, const Report& report) {
  std::ostringstream out;
  write(out, report);
  return out.str();
}

json schema_at(const std::string& relative) { return json::parse(read_file(source_dir() / relative)); }

std::string html_of(const Report& report) {
  std::ostringstream out;
  write_html(out, report, HtmlOptions{});
  return out.str();
}

// The graph's data block of an HTML report.
json graph_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  std::size_t begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  begin += open.size();
  return json::parse(html.substr(begin, html.find("</script>", begin) - begin));
}

}  // namespace

TEST_CASE("audit JSON: admins, paths with their requests and statements, findings, notes and statistics",
          "[report][audit][json]") {
  json doc = json::parse(written(static_cast<void (*)(std::ostream&, const Report&)>(write_json), audit_report()));
  CHECK(joined(validate_json_schema(schema_at("docs/schemas/iamlint-output.schema.json"), doc)) == "");
  const json& a = doc.at("audit");
  CHECK(a.at("admins") == json::array({kAdmin}));
  REQUIRE(a.at("paths").size() == 2);
  const json& p = a.at("paths")[0];
  CHECK(p.at("principal") == kDev);
  CHECK(p.at("target") == "admin");
  REQUIRE(p.at("steps").size() == 2);
  const json& step = p.at("steps")[0];
  CHECK(step.at("from") == kDev);
  CHECK(step.at("to") == kOps);
  CHECK(step.at("method") == "assume-role");
  CHECK(step.at("method_title") == "sts:AssumeRole on a role that trusts it");
  CHECK_FALSE(step.contains("via"));
  REQUIRE(step.at("requests").size() == 1);
  const json& q = step.at("requests")[0];
  CHECK(q.at("action") == "sts:AssumeRole");
  CHECK(q.at("decision") == "Allowed");
  REQUIRE(q.at("deciding").size() == 2);
  CHECK(q.at("deciding")[1] == json{{"path", "policies/ops-trust.json"}, {"line", 6}, {"column", 7},
                                    {"end_line", 6}, {"end_column", 15}, {"note", "ops's trust policy"}});
  CHECK(p.at("steps")[1].at("method") == "put-role-policy");
  CHECK(a.at("paths")[1].at("steps").size() == 1);
  REQUIRE(a.at("findings").size() == 3);
  CHECK(a.at("findings")[0] == json{{"kind", "escalation-path"},
                                    {"severity", "error"},
                                    {"principal", kDev},
                                    {"message", "dev can become an administrator in 2 steps"},
                                    {"at",
                                     {{"path", "policies/dev.json"},
                                      {"line", 4},
                                      {"column", 5},
                                      {"end_line", 4},
                                      {"end_column", 13},
                                      {"note", "dev's policy"}}},
                                    {"path", 0}});
  CHECK(a.at("findings")[1].at("severity") == "security");
  CHECK_FALSE(a.at("findings")[1].contains("path"));
  CHECK(a.at("findings")[2].at("at") == json{{"path", ""}, {"note", "Admin's policies"}});
  CHECK(a.at("notes") == json::array({"service-linked roles are left out"}));
  CHECK(a.at("statistics") == json{{"principals", 4}, {"edges", 3}, {"requests", 120}, {"millis", 12.5}});
}

TEST_CASE("the JSON of a run without an audit has no audit member", "[report][audit][json]") {
  Report r;
  r.tool_version = "0.1.0";
  json doc = json::parse(written(static_cast<void (*)(std::ostream&, const Report&)>(write_json), r));
  CHECK_FALSE(doc.contains("audit"));
}

TEST_CASE("audit SARIF: a result per finding under a rule per kind, located, with the path as a code flow",
          "[report][audit][sarif]") {
  std::string text = written(write_sarif, audit_report());
  CHECK(joined(sarif_errors(text)) == "");
  json run = json::parse(text).at("runs")[0];
  std::vector<std::string> ids;
  for (const json& rule : run.at("tool").at("driver").at("rules")) ids.push_back(rule.at("id"));
  for (const char* kind : {"escalation-path", "trusts-whole-account", "admin-without-mfa"}) {
    INFO(kind);
    auto it = std::find(ids.begin(), ids.end(), "audit/" + std::string(kind));
    REQUIRE(it != ids.end());
    const json& rule = run.at("tool").at("driver").at("rules")[static_cast<std::size_t>(it - ids.begin())];
    CHECK(rule.at("helpUri") == audit_finding_doc_url(kind));
  }
  const json& results = run.at("results");
  REQUIRE(results.size() == 3);
  CHECK(results[0].at("ruleId") == "audit/escalation-path");
  CHECK(results[0].at("level") == "error");
  CHECK(results[1].at("ruleId") == "audit/trusts-whole-account");
  CHECK(results[1].at("level") == "error");  // security, as lint findings
  CHECK(results[2].at("ruleId") == "audit/admin-without-mfa");
  CHECK(results[2].at("level") == "warning");
  for (const json& r : results) CHECK(ids[r.at("ruleIndex").get<std::size_t>()] == r.at("ruleId"));
  const json& located = results[1].at("locations")[0].at("physicalLocation");
  CHECK(located.at("artifactLocation").at("uri") == "policies/ops-trust.json");
  CHECK(located.at("region") == json{{"startLine", 6}, {"startColumn", 7}, {"endLine", 6}, {"endColumn", 15}});
  // Unlocated: the environment's manifest, without a region.
  const json& manifest = results[2].at("locations")[0].at("physicalLocation");
  CHECK(manifest.at("artifactLocation").at("uri") == "env/environment.yaml");
  CHECK_FALSE(manifest.contains("region"));
  CHECK(results[2].at("locations")[0].at("logicalLocations")[0].at("fullyQualifiedName") == kAdmin);
  // The path: one code flow, a location per step's statement, in order.
  REQUIRE(results[0].at("codeFlows").size() == 1);
  CHECK_FALSE(results[1].contains("codeFlows"));
  const json& flow = results[0].at("codeFlows")[0].at("threadFlows")[0].at("locations");
  REQUIRE(flow.size() == 3);  // assume-role rests on two statements, put-role-policy on one
  const json& first = flow[0].at("location");
  CHECK(first.at("physicalLocation").at("artifactLocation").at("uri") == "policies/dev.json");
  CHECK(first.at("physicalLocation").at("region").at("startLine") == 4);
  std::string message = first.at("message").at("text");
  CHECK(message.find("step 1: assume-role") == 0);
  CHECK(message.find("may sts:AssumeRole on arn:aws:iam::111111111111:role/ops") != std::string::npos);
  std::string last = flow[2].at("location").at("message").at("text");
  CHECK(last.find("step 2: put-role-policy") == 0);
  CHECK(last.find("-> administrator") != std::string::npos);
  CHECK(run.at("properties").at("iamlint/audit").at("paths") == 2);
}

TEST_CASE("audit JUnit: a case per finding, failing at or above --fail-on", "[report][audit][junit]") {
  Report r = audit_report();
  std::string xml = written(write_junit, r);
  CHECK(xml.find("<testsuite name=\"audit\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\" time=\"0.013\">") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"policies/dev.json\" name=\"escalation-path " + std::string(kDev) + "\">") !=
        std::string::npos);
  CHECK(xml.find("  1. assume-role (sts:AssumeRole on a role that trusts it): " + std::string(kDev) + " \u2192 " + kOps) !=
        std::string::npos);
  CHECK(xml.find("decided by ops's policy at policies/ops.json:3:5") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"env/environment.yaml\" name=\"admin-without-mfa " + std::string(kAdmin)) !=
        std::string::npos);
  r.fail_on = Severity::Warning;
  CHECK(written(write_junit, r).find("tests=\"3\" failures=\"3\"") != std::string::npos);
  r.fail_none = true;
  CHECK(written(write_junit, r).find("<testsuite name=\"audit\" tests=\"3\" failures=\"0\"") != std::string::npos);
}

TEST_CASE("audit Markdown: findings by severity, then each path step by step", "[report][audit][markdown]") {
  Report r = audit_report();
  std::string md = written(write_markdown, r);
  const std::string url = std::string(kDocsBase) + "docs/audit.md#";
  std::string expected =
      "## iamlint\n\n"
      "### Audit\n\n"
      "1 administrator; 2 escalation paths; 3 findings (1 error, 1 security, 1 warning).\n\n"
      "#### Error\n\n"
      "- **error** [escalation-path](" + url + "escalation-path): dev can become an administrator in 2 steps "
      "(arn:aws:iam::111111111111:user/dev) ([policies/dev.json:4:5](policies/dev.json#L4)) (path 1)\n\n"
      "#### Security\n\n"
      "- **security** [trusts-whole-account](" + url + "trusts-whole-account): ops trusts every principal of "
      "111111111111 (arn:aws:iam::111111111111:role/ops) ([policies/ops-trust.json:6:7](policies/ops-trust.json#L6))\n\n"
      "#### Warning\n\n"
      "- **warning** [admin-without-mfa](" + url + "admin-without-mfa): Admin needs no MFA "
      "(arn:aws:iam::111111111111:role/Admin) (Admin's policies)\n\n"
      "#### Escalation paths\n\n"
      "**1. arn:aws:iam::111111111111:user/dev \u2192 administrator**\n\n"
      "1. **assume-role** (sts:AssumeRole on a role that trusts it): arn:aws:iam::111111111111:user/dev \u2192 "
      "arn:aws:iam::111111111111:role/ops\n"
      "   - sts:AssumeRole on arn:aws:iam::111111111111:role/ops: [dev's policy](policies/dev.json#L4), "
      "[ops's trust policy](policies/ops-trust.json#L6)\n"
      "2. **put-role-policy** (iam:PutRolePolicy on itself): arn:aws:iam::111111111111:role/ops \u2192 administrator\n"
      "   - iam:PutRolePolicy on arn:aws:iam::111111111111:role/ops: [ops's policy](policies/ops.json#L3)\n\n"
      "**2. arn:aws:iam::111111111111:user/intern \u2192 administrator**\n\n"
      "1. **put-user-policy** (iam:PutUserPolicy on itself): arn:aws:iam::111111111111:user/intern \u2192 "
      "administrator\n"
      "   - iam:PutUserPolicy on arn:aws:iam::111111111111:user/intern: [intern's policy](policies/intern.json#L5)\n\n";
  CHECK(md == expected);
}

TEST_CASE("audit Markdown stays within its limit, cutting findings and paths with a count", "[report][audit][markdown]") {
  Report r = audit_report();
  AuditFinding f = r.audit->findings[2];
  f.message.assign(400, 'x');
  r.audit->findings.assign(400, f);
  AuditPath p = r.audit->paths[0];
  r.audit->paths.assign(100, p);
  std::string md = written(write_markdown, r);
  CHECK(md.size() <= kMarkdownLimit);
  CHECK(md.find("more audit findings not shown.") != std::string::npos);
  CHECK(md.find("… and 100 more escalation paths not shown.") != std::string::npos);
}

TEST_CASE("audit HTML: findings by severity, each path step by step, and the paths on the access graph",
          "[report][audit][html]") {
  Report r = audit_report();
  AccessGraph g;
  g.accounts = {{"111111111111", "Prod"}};
  g.nodes.push_back({kDev, "dev", NodeKind::User, "111111111111", 0, {}});
  g.nodes.push_back({kOps, "ops", NodeKind::Role, "111111111111", 0, {}});
  g.edges.push_back({kDev, kOps, EdgeKind::Assume, false, 0, "sts:AssumeRole", false});
  r.graph = g;
  std::string html = html_of(r);
  CHECK(html.find("<a href=\"#audit\">Audit</a>") != std::string::npos);
  CHECK(html.find("<section id=\"audit\"><h2>Audit</h2>") != std::string::npos);
  CHECK(html.find("<table class=\"audit-findings\" id=\"audit-findings-error\">") != std::string::npos);
  CHECK(html.find("<article class=\"audit-path\" id=\"audit-path-1\">") != std::string::npos);
  CHECK(html.find("<strong class=\"method\">put-role-policy</strong>") != std::string::npos);
  CHECK(html.find("<code>policies/ops.json:3:5</code>") != std::string::npos);
  CHECK(html.find("FAIL</span><div class=\"why\">2 audit findings at or above security") != std::string::npos);
  CHECK(html.find("<h3>Audit</h3>") != std::string::npos);
  CHECK(html.find("<li><a href=\"#audit-path-2\"><code>" + std::string(kIntern) +
                  "</code></a> \u2192 administrator in 1 step</li>") != std::string::npos);
  json data = graph_data(html);
  std::size_t escalate = 0;
  for (const json& e : data.at("edges")) {
    if (e.at("kind") != "escalate") continue;
    ++escalate;
    CHECK(e.at("path") == true);
    CHECK(e.at("risk") == 3);
  }
  CHECK(escalate == 3);
  std::size_t admins = 0;
  for (const auto& [id, n] : data.at("nodes").items()) admins += n.at("id") == kAdminNode ? 1 : 0;
  CHECK(admins == 1);
  CHECK(html.find("a step of an escalation path") != std::string::npos);
  // The report's own graph is as the solver made it.
  CHECK(r.graph->nodes.size() == 2);
  CHECK(r.graph->edges.size() == 1);
}

TEST_CASE("the audit's paths laid over a graph: missing ends added, escalate edges on the path, risk raised",
          "[report][audit][html]") {
  AccessGraph g;
  g.nodes.push_back({kDev, "dev", NodeKind::User, "111111111111", 1, {}});
  overlay_audit_paths(g, audit_example());
  REQUIRE(g.nodes.size() == 4);  // dev, ops, administrator, intern
  CHECK(g.nodes[1].id == kOps);
  CHECK(g.nodes[1].kind == NodeKind::Role);
  CHECK(g.nodes[1].label == "ops");
  CHECK(g.nodes[1].account == "111111111111");
  CHECK(g.nodes[2].id == kAdminNode);
  CHECK(g.nodes[2].label == "administrator");
  CHECK(g.nodes[3].kind == NodeKind::User);
  for (const GraphNode& n : g.nodes) CHECK(n.risk == 3);
  CHECK(g.nodes[0].notes == std::vector<std::string>{"on the escalation path of " + std::string(kDev) +
                                                     " to administrator"});
  REQUIRE(g.edges.size() == 3);
  CHECK(g.edges[1].from == kOps);
  CHECK(g.edges[1].to == kAdminNode);
  CHECK(g.edges[1].label == "put-role-policy");
  CHECK(g.edges[1].kind == EdgeKind::Escalate);
  CHECK(g.edges[1].on_path);
  // Twice is the same as once.
  overlay_audit_paths(g, audit_example());
  CHECK(g.edges.size() == 3);
  CHECK(g.nodes.size() == 4);
}

TEST_CASE("an audit that found nothing says so in every format, each still valid", "[report][audit]") {
  Report r;
  r.tool_version = "0.1.0";
  r.audit = AuditReport{};
  json doc = json::parse(written(static_cast<void (*)(std::ostream&, const Report&)>(write_json), r));
  CHECK(joined(validate_json_schema(schema_at("docs/schemas/iamlint-output.schema.json"), doc)) == "");
  CHECK(doc.at("audit").at("paths") == json::array());
  std::string sarif = written(write_sarif, r);
  CHECK(joined(sarif_errors(sarif)) == "");
  CHECK(json::parse(sarif).at("runs")[0].at("results") == json::array());
  CHECK(written(write_junit, r).find("<testcase classname=\"audit\" name=\"no findings\"/>") != std::string::npos);
  CHECK(written(write_markdown, r) == "## iamlint\n\n### Audit\n\n0 administrators; 0 escalation paths; 0 findings.\n\n");
  std::string html = html_of(r);
  CHECK(html.find("<section id=\"audit\">") != std::string::npos);
  CHECK(html.find("No principal can become an administrator that is not one.") != std::string::npos);
  CHECK(html.find("<section id=\"graph\">") == std::string::npos);
}

// Not run by default: ctest runs it to write the page that the Chromium check renders (tests/CMakeLists.txt).
TEST_CASE("write the audit's HTML report for the Chromium check", "[.][audit-html-page]") {
  const char* path = std::getenv("IAMLINT_AUDIT_HTML");
  REQUIRE(path != nullptr);
  std::ofstream out(path, std::ios::binary);
  write_html(out, audit_report(), HtmlOptions{find_dot()});
  REQUIRE(out.good());
}
