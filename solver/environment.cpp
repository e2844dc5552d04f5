#include "solver/environment.hpp"

namespace iamlint::solver {

namespace {

template <typename T, typename Key>
void index_by(const std::vector<T>& items, Key key, std::unordered_map<std::string_view, std::size_t>& out) {
  out.clear();
  for (std::size_t i = 0; i < items.size(); ++i) out.emplace(key(items[i]), i);
}

template <typename T>
const T* lookup(const std::vector<T>& items, const std::unordered_map<std::string_view, std::size_t>& by,
                std::string_view key) {
  auto it = by.find(key);
  return it == by.end() ? nullptr : &items[it->second];
}

}  // namespace

void Environment::index() {
  index_by(accounts, [](const Account& a) -> std::string_view { return a.id; }, accounts_);
  index_by(users, [](const User& u) -> std::string_view { return u.arn; }, users_);
  index_by(groups, [](const Group& g) -> std::string_view { return g.arn; }, groups_);
  index_by(roles, [](const Role& r) -> std::string_view { return r.arn; }, roles_);
  index_by(resources, [](const Resource& r) -> std::string_view { return r.arn; }, resources_);
  managed_.clear();
  for (std::size_t i = 0; i < policies.size(); ++i) {
    if (!policies[i].arn.empty()) managed_.emplace(policies[i].arn, i);
  }
}

const Account* Environment::account(std::string_view id) const { return lookup(accounts, accounts_, id); }
const User* Environment::user(std::string_view arn) const { return lookup(users, users_, arn); }
const Group* Environment::group(std::string_view arn) const { return lookup(groups, groups_, arn); }
const Role* Environment::role(std::string_view arn) const { return lookup(roles, roles_, arn); }
const Resource* Environment::resource(std::string_view arn) const { return lookup(resources, resources_, arn); }

std::optional<PolicyId> Environment::managed_policy(std::string_view arn) const {
  auto it = managed_.find(arn);
  if (it == managed_.end()) return std::nullopt;
  return static_cast<PolicyId>(it->second);
}

}  // namespace iamlint::solver
