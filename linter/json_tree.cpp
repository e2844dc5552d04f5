#include "linter/json_tree.hpp"

#include <algorithm>

namespace iamlint::linter {

std::string_view json_type_name(JsonType type) noexcept {
  switch (type) {
    case JsonType::Null: return "null";
    case JsonType::Bool: return "boolean";
    case JsonType::Number: return "number";
    case JsonType::String: return "string";
    case JsonType::Array: return "array";
    case JsonType::Object: return "object";
  }
  return "unknown";
}

const Node* JsonTree::member(const Node& object, std::string_view key) const {
  for (const Node& child : children(object)) {
    if (child.key == key) return &child;
  }
  return nullptr;
}

std::string JsonTree::pointer(const Node& node) const {
  std::vector<const Node*> chain;
  for (const Node* n = &node; n->parent != kNoNode; n = &nodes_[n->parent]) chain.push_back(n);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    out += '/';
    if ((*it)->is_member) {
      for (char c : (*it)->key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
      }
    } else {
      out += std::to_string((*it)->index);
    }
  }
  return out;
}

void JsonTree::clear() {
  nodes_.clear();
  last_child_.clear();
  owned_.clear();
}

uint32_t JsonTree::add(const Node& node) {
  uint32_t id = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(node);
  last_child_.push_back(kNoNode);
  Node& added = nodes_.back();
  added.next = kNoNode;
  added.first_child = kNoNode;
  added.child_count = 0;
  if (node.parent != kNoNode) {
    Node& parent = nodes_[node.parent];
    added.index = parent.child_count++;
    uint32_t& last = last_child_[node.parent];
    if (last == kNoNode) parent.first_child = id;
    else nodes_[last].next = id;
    last = id;
  }
  return id;
}

std::string_view JsonTree::own(std::string_view s) { return owned_.emplace_back(s); }

}  // namespace iamlint::linter
