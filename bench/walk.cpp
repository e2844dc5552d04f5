// iamlint-bench-walk: the reference for the iamlint benchmark. It does the
// least work a policy linter must do: read each file, parse it with
// simdjson On-Demand and visit every statement, field and string once.
//
// Usage: iamlint-bench-walk [-j N] PATH...    (-j 0: one thread per core)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "corpus.hpp"

namespace {

using simdjson::error_code;
namespace ondemand = simdjson::ondemand;

// What the walk saw; the checksum makes every visited string observable so
// the compiler cannot drop the work.
struct Tally {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::uint64_t statements = 0;
  std::uint64_t strings = 0;
  std::uint64_t string_bytes = 0;
  std::uint64_t checksum = 0;

  void touch(std::string_view s) {
    ++strings;
    string_bytes += s.size();
    const auto edge = s.empty() ? 0u
                                : unsigned(static_cast<unsigned char>(s.front())) << 8 |
                                      static_cast<unsigned char>(s.back());
    checksum = (checksum ^ (s.size() << 16 | edge)) * 0x100000001b3ull;
  }

  void add(const Tally& other) {
    files += other.files;
    bytes += other.bytes;
    statements += other.statements;
    strings += other.strings;
    string_bytes += other.string_bytes;
    checksum += other.checksum;  // a sum of per-file hashes: -j N matches -j 1
  }
};

error_code visit_value(ondemand::value value, Tally& tally);

error_code visit_object(ondemand::object object, Tally& tally) {
  for (auto result : object) {
    ondemand::field field;
    std::string_view key;
    if (auto error = std::move(result).get(field)) return error;
    if (auto error = field.unescaped_key().get(key)) return error;
    tally.touch(key);
    if (auto error = visit_value(field.value(), tally)) return error;
  }
  return simdjson::SUCCESS;
}

error_code visit_array(ondemand::array array, Tally& tally) {
  for (auto result : array) {
    ondemand::value element;
    if (auto error = std::move(result).get(element)) return error;
    if (auto error = visit_value(element, tally)) return error;
  }
  return simdjson::SUCCESS;
}

error_code visit_value(ondemand::value value, Tally& tally) {
  ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case ondemand::json_type::object: {
      ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      return visit_object(object, tally);
    }
    case ondemand::json_type::array: {
      ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      return visit_array(array, tally);
    }
    case ondemand::json_type::string: {
      std::string_view text;
      if (auto error = value.get_string().get(text)) return error;
      tally.touch(text);
      return simdjson::SUCCESS;
    }
    default:  // numbers, booleans and null occur only inside Condition
      tally.touch(value.raw_json_token());
      return simdjson::SUCCESS;
  }
}

error_code visit_statement(ondemand::value statement, Tally& tally) {
  ++tally.statements;
  ondemand::object object;
  if (auto error = statement.get_object().get(object)) return error;
  return visit_object(object, tally);
}

// "Statement" is an array of statements or a single statement object.
error_code visit_statements(ondemand::value statements, Tally& tally) {
  ondemand::json_type type;
  if (auto error = statements.type().get(type)) return error;
  if (type != ondemand::json_type::array) return visit_statement(statements, tally);
  ondemand::array array;
  if (auto error = statements.get_array().get(array)) return error;
  for (auto result : array) {
    ondemand::value statement;
    if (auto error = std::move(result).get(statement)) return error;
    if (auto error = visit_statement(statement, tally)) return error;
  }
  return simdjson::SUCCESS;
}

error_code visit_policy(ondemand::document& document, Tally& tally) {
  ondemand::object root;
  if (auto error = document.get_object().get(root)) return error;
  for (auto result : root) {
    ondemand::field field;
    std::string_view key;
    if (auto error = std::move(result).get(field)) return error;
    if (auto error = field.unescaped_key().get(key)) return error;
    tally.touch(key);
    auto error = key == "Statement" ? visit_statements(field.value(), tally)
                                    : visit_value(field.value(), tally);
    if (error) return error;
  }
  return simdjson::SUCCESS;
}

