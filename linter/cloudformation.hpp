// CloudFormation templates, JSON or YAML (both read into a JsonTree): which resources hold policies, what type each
// policy is, and the text of each policy with the template's intrinsic functions resolved as far as the template
// allows. docs/inputs.md describes what is resolved and what stays symbolic.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linter/inputs.hpp"

namespace iamlint::linter {

// What the template declares that intrinsic functions refer to.
struct CfnTemplate {
  const JsonTree* tree = nullptr;
  bool yaml = false;  // node spans are into YAML text: strings are not JSON tokens
  const Node* parameters = nullptr;
  const Node* mappings = nullptr;
  const Node* conditions = nullptr;
  const Node* resources = nullptr;
  // What a deployed stack knows, consulted before a name becomes a symbol; empty for the linter, filled when an
  // environment includes the template as one stack (solver/env_cloudformation.hpp). Keys: a pseudo parameter
  // ("AWS::AccountId"), a parameter or a logical id (what Ref gives), "LogicalId.Attribute" (what Fn::GetAtt gives).
  std::unordered_map<std::string, std::string> known;
};

// A root object with a Resources object whose entries have a Type, or an AWSTemplateFormatVersion.
bool is_cloudformation(const JsonTree& tree, const Node& root) noexcept;

// The policies of every resource that holds one, in document order, with each resource's Metadata suppressions;
// faults in those suppressions are located problems (the policies are checked all the same).
void cloudformation_sites(const JsonTree& tree, const Node& root, bool yaml, Detection& out);

// A template value resolved as far as the template and its known stack values allow: its text when it is a scalar
// and no part of it stays symbolic, else none.
std::optional<std::string> cloudformation_string(const CfnTemplate& tmpl, const Node& value);
// A template value read as a list (a literal list or a function giving one), AWS::NoValue items left out: each item's
// text, or none for an item that stays symbolic; none when the value is no list of scalars.
std::optional<std::vector<std::optional<std::string>>> cloudformation_list(const CfnTemplate& tmpl, const Node& value);

// The JSON text of a template site (SiteKind::Template or SiteKind::LambdaPermission), with every byte mapped to the
// token of the template it came from and the symbolic strings marked.
std::optional<InputError> cloudformation_site_text(const SourceFile& source, const CfnTemplate& tmpl,
                                                   const PolicySite& site, SiteText& out);

}  // namespace iamlint::linter
