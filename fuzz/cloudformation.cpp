// A CloudFormation template, YAML or JSON as CloudFormation's own .template extension allows (YAML unless the text
// starts with '{'): the YAML reader, the template's sites, intrinsic functions resolved into each policy's text, and
// every rule. Every finding and problem is located inside the input; a YAML document that loads survives being
// written as JSON and loaded again (same tree, same model), which is what makes a YAML policy and a JSON one alike,
// when its strings are UTF-8.
#include "fuzz/fuzz_support.hpp"
#include "linter/yaml_tree.hpp"

using namespace iamlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view bytes = fuzz::as_text(data, size);
  fuzz::lint_as(bytes, linter::InputType::CloudFormation, "fuzz.template");

  if (!linter::is_yaml_path("fuzz.template", bytes)) return 0;
  linter::SourceFile source("fuzz.yaml", std::string(bytes));
  linter::JsonTree tree;
  if (auto error = linter::load_yaml(source, tree, linter::LoadLimits{})) {
    fuzz::require(error->offset <= size, "a YAML error's offset lies outside the input");
    fuzz::require(!error->message.empty(), "a YAML error without a message");
    return 0;
  }
  for (uint32_t id = 0; id < tree.size(); ++id) {
    const linter::Node& n = tree.at(id);
    fuzz::require(n.span.offset <= size && n.span.length <= size - n.span.offset, "a YAML value's span");
    if (n.is_member) {
      fuzz::require(n.key_span.offset <= size && n.key_span.length <= size - n.key_span.offset, "a YAML key's span");
    }
  }
  // yaml-cpp does not check that scalars are UTF-8, so a YAML tree may hold bytes no JSON text can: a policy holding
  // them is refused when its rendered JSON is loaded (located, as a problem), and such a tree cannot round-trip.
  if (!fuzz::valid_utf8(fuzz::to_json(tree))) return 0;
  fuzz::require_round_trip(source, tree, "YAML");
  return 0;
}