// padded_string::load goes through stdio, which stats and seeks twice per
// file; on small files those system calls cost more than the parse. This is
// one open, fstat, read and close.
error_code load_file(const char* path, simdjson::padded_string& out) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return simdjson::IO_ERROR;
  struct stat info {};
  auto error = fstat(fd, &info) == 0 ? simdjson::SUCCESS : simdjson::IO_ERROR;
  if (!error) {
    simdjson::padded_string json(std::size_t(info.st_size));
    if (json.data() == nullptr) error = simdjson::MEMALLOC;
    for (std::size_t done = 0; !error && done < json.size();) {
      const ssize_t n = read(fd, json.data() + done, json.size() - done);
      if (n > 0) {
        done += std::size_t(n);
      } else if (n == 0 || errno != EINTR) {
        error = simdjson::IO_ERROR;
      }
    }
    out = std::move(json);
  }
  close(fd);
  return error;
}

struct Worker {
  ondemand::parser parser;
  Tally tally;
  std::vector<std::string> failures;

  void walk_file(const std::filesystem::path& path) {
    simdjson::padded_string json;
    Tally file;
    auto error = load_file(path.c_str(), json);
    if (!error) {
      ondemand::document document;
      error = parser.iterate(json).get(document);
      if (!error) error = visit_policy(document, file);
    }
    if (error) {
      failures.push_back(path.string() + ": " + simdjson::error_message(error));
      return;
    }
    file.files = 1;
    file.bytes = json.size();
    tally.add(file);
  }
};

// Files are handed out one at a time from a shared index, so a thread that
// draws large documents does not hold the others up.
std::vector<Worker> walk(const iamlint_bench::Files& files, unsigned jobs) {
  std::vector<Worker> workers(jobs);
  std::atomic<std::size_t> next{0};
  auto run = [&](Worker& worker) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < files.size();) {
      worker.walk_file(files[i]);
    }
  };
  if (jobs == 1) {
    run(workers[0]);
  } else {
    std::vector<std::jthread> threads;
    threads.reserve(workers.size());
    for (auto& worker : workers) threads.emplace_back(run, std::ref(worker));
  }
  return workers;
}

struct Options {
  unsigned jobs = 1;
  std::vector<std::string> paths;
};

bool parse_jobs(std::string_view text, unsigned& jobs) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, jobs);
  if (ec != std::errc() || ptr != end) return false;
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return true;
}

bool parse_options(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-j" && i + 1 < argc) {
      if (!parse_jobs(argv[++i], options.jobs)) return false;
    } else if (arg.starts_with("-j")) {
      if (!parse_jobs(arg.substr(2), options.jobs)) return false;
    } else if (arg.starts_with("-")) {
      return false;
    } else {
      options.paths.emplace_back(arg);
    }
  }
  return !options.paths.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_options(argc, argv, options)) {
    std::fprintf(stderr, "usage: %s [-j N] PATH...\n", argv[0]);
    return 2;
  }
  iamlint_bench::Files files;
  std::string error;
  if (!iamlint_bench::list_json_files(options.paths, files, error)) {
    std::fprintf(stderr, "iamlint-bench-walk: %s\n", error.c_str());
    return 2;
  }
  Tally total;
  std::size_t failures = 0;
  for (const auto& worker : walk(files, options.jobs)) {
    total.add(worker.tally);
    for (const auto& failure : worker.failures) {
      std::fprintf(stderr, "iamlint-bench-walk: %s\n", failure.c_str());
    }
    failures += worker.failures.size();
  }
  std::printf("files %" PRIu64 "\nbytes %" PRIu64 "\nstatements %" PRIu64
              "\nstrings %" PRIu64 "\nstring_bytes %" PRIu64
              "\nchecksum %016" PRIx64 "\nfailed %zu\n",
              total.files, total.bytes, total.statements, total.strings,
              total.string_bytes, total.checksum, failures);
  return failures == 0 ? 0 : 2;
}
