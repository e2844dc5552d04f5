// A rule's options, as the configuration gives them (docs/configuration.md): each key holds a scalar or a list of
// scalars, kept as written. The engine hands a rule its own options through Reporter::options().
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linter/source.hpp"

namespace iamlint::linter {

class RuleOptions {
 public:
  struct Value {
    std::vector<std::string> items;  // a scalar is a list of one
    bool is_list = false;
    Position at;  // where the value is written in the configuration file
  };

  bool empty() const noexcept { return values_.empty(); }
  bool has(std::string_view key) const noexcept { return find(key) != nullptr; }
  const Value* find(std::string_view key) const noexcept {
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
  }
  // Every value of `key`: a scalar gives one, a list each of its items; none when the key is absent.
  std::span<const std::string> strings(std::string_view key) const noexcept {
    const Value* v = find(key);
    return v == nullptr ? std::span<const std::string>() : std::span<const std::string>(v->items);
  }
  // The value of `key` when it is a single scalar; none when it is absent or a list.
  std::optional<std::string_view> string(std::string_view key) const noexcept {
    const Value* v = find(key);
    if (v == nullptr || v->is_list) return std::nullopt;
    return std::string_view(v->items.front());
  }
  const std::map<std::string, Value, std::less<>>& entries() const noexcept { return values_; }

  void set(std::string key, Value value) { values_.insert_or_assign(std::move(key), std::move(value)); }

  // The options of a rule the configuration says nothing about.
  static const RuleOptions& none() noexcept {
    static const RuleOptions kNone;
    return kNone;
  }

 private:
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace iamlint::linter
