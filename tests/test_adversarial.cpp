// The adversarial set (issue 8): hostile inputs, each ending in a clear error or its findings, never a crash or a
// hang, while the other files of the same run are still linted. Small inputs are fixtures with sidecars
// (fixtures/adversarial/); large ones are made here in a scratch directory (tests/adversarial_inputs.cpp). No test
// is timed: the matcher's bound is shown by counting its steps; docs/limits.md has the measured times and memory.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "linter/rule.hpp"
#include "solver/match.hpp"
#include "solver/prove_command.hpp"
#include "tests/adversarial_inputs.hpp"
#include "tests/fixture_support.hpp"
#include "tests/run_support.hpp"

using namespace iamlint::testing;

namespace {

const std::string kGood = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::good/*"}]})";

CliRun lint_all(std::vector<std::string> args) {
  args.insert(args.begin(), {"lint", "--no-config", "--progress", "never", "--color", "never"});
  return run_cli(registry().all(), std::move(args));
}

bool has_line(const std::string& out, const std::string& line) {
  return ("\n" + out).find("\n" + line) != std::string::npos;
}

}  // namespace

TEST_CASE("adversarial fixtures give their expected error or findings", "[adversarial]") {
  for (const fs::path& file : fixture_files(source_dir() / "fixtures" / "adversarial")) {
    INFO(file.string());
    check_with_all_rules(file);
  }
}

TEST_CASE("generated hostile inputs end in an error or findings, and a good file in the same run is linted",
          "[adversarial]") {
  TempDir dir;
  std::string good = dir.write("good.json", kGood);
  for (const AdversarialInput& input : adversarial_inputs(5000)) {
    std::string path = write_adversarial(dir.path().string(), input);
    INFO(input.name);
    REQUIRE(!path.empty());
    CliRun run = lint_all({path, good});
    INFO(run.out.substr(0, 2000));
    // The good file is checked whatever the other one did.
    CHECK(run.out.find("2 files") != std::string::npos);
    if (input.name == "deep-array.json") {
      CHECK(run.code == 2);
      CHECK(has_line(run.out, path + ":1:103: error: nesting deeper than 64 levels [input]"));
    } else if (input.name == "deep-object.json") {
      CHECK(run.code == 2);
      CHECK(has_line(run.out, path + ":1:321: error: nesting deeper than 64 levels [input]"));
    } else if (input.name == "deep-flow.yaml") {
      CHECK(run.code == 2);
      CHECK(has_line(run.out, path + ":2:75: error: nesting deeper than 64 levels [input]"));
    } else if (input.name == "deep-block.yaml") {
      CHECK(run.code == 2);
      CHECK(has_line(run.out, path + ":66:65: error: nesting deeper than 64 levels [input]"));
    } else if (input.name == "one-gigabyte.json") {
      // Refused by its size before a byte is read: the file is a hole, so reading it would show as NUL errors.
      CHECK(run.code == 2);
      CHECK(has_line(run.out, path + ": error: file is 1073741824 bytes, over the limit of 67108864 bytes "
                                     "(--max-file-size) [input]"));
    } else {
      // Policies: linted to the end, with findings (the size quota at least), and every input checked.
      CHECK(run.code == 1);
      CHECK(run.out.find("could not be checked") == std::string::npos);
      CHECK(run.out.find("[IAM022 policy-size-exceeded]") != std::string::npos);
    }
  }
}

TEST_CASE("the matcher is linear on the patterns that make backtracking explode", "[adversarial][match]") {
  // `*a*a*…*a b` (k segments) against `aaaa…` (n characters): a backtracking matcher takes about n·k steps.
  for (std::size_t n : {1000u, 100000u}) {
    std::string pattern;
    const std::size_t k = n / 2;
    for (std::size_t i = 0; i < k; ++i) pattern += "*a";
    pattern += "*b";
    std::string text(n, 'a');
    iamlint::solver::MatchCost cost;
    CHECK_FALSE(iamlint::solver::match_pattern(pattern, text, false, cost));
    CHECK(cost.steps <= 2 * (n + pattern.size()));
    cost = {};
    CHECK(iamlint::solver::match_pattern(pattern, text + "b", true, cost));
    CHECK(cost.steps <= 2 * (n + pattern.size()));
  }
  // A long segment with `?` (beyond the 64 symbols scanned bit-parallel) still ends, and is right.
  std::string segment = std::string(100, 'a') + "?b";
  CHECK(iamlint::solver::match_pattern("*" + segment + "*", std::string(5000, 'a') + "ab", false));
  CHECK_FALSE(iamlint::solver::match_pattern("*" + segment + "*", std::string(5000, 'a'), false));
  CHECK(iamlint::solver::resource_matches("arn:*:*:*:*:" + std::string(200, '*') + "x",
                                          "arn:" + std::string(5000, ':') + "x"));
}

TEST_CASE("a walk reports entries it cannot read, never blocks on a FIFO, and lints the rest", "[adversarial]") {
  TempDir dir;
  std::string good = dir.write("tree/good.json", kGood);
  std::filesystem::create_symlink("missing.json", dir / "tree/dangling.json");
  std::filesystem::create_symlink("loop-b.json", dir / "tree/loop-a.json");
  std::filesystem::create_symlink("loop-a.json", dir / "tree/loop-b.json");
  std::filesystem::create_symlink(".", dir / "tree/self");  // a directory loop: not followed
  std::filesystem::create_directories(dir / "tree/dir.json");
  REQUIRE(::mkfifo((dir / "tree/pipe.json").c_str(), 0644) == 0);
  CliRun run = lint_all({dir / "tree"});
  INFO(run.out);
  CHECK(run.code == 2);
  std::string t = dir / "tree";
  CHECK(has_line(run.out, t + "/dangling.json: error: cannot open: No such file or directory (a dangling symbolic link) [input]"));
  CHECK(has_line(run.out, t + "/loop-a.json: error: cannot open: Too many levels of symbolic links [input]"));
  CHECK(has_line(run.out, t + "/loop-b.json: error: cannot open: Too many levels of symbolic links [input]"));
  CHECK(has_line(run.out, t + "/pipe.json: error: not a regular file [input]"));
  CHECK(run.out.find("good.json") == std::string::npos);  // linted, and clean
  CHECK(run.out.find("0 findings in 5 files; 4 files could not be checked") != std::string::npos);

  // Named on the command line, a FIFO is read as a pipe (`iamlint lint <(terraform show -json plan)`): with no writer
  // it ends at once, empty, instead of waiting for one. A directory named x.json is walked.
  run = lint_all({dir / "tree/pipe.json", dir / "tree/dir.json", good});
  CHECK(run.code == 2);
  CHECK(has_line(run.out, t + "/pipe.json:1:1: error: empty document: expected a JSON value [input]"));

  // A pipe with a writer, as the shell's process substitution gives: read to its end and linted.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string policy = R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})";
  REQUIRE(::write(fds[1], policy.data(), policy.size()) == static_cast<ssize_t>(policy.size()));
  ::close(fds[1]);
  std::string piped = "/dev/fd/" + std::to_string(fds[0]);
  run = lint_all({piped});
  ::close(fds[0]);
  INFO(run.out);
  CHECK(run.code == 1);
  CHECK(run.out.find(piped + ":1:74: security: actions that read data or secrets are allowed on every resource: "
                             "s3:GetObject;") != std::string::npos);
  CHECK(run.out.find("2 findings (1 security, 1 warning) in 1 file") != std::string::npos);
}

TEST_CASE("a property whose patterns are built to be hard is UNKNOWN with the bound, never a hang", "[adversarial]") {
  // Z3 can run past --rlimit and --timeout-ms on such a regular expression (docs/limits.md): the prover refuses it.
  std::string pattern;
  for (int i = 0; i < 300; ++i) pattern += "*a";
  pattern += "*b";
  TempDir dir;
  std::string properties = dir.write("properties.yaml", "version: 1\nproperties:\n  - name: hard\n    only:\n"
                                                        "      principals: [arn:aws:iam::222222222222:role/ProdS3RWRole]\n"
                                                        "      actions: ['s3:" + pattern + "']\n"
                                                        "      resources: ['arn:aws:s3:::" + pattern + "']\n");
  std::string env = (source_dir() / "fixtures/cross-account-enforced/environment.yaml").string();
  std::vector<std::string> args = {"iamlint", "prove", "--env", env, "--properties", properties};
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  int code = iamlint::linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), out, err,
                                      {iamlint::solver::prove_command()});
  INFO(out.str() << err.str());
  CHECK(code == 2);
  CHECK(out.str().find("UNKNOWN hard") != std::string::npos);
  CHECK(out.str().find("has 301 wildcards, over the limit of 32 per pattern given to the solver") != std::string::npos);
  CHECK(out.str().find("PROVED") == std::string::npos);
}

TEST_CASE("a message quotes at most 1000 bytes of a value, cut at a character, and says how long it was",
          "[adversarial]") {
  using iamlint::linter::format_message;
  std::string value(999, 'a');
  value += "é";  // two bytes, across the cut
  value += std::string(5000, 'b');
  CHECK(format_message("unknown '{0}'", {value}) == "unknown '" + std::string(999, 'a') + "… (6001 bytes)'");
  CHECK(format_message("{0} and {1}", {"short", std::string(1000, 'c')}) == "short and " + std::string(1000, 'c'));

  // Through a rule: an action of 10,000 characters is named in one bounded line.
  TempDir dir;
  std::string path = dir.write("long-action.json", R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
    "Action": "s3:)" + std::string(10000, 'x') + R"(", "Resource": "*"}]})");
  CliRun run = lint_all({path});
  CHECK(run.code == 1);
  CHECK(run.out.find("s3:" + std::string(997, 'x') + "… (10003 bytes)") != std::string::npos);
  std::size_t longest = 0, start = 0;
  for (std::size_t end = run.out.find('\n'); end != std::string::npos; start = end + 1, end = run.out.find('\n', start)) {
    longest = std::max(longest, end - start);
  }
  CHECK(longest < 2500);  // two values quoted, 1000 bytes each at most; it was over 20,000
}
