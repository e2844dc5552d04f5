#include "corpus.hpp"

#include <algorithm>
#include <system_error>

namespace iamlint_bench {
namespace {

namespace fs = std::filesystem;

bool is_json_file(const fs::directory_entry& entry) {
  std::error_code ec;
  return entry.is_regular_file(ec) && entry.path().extension() == ".json";
}

bool add_root(const std::string& root, Files& files, std::string& error) {
  std::error_code ec;
  const fs::directory_entry top(root, ec);
  if (!ec && top.is_directory(ec)) {
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
      if (is_json_file(*it)) files.push_back(it->path());
    }
  } else if (!ec && top.is_regular_file(ec)) {
    files.push_back(top.path());
  } else if (!ec) {
    ec = std::make_error_code(std::errc::no_such_file_or_directory);
  }
  if (ec) error = root + ": " + ec.message();
  return !ec;
}

}  // namespace

bool list_json_files(const std::vector<std::string>& roots, Files& files, std::string& error) {
  files.clear();
  for (const auto& root : roots) {
    if (!add_root(root, files, error)) return false;
  }
  std::sort(files.begin(), files.end());
  return true;
}

bool total_bytes(const Files& files, std::uint64_t& bytes, std::string& error) {
  bytes = 0;
  for (const auto& file : files) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) {
      error = file.string() + ": " + ec.message();
      return false;
    }
    bytes += size;
  }
  return true;
}

}  // namespace iamlint_bench
