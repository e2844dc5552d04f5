// `iamlint audit`: who can become an administrator in an environment, and how (docs/audit.md). A directed graph of
// users and roles whose edges are the published privilege-escalation methods (solver/audit_methods.hpp), each edge
// decided by the evaluator on concrete requests against the real target, so that Denies, boundaries, SCPs, resource
// constraints and conditions are those AWS applies. Paths are the shortest chains to an administrator, found
// breadth first backwards from the administrators, and replayed step by step through the evaluator. Beside the
// paths, the principal findings reviewers look at first: administrators whose policies need no MFA, administrator
// roles a service can assume, trust in whole accounts, in everyone, outside the organization, circular and
// dangling trust.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "linter/report.hpp"
#include "solver/environment.hpp"

namespace iamlint::solver {

struct AuditOptions {
  std::string region = "us-east-1";  // ${region} of the resources the methods create, and aws:RequestedRegion
  // Crown jewels: (action, resource) requests; a principal allowed any of them is a target like an administrator.
  std::vector<std::pair<std::string, std::string>> crown_jewels;
};

// The requests that make a principal an administrator, for an account: every one must be allowed (docs/audit.md,
// "Administrators").
std::vector<std::pair<std::string, std::string>> admin_probes(const std::string& account, const std::string& region);

linter::AuditReport audit(const Environment& env, const AuditOptions& options = {});

}  // namespace iamlint::solver
