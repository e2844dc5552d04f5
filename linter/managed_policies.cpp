#include "linter/managed_policies.hpp"

#include <algorithm>

#include "linter/catalog_data.hpp"

namespace iamlint::linter {

const ManagedPolicies& ManagedPolicies::embedded() {
  static const ManagedPolicies instance = [] {
    ManagedPolicies m;
    std::string_view all = catalog_data::managed_policies();
    for (std::size_t pos = 0; pos < all.size();) {
      std::size_t end = all.find('\n', pos);
      if (end == std::string_view::npos) end = all.size();
      std::string_view line = all.substr(pos, end - pos);
      pos = end + 1;
      std::string_view fields[5];
      std::size_t n = 0;
      for (std::size_t start = 0; n < 5;) {
        std::size_t tab = n == 4 ? std::string_view::npos : line.find('\t', start);
        fields[n++] = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      if (n >= 2 && fields[0] == "V") m.version_ = fields[1];
      if (n == 5 && fields[0] == "P") m.policies_.push_back({fields[1], fields[2], fields[3], fields[4]});
    }
    std::sort(m.policies_.begin(), m.policies_.end(),
              [](const ManagedPolicy& a, const ManagedPolicy& b) { return a.name < b.name; });
    return m;
  }();
  return instance;
}

const ManagedPolicy* ManagedPolicies::find_by_name(std::string_view name) const noexcept {
  auto it = std::lower_bound(policies_.begin(), policies_.end(), name,
                             [](const ManagedPolicy& p, std::string_view n) { return p.name < n; });
  return it != policies_.end() && it->name == name ? &*it : nullptr;
}

const ManagedPolicy* ManagedPolicies::find_by_arn(std::string_view arn) const noexcept {
  // arn:<partition>:iam::aws:policy/<path><name>: the name is unique, so look it up and compare the rest.
  constexpr std::string_view kMarker = ":iam::aws:policy/";
  std::size_t marker = arn.find(kMarker);
  if (arn.substr(0, 4) != "arn:" || marker == std::string_view::npos) return nullptr;
  std::string_view partition = arn.substr(4, marker - 4);
  if (partition != "aws" && partition != "aws-cn" && partition != "aws-us-gov") return nullptr;
  std::string_view path_and_name = arn.substr(marker + kMarker.size());
  std::string_view name = path_and_name.substr(path_and_name.rfind('/') + 1);
  const ManagedPolicy* p = find_by_name(name);
  if (p == nullptr) return nullptr;
  std::string_view expected = p->arn.substr(p->arn.find(kMarker) + kMarker.size());
  return expected == path_and_name ? p : nullptr;
}

}  // namespace iamlint::linter
