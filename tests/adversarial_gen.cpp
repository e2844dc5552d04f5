// Writes the generated part of the adversarial set into a directory, for scripts/adversarial:
// iamlint_adversarial_gen DIR [STATEMENTS]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/adversarial_inputs.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: iamlint_adversarial_gen DIR [STATEMENTS]\n");
    return 2;
  }
  std::size_t statements = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000000;
  for (const auto& input : iamlint::testing::adversarial_inputs(statements)) {
    std::string path = iamlint::testing::write_adversarial(argv[1], input);
    if (path.empty()) return 1;
    std::printf("%s\n", path.c_str());
  }
  return 0;
}
