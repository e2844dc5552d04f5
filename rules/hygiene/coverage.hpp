// When one Action or Resource value makes another value of the same element redundant. Shared by IAM301 and IAM302.
//
// "A covers B" means: every request value that B matches, A matches too, for every action or ARN that exists or
// may exist later. It is decided on the patterns alone, never by listing today's catalog, so that a finding stays
// true when AWS adds actions. The tests are sound (a reported coverage always holds) but not complete: rare
// pattern pairs that are equivalent in a roundabout way ("?*" and "*?") are not reported.
#pragma once

#include <string_view>
#include <vector>

#include "linter/json_tree.hpp"

namespace iamlint::rules {

// Action patterns, compared case-insensitively as IAM compares actions. A covers B when some alignment lets each
// of A's characters match B's: a literal matches the same literal, `?` matches one literal or `?`, and `*` absorbs
// any run of B's characters, wildcards included. So s3:* covers s3:Get*, which covers s3:GetObject.
bool action_pattern_covers(std::string_view a, std::string_view b) noexcept;

// Resource ARN patterns, compared case-sensitively, with the IAM User Guide's segment rules: wildcards apply within
// a colon-separated segment, and only a `*` that ends a segment may match across colons. A covers B when "*" is A,
// or when both split into the same number of segments and each of A's covers B's, or when A has fewer segments,
// ends with `*`, and that last segment covers the rest of B, colons included. Inside a segment a `*` that does not
// end it may not absorb a colon, a policy variable (its value may hold colons) or a segment-ending `*` of B. A policy
// variable matches only the same variable; ${*}, ${?} and ${$} are the literal characters they stand for.
bool resource_pattern_covers(std::string_view a, std::string_view b);

enum class ValueKind : uint8_t { Action, Resource };

struct RedundantValue {
  const linter::Node* value = nullptr;  // the redundant value
  const linter::Node* by = nullptr;     // the value that makes it redundant (earlier, for duplicates)
  bool duplicate = false;               // the same text (ignoring case for actions)
};

// The string values of a string-or-array element that another of its values makes redundant, in document order.
// A value is redundant when an earlier value repeats it, or when another value covers it, provided that value is not
// itself covered back (equivalent patterns: the later one is the redundant one). `by` names the earliest value that
// qualifies. Removing every reported value leaves an element that matches exactly what it matched before.
// Sorts the values and looks at each pattern's candidates by its literal prefix, so a list of hundreds of actions
// costs about n log n, not n^2.
std::vector<RedundantValue> redundant_values(const linter::JsonTree& tree, const linter::Node& element, ValueKind kind);

}  // namespace iamlint::rules
