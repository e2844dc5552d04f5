// A policy file: the JSON loader, the model and every rule, on the bytes as they come. Every finding and problem is
// located inside the input; a document that loads survives being written back as JSON (same tree, same model); a
// document that does not load is refused at an offset inside it.
#include "fuzz/fuzz_support.hpp"
#include "linter/json_loader.hpp"

using namespace iamlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view bytes = fuzz::as_text(data, size);
  fuzz::lint_as(bytes, linter::InputType::Policy, "fuzz.json");

  linter::SourceFile source("fuzz.json", std::string(bytes));
  linter::JsonTree tree;
  linter::JsonLoader loader;
  if (auto error = loader.load(source, tree)) {
    fuzz::require(error->offset <= size, "a load error's offset lies outside the input");
    fuzz::require(!error->message.empty(), "a load error without a message");
    return 0;
  }
  fuzz::require_round_trip(source, tree, "JSON");
  return 0;
}
