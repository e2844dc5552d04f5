// What one run tells its users, in one value for every output format: the lint results, the results of the
// properties the prover checked, and a picture of the environment. The solver fills in what it decides with these
// plain types, so that the writers (here, in linter/) never see a solver type and every format says the same thing.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/lint.hpp"

namespace iamlint::linter {

// A place in a file: a property in its properties file, a statement that decided a request.
struct SourceRef {
  std::string path;  // as the run named it (relative to the current directory when it was)
  Position begin;    // 0:0 when the place is not known (a stand-in policy): then only `note` is shown
  Position end;      // one past the token; equal to begin when only the start is known
  std::string note;  // what is there, for people: "ProdS3RWRole-trust-policy (trust policy)"
  bool located() const noexcept { return begin.line != 0; }
};

// One request of a counterexample or witness, as the evaluator decided it on replay.
struct RequestStep {
  std::string principal;       // an ARN; empty for an anonymous request
  std::string principal_note;  // who the principal is when the environment does not list it
  std::string action;
  std::string resource;
  std::vector<std::pair<std::string, std::vector<std::string>>> context;  // key, values (empty: present, no values)
  bool allowed = false;
  std::string decision;  // "Allowed", "ExplicitlyDenied", "ImplicitlyDenied"
  std::string reason;    // the evaluator's words
  std::vector<SourceRef> deciding;
};

enum class PropertyVerdict : uint8_t { Proved, Refuted, Unknown };
std::string_view property_verdict_name(PropertyVerdict v) noexcept;  // "proved", "refuted", "unknown"

struct PropertyReport {
  std::string name;
  std::string kind;  // as written in the properties file: "only", "can", "who-can", ...
  SourceRef at;      // the property's entry in its file
  PropertyVerdict verdict = PropertyVerdict::Unknown;
  bool open_world = true;
  bool expect_holds = true;  // false: the file marks it `expect: refuted`
  // The verdict is what the file expects (a who-can query, being no claim, is as expected once decided). A failed
  // property is one that is not: it fails a CI gate and is reported as a failure or a SARIF result.
  bool as_expected = false;
  bool internal_error = false;  // the evaluator did not confirm the solver's request
  std::string summary;          // one line: what was shown
  std::string unknown_reason;
  // REFUTED: the requests that break the claim (a chain: each sts:AssumeRole hop, then the request); a PROVED `can`:
  // the witness, the same way.
  std::vector<RequestStep> steps;
  struct Who {
    std::string principal;
    std::vector<RequestStep> witness;
  };
  std::vector<Who> who;     // who-can
  std::string suggestion;   // a statement (JSON) that would make a refuted `only` claim hold
  std::optional<PropertyVerdict> suggestion_verdict;
  double millis = 0;
  uint64_t solver_calls = 0;  // Z3 checks it took (0: decided before the solver)
};

// The environment as a picture: who may become whom, and who may reach which resource. Edges are decided by the
// evaluator (docs/report.md says on which requests); risk colours come from the findings and refuted properties.
enum class NodeKind : uint8_t { Account, User, Group, Role, Service, Resource, Anyone };
std::string_view node_kind_name(NodeKind k) noexcept;  // "account", "user", ...

enum class EdgeKind : uint8_t {
  Member,  // a user is in a group
  Assume,  // a principal may assume a role (sts:AssumeRole allowed on replay)
  Access,  // a principal may act on a resource
  Escalate,  // a step of an audit's escalation path (AuditStep): the method's id is the label
};
std::string_view edge_kind_name(EdgeKind k) noexcept;  // "member", "assume", "access", "escalate"

// 0 nothing known against it, 1 suggestions or warnings, 2 a security finding, 3 an error finding or a refuted
// property whose counterexample passes through it.
using Risk = uint8_t;

struct GraphNode {
  std::string id;       // an ARN, or "account:111111111111", "service:ec2.amazonaws.com", "anyone"
  std::string label;    // short: "ProdS3RWRole", "prod-data-bucket", "DevAccount (111111111111)"
  NodeKind kind = NodeKind::Resource;
  std::string account;  // the account id it lives in; empty for services and anyone
  Risk risk = 0;
  std::vector<std::string> notes;  // why it has its risk, one line each
};

struct GraphEdge {
  std::string from, to;  // node ids
  EdgeKind kind = EdgeKind::Assume;
  bool cross_account = false;
  Risk risk = 0;
  std::string label;  // "sts:AssumeRole", "s3:PutObject, s3:GetObject (+3)"
  bool on_path = false;  // part of a refuted property's counterexample
};

struct AccessGraph {
  std::vector<std::pair<std::string, std::string>> accounts;  // id, name
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;
  std::vector<std::string> notes;  // what the picture leaves out, and why
};

// What `iamlint audit` found in an environment (docs/audit.md): who can become an administrator and how, and the
// principals reviewers look at first. Every step of a path is a set of requests the evaluator allowed on replay.
struct AuditStep {
  std::string from, to;       // node ids: principal ARNs, or kAdminNode when the step makes `from` an administrator
  std::string method;         // the escalation method's id: "put-user-policy", "assume-role", "pass-role-lambda"
  std::string method_title;   // for people: "iam:PutUserPolicy on itself"
  std::string via;            // the entity the method acts on, when it is neither end: a policy ARN, a group ARN
  std::vector<RequestStep> requests;  // the requests the method needs, each Allowed on replay, with its statements
};

// A principal that can reach an administrator (or a crown jewel): the shortest chain of methods.
struct AuditPath {
  std::string principal;  // its ARN
  std::string target;     // the administrator it ends at: a principal ARN, or kAdminNode (it makes itself one)
  std::vector<AuditStep> steps;
};

inline constexpr const char* kAdminNode = "admin";

struct AuditFinding {
  // "escalation-path", "admin-without-mfa", "service-assumable-admin", "trusts-whole-account", "trusts-everyone",
  // "trust-outside-organization", "circular-access", "dangling-trust"
  std::string kind;
  Severity severity = Severity::Warning;
  std::string principal;  // the ARN the finding is about
  std::string message;    // one line, for people
  SourceRef at;           // the statement it rests on (the trust policy's, the granting one); unlocated when none
  std::optional<std::size_t> path;  // for "escalation-path": its index in AuditReport::paths
};
std::string audit_finding_doc_url(std::string_view kind);  // docs/audit.md#<kind>

struct AuditReport {
  std::vector<std::string> admins;      // principals that are administrators already (ARNs, sorted)
  std::vector<AuditPath> paths;         // one per principal that can reach an administrator and is not one
  std::vector<AuditFinding> findings;   // most severe first, then by principal
  std::vector<std::string> notes;       // what the audit leaves out, and why
  std::size_t principals = 0, edges = 0, requests = 0;  // examined principals, graph edges, evaluator calls
  double millis = 0;
};

struct RunStatistics {
  double lint_millis = 0;
  double prove_millis = 0;  // including the prover's one-time set-up
  std::size_t policies = 0;  // in the environment
  std::size_t principals = 0;
};

struct Report {
  std::string tool_version;
  const LintResult* lint = nullptr;  // null when no file was linted (prove alone)
  std::vector<const Rule*> rules;    // the rules that ran: SARIF lists them as the driver's rules
  Severity fail_on = Severity::Security;
  bool fail_none = false;  // --fail-on none: no finding fails the run
  std::vector<PropertyReport> properties;
  std::optional<AccessGraph> graph;
  std::optional<AuditReport> audit;  // `iamlint audit`
  std::string environment;  // the manifest's path, when there is one
  RunStatistics statistics;
};

// Whether a finding of this severity (that counts) fails the run: at or above --fail-on, unless it is `none`.
bool fails_run(const Report& report, Severity severity) noexcept;
// The properties that fail the run: those not as expected (including the undecided).
std::size_t failing_properties(const Report& report) noexcept;

// The exit code iamlint documents (docs/usage.md, "Exit codes"): 1 when something fails the run (a finding at or above
// --fail-on, a property not as expected), raised to `incomplete_exit` (2 unless --incomplete-exit says otherwise) when
// some input or property could not be fully checked. A usage error is 2 before any of this runs.
int run_exit_code(bool failing, bool incomplete, int incomplete_exit) noexcept;

// The formats. Each writes one whole document.
void write_sarif(std::ostream& out, const Report& report);     // docs/output-formats.md#sarif
void write_junit(std::ostream& out, const Report& report);     // docs/output-formats.md#junit
void write_markdown(std::ostream& out, const Report& report);  // docs/output-formats.md#markdown
void write_html(std::ostream& out, const Report& report);      // docs/report.md

// Markdown meant for a pull-request comment stays within this many bytes, cutting findings with a count.
inline constexpr std::size_t kMarkdownLimit = 60'000;

// Where the rule pages live, for links from SARIF and Markdown: <base>docs/rules/<ID>-<name>.md.
inline constexpr const char* kDocsBase = "https://github.com/iamlint/iamlint/blob/main/";
std::string rule_docs_url(const RuleMeta& rule);

// One request of a counterexample in words, on one line: who, what, on which resource, and the decision with the
// evaluator's reason ("arn:aws:iam::1:user/a may s3:PutObject on arn:aws:s3:::b/k: Allowed (...)").
std::string describe_request(const RequestStep& step);

// A path as a URI reference: every byte but the unreserved characters and '/' percent-encoded, so that spaces,
// '#', and a ':' in a first segment (which would read as a scheme) stay part of the path.
std::string uri_encode_path(std::string_view path);

// `s` with each byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD, for formats whose
// readers reject invalid text (XML) or show it garbled.
std::string valid_utf8(std::string_view s);

}  // namespace iamlint::linter
