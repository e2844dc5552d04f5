// The request context as Z3 terms, and the Condition element as a Z3 formula over them: the prover's counterpart of
// solver/conditions.hpp. For every context in which the caller's keys take concrete values, the formula is true
// exactly when conditions_hold() is (the differential test in tests/test_z3_context.cpp checks that on thousands of
// random blocks and contexts). Only solver/ includes this header (z3++.h).
#pragma once

#include <z3++.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/json_tree.hpp"
#include "solver/request.hpp"
#include "solver/z3_util.hpp"

namespace iamlint::solver {

// Each condition key (case-insensitive) is, for one query, either
//  - bound: present with given values, each a Z3 String term (a literal, or a symbolic term the prover constrains,
//    such as the ARN of a principal the environment does not list), or absent; these are the keys AWS sets from the
//    environment (aws:PrincipalArn, aws:PrincipalAccount, aws:username, ...), which a caller cannot choose; or
//  - free: the caller chooses whether it is present and its values (up to a bound on how many, enough for the
//    ForAnyValue / ForAllValues tests that read it: see condition()).
class SymbolicContext {
 public:
  // `prefix` names the Z3 constants (so that two contexts in one query, one per hop of a role chain, stay apart).
  SymbolicContext(z3::context& z3, std::string prefix);

  // Binds a key to values (each a String term) or, with nullopt, to absent. A key bound twice keeps the last.
  void bind(std::string_view key, std::optional<std::vector<z3::expr>> values);
  void bind_literal(std::string_view key, std::optional<std::vector<std::string>> values);
  bool is_bound(std::string_view key) const;
  // From now on, a key never bound is absent rather than free (a fully concrete context, for the checks of
  // solver/encoding_checks.hpp).
  void close_unbound();

  // The formula "this Condition element holds", exactly as conditions_hold(tree, condition, ctx, nullptr, variables)
  // decides it for every concrete choice of the free keys. Policy variables in values (${aws:username}, with
  // defaults, ${*} ${?} ${$}) are replaced from the bound or free keys. A construct the encoding cannot express
  // exactly gives nullopt and says why in `why` (the prover then answers UNKNOWN, never a guess).
  std::optional<z3::expr> condition(const linter::JsonTree& tree, const linter::Node& condition, bool variables,
                                    std::string* why);

  // The value of one policy variable, given as the text between "${" and "}" ("aws:username",
  // "aws:PrincipalTag/team, 'none'", "*"), as a String term with the condition under which it resolves (the key
  // present with exactly one value, or a default given), as expand_variables() reads it. nullopt with `why` when it
  // cannot be expressed. The prover builds Resource patterns with variables from these (solver/z3_match.hpp,
  // PatternPiece); the condition encoding uses the same for condition values.
  struct Expanded {
    z3::expr value;     // String
    z3::expr resolves;  // Bool
  };
  std::optional<Expanded> variable(std::string_view inner, std::string* why);

  // What every model must satisfy: well-formed free keys (a value count within the bound, typed views that agree
  // with the string a counterexample will carry). It also defines the ForAllValues/ForAnyValue tests of every
  // block encoded so far over the final number of value slots: take it after the last condition() of a query.
  z3::expr axioms() const;

  // The free keys the encoded conditions read, with their values in `model`, as a request context (absent keys
  // left out). Bound keys are not included: AWS (and the evaluator) set them from the environment.
  Context extract(const z3::model& model) const;

  // For the explanation of a counterexample: the free keys read, as written first.
  std::vector<std::string> free_keys() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace iamlint::solver
