// IP address condition values read as numbers, for the validity rules that look inside a CIDR block (IAM124
// private-ip-in-source-ip, IAM128 cidr-host-bits). IAM109 decides whether a value is well formed; these functions
// return nothing for a value they cannot read.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iamlint::rules::validity {

struct Cidr {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first four
  int prefix = 0;                   // 32 or 128 when the value has no /n
  bool has_prefix = false;
};

std::optional<Cidr> parse_cidr(std::string_view text) noexcept;

// Whether any bit after the prefix is set (10.1.2.3/8).
bool has_host_bits(const Cidr& cidr) noexcept;
// The block with its host bits cleared, written back: "10.0.0.0/8", "2001:db8::/32".
std::string network_of(const Cidr& cidr);

// Whether the whole block lies in address space that never reaches AWS as a public source address: RFC 1918
// (10/8, 172.16/12, 192.168/16), loopback (127/8, ::1), link-local (169.254/16, fe80::/10), IPv6 unique local
// (fc00::/7).
bool is_private_block(const Cidr& cidr) noexcept;

}  // namespace iamlint::rules::validity
