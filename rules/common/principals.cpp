#include "rules/common/principals.hpp"

namespace iamlint::rules {

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
