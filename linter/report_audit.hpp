// What every format needs to say an audit (AuditReport) the same way: a step in words, a node's name, and the
// escalation paths laid over the access graph for the HTML report.
#pragma once

#include <string>
#include <string_view>

#include "linter/report.hpp"

namespace iamlint::linter {

// A node of a path for people: "administrator" for kAdminNode, else the ARN as it is.
std::string audit_node_name(std::string_view id);

// One step on one line: "assume-role (sts:AssumeRole on a role it is trusted by): arn:...:user/dev -> arn:...:role/ops
// via arn:...", the arrow as `arrow` (Markdown and HTML want "→", XML text is fine with it too).
std::string describe_audit_step(const AuditStep& step, std::string_view arrow = " \u2192 ");

// The findings that fail the run (fails_run of each one's severity).
std::size_t failing_audit_findings(const Report& report) noexcept;

// The paths drawn on `graph`: a node for each end that is missing (kAdminNode as an "administrator" node), an
// Escalate edge per step labelled with its method and marked on_path, and every node on a path raised to the highest
// risk with a note saying why. The solver's graph stays as it built it: callers overlay a copy.
void overlay_audit_paths(AccessGraph& graph, const AuditReport& audit);

}  // namespace iamlint::linter
