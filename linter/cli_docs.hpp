// The man page and the shell completions, generated from the command line's CLI::App so that they cannot drift from
// the options the program takes. The build runs `iamlint generate man` and `iamlint generate completion SHELL`.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace iamlint::linter {

// roff, section 1: every visible subcommand (hidden ones have an empty group) with its options and descriptions.
std::string man_page(const CLI::App& app, std::string_view version);

// A completion script for "bash", "zsh" or "fish"; empty for another shell. Option values are completed from the
// choices of an IsMember check (read back from its description, the only part of a validator CLI11 shows), else as
// file names when the value is a path (a FILE/PATH/DIR type, or a description that speaks of files), else not at all.
std::string completion_script(const CLI::App& app, std::string_view shell);

// The hidden `generate man` / `generate completion SHELL` subcommand, added to `app` last so that it sees every other
// subcommand. After parsing, `if (generate) return generate.run(out);`.
class GenerateCommand {
 public:
  GenerateCommand(CLI::App& app, std::string_view version);
  explicit operator bool() const;
  int run(std::ostream& out) const;

 private:
  const CLI::App& app_;
  std::string version_;
  CLI::App* command_;
  CLI::App* man_;
  std::string shell_;
};

}  // namespace iamlint::linter
