// A loaded input file: its bytes (padded for simdjson) and the mapping from byte offsets to line:column.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint::linter {

// 1-based line and column; the column counts Unicode code points, as editors show them.
struct Position {
  uint32_t line = 0;
  uint32_t column = 0;
};

// A window of one source line around a column, for showing a finding: minified JSON puts a whole document on one
// line, so the window, not the line, is what a finding keeps.
struct Excerpt {
  std::string text;           // the shown part of the line; empty when the line is not fit to echo (control bytes)
  uint32_t first_column = 1;  // the line's column at which `text` starts
  bool cut_before = false;
  bool cut_after = false;
};

class SourceFile {
 public:
  // Takes the file's bytes; adds simdjson's padding (without a copy when `bytes` has kPadding spare capacity).
  SourceFile(std::string path, std::string bytes);

  const std::string& path() const noexcept { return path_; }
  // The whole file as read, including a leading BOM if there was one.
  std::string_view text() const noexcept { return {storage_.data(), size_}; }
  // Pointer to storage that stays readable for simdjson's padding beyond text().size().
  const char* padded_data() const noexcept { return storage_.data(); }
  std::size_t padded_capacity() const noexcept { return storage_.size(); }

  // Gives the buffer back (content and padding), so that a thread can read its next file into the same memory.
  std::string release_storage() noexcept { return std::move(storage_); }

  Position position(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view line_text(uint32_t line) const;
  // At most `width` columns of `at`'s line, starting up to `before` columns ahead of it.
  Excerpt excerpt(Position at, uint32_t width = 100, uint32_t before = 40) const;

  static constexpr std::size_t kPadding = 64;  // >= simdjson::SIMDJSON_PADDING

 private:
  void build_line_index() const;

  std::string path_;
  std::string storage_;  // size_ bytes of content followed by kPadding zero bytes
  std::size_t size_;
  mutable std::once_flag lines_once_;
  mutable std::vector<uint32_t> line_starts_;  // built on first position() call: most files never need it
  // The last position computed: counting columns from it, not from the line's start, keeps many findings on one
  // long line (minified JSON) linear instead of quadratic. A SourceFile is used by one thread at a time.
  mutable uint32_t cursor_offset_ = 0;
  mutable Position cursor_;
  // Where the last excerpt's window started, for the next one on the same line.
  mutable uint32_t excerpt_line_ = 0;
  mutable uint32_t excerpt_column_ = 1;
  mutable std::size_t excerpt_byte_ = 0;
};

}  // namespace iamlint::linter
