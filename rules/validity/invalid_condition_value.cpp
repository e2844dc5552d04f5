#include <charconv>
#include <cstdint>

#include "rules/common/validity_conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"invalid-bool", "{0} takes \"true\" or \"false\", not \"{1}\""},
    {"invalid-number", "{0} takes a number, not \"{1}\""},
    {"invalid-date", "{0} takes a date (ISO 8601, such as 2026-01-31T23:59:59Z) or epoch seconds, not \"{1}\""},
    {"invalid-ip", "{0} takes an IPv4 or IPv6 address or CIDR block (203.0.113.0/24, 2001:db8::/32), not \"{1}\""},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "TYPE_MISMATCH_BOOLEAN"},
    {"Access Analyzer", "TYPE_MISMATCH_NUMBER"},
    {"Access Analyzer", "TYPE_MISMATCH_DATE"},
    {"Access Analyzer", "TYPE_MISMATCH_IP_RANGE"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM109",
    .name = "invalid-condition-value",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "A Condition value is not valid for its operator.",
    .description = "Flags a condition value its operator cannot read: for `Bool` and `Null`, anything but `true` "
                   "and `false` (as strings or JSON Booleans); for `Numeric` operators, anything but a decimal "
                   "number; for `Date` operators, anything but an ISO 8601 date or date-time or epoch seconds; for "
                   "`IpAddress`/`NotIpAddress`, anything but an IPv4 or IPv6 address with an optional prefix length. "
                   "Values holding a policy variable (`${aws:CurrentTime}`) are not checked.",
    .rationale = "IAM rejects some of these values when the policy is saved and compares others as never equal: a "
                 "`DateLessThan` with `31/12/2026` or an `IpAddress` with `10.0.0.0/33` then never matches, so the "
                 "`Allow` never applies, or a `Deny` with the negated operator always does.",
    .fix = "Write `\"true\"`/`\"false\"`, a plain number (`3600`), an ISO 8601 date (`2026-12-31T23:59:59Z`) or a "
           "CIDR block (`203.0.113.0/24`).",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

bool digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number_of(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool is_number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.empty() || !digits(whole, whole.size())) return false;
  if (dot == std::string_view::npos) return true;
  std::string_view fraction = s.substr(dot + 1);
  return !fraction.empty() && digits(fraction, fraction.size());
}

// YYYY-MM-DD, optionally followed by Thh:mm[:ss[.fff]] and Z or ±hh:mm / ±hhmm; or epoch seconds.
bool is_date(std::string_view s) {
  if (!s.empty() && digits(s, s.size())) return true;
  if (s.size() < 10 || !digits(s.substr(0, 4), 4) || s[4] != '-' || !digits(s.substr(5, 2), 2) || s[7] != '-' ||
      !digits(s.substr(8, 2), 2)) {
    return false;
  }
  int month = number_of(s.substr(5, 2)), day = number_of(s.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  s.remove_prefix(10);
  if (s.empty()) return true;
  if (s[0] != 'T' && s[0] != 't') return false;
  s.remove_prefix(1);
  if (s.size() < 5 || !digits(s.substr(0, 2), 2) || s[2] != ':' || !digits(s.substr(3, 2), 2)) return false;
  if (number_of(s.substr(0, 2)) > 23 || number_of(s.substr(3, 2)) > 59) return false;
  s.remove_prefix(5);
  if (!s.empty() && s[0] == ':') {
    if (s.size() < 3 || !digits(s.substr(1, 2), 2) || number_of(s.substr(1, 2)) > 60) return false;
    s.remove_prefix(3);
    if (!s.empty() && s[0] == '.') {
      std::size_t n = 1;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
      if (n == 1) return false;
      s.remove_prefix(n);
    }
  }
  if (s.empty() || s == "Z" || s == "z") return true;
  if (s[0] != '+' && s[0] != '-') return false;
  s.remove_prefix(1);
  if (s.size() == 5 && s[2] == ':') return digits(s.substr(0, 2), 2) && digits(s.substr(3, 2), 2);
  return digits(s, 4) || digits(s, 2);
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    std::size_t dot = s.find('.');
    std::string_view part = s.substr(0, dot);
    if (part.empty() || part.size() > 3 || !digits(part, part.size()) || number_of(part) > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

bool is_hex_group(std::string_view g) {
  if (g.empty() || g.size() > 4) return false;
  for (char c : g) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

bool is_ipv6(std::string_view s) {
  std::size_t gap = s.find("::");
  if (gap != std::string_view::npos && s.find("::", gap + 1) != std::string_view::npos) return false;
  int groups = 0;
  auto count = [&](std::string_view part, bool last_side) {
    if (part.empty()) return true;
    while (true) {
      std::size_t colon = part.find(':');
      std::string_view g = part.substr(0, colon);
      if (colon == std::string_view::npos && last_side && g.find('.') != std::string_view::npos) {
        if (!is_ipv4(g)) return false;
        groups += 2;
        return true;
      }
      if (!is_hex_group(g)) return false;
      ++groups;
      if (colon == std::string_view::npos) return true;
      part.remove_prefix(colon + 1);
    }
  };
  if (gap == std::string_view::npos) return count(s, true) && groups == 8;
  return count(s.substr(0, gap), false) && count(s.substr(gap + 2), true) && groups <= 7;
}

bool is_cidr(std::string_view s) {
  std::size_t slash = s.find('/');
  std::string_view address = s.substr(0, slash);
  bool v4 = is_ipv4(address), v6 = !v4 && is_ipv6(address);
  if (!v4 && !v6) return false;
  if (slash == std::string_view::npos) return true;
  std::string_view bits = s.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || !digits(bits, bits.size())) return false;
  return number_of(bits) <= (v4 ? 32 : 128);
}

class InvalidConditionValue final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    validity::for_each_condition_key(*policy.tree, s, [&](const Node& op, const linter::ConditionOperator& parsed,
                                                          const Node& k) {
      const validity::OperatorInfo* info = validity::find_operator(parsed.base);
      if (info == nullptr) return;
      linter::for_each_value(*policy.tree, k, [&](const Node& v) { check_value(op, info->family, v, out); });
    });
  }

 private:
  static void check_value(const Node& op, validity::OperatorFamily family, const Node& v, Reporter& out) {
    using F = validity::OperatorFamily;
    bool scalar = v.is_string() || v.type == linter::JsonType::Number || v.type == linter::JsonType::Bool;
    if (!scalar || v.text.find("${") != std::string_view::npos) return;
    switch (family) {
      case F::Bool:
      case F::Null:
        if (v.type == linter::JsonType::Bool) return;
        if (!v.is_string() || (!linter::iequals(v.text, "true") && !linter::iequals(v.text, "false"))) {
          out.report(v, "invalid-bool", {op.key, v.text});
        }
        return;
      case F::Numeric:
        if (v.type == linter::JsonType::Number) return;  // a JSON number token is a number, exponent or not
        if (v.type == linter::JsonType::Bool || !is_number(v.text)) out.report(v, "invalid-number", {op.key, v.text});
        return;
      case F::Date:
        if (v.type == linter::JsonType::Number) return;
        if (v.type == linter::JsonType::Bool || !is_date(v.text)) out.report(v, "invalid-date", {op.key, v.text});
        return;
      case F::IpAddress:
        if (!v.is_string() || !is_cidr(v.text)) out.report(v, "invalid-ip", {op.key, v.text});
        return;
      default: return;
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_invalid_condition_value() { return std::make_unique<InvalidConditionValue>(); }

}  // namespace iamlint::rules
