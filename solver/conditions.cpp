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
#include "solver/match.hpp"

namespace iamlint::solver {

namespace {

using linter::ConditionQualifier;
using linter::JsonTree;
using linter::JsonType;
using linter::Node;

// The operator families of the condition operators page.
enum class Family : uint8_t { String, Numeric, Date, Bool, Binary, Ip, Arn, Null };

enum class Test : uint8_t { Equals, EqualsIgnoreCase, Like, Less, LessEquals, Greater, GreaterEquals };

struct OperatorInfo {
  std::string_view name;
  Family family;
  Test test;
  bool negated;
};

// Every base operator the page lists; "Negated" marks the negated matching operators, whose missing key makes the
// condition true and whose several values are NORed (the condition operators page; "Conditions with multiple context
// keys or values").
constexpr std::array<OperatorInfo, 27> kOperators = {{
    {"StringEquals", Family::String, Test::Equals, false},
    {"StringNotEquals", Family::String, Test::Equals, true},
    {"StringEqualsIgnoreCase", Family::String, Test::EqualsIgnoreCase, false},
    {"StringNotEqualsIgnoreCase", Family::String, Test::EqualsIgnoreCase, true},
    {"StringLike", Family::String, Test::Like, false},
    {"StringNotLike", Family::String, Test::Like, true},
    {"NumericEquals", Family::Numeric, Test::Equals, false},
    {"NumericNotEquals", Family::Numeric, Test::Equals, true},
    {"NumericLessThan", Family::Numeric, Test::Less, false},
    {"NumericLessThanEquals", Family::Numeric, Test::LessEquals, false},
    {"NumericGreaterThan", Family::Numeric, Test::Greater, false},
    {"NumericGreaterThanEquals", Family::Numeric, Test::GreaterEquals, false},
    {"DateEquals", Family::Date, Test::Equals, false},
    {"DateNotEquals", Family::Date, Test::Equals, true},
    {"DateLessThan", Family::Date, Test::Less, false},
    {"DateLessThanEquals", Family::Date, Test::LessEquals, false},
    {"DateGreaterThan", Family::Date, Test::Greater, false},
    {"DateGreaterThanEquals", Family::Date, Test::GreaterEquals, false},
    {"Bool", Family::Bool, Test::Equals, false},
    {"BinaryEquals", Family::Binary, Test::Equals, false},
    {"IpAddress", Family::Ip, Test::Equals, false},
    {"NotIpAddress", Family::Ip, Test::Equals, true},
    {"ArnEquals", Family::Arn, Test::Like, false},
    {"ArnLike", Family::Arn, Test::Like, false},
    {"ArnNotEquals", Family::Arn, Test::Like, true},
    {"ArnNotLike", Family::Arn, Test::Like, true},
    {"Null", Family::Null, Test::Equals, false},
}};

const OperatorInfo* find_operator(std::string_view base) noexcept {
  if (base.empty()) return nullptr;
  for (const OperatorInfo& op : kOperators) {
    if (op.name == base) return &op;  // operators are case-sensitive
  }
  return nullptr;
}

// ---- Values -------------------------------------------------------------------------------------------------------

template <typename T>
bool parse_whole(std::string_view s, T& out) noexcept {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Numeric condition operators: integers compare exactly, anything else as a double.
struct Number {
  bool integral = false;
  int64_t i = 0;
  double d = 0;
};

std::optional<Number> parse_number(std::string_view s) noexcept {
  Number n;
  if (parse_whole(s, n.i)) {
    n.integral = true;
    n.d = static_cast<double>(n.i);
    return n;
  }
  if (s.find_first_of("xXnN") != std::string_view::npos) return std::nullopt;  // no hex, inf or nan
  if (!parse_whole(s, n.d)) return std::nullopt;
  return n;
}

int compare_numbers(const Number& a, const Number& b) noexcept {
  if (a.integral && b.integral) return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
}

bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool fixed_digits(std::string_view s, std::size_t pos, std::size_t count, unsigned& out) noexcept {
  if (pos + count > s.size() || !all_digits(s.substr(pos, count))) return false;
  out = 0;
  for (std::size_t i = 0; i < count; ++i) out = out * 10 + static_cast<unsigned>(s[pos + i] - '0');
  return true;
}

// Date condition operators: "one of the W3C implementations of the ISO 8601 date formats or … epoch (UNIX) time".
// W3C: YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mmTZD, YYYY-MM-DDThh:mm:ssTZD, YYYY-MM-DDThh:mm:ss.sTZD (TZD: Z or ±hh:mm).
// A string of digits (optionally with a fraction) is epoch seconds, so a bare year "2020" reads as epoch. The
// result is microseconds since the epoch.
std::optional<int64_t> parse_date(std::string_view s) noexcept {
  constexpr int64_t kMicro = 1000000;
  const std::size_t dot = s.find('.');
  const bool epoch = dot == std::string_view::npos
                         ? all_digits(s)
                         : all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
  if (epoch) {
    std::string_view whole = s.substr(0, dot);
    int64_t seconds = 0;
    if (whole.size() > 12 || !parse_whole(whole, seconds)) return std::nullopt;
    int64_t micros = 0;
    if (dot != std::string_view::npos) {
      std::string_view frac = s.substr(dot + 1);
      for (std::size_t i = 0; i < 6; ++i) micros = micros * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    }
    return seconds * kMicro + micros;
  }
  unsigned year = 0, month = 0, day = 1, hour = 0, minute = 0, second = 0;
  if (!fixed_digits(s, 0, 4, year) || s.size() < 7 || s[4] != '-' || !fixed_digits(s, 5, 2, month)) return std::nullopt;
  std::size_t pos = 7;
  if (pos < s.size()) {
    if (s[pos] != '-' || !fixed_digits(s, pos + 1, 2, day)) return std::nullopt;
    pos += 3;
  }
  int64_t micros = 0;
  int64_t offset_seconds = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' || !fixed_digits(s, pos + 1, 2, hour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !fixed_digits(s, pos + 4, 2, minute))
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!fixed_digits(s, pos + 1, 2, second)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        std::size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
        for (std::size_t i = 0; i < 6; ++i) micros = micros * 10 + (start + i < pos ? s[start + i] - '0' : 0);
      }
    }
    // The time zone designator is required with a time.
    if (pos >= s.size()) return std::nullopt;
    if (s[pos] == 'Z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      unsigned oh = 0, om = 0;
      if (!fixed_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
          !fixed_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
        return std::nullopt;
      offset_seconds = (s[pos] == '+' ? 1 : -1) * static_cast<int64_t>(oh * 3600 + om * 60);
      pos += 6;
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return std::nullopt;
  int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return seconds * kMicro + micros;
}

// Bool: "true" or "false" (the page's examples are lowercase; the case of the text does not change its meaning).
std::optional<bool> parse_bool(std::string_view s) noexcept {
  if (linter::iequals(s, "true")) return true;
  if (linter::iequals(s, "false")) return false;
  return std::nullopt;
}

// BinaryEquals: "a base-64 encoded representation of the binary value". Both sides are base64 text; they match
// when they decode to the same bytes.
std::optional<std::string> decode_base64(std::string_view s) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  if (s.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(s.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : s) {
    int v = sextet(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

// IpAddress / NotIpAddress: "the IPv4 or IPv6 CIDR format" (RFC 4632); a value without a prefix length is one
// address. IPv4 never matches an IPv6 range, nor the reverse.
struct Address {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
  unsigned prefix = 0;  // bits that count
};

bool parse_ipv4(std::string_view s, uint8_t* out) noexcept {
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = i < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos) return false;
    std::string_view part = s.substr(0, dot);
    unsigned v = 0;
    if (part.empty() || part.size() > 3 || !all_digits(part) || !parse_whole(part, v) || v > 255) return false;
    out[i] = static_cast<uint8_t>(v);
    s = i < 3 ? s.substr(dot + 1) : std::string_view{};
  }
  return true;
}

bool parse_ipv6(std::string_view s, uint8_t* out) noexcept {
  std::array<uint16_t, 8> groups{};
  int count = 0, gap = -1;
  std::size_t pos = 0;
  if (s.substr(0, 2) == "::") {
    gap = 0;
    pos = 2;
    if (pos == s.size()) {
      std::fill(out, out + 16, uint8_t{0});
      return true;
    }
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (pos < s.size()) {
    std::size_t end = s.find(':', pos);
    std::string_view part = s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (part.find('.') != std::string_view::npos) {  // an embedded IPv4 tail
      if (end != std::string_view::npos || count > 6) return false;
      uint8_t v4[4];
      if (!parse_ipv4(part, v4)) return false;
      groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      pos = s.size();
      break;
    }
    if (part.empty() || part.size() > 4 || count == 8) return false;
    unsigned v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v, 16);
    if (ec != std::errc() || p != part.data() + part.size()) return false;
    groups[count++] = static_cast<uint16_t>(v);
    if (end == std::string_view::npos) {
      pos = s.size();
      break;
    }
    pos = end + 1;
    if (pos < s.size() && s[pos] == ':') {
      if (gap >= 0) return false;  // only one "::"
      gap = count;
      ++pos;
    } else if (pos == s.size()) {
      return false;  // a trailing single ':'
    }
  }
  if (gap < 0 ? count != 8 : count > 7) return false;
  std::array<uint16_t, 8> full{};
  if (gap < 0) {
    full = groups;
  } else {
    int tail = count - gap;
    for (int i = 0; i < gap; ++i) full[i] = groups[i];
    for (int i = 0; i < tail; ++i) full[8 - tail + i] = groups[gap + i];
  }
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(full[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(full[i] & 0xFF);
  }
  return true;
}

std::optional<Address> parse_address(std::string_view s, bool allow_prefix) noexcept {
  Address a;
  std::string_view host = s;
  std::optional<unsigned> prefix;
  if (std::size_t slash = s.find('/'); slash != std::string_view::npos) {
    if (!allow_prefix) return std::nullopt;
    unsigned p = 0;
    std::string_view digits = s.substr(slash + 1);
    if (!all_digits(digits) || digits.size() > 3 || !parse_whole(digits, p)) return std::nullopt;
    prefix = p;
    host = s.substr(0, slash);
  }
  a.v6 = host.find(':') != std::string_view::npos;
  if (a.v6 ? !parse_ipv6(host, a.bytes.data()) : !parse_ipv4(host, a.bytes.data())) return std::nullopt;
  unsigned max = a.v6 ? 128 : 32;
  a.prefix = prefix.value_or(max);
  if (a.prefix > max) return std::nullopt;
  return a;
}

bool in_range(const Address& range, const Address& address) noexcept {
  if (range.v6 != address.v6) return false;
  unsigned full = range.prefix / 8, rest = range.prefix % 8;
  for (unsigned i = 0; i < full; ++i) {
    if (range.bytes[i] != address.bytes[i]) return false;
  }
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (range.bytes[full] & mask) == (address.bytes[full] & mask);
}

// ArnEquals / ArnLike: "Each of the six colon-delimited components of the ARN is checked separately and each can
// include multi-character match wildcards (*) or single-character match wildcards (?)". So unlike the Resource
// element, no wildcard crosses a colon before the resource part; a value that is not six components matches nothing.
bool arn_like(std::string_view pattern, std::string_view value) noexcept {
  for (int part = 0; part < 5; ++part) {
    std::size_t pc = pattern.find(':');
    std::size_t vc = value.find(':');
    if (pc == std::string_view::npos || vc == std::string_view::npos) return false;
    if (!match_pattern(pattern.substr(0, pc), value.substr(0, vc), false)) return false;
    pattern.remove_prefix(pc + 1);
    value.remove_prefix(vc + 1);
  }
  return match_pattern(pattern, value, false);
}

// ---- One key ------------------------------------------------------------------------------------------------------

// A value read as its operator's family: a policy value, or a request value.
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
