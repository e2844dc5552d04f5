// A statement's Condition block against a request context, exactly as the condition operators page says: every
// operator (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress/NotIpAddress, Arn*, Null), the ...IfExists
// forms, the ForAllValues:/ForAnyValue: set operators (with the empty and missing-key cases), several keys under an
// operator and several operators in a block all ANDed, several values of a key ORed (and for the negated operators,
// NORed, as the page states), key names case-insensitive, policy variables in values.
#pragma once

#include "linter/json_tree.hpp"
#include "solver/request.hpp"

namespace iamlint::solver {

struct ConditionFailure {
  const linter::Node* key = nullptr;  // the condition key member (under its operator) that did not hold
  // Why, for the explanation: "aws:MultiFactorAuthPresent is missing from the request", "no value matches".
  std::string reason;
};

// Whether the Condition element's value (an object of operators) holds. An unknown operator, or a value of the wrong
// type, does not hold (AWS refuses such policies; here they simply never match), under a negated operator too; a
// request value that cannot be read as the operator's type (a NumericEquals key holding "ten") matches nothing and
// satisfies no negated operator either. A plain operator (no ForAllValues/ForAnyValue) on a key holding several
// values does not compare them: only a negated operator holds (see conditions.cpp, and docs/evaluation.md). On
// false, `failure` (when given) names the first key that failed.
// `variables`: whether policy variables are replaced, which they are only in a policy of Version 2012-10-17 (the
// variables page: in a policy without that version, `${aws:username}` is literal text).
bool conditions_hold(const linter::JsonTree& tree, const linter::Node& condition, const Context& context,
                     ConditionFailure* failure = nullptr, bool variables = true);

}  // namespace iamlint::solver
