// Reads JSON into a JsonTree with simdjson On-Demand. Any fault is reported by a strict scanner that finds the first
// offending byte, so a user always gets line:col and a plain message instead of a parser's error code.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "linter/json_tree.hpp"
#include "linter/source.hpp"

namespace iamlint::linter {

struct InputError {
  uint32_t offset = 0;  // byte offset in the source where the fault is
  std::string message;
};

struct LoadLimits {
  uint32_t max_depth = 64;                     // IAM documents nest about 7 deep
  std::size_t max_file_size = 64u << 20;       // bytes
};

// Finds the first fault in a JSON text that violates RFC 8259 or the limits. Slow path only: it runs after simdjson
// has refused a document, to say exactly where and why. Returns nothing for a valid document.
std::optional<InputError> diagnose_json(std::string_view text, const LoadLimits& limits);

// One per thread: holds simdjson's reusable buffers.
class JsonLoader {
 public:
  explicit JsonLoader(LoadLimits limits = {});
  ~JsonLoader();
  JsonLoader(const JsonLoader&) = delete;
  JsonLoader& operator=(const JsonLoader&) = delete;

  // Fills `tree` from the source's text; on failure the tree is unusable and the error says where.
  std::optional<InputError> load(const SourceFile& source, JsonTree& tree);
  // The same for a text that is not a whole file (a policy inside a wrapper, a decoded string): `text.data()` must
  // stay readable for `padded_capacity` bytes, at least text.size() + SourceFile::kPadding. Offsets are into `text`.
  std::optional<InputError> load(std::string_view text, std::size_t padded_capacity, JsonTree& tree);
  const LoadLimits& limits() const noexcept { return limits_; }

 private:
  struct Impl;
  LoadLimits limits_;
  std::unique_ptr<Impl> impl_;
};

// Reads a whole file. Errors (missing, unreadable, too large, a directory) come back as messages.
struct ReadResult {
  std::unique_ptr<SourceFile> source;
  std::string error;
};
// `buffer` is reused memory (its contents are discarded), so that a thread does not allocate per file.
ReadResult read_source(const std::string& path, std::size_t max_file_size, std::string buffer = {});
ReadResult read_stdin(std::size_t max_file_size);

}  // namespace iamlint::linter
