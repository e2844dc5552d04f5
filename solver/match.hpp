// Matching a request against the values of a statement's elements, as the IAM User Guide states it. Pure functions
// over strings: the evaluator, the prover's replay and the tests all use these.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "solver/request.hpp"

namespace iamlint::solver {

// Action and NotAction: the pattern matches the whole "service:Action" case-insensitively; `*` matches any run of
// characters (also none) and `?` one character (IAM JSON policy elements: Action).
bool action_matches(std::string_view pattern, std::string_view action) noexcept;

// Resource and NotResource: `resource` (an ARN, or "*") against a pattern, case-sensitively, segment by segment as
// the Resource element page says: in the partition, service, region and account segments `*` and `?` do not cross
// `:`, except that a `*` that is the last character of its segment "can expand to match beyond the colon
// boundaries" (so "arn:aws:ec2:*" matches every EC2 ARN); in the resource segment (everything after the fifth `:`)
// they match any characters, `:` and `/` included. A pattern of "*" matches everything. The page's
// DOC-EXAMPLE-BUCKET table is a test.
bool resource_matches(std::string_view pattern, std::string_view resource) noexcept;

// A value with policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`) with
// each variable replaced from the context, as the policy variables page says. None when a variable's key is missing
// from the context and has no default (the statement or condition then does not match). A variable whose key holds
// several values (or none) does not resolve either, and takes its default if it has one. `for_pattern`: the result is a
// pattern (Resource, or a StringLike, ArnLike or ArnEquals value), in which `${*}` and `${?}` stand for a literal `*`
// and `?`, so they come back escaped for match_pattern; elsewhere they are the characters themselves.
std::optional<std::string> expand_variables(std::string_view value, const Context& context, bool for_pattern);

// The glob of StringLike and of the element matchers: `*` any run, `?` one character; `\*`, `\?` and `\\` (what
// expand_variables writes for `${*}` and `${?}` in patterns, and for those characters in a variable's value) the
// characters themselves. No backtracking and no allocation: each segment between `*`s is found at its leftmost place
// by a bit-parallel scan, so the work is O(n + m) for segments of up to 64 characters (docs/limits.md).
bool match_pattern(std::string_view pattern, std::string_view text, bool ignore_case) noexcept;
// The same, counting its steps (characters compared or scanned) into `cost`: how the tests show the bound.
struct MatchCost {
  std::size_t steps = 0;
};
bool match_pattern(std::string_view pattern, std::string_view text, bool ignore_case, MatchCost& cost) noexcept;

// The account segment of an ARN (arn:partition:service:region:account:resource); empty when it has none (an S3
// bucket's ARN) or when the text is not an ARN. As the evaluator reads a principal's or a resource's account.
std::string_view arn_account(std::string_view arn) noexcept;

// Twelve digits.
bool is_account_id(std::string_view s) noexcept;

}  // namespace iamlint::solver
