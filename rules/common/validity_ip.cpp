#include "rules/common/validity_ip.hpp"

#include <charconv>
#include <initializer_list>

namespace iamlint::rules::validity {

namespace {

bool read_number(std::string_view s, int base, int max, int& out) noexcept {
  if (s.empty() || s.size() > (base == 10 ? 3u : 4u)) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && end == s.data() + s.size() && out >= 0 && out <= max;
}

bool read_v4(std::string_view s, uint8_t* out) noexcept {
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = s.find('.');
    if ((dot == std::string_view::npos) != (i == 3)) return false;
    int n = 0;
    if (!read_number(s.substr(0, dot), 10, 255, n)) return false;
    out[i] = static_cast<uint8_t>(n);
    if (dot != std::string_view::npos) s.remove_prefix(dot + 1);
  }
  return true;
}

// Reads colon-separated groups into `groups`; returns how many 16-bit groups were read, or -1.
int read_groups(std::string_view s, uint16_t* groups, int max, bool allow_v4_tail) noexcept {
  if (s.empty()) return 0;
  int n = 0;
  while (true) {
    std::size_t colon = s.find(':');
    std::string_view g = s.substr(0, colon);
    if (colon == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
      uint8_t v4[4];
      if (n + 2 > max || !read_v4(g, v4)) return -1;
      groups[n++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[n++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      return n;
    }
    int value = 0;
    if (n >= max || !read_number(g, 16, 0xFFFF, value)) return -1;
    groups[n++] = static_cast<uint16_t>(value);
    if (colon == std::string_view::npos) return n;
    s.remove_prefix(colon + 1);
  }
}

bool read_v6(std::string_view s, uint8_t* out) noexcept {
  uint16_t head[8] = {}, tail[8] = {};
  int nh = 0, nt = 0;
  std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    nh = read_groups(s, head, 8, true);
    if (nh != 8) return false;
  } else {
    nh = read_groups(s.substr(0, gap), head, 7, false);
    nt = read_groups(s.substr(gap + 2), tail, 7, true);
    if (nh < 0 || nt < 0 || nh + nt > 7) return false;
  }
  uint16_t all[8] = {};
  for (int i = 0; i < nh; ++i) all[i] = head[i];
  for (int i = 0; i < nt; ++i) all[8 - nt + i] = tail[i];
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<uint8_t>(all[i] >> 8);
    out[2 * i + 1] = static_cast<uint8_t>(all[i] & 0xFF);
  }
  return true;
}

bool bit(const Cidr& c, int i) noexcept { return (c.bytes[static_cast<std::size_t>(i / 8)] >> (7 - i % 8)) & 1; }

// Whether the block lies inside base/len.
bool inside(const Cidr& c, std::initializer_list<uint8_t> base, int len) noexcept {
  if (c.prefix < len) return false;
  std::size_t i = 0;
  for (uint8_t b : base) {
    int bits = len - static_cast<int>(i) * 8;
    if (bits <= 0) break;
    uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((c.bytes[i] & mask) != (b & mask)) return false;
    ++i;
  }
  return true;
}

}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text) noexcept {
  Cidr c;
  std::size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  if (address.find(':') != std::string_view::npos) {
    c.v6 = true;
    if (!read_v6(address, c.bytes.data())) return std::nullopt;
  } else if (!read_v4(address, c.bytes.data())) {
    return std::nullopt;
  }
  int width = c.v6 ? 128 : 32;
  c.prefix = width;
  if (slash != std::string_view::npos) {
    if (!read_number(text.substr(slash + 1), 10, width, c.prefix)) return std::nullopt;
    c.has_prefix = true;
  }
  return c;
}

bool has_host_bits(const Cidr& c) noexcept {
  int width = c.v6 ? 128 : 32;
  for (int i = c.prefix; i < width; ++i) {
    if (bit(c, i)) return true;
  }
  return false;
}

std::string network_of(const Cidr& c) {
  Cidr n = c;
  int width = c.v6 ? 128 : 32;
  for (int i = c.prefix; i < width; ++i) {
    n.bytes[static_cast<std::size_t>(i / 8)] &= static_cast<uint8_t>(~(1u << (7 - i % 8)));
  }
  std::string out;
  if (!n.v6) {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) out += '.';
      out += std::to_string(n.bytes[static_cast<std::size_t>(i)]);
    }
  } else {
    // RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::".
    uint16_t g[8];
    for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>(n.bytes[2 * i] << 8 | n.bytes[2 * i + 1]);
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
      if (g[i] != 0) { ++i; continue; }
      int j = i;
      while (j < 8 && g[j] == 0) ++j;
      if (j - i > best_len) {
        best = i;
        best_len = j - i;
      }
      i = j;
    }
    char buf[8];
    for (int i = 0; i < 8; ++i) {
      if (i == best) {
        out += "::";
        i += best_len - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') out += ':';
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, g[i], 16);
      (void)ec;
      out.append(buf, end);
    }
  }
  out += '/';
  out += std::to_string(n.prefix);
  return out;
}

bool is_private_block(const Cidr& c) noexcept {
  if (!c.v6) {
    return inside(c, {10}, 8) || inside(c, {172, 16}, 12) || inside(c, {192, 168}, 16) || inside(c, {127}, 8) ||
           inside(c, {169, 254}, 16);
  }
  bool loopback = c.prefix == 128;
  for (std::size_t i = 0; i < 15 && loopback; ++i) loopback = c.bytes[i] == 0;
  loopback = loopback && c.bytes[15] == 1;
  return loopback || inside(c, {0xFC}, 7) || inside(c, {0xFE, 0x80}, 10);
}

}  // namespace iamlint::rules::validity
