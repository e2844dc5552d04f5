// The command line: parses options and calls the library. Kept thin so that tests exercise the same code.
#pragma once

#include <iosfwd>
#include <vector>

#include "linter/rule.hpp"

namespace iamlint::linter {

inline constexpr const char* kVersion = "0.1.0";

// Returns the process exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
int run_cli(int argc, const char* const* argv, const std::vector<const Rule*>& rules, std::ostream& out,
            std::ostream& err);

}  // namespace iamlint::linter
