// The condition operators page's operator table and value parsers: how a policy value and a request value are read
// as a number, a date, an address, base64, a Bool, and how ArnLike matches. One definition for the evaluator
// (conditions.cpp) and the prover's encoding (z3_context.cpp), so that both read every value alike.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iamlint::solver::detail {

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
inline constexpr std::array<OperatorInfo, 27> kOperators = {{
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

template <typename T>
bool parse_whole(std::string_view s, T& out) noexcept {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

struct Number {
  bool integral = false;
  int64_t i = 0;
  double d = 0;
};

struct Address {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
  unsigned prefix = 0;  // bits that count
};

const OperatorInfo* find_operator(std::string_view base) noexcept;
std::optional<Number> parse_number(std::string_view s) noexcept;
int compare_numbers(const Number& a, const Number& b) noexcept;
bool all_digits(std::string_view s) noexcept;
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept;
bool fixed_digits(std::string_view s, std::size_t pos, std::size_t count, unsigned& out) noexcept;
std::optional<int64_t> parse_date(std::string_view s) noexcept;
std::optional<bool> parse_bool(std::string_view s) noexcept;
std::optional<std::string> decode_base64(std::string_view s);
bool parse_ipv4(std::string_view s, uint8_t* out) noexcept;
bool parse_ipv6(std::string_view s, uint8_t* out) noexcept;
std::optional<Address> parse_address(std::string_view s, bool allow_prefix) noexcept;
bool in_range(const Address& range, const Address& address) noexcept;
bool arn_like(std::string_view pattern, std::string_view value) noexcept;
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept;
std::string encode_base64(std::string_view bytes);

}  // namespace iamlint::solver::detail
