#include "solver/conditions.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/model.hpp"
#include "solver/condition_values.hpp"
#include "solver/match.hpp"

namespace iamlint::solver {

namespace {

using linter::ConditionQualifier;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;

// The operator families of the condition operators page.
using namespace detail;

struct Typed {
  std::string_view text;  // what is compared
  std::optional<Number> number;
  std::optional<int64_t> date;
  std::optional<bool> boolean;
  std::optional<std::string> bytes;
  std::optional<Address> address;  // for a policy value, a range
};

// Reads `text` for the family; false when it is not of the family's type. A policy's IP value may be a CIDR range,
// a request's is one address.
bool read_typed(Family family, std::string_view text, bool is_policy, Typed& out) {
  out.text = text;
  switch (family) {
    case Family::Numeric: return (out.number = parse_number(text)).has_value();
    case Family::Date: return (out.date = parse_date(text)).has_value();
    case Family::Bool: return (out.boolean = parse_bool(text)).has_value();
    case Family::Null: return is_policy && (out.boolean = parse_bool(text)).has_value();
    case Family::Binary: return (out.bytes = decode_base64(text)).has_value();
    case Family::Ip: return (out.address = parse_address(text, is_policy)).has_value();
    case Family::String:
    case Family::Arn: return true;
  }
  return false;
}

// A policy value, prepared once per key: after policy variables, read for the family.
struct PolicyValue : Typed {
  std::string expanded;  // when policy variables were replaced; `text` then points here
  bool resolved = true;  // false: a variable did not resolve, so this value matches nothing
};

bool family_takes_variables(Family f) noexcept { return f == Family::String || f == Family::Arn; }

// False for a value of the wrong type.
bool prepare(const OperatorInfo& op, const Node& node, const Context& context, bool variables, PolicyValue& out) {
  if (node.type != JsonType::String && node.type != JsonType::Number && node.type != JsonType::Bool) return false;
  std::string_view text = node.text;
  // Policy variables: the variables page ("Where you can use policy variables") allows them in the Resource element
  // and in the Condition element's string comparisons; here, the String and Arn operators.
  if (variables && family_takes_variables(op.family) && node.type == JsonType::String &&
      text.find("${") != std::string_view::npos) {
    bool pattern = op.test == Test::Like;  // StringLike, ArnLike, ArnEquals read wildcards
    std::optional<std::string> e = expand_variables(text, context, pattern);
    if (!e) {
      out.resolved = false;
      return true;
    }
    out.expanded = std::move(*e);
    text = out.expanded;
  }
  return read_typed(op.family, text, true, out);
}

bool ordered(Test test, int cmp) noexcept {
  switch (test) {
    case Test::Equals: return cmp == 0;
    case Test::Less: return cmp < 0;
    case Test::LessEquals: return cmp <= 0;
    case Test::Greater: return cmp > 0;
    case Test::GreaterEquals: return cmp >= 0;
    default: return false;
  }
}

// The positive test of one policy value against one request value.
bool matches(const OperatorInfo& op, const PolicyValue& pv, const Typed& rv) noexcept {
  if (!pv.resolved) return false;  // a variable with no value (the variables page): nothing equals it
  switch (op.family) {
    case Family::String:
      switch (op.test) {
        case Test::Equals: return pv.text == rv.text;
        case Test::EqualsIgnoreCase: return linter::iequals(pv.text, rv.text);
        case Test::Like: return match_pattern(pv.text, rv.text, false);
        default: return false;
      }
    case Family::Numeric: return ordered(op.test, compare_numbers(*rv.number, *pv.number));
    case Family::Date: {
      int cmp = *rv.date < *pv.date ? -1 : *rv.date > *pv.date ? 1 : 0;
      return ordered(op.test, cmp);
    }
    case Family::Bool: return *rv.boolean == *pv.boolean;
    case Family::Binary: return *rv.bytes == *pv.bytes;
    case Family::Ip: return in_range(*pv.address, *rv.address);
    case Family::Arn: return arn_like(pv.text, rv.text);
    case Family::Null: return false;
  }
  return false;
}

// Small fixed buffer of prepared values: most keys list a handful, and the common path should not allocate.
constexpr std::size_t kInlineValues = 8;

struct KeyResult {
  bool holds = false;
  const char* reason = "";
  bool after_key = false;  // the reason reads after the key's name: "aws:SourceIp is missing from the request"
};

KeyResult evaluate_key(const JsonTree& tree, const OperatorInfo& op, const linter::ConditionOperator& parsed,
                       const Node& key, const Context& context, bool variables) {
  // The policy values: one scalar or a non-empty array of scalars.
  // Built only as used: constructing eight values per key cost more than comparing them.
  std::array<std::optional<PolicyValue>, kInlineValues> inline_values;
  // Values point into their own `expanded`, so they must not move: the overflow is reserved once, exactly.
  std::vector<PolicyValue> more;
  if (key.is_array() && key.child_count > kInlineValues) more.reserve(key.child_count - kInlineValues);
  std::size_t count = 0;
  auto slot = [&]() -> PolicyValue& {
    if (count < kInlineValues) return inline_values[count++].emplace();
    ++count;
    return more.emplace_back();
  };
  auto value_at = [&](std::size_t i) -> const PolicyValue& {
    return i < kInlineValues ? *inline_values[i] : more[i - kInlineValues];
  };
  if (key.is_array()) {
    if (key.child_count == 0) return {false, "the key lists no values"};
    for (const Node& child : tree.children(key)) {
      if (!prepare(op, child, context, variables, slot())) return {false, "a value has the wrong type"};
    }
  } else if (!prepare(op, key, context, variables, slot())) {
    return {false, "a value has the wrong type"};
  }

  const std::vector<std::string>* request = context.find(key.key);
  // An empty set is what the multivalued-keys page calls a "null dataset": absent for every purpose here.
  const bool absent = request == nullptr || request->empty();

  // Null: "true" holds when the key is absent (or null), "false" when it is present (condition operators page,
  // "Condition operator to check existence of condition keys"). Several values are ORed like any others.
  if (op.family == Family::Null) {
    for (std::size_t i = 0; i < count; ++i) {
      if (*value_at(i).boolean == absent) return {true, ""};
    }
    return {false, absent ? " is missing from the request" : " is present in the request", true};
  }

  if (absent) {
    // ForAllValues: "also returns true if there are no context keys in the request"; ForAnyValue returns false
    // ("Single-valued vs. multivalued context keys"). ...IfExists: "If it is not present, evaluate the condition
    // element as true". Otherwise the page's rule: false, except for a negated operator, which is true.
    if (parsed.if_exists) return {true, ""};
    switch (parsed.qualifier) {
      case ConditionQualifier::ForAllValues: return {true, ""};
      case ConditionQualifier::ForAnyValue: return {false, " is missing from the request", true};
      case ConditionQualifier::None:
        if (op.negated) return {true, ""};
        return {false, " is missing from the request", true};
    }
  }

  // One request value against the policy values: OR for an operator, NOR for a negated one ("Conditions with
  // multiple context keys or values"). A request value that cannot be read for the family satisfies neither.
  auto value_holds = [&](std::string_view text) {
    Typed rv;
    if (!read_typed(op.family, text, false, rv)) return false;
    bool any = false;
    for (std::size_t i = 0; i < count && !any; ++i) any = matches(op, value_at(i), rv);
    return op.negated ? !any : any;
  };

  switch (parsed.qualifier) {
    case ConditionQualifier::ForAllValues:
      for (const std::string& v : *request) {
        if (!value_holds(v)) return {false, "a request value matches no policy value"};
      }
      return {true, ""};
    case ConditionQualifier::ForAnyValue:
      for (const std::string& v : *request) {
        if (value_holds(v)) return {true, ""};
      }
      return {false, "no request value matches a policy value"};
    case ConditionQualifier::None:
      break;
  }
  // A plain operator on a key that holds several values. "Multivalued context keys require a condition set
  // operator" ("Single-valued vs. multivalued context keys"): without one the set is not compared value by value,
  // so the values do not match, and, as for a missing key, only a negated operator holds.
  if (request->size() > 1) {
    if (op.negated) return {true, ""};
    return {false, " holds several values and the operator has no ForAllValues/ForAnyValue", true};
  }
  if (value_holds(request->front())) return {true, ""};
  return {false, op.negated ? "a value matches" : "no value matches"};
}

// Records why (only when asked: the reason is built here, so the common path allocates nothing).
bool fail(ConditionFailure* failure, const Node* key, std::string_view first, std::string_view second = {}) {
  if (failure != nullptr) {
    failure->key = key;
    failure->reason.assign(first);
    failure->reason.append(second);
  }
  return false;
}

}  // namespace

bool conditions_hold(const JsonTree& tree, const Node& condition, const Context& context, ConditionFailure* failure,
                     bool variables) {
  if (!condition.is_object()) return fail(failure, &condition, "the Condition element is not an object");
  // Operators ANDed, keys under an operator ANDed ("Conditions with multiple context keys or values").
  for (const Node& op_node : tree.children(condition)) {
    linter::ConditionOperator parsed = linter::parse_condition_operator(op_node.key);
    const OperatorInfo* op = find_operator(parsed.base);
    // Null takes no qualifier nor IfExists: NullIfExists and ForAnyValue:Null are not operators.
    const bool decorated = parsed.if_exists || parsed.qualifier != ConditionQualifier::None;
    if (op != nullptr && op->family == Family::Null && decorated) op = nullptr;
    if (op == nullptr) {
      const Node* where = op_node.is_object() && op_node.child_count > 0 ? &tree.at(op_node.first_child) : &op_node;
      return fail(failure, where, "unknown condition operator ", op_node.key);
    }
    if (!op_node.is_object()) return fail(failure, &op_node, op_node.key, " is not an object of keys");
    for (const Node& key : tree.children(op_node)) {
      KeyResult r = evaluate_key(tree, *op, parsed, key, context, variables);
      if (!r.holds) return r.after_key ? fail(failure, &key, key.key, r.reason) : fail(failure, &key, r.reason);
    }
  }
  return true;
}

}  // namespace iamlint::solver
