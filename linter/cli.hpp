// The command line: parses options and calls the library. Kept thin so that tests exercise the same code.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "linter/rule.hpp"

namespace CLI {
class App;
}

namespace iamlint::linter {

inline constexpr const char* kVersion = "0.1.0";

// A subcommand that a higher layer provides (the solver's `simulate`), so that the linter's command line does not
// depend on it: `setup` adds the subcommand's options to its CLI::App and returns what runs it once parsed.
struct ExtraCommand {
  std::string name;
  std::string description;
  std::function<std::function<int(std::ostream& out, std::ostream& err)>(CLI::App&)> setup;
};

// Returns the process exit code: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
int run_cli(int argc, const char* const* argv, const std::vector<const Rule*>& rules, std::ostream& out,
            std::ostream& err, const std::vector<ExtraCommand>& extra = {});

}  // namespace iamlint::linter
