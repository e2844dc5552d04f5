// Helpers every rule may call, so that shared logic lives in one place.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "linter/rule.hpp"

namespace iamlint::rules {

using linter::Element;
using linter::JsonType;
using linter::Node;
using linter::Policy;
using linter::PolicyType;
using linter::Reporter;
using linter::Statement;

inline constexpr std::string_view kDocGrammar =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
inline constexpr std::string_view kDocElements =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html";

// The candidate closest to `name` by edit distance (case-insensitive), or empty when none is plausibly meant.
std::string_view did_you_mean(std::string_view name, std::span<const std::string_view> candidates);

// "line:column" of a byte offset in the policy's source, for messages that point at a second place.
std::string line_col(const Policy& policy, uint32_t offset);

// A statement element's JSON type is one IAM accepts (string, or array of strings, and so on)?
bool is_string_or_string_array(const linter::JsonTree& tree, const Node& node);

}  // namespace iamlint::rules
