#include "rules/common/validity_arn.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <vector>
#include "linter/text.hpp"

namespace iamlint::rules::validity {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// The end of the ${...} that starts at `at`, one past its '}', or npos when it is not closed.
std::size_t variable_end(std::string_view text, std::size_t at) noexcept {
  std::size_t close = text.find('}', at + 2);
  return close == std::string_view::npos ? close : close + 1;
}

// A catalog placeholder becomes a wildcard: a bucket name never holds '/', so that "bucket/*" does not pass for a
// bucket; the other names of the resource part may hold anything (paths, colons of qualifiers), which errs on the
// side of matching.
char placeholder_star(std::string_view name, bool in_resource) noexcept {
  if (!in_resource) return kSegmentStar;
  constexpr std::string_view kBucket = "BucketName}";
  if (name.size() >= kBucket.size() && name.substr(name.size() - kBucket.size()) == kBucket) return kPathStar;
  return '*';
}

std::string format_glob(std::string_view format, bool whole) {
  std::string out;
  std::size_t colons = 0;
  for (std::size_t i = 0; i < format.size();) {
    if (format.compare(i, 2, "${") == 0) {
      std::size_t end = variable_end(format, i);
      if (end != std::string_view::npos) {
        out += placeholder_star(format.substr(i, end - i), !whole || colons >= 5);
        i = end;
        continue;
      }
    }
    if (format[i] == ':') ++colons;
    out += format[i++];
  }
  return out;
}

}  // namespace

