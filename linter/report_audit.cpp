#include "linter/report_audit.hpp"

#include <algorithm>

namespace iamlint::linter {

namespace {

// The part of an ARN after its n-th colon (0-based fields: arn, partition, service, region, account, resource).
std::string_view arn_field(std::string_view arn, int n) {
  for (int i = 0; i < n; ++i) {
    std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  return arn.substr(0, n < 5 ? arn.find(':') : std::string_view::npos);
}

// A node for an end the graph does not have yet, its kind and account read from the ARN.
GraphNode node_for(const std::string& id) {
  GraphNode n;
  n.id = id;
  if (id == kAdminNode) {
    n.label = "administrator";
    n.kind = NodeKind::Account;  // drawn as an account's root: every permission
    n.notes.emplace_back("an administrator: every permission in its account");
    return n;
  }
  if (!id.starts_with("arn:")) {  // a service principal: "lambda.amazonaws.com"
    n.label = id;
    n.kind = NodeKind::Service;
    return n;
  }
  std::string_view resource = arn_field(id, 5);
  n.account = std::string(arn_field(id, 4));
  n.kind = resource.starts_with("user/")    ? NodeKind::User
           : resource.starts_with("role/")  ? NodeKind::Role
           : resource.starts_with("group/") ? NodeKind::Group
           : resource == "root"             ? NodeKind::Account
                                            : NodeKind::Resource;
  std::size_t slash = resource.rfind('/');
  n.label = std::string(slash == std::string_view::npos ? resource : resource.substr(slash + 1));
  if (n.label.empty()) n.label = id;
  return n;
}

GraphNode& node_of(AccessGraph& g, const std::string& id) {
  auto it = std::find_if(g.nodes.begin(), g.nodes.end(), [&](const GraphNode& n) { return n.id == id; });
  if (it != g.nodes.end()) return *it;
  g.nodes.push_back(node_for(id));
  return g.nodes.back();
}

void add_note(GraphNode& n, std::string note) {
  if (std::find(n.notes.begin(), n.notes.end(), note) == n.notes.end()) n.notes.push_back(std::move(note));
}

}  // namespace

std::string audit_node_name(std::string_view id) {
  return id == kAdminNode ? std::string("administrator") : std::string(id);
}

std::string describe_audit_step(const AuditStep& step, std::string_view arrow) {
  std::string out = step.method;
  if (!step.method_title.empty()) out.append(" (").append(step.method_title).append(")");
  out.append(": ").append(audit_node_name(step.from)).append(arrow).append(audit_node_name(step.to));
  if (!step.via.empty()) out.append(" via ").append(step.via);
  return out;
}

std::size_t failing_audit_findings(const Report& report) noexcept {
  if (!report.audit) return 0;
  return static_cast<std::size_t>(std::count_if(report.audit->findings.begin(), report.audit->findings.end(),
                                                [&](const AuditFinding& f) { return fails_run(report, f.severity); }));
}

void overlay_audit_paths(AccessGraph& graph, const AuditReport& audit) {
  for (const AuditPath& path : audit.paths) {
    std::string why = "on the escalation path of " + audit_node_name(path.principal) + " to " +
                      audit_node_name(path.target);
    for (const AuditStep& step : path.steps) {
      // Both ends first: adding the second may move the first in the vector.
      node_of(graph, step.from);
      node_of(graph, step.to);
      const GraphNode& from = node_of(graph, step.from);
      const GraphNode& to = node_of(graph, step.to);
      bool cross = !from.account.empty() && !to.account.empty() && from.account != to.account;
      bool drawn = std::any_of(graph.edges.begin(), graph.edges.end(), [&](const GraphEdge& e) {
        return e.kind == EdgeKind::Escalate && e.from == step.from && e.to == step.to && e.label == step.method;
      });
      if (!drawn) graph.edges.push_back({step.from, step.to, EdgeKind::Escalate, cross, 3, step.method, true});
      for (const std::string* id : {&step.from, &step.to}) {
        GraphNode& n = node_of(graph, *id);
        n.risk = 3;
        if (*id != kAdminNode) add_note(n, why);
      }
    }
  }
}

}  // namespace iamlint::linter
