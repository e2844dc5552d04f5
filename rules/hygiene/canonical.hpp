// A canonical text for a statement, so that statements can be compared for meaning rather than for spelling.
// Shared by IAM303 (duplicate statements) and IAM305 (mergeable statements).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include <string_view>

#include "linter/model.hpp"

namespace iamlint::rules {

// Element bits for canonical_statement's `skip`.
inline constexpr unsigned element_bit(linter::Element e) noexcept { return 1u << static_cast<unsigned>(e); }

// The statement's members, except the elements in `skip`, as one string that is equal for two statements exactly
// when they differ only in spelling IAM ignores: member order, the order of array items and repeats among them, a
// single value written as a one-item array, and the case of actions in Action and NotAction. Everything else is
// compared as written (ARNs, principals and condition keys and values are case-sensitive here, so that two
// statements are never called equal when IAM might tell them apart). Unknown members take part by their key.
std::string canonical_statement(const linter::JsonTree& tree, const linter::Statement& statement, unsigned skip);

// The canonical text of one element's value, under the same rules.
std::string canonical_value(const linter::JsonTree& tree, const linter::Node& value, bool fold_case);

// A summary of canonical_statement() that ignores order and repeats: a 256-bit set of hashes of the statement's
// member keys and leaf values. Statements with equal canonical texts have equal summaries, so a statement whose
// summary no other statement shares needs no canonical text; computing summaries costs no allocation.
struct StatementSummary {
  std::array<uint64_t, 4> bits{};
  bool operator==(const StatementSummary&) const = default;
};
StatementSummary statement_summary(const linter::JsonTree& tree, const linter::Statement& statement, unsigned skip);

// For each statement of the policy that is an object, whether another such statement has the same summary (with
// `skip`); a statement not marked cannot have the canonical text of another.
std::vector<bool> shares_summary(const linter::Policy& policy, unsigned skip);

// How a message names another statement: its line:column and its Sid when it has one, e.g. `5:5 ("ReadLogs")`.
std::string statement_reference(const linter::Policy& policy, const linter::Statement& statement);

}  // namespace iamlint::rules
