// Terraform plans and states as `terraform show -json` prints them: every IAM policy that the AWS provider's
// resources and rendered aws_iam_policy_document data sources hold, each a JSON string attribute, named by its
// resource address and typed by the attribute it is in. What is read: docs/inputs.md, "Terraform plans".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linter/inputs.hpp"

namespace iamlint::linter {

// A root object with `format_version` and `planned_values` or `resource_changes` (a plan), or `format_version` and
// `values.root_module` (a state).
bool is_terraform_plan(const JsonTree& tree, const Node& root);

// The policies of a plan or state, in document order; when there is none, `skipped` says why (none at all, known
// only after apply, organization policies that are not IAM policy language).
void terraform_sites(const JsonTree& tree, const Node& root, std::vector<PolicySite>& out, std::string& skipped);

// A resource address without its instance keys, as the configuration writes it: `module.net[0].aws_iam_role.x["a"]`
// is `module.net.aws_iam_role.x`. A key may be a string holding brackets.
std::string without_instance_keys(std::string_view address);

}  // namespace iamlint::linter
