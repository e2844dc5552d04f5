// `aws iam get-account-authorization-details`: every user's, group's and role's inline policies, each role's trust
// policy, and every version of each managed policy, each URL-encoded or an object, each linted with its own label.
// Every finding and problem is located inside the input.
#include "fuzz/fuzz_support.hpp"

using namespace iamlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fuzz::lint_as(fuzz::as_text(data, size), linter::InputType::AuthorizationDetails, "fuzz.json");
  return 0;
}
