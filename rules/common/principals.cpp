#include "rules/common/principals.hpp"

namespace iamlint::rules {

namespace {

bool is_account_id(std::string_view s) noexcept {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The five colon-separated fields of an ARN before its resource, and the resource; false when it is not an ARN.
bool arn_fields(std::string_view arn, std::string_view (&fields)[5], std::string_view& resource) noexcept {
  std::size_t start = 0;
  for (std::string_view& field : fields) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return false;
    field = arn.substr(start, colon - start);
    start = colon + 1;
  }
  resource = arn.substr(start);
  return fields[0] == "arn";
}

}  // namespace

std::string_view principal_account(std::string_view principal) noexcept {
  if (is_account_id(principal)) return principal;
  std::string_view f[5], resource;
  if (!arn_fields(principal, f, resource) || (f[2] != "iam" && f[2] != "sts")) return {};
  return f[4];
}

std::string_view whole_account(std::string_view principal) noexcept {
  if (is_account_id(principal)) return principal;
  std::string_view f[5], resource;
  if (!arn_fields(principal, f, resource)) return {};
  bool root = f[1].starts_with("aws") && f[2] == "iam" && f[3].empty() && resource == "root";
  return root && is_account_id(f[4]) ? f[4] : std::string_view();
}

const linter::Node* everyone_principal(const linter::JsonTree& tree, const linter::Statement& statement) {
  const linter::Node* principal = statement.get(linter::Element::Principal);
  if (principal == nullptr) return nullptr;
  if (principal->is_string()) return principal->text == "*" ? principal : nullptr;
  const linter::Node* star = nullptr;
  for_each_principal(tree, statement, "AWS", [&](const linter::Node& v) {
    if (star == nullptr && v.is_string() && v.text == "*") star = &v;
  });
  return star;
}

}  // namespace iamlint::rules
