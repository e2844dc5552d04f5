#include "rules/registry.hpp"

namespace iamlint::rules {

// The rules, listed explicitly per category in rules/<category>/list.inc (one line each, in id order; the
// registry test checks the order). Each rule file defines make_<name>().
#define IAMLINT_RULE(id, name) std::unique_ptr<linter::Rule> make_##name();
#include "rules/structure/list.inc"
#include "rules/validity/list.inc"
#include "rules/security/list.inc"
#include "rules/hygiene/list.inc"
#include "rules/semantic/list.inc"
#undef IAMLINT_RULE

Registry::Registry() {
#define IAMLINT_RULE(id, name) rules_.push_back(make_##name());
#include "rules/structure/list.inc"
#include "rules/validity/list.inc"
#include "rules/security/list.inc"
#include "rules/hygiene/list.inc"
#include "rules/semantic/list.inc"
#undef IAMLINT_RULE
  for (const auto& r : rules_) view_.push_back(r.get());
}

const linter::Rule* Registry::find(std::string_view id_or_name) const noexcept {
  for (const linter::Rule* r : view_) {
    if (r->meta().id == id_or_name || r->meta().name == id_or_name) return r;
  }
  return nullptr;
}

}  // namespace iamlint::rules
