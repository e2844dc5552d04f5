#include "rules/hygiene/canonical.hpp"

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "rules/support.hpp"

namespace iamlint::rules {

namespace {

using linter::JsonType;
using linter::Node;

// Every piece is written as a tag, its length and its bytes, so that no two different values write the same text.
void put(std::string& out, char tag, std::string_view text, bool fold) {
  out += tag;
  out += std::to_string(text.size());
  out += ':';
  std::size_t at = out.size();
  out.append(text);
  if (!fold) return;
  for (std::size_t i = at; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] + 32);
  }
}

int compare(std::string_view a, std::string_view b, bool fold) noexcept {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    char x = a[i], y = b[i];
    if (fold) {
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    }
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

bool all_strings(const linter::JsonTree& tree, const Node& array) {
  for (const Node& item : tree.children(array)) {
    if (!item.is_string()) return false;
  }
  return true;
}

void canonical(const linter::JsonTree& tree, const Node& node, bool fold, std::string& out) {
  switch (node.type) {
    case JsonType::String: put(out, 's', node.text, fold); return;
    case JsonType::Number: put(out, 'n', node.text, false); return;
    case JsonType::Bool: put(out, 'b', node.text, false); return;
    case JsonType::Null: out += 'z'; return;
    case JsonType::Array: {
      // IAM reads every array of a policy as a set: order and repeats do not matter, and ["x"] means "x".
      if (all_strings(tree, node)) {
        // The usual case (Action, Resource, condition values): sort views, without a string per item.
        std::vector<std::string_view> texts;
        texts.reserve(node.child_count);
        for (const Node& item : tree.children(node)) texts.push_back(item.text);
        std::sort(texts.begin(), texts.end(), [fold](std::string_view x, std::string_view y) {
          return compare(x, y, fold) < 0;
        });
        texts.erase(std::unique(texts.begin(), texts.end(),
                                [fold](std::string_view x, std::string_view y) { return compare(x, y, fold) == 0; }),
                    texts.end());
        if (texts.size() != 1) out += '<';
        for (std::string_view text : texts) put(out, 's', text, fold);
        if (texts.size() != 1) out += '>';
        return;
      }
      std::vector<std::string> items;
      for (const Node& item : tree.children(node)) {
        items.emplace_back();
        canonical(tree, item, fold, items.back());
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      if (items.size() == 1) {
        out += items[0];
        return;
      }
      out += '[';
      for (const std::string& item : items) out += item;
      out += ']';
      return;
    }
    case JsonType::Object: {
      std::vector<std::pair<std::string_view, std::string>> members;
      for (const Node& member : tree.children(node)) {
        members.emplace_back(member.key, std::string());
        canonical(tree, member, fold, members.back().second);
      }
      std::sort(members.begin(), members.end());
      out += '{';
      for (const auto& [key, value] : members) {
        put(out, 'k', key, false);
        out += value;
      }
      out += '}';
      return;
    }
  }
}

void add_hash(StatementSummary& summary, uint64_t h) noexcept {
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  summary.bits[(h >> 6) & 3] |= uint64_t{1} << (h & 63);
  summary.bits[(h >> 14) & 3] |= uint64_t{1} << ((h >> 8) & 63);
}

// ASCII upper-case letters of eight packed bytes to lower case, other bytes unchanged.
uint64_t lower8(uint64_t w) noexcept {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t low7 = w & ~kHigh;
  uint64_t at_least_a = low7 + kOnes * (0x80 - 'A');  // high bit set where the byte is >= 'A'
  uint64_t above_z = low7 + kOnes * (0x7f - 'Z');     // high bit set where the byte is > 'Z'
  uint64_t upper = at_least_a & ~above_z & ~w & kHigh;
  return w | (upper >> 2);
}

// A hash of a tag and a text, eight bytes at a time (summaries hash every leaf of every statement).
uint64_t hash_text(char tag, std::string_view text, bool fold, uint64_t h) noexcept {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
  h = (h ^ (static_cast<unsigned char>(tag) | (uint64_t{text.size()} << 8))) * kMul;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if (fold) w = lower8(w);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (i < text.size()) {
    uint64_t w = 0;
    std::memcpy(&w, text.data() + i, text.size() - i);
    if (fold) w = lower8(w);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  return h;
}

// Every key and leaf under `node`, each hashed with the top-level member's key (`seed`).
void summarize(const linter::JsonTree& tree, const Node& node, bool fold, uint64_t seed, StatementSummary& out) {
  switch (node.type) {
    case JsonType::String: add_hash(out, hash_text('s', node.text, fold, seed)); return;
    case JsonType::Number: add_hash(out, hash_text('n', node.text, false, seed)); return;
    case JsonType::Bool: add_hash(out, hash_text('b', node.text, false, seed)); return;
    case JsonType::Null: add_hash(out, hash_text('z', {}, false, seed)); return;
    case JsonType::Array:
      for (const Node& item : tree.children(node)) summarize(tree, item, fold, seed, out);
      return;
    case JsonType::Object:
      for (const Node& member : tree.children(node)) {
        add_hash(out, hash_text('k', member.key, false, seed));
        summarize(tree, member, fold, seed, out);
      }
      return;
  }
}

}  // namespace

StatementSummary statement_summary(const linter::JsonTree& tree, const linter::Statement& statement, unsigned skip) {
  StatementSummary out;
  if (statement.node == nullptr || !statement.node->is_object()) return out;
  for (const Node& member : tree.children(*statement.node)) {
    auto element = linter::parse_element(member.key);
    if (element && (skip & element_bit(*element)) != 0) continue;
    bool fold = element == linter::Element::Action || element == linter::Element::NotAction;
    uint64_t seed = hash_text('k', member.key, false, 1469598103934665603ull);
    add_hash(out, seed);
    summarize(tree, member, fold, seed, out);
  }
  return out;
}

constexpr std::size_t kPairwiseUpTo = 64;

std::vector<bool> shares_summary(const linter::Policy& policy, unsigned skip) {
  const std::size_t n = policy.statements.size();
  std::vector<StatementSummary> summaries(n);
  for (std::size_t i = 0; i < n; ++i) summaries[i] = statement_summary(*policy.tree, policy.statements[i], skip);
  std::vector<bool> shared(n, false);
  if (n > kPairwiseUpTo) {
    // Many statements (a hostile or generated policy): sorted, equal summaries are neighbours, n log n not n².
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < n; ++i) {
      const linter::Node* a = policy.statements[i].node;
      if (a != nullptr && a->is_object()) order.push_back(i);
    }
    std::sort(order.begin(), order.end(),
              [&](uint32_t x, uint32_t y) { return summaries[x].bits < summaries[y].bits; });
    for (std::size_t k = 1; k < order.size(); ++k) {
      if (summaries[order[k - 1]] == summaries[order[k]]) shared[order[k - 1]] = shared[order[k]] = true;
    }
    return shared;
  }
  // Policies have a handful of statements, rarely more than a few dozen: pairwise is cheaper than sorting.
  for (std::size_t i = 0; i < n; ++i) {
    const linter::Node* a = policy.statements[i].node;
    if (a == nullptr || !a->is_object()) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      const linter::Node* b = policy.statements[j].node;
      if (b != nullptr && b->is_object() && summaries[i] == summaries[j]) shared[i] = shared[j] = true;
    }
  }
  return shared;
}

