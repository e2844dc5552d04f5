// A Condition block and a request context built from the bytes, evaluated by solver/conditions, and evaluated again
// changed in ways the condition operators page says cannot matter or says exactly how they matter:
// - condition key names are not case-sensitive;
// - a key missing from the request: `...IfExists` holds, ForAllValues holds, ForAnyValue does not, a plain negated
//   operator holds and a plain positive one does not ("...IfExists", "Single-valued vs. multivalued context keys",
//   the negated operators' "key is not present" rule); Null "true" holds exactly when the key is missing;
// - a key that is present: `...IfExists` is the operator itself;
// - one value: a negated operator (StringNotEquals, NotIpAddress, ArnNotLike, ...) holds exactly when its positive
//   operator does not, when the request value is of the operator's type (else neither holds: conditions.hpp);
// - several values: ForAnyValue holds when the operator holds for some value alone, ForAllValues when it holds for
//   every value alone; a plain operator compares no value, so only a negated one holds (conditions.hpp).
// Policy values of the wrong type make the key fail whatever the request (conditions.hpp), so the checks that need
// the policy to be valid skip such blocks.
//
// Bytes: [operator] [flags] then policy values, a blank line, request values (one a line). flags: bits 0-1 the
// qualifier (ForAllValues, ForAnyValue), bit 2 IfExists, bit 3 the key is in the request, bit 4 policy variables,
// bit 5 a single value written as a string, bits 6-7 the key.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "linter/json_loader.hpp"
#include "solver/condition_values.hpp"
#include "solver/conditions.hpp"

using namespace iamlint;
using namespace iamlint::solver::detail;

namespace {

constexpr std::string_view kKeys[] = {"aws:SourceIp", "aws:PrincipalTag/team", "s3:prefix", "aws:CurrentTime"};

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty() && out.size() < 8) {
    std::size_t nl = s.find('\n');
    out.push_back(s.substr(0, nl));
    s = nl == std::string_view::npos ? std::string_view() : s.substr(nl + 1);
  }
  return out;
}

struct Block {
  std::string op;  // the operator as written, qualifier and IfExists included
  std::string key;
  std::vector<std::string_view> values;
  bool as_string = false;
  bool variables = true;
};

// Whether the block holds for a request whose key `request_key` holds `request` (none: the key is missing). None
// when the block is not JSON (a value that is not UTF-8).
std::optional<bool> holds(const Block& b, std::string_view request_key, std::optional<std::vector<std::string>> request) {
  std::string json = "{";
  json += fuzz::json_string(b.op);
  json += ":{";
  json += fuzz::json_string(b.key);
  json += ':';
  if (b.as_string && b.values.size() == 1) {
    json += fuzz::json_string(b.values[0]);
  } else {
    json += "[";
    for (std::size_t i = 0; i < b.values.size(); ++i) {
      if (i > 0) json += ',';
      json += fuzz::json_string(b.values[i]);
    }
    json += "]";
  }
  json += "}}";
  linter::SourceFile source("condition.json", json);
  linter::JsonTree tree;
  linter::JsonLoader loader;
  if (loader.load(source, tree)) return std::nullopt;
  solver::Context context;
  context.set("aws:username", "alice");
  if (request) context.set(request_key, *request);
  solver::ConditionFailure failure;
  bool result = solver::conditions_hold(tree, *tree.root(), context, &failure, b.variables);
  fuzz::require(result || !failure.reason.empty(), "a failed condition without a reason");
  return result;
}

bool typed(Family family, std::string_view v, bool is_policy) {
  switch (family) {
    case Family::Numeric: return parse_number(v).has_value();
    case Family::Date: return parse_date(v).has_value();
    case Family::Bool: return parse_bool(v).has_value();
    case Family::Binary: return decode_base64(v).has_value();
    case Family::Ip: return parse_address(v, is_policy).has_value();
    case Family::Null: return v == "true" || v == "false";
    case Family::String:
    case Family::Arn: return true;
  }
  return false;
}

const OperatorInfo* partner(const OperatorInfo& op) {
  for (const OperatorInfo& other : kOperators) {
    if (other.family == op.family && other.test == op.test && other.negated != op.negated) {
      return &other;
    }
  }
  return nullptr;
}

