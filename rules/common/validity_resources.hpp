// Every string value of a statement's Resource and NotResource elements, for the validity rules that look at ARNs
// one by one (IAM125, IAM126, IAM130, IAM133; IAM114 and IAM302 walk the same two elements with their own loop).
#pragma once

#include "linter/model.hpp"

namespace iamlint::rules::validity {

template <typename F>
void for_each_resource_string(const linter::Policy& policy, const linter::Statement& s, F&& f) {
  for (linter::Element e : {linter::Element::Resource, linter::Element::NotResource}) {
    const linter::Node* element = s.get(e);
    if (element == nullptr) continue;
    linter::for_each_value(*policy.tree, *element, [&](const linter::Node& v) {
      if (v.is_string()) f(v);
    });
  }
}

}  // namespace iamlint::rules::validity
