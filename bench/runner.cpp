// iamlint-bench-runner: times commands over a corpus and prints a table.
//
// Usage:
//   iamlint-bench-runner [--corpus PATH] [--policies N] [--reps K] [--warmup W]
//       [--group TITLE [--corpus PATH] [--policies N] [--note TEXT]]
//       --label NAME -- COMMAND [ARG...]
//       [--label NAME -- COMMAND [ARG...]] [--group TITLE ...]
//
// Each command runs W times unmeasured, then K times measured, as a child
// process with its standard output sent to /dev/null. A command's arguments
// end at the next --label, --group or --note. Within a group the first command is the
// reference the others are compared against. Exit statuses 0 and 1 count as
// success (iamlint exits 1 when it reports findings).
//
// --corpus and --policies before the first --group apply to every group;
// after a --group they apply to that group only, so that one report can cover
// inputs of several formats. --policies N (how many policies the input holds)
// adds a policies/s column. --note TEXT prints a line under the group's
// table, say for a command that was not run; a group may consist of notes.
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus.hpp"

#ifndef IAMLINT_BENCH_COMPILER
#define IAMLINT_BENCH_COMPILER "unknown"
#endif
#ifndef IAMLINT_BENCH_BUILD_TYPE
#define IAMLINT_BENCH_BUILD_TYPE "unknown"
#endif
#ifndef IAMLINT_BENCH_CXX_FLAGS
#define IAMLINT_BENCH_CXX_FLAGS ""
#endif

namespace {

struct Command {
  std::string label;
  std::vector<std::string> argv;
};

// What the commands of a group read: files and bytes for files/s and MB/s, and
// the number of policies in them when the caller knows it.
struct Input {
  std::string corpus;                      // empty: the global one
  std::optional<std::uint64_t> policies;   // empty: the global one, if any
};

struct Group {
  std::string title;
  Input input;
  std::vector<Command> commands;
  std::vector<std::string> notes;
};

struct Corpus {
  iamlint_bench::Files files;
  std::uint64_t bytes = 0;
  std::optional<std::uint64_t> policies;
};

struct Options {
  std::string corpus;
  std::optional<std::uint64_t> policies;
  unsigned reps = 5;
  unsigned warmup = 1;
  std::vector<Group> groups;
};

struct Run {
  double wall_s = 0;
  double cpu_s = 0;
  long max_rss_kib = 0;
  std::string failure;  // empty when the command succeeded
};

struct Measurement {
  std::vector<double> wall_s;
  std::vector<double> cpu_s;
  long max_rss_kib = 0;
  std::string failure;
};

// ---- running children ------------------------------------------------------

[[noreturn]] void exec_child(const std::vector<std::string>& argv) {
  const int devnull = open("/dev/null", O_WRONLY);
  if (devnull < 0 || dup2(devnull, STDOUT_FILENO) < 0) _exit(127);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  std::fprintf(stderr, "iamlint-bench-runner: cannot run %s: %s\n", args[0],
               std::strerror(errno));
  _exit(127);
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  }
  const int code = WEXITSTATUS(status);
  if (code == 0 || code == 1) return {};
  return "exit status " + std::to_string(code);
}

double seconds(const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; }

Run run_once(const std::vector<std::string>& argv) {
  std::fflush(nullptr);  // the child must not repeat our buffered output
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) exec_child(argv);
  Run run;
  if (pid < 0) {
    run.failure = std::string("fork: ") + std::strerror(errno);
    return run;
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      run.failure = std::string("wait4: ") + std::strerror(errno);
      return run;
    }
  }
  run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  run.max_rss_kib = usage.ru_maxrss;  // Linux reports KiB
  run.failure = describe_status(status);
  return run;
}

Measurement measure(const Command& command, const Options& options) {
  Measurement m;
  for (unsigned i = 0; i < options.warmup + options.reps; ++i) {
    const Run run = run_once(command.argv);
    if (!run.failure.empty()) {
      m.failure = run.failure;
      break;
    }
    if (i < options.warmup) continue;
    m.wall_s.push_back(run.wall_s);
    m.cpu_s.push_back(run.cpu_s);
    m.max_rss_kib = std::max(m.max_rss_kib, run.max_rss_kib);
  }
  return m;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// ---- machine and build ------------------------------------------------------

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.starts_with("model name")) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

// The same number `nproc` prints: CPUs this process may run on.
int usable_cpus() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return int(sysconf(_SC_NPROCESSORS_ONLN));
}