std::optional<ArnParts> split_arn(std::string_view text) noexcept {
  if (text.substr(0, 4) != "arn:") return std::nullopt;
  std::array<std::string_view, 5> fields;
  std::size_t start = 4, field = 0;
  for (std::size_t i = 4; i < text.size() && field < 4; ++i) {
    if (text.compare(i, 2, "${") == 0) {
      std::size_t end = variable_end(text, i);
      if (end == std::string_view::npos) break;
      i = end - 1;
      continue;
    }
    if (text[i] == ':') {
      fields[field++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  if (field < 4) return std::nullopt;
  fields[4] = text.substr(start);
  return ArnParts{fields[0], fields[1], fields[2], fields[3], fields[4]};
}

bool is_known_partition(std::string_view p) noexcept {
  for (std::string_view k : {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
                             "aws-eusc"}) {
    if (p == k) return true;
  }
  return false;
}

bool is_region_code(std::string_view r) noexcept {
  // two or more letters, then one or more "-word" parts, then "-digits": us-east-1, us-gov-west-1, eu-isoe-west-1
  std::size_t i = 0;
  while (i < r.size() && r[i] >= 'a' && r[i] <= 'z') ++i;
  if (i < 2) return false;
  int words = 0;
  while (i < r.size() && r[i] == '-') {
    std::size_t j = i + 1;
    while (j < r.size() && r[j] >= 'a' && r[j] <= 'z') ++j;
    if (j == i + 1) break;
    ++words;
    i = j;
  }
  if (words == 0 || i >= r.size() || r[i] != '-') return false;
  std::size_t digits = i + 1;
  if (digits == r.size()) return false;
  for (std::size_t j = digits; j < r.size(); ++j) {
    if (r[j] < '0' || r[j] > '9') return false;
  }
  return true;
}

bool is_account_id(std::string_view a) noexcept {
  return a.size() == 12 && std::all_of(a.begin(), a.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_pattern(std::string_view text) noexcept {
  return linter::has_wildcard(text) || text.find("${") != std::string_view::npos;
}

std::string policy_glob(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 2, "${") == 0) {
      std::size_t end = variable_end(text, i);
      if (end != std::string_view::npos) {
        std::string_view inner = text.substr(i + 2, end - i - 3);
        out += (inner == "?" || inner == "$") ? inner[0] : '*';
        i = end;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

namespace {

// globs_intersect for a long `a` (a policy's value, unbounded) against a short `b` (a catalog format): the same
// moves as the search below, taken a row of the (a, b) grid at a time, the row's positions in b a bit set. Memory
// O(m), time O(n·m/64): a 10 MB resource costs a pass over it, not an n·m table.
bool globs_intersect_rows(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size(), words = (m + 1 + 63) / 64;
  auto star_b = [](char c) { return c == '*' || c == kSegmentStar || c == kPathStar; };
  using Bits = std::vector<uint64_t>;
  Bits star(words, 0), row(words, 0), next(words, 0), scratch(words, 0);
  auto set = [](Bits& x, std::size_t j) { x[j / 64] |= uint64_t{1} << (j % 64); };
  auto test = [](const Bits& x, std::size_t j) { return (x[j / 64] >> (j % 64)) & 1; };
  auto shl1 = [&](const Bits& x, Bits& out) {  // out = x << 1, within m + 1 bits
    uint64_t carry = 0;
    for (std::size_t w = 0; w < words; ++w) {
      uint64_t top = x[w] >> 63;  // read before writing: `out` may be `x`
      out[w] = (x[w] << 1) | carry;
      carry = top;
    }
  };
  for (std::size_t j = 0; j < m; ++j) {
    if (star_b(b[j])) set(star, j);
  }
  // Per character of `a`: where b's star may produce it, and where b's own character matches it.
  std::vector<uint64_t> accepts(256 * words, 0), same(256 * words, 0);
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    for (std::size_t j = 0; j < m; ++j) {
      uint64_t bit = uint64_t{1} << (j % 64);
      if (star_b(b[j])) {
        if (ch == '?' || (b[j] == kSegmentStar ? ch != ':' : b[j] == kPathStar ? ch != '/' : true)) {
          accepts[c * words + j / 64] |= bit;
        }
      } else if (ch == '?' || b[j] == '?' || lower(ch) == lower(b[j])) {
        same[c * words + j / 64] |= bit;
      }
    }
  }
  const uint64_t last_mask = (m + 1) % 64 == 0 ? ~uint64_t{0} : (uint64_t{1} << ((m + 1) % 64)) - 1;
  // b's stars end without consuming: j -> j + 1 while b[j] is a star.
  auto close_stars = [&](Bits& x) {
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t w = 0; w < words; ++w) scratch[w] = x[w] & star[w];
      shl1(scratch, scratch);
      scratch[words - 1] &= last_mask;
      for (std::size_t w = 0; w < words; ++w) {
        uint64_t add = scratch[w] & ~x[w];
        if (add != 0) changed = true;
        x[w] |= add;
      }
    }
  };
  set(row, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == '*') {
      // a's star produces any of b's characters: every position from the first reached on, in this row.
      std::size_t first = 0;
      while (first <= m && !test(row, first)) ++first;
      if (first > m) return false;
      for (std::size_t j = first; j <= m; ++j) set(row, j);
      continue;  // and ends: the next row starts from the same positions
    }
    close_stars(row);
    const unsigned char c = static_cast<unsigned char>(a[i]);
    bool any = false;
    for (std::size_t w = 0; w < words; ++w) scratch[w] = row[w] & same[c * words + w];
    shl1(scratch, next);
    next[words - 1] &= last_mask;
    for (std::size_t w = 0; w < words; ++w) {
      next[w] |= row[w] & accepts[c * words + w];
      any = any || next[w] != 0;
    }
    if (!any) return false;
    row.swap(next);
  }
  close_stars(row);
  return test(row, m) != 0;
}

}  // namespace

bool globs_intersect(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size(), width = m + 1;
  if ((n + 1) * width > (std::size_t{1} << 16)) return globs_intersect_rows(a, b);
  // Depth-first search over (position in a, position in b); each state is visited once.
  std::vector<char> seen((n + 1) * width, 0);
  std::vector<std::pair<std::size_t, std::size_t>> stack{{0, 0}};
  auto star_b = [](char c) { return c == '*' || c == kSegmentStar || c == kPathStar; };
  auto star_accepts = [](char star, char c) {  // may b's star produce the character a holds (a literal or '?')?
    return c == '?' || (star == kSegmentStar ? c != ':' : star == kPathStar ? c != '/' : true);
  };
  auto push = [&](std::size_t i, std::size_t j) {
    char& s = seen[i * width + j];
    if (!s) {
      s = 1;
      stack.emplace_back(i, j);
    }
  };
  seen[0] = 1;
  while (!stack.empty()) {
    auto [i, j] = stack.back();
    stack.pop_back();
    if (i == n && j == m) return true;
    bool a_star = i < n && a[i] == '*';
    bool b_star = j < m && star_b(b[j]);
    if (a_star) {
      push(i + 1, j);                                    // a's star ends
      if (j < m && !b_star) push(i, j + 1);              // a's star produces b's character
    }
    if (b_star) {
      push(i, j + 1);                                    // b's star ends
      if (i < n && !a_star && star_accepts(b[j], a[i])) push(i + 1, j);  // b's star produces a's character
    }
    if (i < n && j < m && !a_star && !b_star) {
      bool same = a[i] == '?' || b[j] == '?' || lower(a[i]) == lower(b[j]);
      if (same) push(i + 1, j + 1);
    }
  }
  return false;
}

ArnFormats::ArnFormats(const linter::Catalog& catalog) {
  auto types = catalog.resource_types();
  for (uint32_t t = 0; t < types.size(); ++t) {
    auto parts = split_arn(types[t].arn);
    if (!parts) continue;
    ArnFormat f;
    f.type = t;
    f.service = parts->service;
    f.region = parts->region;
    f.account = parts->account;
    f.glob = format_glob(types[t].arn, true);
    f.resource_glob = format_glob(parts->resource, false);
    formats_.push_back(std::move(f));
  }
  std::stable_sort(formats_.begin(), formats_.end(),
                   [](const ArnFormat& x, const ArnFormat& y) { return x.service < y.service; });
  by_type_.assign(types.size(), UINT32_MAX);
  for (uint32_t i = 0; i < formats_.size(); ++i) {
    by_type_[formats_[i].type] = i;
    if (services_.empty() || services_.back() != formats_[i].service) services_.push_back(formats_[i].service);
  }
}

const ArnFormats& ArnFormats::embedded() {
  static const ArnFormats formats(linter::Catalog::embedded());
  return formats;
}

std::span<const ArnFormat> ArnFormats::of_service(std::string_view service) const noexcept {
  auto lo = std::lower_bound(formats_.begin(), formats_.end(), service,
                             [](const ArnFormat& f, std::string_view s) { return f.service < s; });
  auto hi = lo;
  while (hi != formats_.end() && hi->service == service) ++hi;
  return {lo, hi};
}

const ArnFormat* ArnFormats::of_type(uint32_t type) const noexcept {
  if (type >= by_type_.size() || by_type_[type] == UINT32_MAX) return nullptr;
  return &formats_[by_type_[type]];
}

bool format_matches(const ArnFormat& format, std::string_view policy_arn_glob) {
  return globs_intersect(policy_arn_glob, format.glob);
}

}  // namespace iamlint::rules::validity
