// Actions and resources as Z3 terms, and the Action / Resource element values as formulas over them: the prover's
// counterparts of action_matches() and resource_matches() (solver/match.hpp), exact with respect to them (the
// differential tests in tests/test_z3_match.cpp). Only solver/ includes this header (z3++.h).
#pragma once

#include <z3++.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linter/catalog.hpp"
#include "solver/z3_util.hpp"

namespace iamlint::solver {

// The actions a request can name, as a finite domain: every action of the catalog, the literal actions the
// environment's policies and the properties write that the catalog does not know, one stand-in per service for the
// actions the catalog does not list (so that "s3:*" is never read as "the s3 actions we know"), and one stand-in for
// services the catalog does not know. All sorted case-insensitively and numbered, so that a prefix pattern
// ("s3:Get*") is one interval of numbers and any pattern a short list of intervals. A request's action is a
// bit-vector of bits() bits, constrained below size().
class ActionDomain {
 public:
  // The stand-ins: "<prefix>:IamlintUnlistedAction" for each catalog service, and
  // "iamlint-unlisted-service:IamlintUnlistedAction" for the services the catalog does not know. They are real names:
  // a counterexample may carry one, and patterns are matched against them by action_matches() like any other name,
  // so the encoding and the evaluator agree on them by construction ("s3:*" and "s3:I*" match the s3 stand-in,
  // "s3:Get*" does not).
  static constexpr std::string_view kUnlistedAction = "IamlintUnlistedAction";
  static constexpr std::string_view kUnlistedService = "iamlint-unlisted-service";

  // `extra`: literal action names ("service:Action"); those the domain already holds (case-insensitively), and any
  // with a wildcard (a pattern is not a name), are left out.
  ActionDomain(const linter::Catalog& catalog, const std::vector<std::string>& extra);

  std::size_t size() const noexcept { return names_.size(); }
  unsigned bits() const noexcept { return bits_; }
  // The action of a number, as the service names it (catalog case): "s3:PutObject".
  const std::string& name(uint32_t index) const { return names_[index]; }
  // The number of an action (case-insensitive), or nullopt when it is not in the domain.
  std::optional<uint32_t> index(std::string_view action) const;

  // The numbers of the actions a pattern matches by action_matches(), as sorted, disjoint, inclusive intervals.
  // Memoised by the pattern's lower-case text. A literal or a "service:Prefix*" pattern is found by binary search;
  // any other pattern is tested against the names of its service (or all names, when its service part has a
  // wildcard).
  using Intervals = std::vector<std::pair<uint32_t, uint32_t>>;
  const Intervals& intervals(std::string_view pattern);

  // The formula "`action` (a bit-vector of bits() bits) is one of `set`".
  z3::expr contains(const z3::expr& action, const Intervals& set) const;
  z3::expr valid(const z3::expr& action) const;  // action < size()

 private:
  std::vector<std::string> names_;  // catalog case, sorted by lower case
  std::vector<std::string> lower_;  // the same, lower case
  unsigned bits_ = 1;
  std::unordered_map<std::string, Intervals> memo_;

  // The numbers whose lower-case name starts with `lower_prefix`: a half-open range, by binary search.
  std::pair<uint32_t, uint32_t> prefix_range(std::string_view lower_prefix) const;
};

// Set operations on interval lists (sorted, disjoint, inclusive).
ActionDomain::Intervals interval_union(const ActionDomain::Intervals& a, const ActionDomain::Intervals& b);
ActionDomain::Intervals interval_intersection(const ActionDomain::Intervals& a, const ActionDomain::Intervals& b);
ActionDomain::Intervals interval_complement(const ActionDomain::Intervals& a, uint32_t size);

// A request's resource: an ARN (or "*"), either fully known (a literal) or symbolic. A symbolic resource is split at
// the fifth ':' into a head (arn:partition:service:region:account:) that the prover fixes for one query, and a
// resource segment that is a String term; that keeps string reasoning to the resource segment. `head` empty and
// `tail` the whole ARN is also allowed (the policy-to-policy comparisons, where nothing is fixed), at the price of a
// regular expression per pattern.
struct ResourceTerm {
  std::optional<std::string> literal;  // the whole resource when known
  std::string head;                    // when symbolic: the fixed head, up to and including the fifth ':' (or empty)
  std::optional<z3::expr> tail;        // when symbolic: the rest, a String
};

// The formula "the Resource value `pattern` matches the resource" exactly as resource_matches(pattern, resource)
// decides it (segment rules, "*" alone, case-sensitive). A literal resource gives a true/false constant; a symbolic
// one with a fixed head decides the head concretely and turns the resource-segment pattern into a prefix, suffix or
// equality constraint where it can, a regular expression only where it must.
z3::expr resource_formula(z3::context& z3, std::string_view pattern, const ResourceTerm& resource);

// The same for a pattern that is itself a String term (a Resource value with policy variables resolved
// symbolically): only literal characters and `*`/`?` that come from the policy text are wildcards.
// parts: the pattern as a sequence of (text, is_symbolic) pieces; symbolic pieces are String terms matched
// literally.
struct PatternPiece {
  std::string text;              // literal policy text (may hold * and ? wildcards, and \* \? \\ escapes)
  std::optional<z3::expr> term;  // or a symbolic value, matched as literal characters
};
std::optional<z3::expr> resource_formula(z3::context& z3, const std::vector<PatternPiece>& pattern,
                                         const ResourceTerm& resource, std::string* why);

}  // namespace iamlint::solver
