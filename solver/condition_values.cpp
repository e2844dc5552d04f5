// The condition operators page's table and its value parsers, shared by the evaluator (conditions.cpp) and the
// prover's encoding (z3_context.cpp), so that both read a value the same way.
#include "solver/condition_values.hpp"

#include <charconv>

#include "linter/model.hpp"
#include "solver/match.hpp"

namespace iamlint::solver::detail {


const OperatorInfo* find_operator(std::string_view base) noexcept {
  if (base.empty()) return nullptr;
  for (const OperatorInfo& op : kOperators) {
    if (op.name == base) return &op;  // operators are case-sensitive
  }
  return nullptr;
}

// ---- Values -------------------------------------------------------------------------------------------------------


// Numeric condition operators: integers compare exactly, anything else as a double.

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
  int64_t seconds =
      days_from_civil(year, month, day) * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second - offset_seconds;
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
  for (std::size_t i = 0; i < 8; ++i) {
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

// The inverse of days_from_civil (same algorithm, run backwards).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

std::string encode_base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  while (out.size() % 4 != 0) out.push_back('=');
  return out;
}

}  // namespace iamlint::solver::detail
