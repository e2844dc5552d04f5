// What the configuration and baseline tests share: a scratch directory, a change of directory that is undone, and
// the command line run with a chosen set of rules (so that rules added later do not change the expected counts).
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "linter/cli.hpp"
#include "tests/fixture_support.hpp"

namespace iamlint::testing {

// A fresh directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    // cppcheck-suppress useInitializationList ; the path needs the constructor's own counter, declared above
    path_ = std::filesystem::temp_directory_path() /
            ("iamlint-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }
  std::string operator/(const std::string& relative) const { return (path_ / relative).string(); }
  // Writes a file (creating its directories) and returns its path.
  std::string write(const std::string& relative, const std::string& text) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

// Changes the current directory for a scope. Tests run one at a time, so nothing else sees it.
class InDirectory {
 public:
  explicit InDirectory(const std::filesystem::path& dir) : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~InDirectory() {
    std::error_code ec;
    std::filesystem::current_path(saved_, ec);
  }
  InDirectory(const InDirectory&) = delete;
  InDirectory& operator=(const InDirectory&) = delete;

 private:
  std::filesystem::path saved_;
};

struct CliRun {
  int code = -1;
  std::string out, err;
};

// The registry's rules with these ids (or names), in registry order.
inline std::vector<const linter::Rule*> rules_named(const std::vector<std::string>& names) {
  std::vector<const linter::Rule*> out;
  for (const linter::Rule* r : registry().all()) {
    for (const std::string& n : names) {
      if (r->meta().id == n || r->meta().name == n) out.push_back(r);
    }
  }
  return out;
}

inline CliRun run_cli(const std::vector<const linter::Rule*>& rules, std::vector<std::string> args) {
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CliRun r;
  r.code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), rules, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace iamlint::testing