std::string kernel() {
  utsname name{};
  if (uname(&name) != 0) return "unknown";
  return std::string(name.sysname) + " " + name.release + " " + name.machine;
}

void print_corpus(const std::string& path, const Corpus& corpus) {
  std::printf("%s: %zu %s, %llu bytes (%.1f MB)", path.c_str(), corpus.files.size(),
              corpus.files.size() == 1 ? "file" : "files", static_cast<unsigned long long>(corpus.bytes),
              double(corpus.bytes) / 1e6);
  if (corpus.policies) std::printf(", %llu policies", static_cast<unsigned long long>(*corpus.policies));
  std::printf("\n");
}

#define IAMLINT_BENCH_STR2(x) #x
#define IAMLINT_BENCH_STR(x) IAMLINT_BENCH_STR2(x)

void print_header(const Options& options, const Corpus* corpus) {
  std::printf("machine:  %s, %d cores (nproc), %s\n", cpu_model().c_str(), usable_cpus(),
              kernel().c_str());
  std::printf("compiler: %s\n", IAMLINT_BENCH_COMPILER);
  std::printf("flags:    %s (build type %s)\n", IAMLINT_BENCH_CXX_FLAGS, IAMLINT_BENCH_BUILD_TYPE);
  // On-Demand's inlined code is compiled for the target the flags allow; only
  // stage 1 picks the best kernel for the CPU at run time.
  std::printf("simdjson: %s (stage 1 at run time: %s; On-Demand compiled for: %s)\n",
              IAMLINT_BENCH_STR(SIMDJSON_VERSION), simdjson::get_active_implementation()->name().c_str(),
              IAMLINT_BENCH_STR(SIMDJSON_BUILTIN_IMPLEMENTATION));
  if (corpus) {
    std::printf("corpus:   ");
    print_corpus(options.corpus, *corpus);
  }
  std::printf("method:   median wall time of %u runs after %u warm-up; peak RSS is the "
              "largest of the measured runs; MB = 10^6 bytes\n",
              options.reps, options.warmup);
}

// ---- report -----------------------------------------------------------------

struct Row {
  std::string label;
  Measurement m;
};

void print_rate(double value, bool known) {
  if (known) {
    std::printf(" %10.0f", value);
  } else {
    std::printf(" %10s", "-");
  }
}

void print_row(const Row& row, const Row& ref, const Corpus* corpus, std::size_t width) {
  std::printf("  %-*s", int(width), row.label.c_str());
  if (!row.m.failure.empty()) {
    std::printf("  FAILED: %s\n", row.m.failure.c_str());
    return;
  }
  const double wall = median(row.m.wall_s);
  const auto [lo, hi] = std::minmax_element(row.m.wall_s.begin(), row.m.wall_s.end());
  std::printf(" %8.3f %8.3f %8.3f %8.3f", wall, *lo, *hi, median(row.m.cpu_s));
  // files/s of a single file says nothing; policies/s is the rate for those.
  print_rate(corpus ? double(corpus->files.size()) / wall : 0, corpus && corpus->files.size() > 1);
  print_rate(corpus ? double(corpus->bytes) / 1e6 / wall : 0, corpus);
  if (corpus && corpus->policies) print_rate(double(*corpus->policies) / wall, true);
  std::printf(" %9.1f", double(row.m.max_rss_kib) / 1024);
  if (&row == &ref) {
    std::printf("  %7s %7s\n", "ref", "ref");
  } else if (!ref.m.failure.empty()) {
    std::printf("  %7s %7s\n", "-", "-");
  } else {
    std::printf("  %6.2fx %6.2fx\n", wall / median(ref.m.wall_s),
                double(row.m.max_rss_kib) / double(std::max(ref.m.max_rss_kib, 1L)));
  }
}

bool report_group(const Group& group, const Options& options, const Corpus* corpus) {
  std::size_t width = 5;
  for (const auto& command : group.commands) width = std::max(width, command.label.size());
  std::printf("\n%s\n", group.title.empty() ? "results" : group.title.c_str());
  if (!group.input.corpus.empty() && corpus) {
    std::printf("  input: ");
    print_corpus(group.input.corpus, *corpus);
  }
  if (!group.commands.empty()) {
    std::printf("  %-*s %8s %8s %8s %8s %10s %10s", int(width), "label", "wall s", "min s", "max s", "cpu s",
                "files/s", "MB/s");
    if (corpus && corpus->policies) std::printf(" %10s", "policies/s");
    std::printf(" %9s  %7s %7s\n", "RSS MiB", "time", "RSS");
  }
  std::vector<Row> rows;
  bool ok = true;
  for (const auto& command : group.commands) {
    rows.push_back({command.label, measure(command, options)});
    print_row(rows.back(), rows.front(), corpus, width);
    std::fflush(stdout);
    ok = ok && rows.back().m.failure.empty();
  }
  for (const auto& note : group.notes) std::printf("  %s\n", note.c_str());
  return ok;
}