// Lower case, without blanks: how a variable names a key whatever its spelling (`${ AWS:PrincipalTag/team }`).
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string flip_case(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    c = static_cast<char>(std::islower(u) ? std::toupper(u) : std::tolower(u));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2 || size > 4096) return 0;
  const OperatorInfo& op = kOperators[data[0] % kOperators.size()];
  const uint8_t flags = data[1];
  const int qualifier = flags & 3;  // 1 ForAllValues, 2 ForAnyValue, else none
  const bool if_exists = (flags & 4) != 0 && op.family != Family::Null;
  const bool present = (flags & 8) != 0;
  std::string_view rest = fuzz::as_text(data + 2, size - 2);
  std::size_t blank = rest.find("\n\n");
  Block b;
  b.values = lines(rest.substr(0, blank));
  if (b.values.empty()) b.values.emplace_back();
  std::vector<std::string> request;
  if (blank != std::string_view::npos) {
    for (std::string_view v : lines(rest.substr(blank + 2))) request.emplace_back(v);
  }
  b.variables = (flags & 16) != 0;
  b.as_string = (flags & 32) != 0;
  b.key = kKeys[flags >> 6];
  std::string prefix = op.family == Family::Null ? "" : qualifier == 1 ? "ForAllValues:" : qualifier == 2 ? "ForAnyValue:" : "";
  b.op = prefix;
  b.op += op.name;
  if (if_exists) b.op += "IfExists";
  std::optional<std::vector<std::string>> sent;
  if (present) sent = request;

  std::optional<bool> r = holds(b, b.key, sent);
  if (!r) return 0;
  // Key names are not case-sensitive, in the block and in the request.
  Block flipped = b;
  flipped.key = flip_case(b.key);
  fuzz::require(holds(flipped, b.key, sent) == r, "the key's case changed the outcome");

  bool well_typed = std::all_of(b.values.begin(), b.values.end(), [&](std::string_view v) {
    return typed(op.family, v, true);
  });
  if (!well_typed) {
    // Null's values are "true" and "false"; what else it reads as a boolean the page does not say.
    fuzz::require(op.family == Family::Null || !*r, "a policy value of the wrong type, and yet the condition holds");
    return 0;
  }
  const bool absent = !present || request.empty();
  if (op.family == Family::Null) {
    bool want = std::any_of(b.values.begin(), b.values.end(), [&](std::string_view v) { return (v == "true") == absent; });
    fuzz::require(*r == want, "Null disagrees with the key's presence");
    return 0;
  }
  if (absent) {
    bool want = if_exists || qualifier == 1 || (qualifier != 2 && op.negated);
    fuzz::require(*r == want, "the outcome for a missing key is not the page's");
    return 0;
  }
  if (if_exists) {
    Block plain = b;
    plain.op = prefix;
    plain.op += op.name;
    fuzz::require(holds(plain, b.key, sent) == r, "...IfExists on a present key is not the operator itself");
  }
  // A policy value that names the tested key as a variable reads the request's values themselves: split into values
  // alone, the variable's value changes with them (one value, where the whole request has several), so "each value
  // alone" is another condition and the comparisons below do not apply.
  std::string needle = "${" + folded(b.key);
  if (b.variables && std::any_of(b.values.begin(), b.values.end(),
                                 [&](std::string_view v) { return folded(v).find(needle) != std::string::npos; })) {
    return 0;
  }
  // Each request value alone, under the plain operator.
  Block single = b;
  single.op = std::string(op.name);
  std::vector<bool> alone;
  alone.reserve(request.size());
  for (const std::string& v : request) alone.push_back(*holds(single, b.key, std::vector<std::string>{v}));
  bool any = std::find(alone.begin(), alone.end(), true) != alone.end();
  bool all = std::find(alone.begin(), alone.end(), false) == alone.end();
  if (qualifier == 1) fuzz::require(*r == all, "ForAllValues is not 'every value alone'");
  if (qualifier == 2) fuzz::require(*r == any, "ForAnyValue is not 'some value alone'");
  if (qualifier == 1 || qualifier == 2) return 0;
  if (request.size() > 1) {
    fuzz::require(*r == op.negated, "a plain operator compared a key's several values");
    return 0;
  }
  const OperatorInfo* other = partner(op);
  if (other == nullptr) return 0;
  Block negation = b;
  negation.op = std::string(other->name);
  if (if_exists) negation.op += "IfExists";
  std::optional<bool> n = holds(negation, b.key, sent);
  if (typed(op.family, request[0], false)) {
    fuzz::require(n == !*r, "an operator and its negation agree");
  } else {
    fuzz::require(!*r && n == false, "a request value of the wrong type satisfied an operator");
  }
  return 0;
}