std::string canonical_value(const linter::JsonTree& tree, const Node& value, bool fold_case) {
  std::string out;
  canonical(tree, value, fold_case, out);
  return out;
}

std::string canonical_statement(const linter::JsonTree& tree, const linter::Statement& statement, unsigned skip) {
  std::vector<std::pair<std::string_view, std::string>> members;
  if (statement.node == nullptr || !statement.node->is_object()) return {};
  for (const Node& member : tree.children(*statement.node)) {
    auto element = linter::parse_element(member.key);
    if (element && (skip & element_bit(*element)) != 0) continue;
    bool fold = element == linter::Element::Action || element == linter::Element::NotAction;
    members.emplace_back(member.key, canonical_value(tree, member, fold));
  }
  std::sort(members.begin(), members.end());
  std::string out;
  for (const auto& [key, value] : members) {
    put(out, 'k', key, false);
    out += value;
  }
  return out;
}

std::string statement_reference(const linter::Policy& policy, const linter::Statement& statement) {
  std::string out = line_col(policy, statement.node->span.offset);
  const Node* sid = statement.get(linter::Element::Sid);
  if (sid != nullptr && sid->is_string() && !sid->text.empty()) {
    out += " (\"";
    out += sid->text;
    out += "\")";
  }
  return out;
}

}  // namespace iamlint::rules
