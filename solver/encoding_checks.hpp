// Checks of the Z3 encodings against the plain matchers, for tests and fuzzers: each decides a question through the
// encoding (solver/z3_context.hpp, solver/z3_match.hpp) so that the caller can compare with conditions_hold(),
// action_matches() and resource_matches(). Declared apart so that tests never include z3++.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linter/json_tree.hpp"
#include "solver/request.hpp"

namespace iamlint::solver {

class Environment;

// The condition encoding decided for one concrete context (every key bound to its values); `why` when the
// encoding refused the block (then the result is false).
bool encoded_condition_holds(const linter::JsonTree& tree, const linter::Node& condition, const Context& context,
                             bool variables, std::string* why);
// A context found by the solver (every key free) for which the encoding is `want` (nullopt: none exists, or `why`).
std::optional<Context> encoded_condition_witness(const linter::JsonTree& tree, const linter::Node& condition,
                                                 bool want, bool variables, std::string* why);

// The resource encoding decided for a literal resource; and, for a symbolic resource with the given head, a resource
// found by the solver for which the encoding of `pattern` is `want` while every pattern of `others` has the given
// truth value (nullopt: unsatisfiable).
bool encoded_resource_matches(std::string_view pattern, std::string_view resource);
std::optional<std::string> encoded_resource_witness(std::string_view head, std::string_view pattern, bool want,
                                                    const std::vector<std::pair<std::string, bool>>& others);

// The action domain: the numbers the encoding gives a pattern, as action names (to compare with action_matches()
// over the whole domain).
std::vector<std::string> encoded_action_matches(std::string_view pattern);

// The whole decision through the prover's encoding (solver/prover.cpp): the request's principal (a listed user, a
// session of a listed role, an account's root, a service principal, an anonymous caller), action and resource fixed,
// every condition key the environment's policies read bound to the request's values or absent; whether the encoding
// allows the request. nullopt, with `why`, when the encoding refuses a construct or the principal is not one of those.
// The differential test compares it with Evaluator::evaluate on random environments and requests. One checker per
// environment: it builds the action domain and the solver once.
class DecisionChecker {
 public:
  explicit DecisionChecker(Environment& env);
  ~DecisionChecker();
  DecisionChecker(const DecisionChecker&) = delete;
  DecisionChecker& operator=(const DecisionChecker&) = delete;
  std::optional<bool> allowed(const Request& request, std::string* why);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace iamlint::solver