// The files of a corpus, their bytes and, when given, their policy count. Returns an error message, or
// nothing on success.
std::optional<std::string> load_corpus(const std::string& path, std::optional<std::uint64_t> policies,
                                       Corpus& corpus) {
  std::string error;
  if (!iamlint_bench::list_json_files({path}, corpus.files, error) ||
      !iamlint_bench::total_bytes(corpus.files, corpus.bytes, error)) {
    return error;
  }
  corpus.policies = policies;
  return std::nullopt;
}

// ---- options ----------------------------------------------------------------

template <typename Count>
bool parse_count(std::string_view text, Count& value) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end;
}

bool is_command_end(std::string_view arg) { return arg == "--label" || arg == "--group" || arg == "--note"; }

// Returns an error message, or nothing on success.
std::optional<std::string> parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) return "missing value after " + std::string(arg);
    const std::string_view value = argv[++i];
    if (arg == "--corpus") {
      (options.groups.empty() ? options.corpus : options.groups.back().input.corpus) = value;
    } else if (arg == "--policies") {
      std::uint64_t count = 0;
      if (!parse_count(value, count)) return "bad --policies";
      (options.groups.empty() ? options.policies : options.groups.back().input.policies) = count;
    } else if (arg == "--note") {
      if (options.groups.empty()) options.groups.emplace_back();
      options.groups.back().notes.emplace_back(value);
    } else if (arg == "--reps") {
      if (!parse_count(value, options.reps) || options.reps == 0) return "bad --reps";
    } else if (arg == "--warmup") {
      if (!parse_count(value, options.warmup)) return "bad --warmup";
    } else if (arg == "--group") {
      options.groups.push_back({std::string(value), {}, {}, {}});
    } else if (arg == "--label") {
      if (i + 2 >= argc || argv[i + 1] != std::string_view("--")) {
        return "--label NAME must be followed by -- COMMAND";
      }
      if (options.groups.empty()) options.groups.emplace_back();
      Command command{std::string(value), {}};
      for (i += 2; i < argc && !is_command_end(argv[i]); ++i) command.argv.emplace_back(argv[i]);
      --i;
      if (command.argv.empty()) return "no command after --label " + command.label;
      options.groups.back().commands.push_back(std::move(command));
    } else {
      return "unknown option " + std::string(arg);
    }
  }
  for (const auto& group : options.groups) {
    if (group.commands.empty() && group.notes.empty()) return "group '" + group.title + "' has no command";
  }
  if (options.groups.empty()) return "no command given";
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (auto error = parse_options(argc, argv, options)) {
    std::fprintf(stderr,
                 "iamlint-bench-runner: %s\n"
                 "usage: %s [--corpus PATH] [--policies N] [--reps K] [--warmup W]\n"
                 "         [--group TITLE [--corpus PATH] [--policies N] [--note TEXT]]\n"
                 "         --label NAME -- COMMAND [ARG...] [--label NAME -- ...] ...\n",
                 error->c_str(), argv[0]);
    return 2;
  }
  // Every input is listed before anything runs, so that a wrong path fails at once.
  auto load = [](const std::string& path, std::optional<std::uint64_t> policies, std::optional<Corpus>& out) {
    if (auto error = load_corpus(path, policies, out.emplace())) {
      std::fprintf(stderr, "iamlint-bench-runner: %s\n", error->c_str());
      return false;
    }
    return true;
  };
  std::optional<Corpus> corpus;
  if (!options.corpus.empty() && !load(options.corpus, options.policies, corpus)) return 2;
  std::vector<std::optional<Corpus>> inputs(options.groups.size());
  for (std::size_t i = 0; i < options.groups.size(); ++i) {
    const Input& input = options.groups[i].input;
    const std::string& path = input.corpus.empty() ? options.corpus : input.corpus;
    if (!path.empty() && !load(path, input.policies ? input.policies : options.policies, inputs[i])) return 2;
  }
  print_header(options, corpus ? &*corpus : nullptr);
  bool ok = true;
  for (std::size_t i = 0; i < options.groups.size(); ++i) {
    ok = report_group(options.groups[i], options, inputs[i] ? &*inputs[i] : nullptr) && ok;
  }
  return ok ? 0 : 1;
}
