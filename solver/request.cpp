#include "solver/request.hpp"

#include <algorithm>

#include "linter/model.hpp"

namespace iamlint::solver {

namespace {

template <typename Entries>
auto find_entry(Entries& entries, std::string_view key) {
  return std::find_if(entries.begin(), entries.end(),
                      [&](const auto& e) { return linter::iequals(e.first, key); });
}

}  // namespace

void Context::set(std::string_view key, std::vector<std::string> values) {
  auto it = find_entry(entries_, key);
  if (it != entries_.end()) it->second = std::move(values);
  else entries_.emplace_back(std::string(key), std::move(values));
}

void Context::add(std::string_view key, std::string value) {
  auto it = find_entry(entries_, key);
  if (it != entries_.end()) it->second.push_back(std::move(value));
  else entries_.emplace_back(std::string(key), std::vector<std::string>{std::move(value)});
}

void Context::erase(std::string_view key) {
  auto it = find_entry(entries_, key);
  if (it != entries_.end()) entries_.erase(it);
}

const std::vector<std::string>* Context::find(std::string_view key) const noexcept {
  auto it = find_entry(entries_, key);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace iamlint::solver
