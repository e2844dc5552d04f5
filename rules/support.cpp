#include "rules/support.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace iamlint::rules {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      bool same = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view did_you_mean(std::string_view name, std::span<const std::string_view> candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (std::string_view c : candidates) {
    // The distance is at least the difference in length: skip what cannot beat the best so far.
    std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap >= best_distance) continue;
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string line_col(const Policy& policy, uint32_t offset) {
  linter::Position at = policy.position(offset);
  return std::to_string(at.line) + ":" + std::to_string(at.column);
}

bool is_string_or_string_array(const linter::JsonTree& tree, const Node& node) {
  if (node.is_string()) return true;
  if (!node.is_array()) return false;
  for (const Node& item : tree.children(node)) {
    if (!item.is_string()) return false;
  }
  return true;
}

}  // namespace iamlint::rules
