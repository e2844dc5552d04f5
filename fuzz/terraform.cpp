// `terraform show -json` of a plan or a state: the plan reader finds each policy in a JSON string attribute, which is
// unescaped and linted with a map back to the file. Every finding and problem is located inside the input.
#include "fuzz/fuzz_support.hpp"

using namespace iamlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::lint_as(fuzz::as_text(data, size), linter::InputType::TerraformPlan, "fuzz.json");
  return 0;
}
