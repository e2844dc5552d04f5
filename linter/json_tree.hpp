// A read-only JSON tree in which every value and every object key knows its byte span in the source.
// The loaders (JSON today; YAML and JSON-in-a-string later) all produce this tree, and the policy model is a typed
// view over it, so locations survive whatever the outer format was.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint::linter {

enum class JsonType : uint8_t { Null, Bool, Number, String, Array, Object };

std::string_view json_type_name(JsonType type) noexcept;

struct Span {
  uint32_t offset = 0;
  uint32_t length = 0;
};

inline constexpr uint32_t kNoNode = UINT32_MAX;

struct Node {
  JsonType type = JsonType::Null;
  bool is_member = false;      // a member of an object: key and key_span are set
  // A string that stands for a value known only when the template is deployed (a CloudFormation `!GetAtt B.Arn`,
  // an unresolved `!Sub`): one specific value, not a pattern. docs/inputs.md says how rules treat it.
  bool symbolic = false;
  uint32_t parent = kNoNode;
  uint32_t next = kNoNode;     // next sibling in document order
  uint32_t first_child = kNoNode;
  uint32_t child_count = 0;
  uint32_t index = 0;          // position among its siblings
  Span span;                   // the value's token; for containers, the opening bracket
  Span key_span;               // the key's token, quotes included
  std::string_view key;        // unescaped key
  std::string_view text;       // string: unescaped; number: as written; bool: true/false; null: null

  bool is_string() const noexcept { return type == JsonType::String; }
  bool is_array() const noexcept { return type == JsonType::Array; }
  bool is_object() const noexcept { return type == JsonType::Object; }
};

class JsonTree;

// Iterates the children of a node in document order.
class ChildRange {
 public:
  class iterator {
   public:
    iterator(const JsonTree* tree, uint32_t id) : tree_(tree), id_(id) {}
    const Node& operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& other) const { return id_ != other.id_; }
    bool operator==(const iterator& other) const { return id_ == other.id_; }

   private:
    const JsonTree* tree_;
    uint32_t id_;
  };
  ChildRange(const JsonTree* tree, uint32_t first) : tree_(tree), first_(first) {}
  iterator begin() const { return {tree_, first_}; }
  iterator end() const { return {tree_, kNoNode}; }

 private:
  const JsonTree* tree_;
  uint32_t first_;
};

class JsonTree {
 public:
  const Node* root() const noexcept { return nodes_.empty() ? nullptr : &nodes_[0]; }
  const Node& at(uint32_t id) const { return nodes_[id]; }
  uint32_t id_of(const Node& node) const noexcept { return static_cast<uint32_t>(&node - nodes_.data()); }
  const Node* parent(const Node& node) const noexcept {
    return node.parent == kNoNode ? nullptr : &nodes_[node.parent];
  }
  ChildRange children(const Node& node) const { return {this, node.first_child}; }
  // The member of an object with exactly this key (the first, if the key is duplicated).
  const Node* member(const Node& object, std::string_view key) const;
  // RFC 6901 pointer of a node, e.g. /Statement/1/Action/0.
  std::string pointer(const Node& node) const;
  std::size_t size() const noexcept { return nodes_.size(); }

  // Building (used by loaders).
  void clear();
  uint32_t add(const Node& node);  // links it as the last child of node.parent
  Node& mutable_at(uint32_t id) { return nodes_[id]; }
  // Keeps an unescaped string alive as long as the tree.
  std::string_view own(std::string_view s);

 private:
  std::vector<Node> nodes_;
  std::vector<uint32_t> last_child_;  // per node, to append children in O(1)
  std::deque<std::string> owned_;
};

inline const Node& ChildRange::iterator::operator*() const { return tree_->at(id_); }
inline ChildRange::iterator& ChildRange::iterator::operator++() {
  id_ = tree_->at(id_).next;
  return *this;
}

}  // namespace iamlint::linter
