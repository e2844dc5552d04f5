// Reading a statement's Principal element the same way in every rule.
#pragma once

#include <string_view>

#include "linter/model.hpp"

namespace iamlint::rules {

// The value that makes the statement apply to everybody: Principal "*" (the string node) or the "*" value under
// "AWS" (a string or an array item). Null when there is none.
const linter::Node* everyone_principal(const linter::JsonTree& tree, const linter::Statement& statement);

// The account field of an AWS principal value: the 12-digit id itself, or the fifth field of an iam or sts ARN
// (which may hold a wildcard). Empty for "*" and for anything else (IAM117 reports malformed values).
std::string_view principal_account(std::string_view principal) noexcept;

// The account id when an AWS principal value names a whole account (111111111111 or arn:aws:iam::111111111111:root),
// else empty.
std::string_view whole_account(std::string_view principal) noexcept;

// Calls f(value) for each value under Principal[kind] ("AWS", "Service", "Federated", "CanonicalUser"), or under
// NotPrincipal[kind] when `element` says so.
template <typename F>
void for_each_principal(const linter::JsonTree& tree, const linter::Statement& statement, std::string_view kind,
                        F&& f, linter::Element element = linter::Element::Principal) {
  const linter::Node* principal = statement.get(element);
  if (principal == nullptr || !principal->is_object()) return;
  const linter::Node* values = tree.member(*principal, kind);
  if (values != nullptr) linter::for_each_value(tree, *values, f);
}

}  // namespace iamlint::rules
