// The large hostile inputs of the adversarial set, made at test time (they are too big to commit): the test suite
// and scripts/adversarial (through the iamlint_adversarial_gen tool) write the same bytes. docs/limits.md lists them
// with their measured bounds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace iamlint::testing {

struct AdversarialInput {
  std::string name;  // file name, its extension saying JSON or YAML
  std::string text;  // empty for `sparse_size`: a file of that many zero bytes, made without writing them
  uint64_t sparse_size = 0;
};

// `scale` 1 is the full set (100,000-deep nesting, a million statements, 10 MB strings, a 1 GB file); the test
// suite takes smaller `statements` where the full size would only cost time, never the deep or big cases.
std::vector<AdversarialInput> adversarial_inputs(std::size_t statements);

// Writes one input into `dir`; returns its path.
std::string write_adversarial(const std::string& dir, const AdversarialInput& input);

}  // namespace iamlint::testing
