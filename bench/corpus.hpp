// Listing of benchmark input, shared by the walk and the runner so that both
// count exactly the same files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace iamlint_bench {

using Files = std::vector<std::filesystem::path>;

// Every regular *.json file under each root (a root may also be a file
// itself), sorted. On failure returns false and describes it in `error`.
bool list_json_files(const std::vector<std::string>& roots, Files& files, std::string& error);

// The sum of the files' sizes.
bool total_bytes(const Files& files, std::uint64_t& bytes, std::string& error);

}  // namespace iamlint_bench
