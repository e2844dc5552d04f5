#include "linter/report.hpp"

namespace iamlint::linter {

std::string_view property_verdict_name(PropertyVerdict v) noexcept {
  switch (v) {
    case PropertyVerdict::Proved: return "proved";
    case PropertyVerdict::Refuted: return "refuted";
    case PropertyVerdict::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view node_kind_name(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::Account: return "account";
    case NodeKind::User: return "user";
    case NodeKind::Group: return "group";
    case NodeKind::Role: return "role";
    case NodeKind::Service: return "service";
    case NodeKind::Resource: return "resource";
    case NodeKind::Anyone: return "anyone";
  }
  return "resource";
}

std::string_view edge_kind_name(EdgeKind k) noexcept {
  switch (k) {
    case EdgeKind::Member: return "member";
    case EdgeKind::Assume: return "assume";
    case EdgeKind::Access: return "access";
  }
  return "access";
}

std::size_t failing_properties(const Report& report) noexcept {
  std::size_t n = 0;
  for (const PropertyReport& p : report.properties) n += p.as_expected ? 0 : 1;
  return n;
}

}  // namespace iamlint::linter
