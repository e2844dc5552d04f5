#include "linter/source.hpp"

#include <algorithm>
#include <cstring>

namespace iamlint::linter {

SourceFile::SourceFile(std::string path, std::string bytes) : path_(std::move(path)), storage_(std::move(bytes)) {
  size_ = storage_.size();
  storage_.append(kPadding, '\0');
}

void SourceFile::build_line_index() const {
  line_starts_.push_back(0);
  const char* begin = storage_.data();
  const char* end = begin + size_;
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p) {
    line_starts_.push_back(static_cast<uint32_t>(p - begin + 1));
  }
}

Position SourceFile::position(uint32_t offset) const {
  std::call_once(lines_once_, [this] { build_line_index(); });
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(size_));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = line_starts_[line - 1];
  uint32_t column = 1;
  if (cursor_.line == line && cursor_offset_ <= offset && cursor_offset_ >= start) {
    start = cursor_offset_;
    column = cursor_.column;
  }
  std::string_view t = text();
  for (uint32_t i = start; i < offset; ++i) {
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++column;
  }
  cursor_offset_ = offset;
  cursor_ = {line, column};
  // A leading BOM is not a character a user sees.
  if (line == 1 && t.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) --column;
  return {line, column};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  std::call_once(lines_once_, [this] { build_line_index(); });
  if (line == 0 || line > line_starts_.size()) return {};
  std::string_view t = text();
  std::size_t start = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : t.size();
  std::string_view s = t.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  if (line == 1 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

Excerpt SourceFile::excerpt(Position at, uint32_t width, uint32_t before) const {
  Excerpt e;
  std::string_view line = line_text(at.line);
  // Walks `count` code points forward from byte `i` of the line; stops at its end.
  auto advance = [&](std::size_t i, uint32_t count) {
    for (; count > 0 && i < line.size(); --count) {
      ++i;
      while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
  };
  // Only the window is looked at, never the whole line: a minified file of a million findings on one line must not
  // cost a pass over the line per finding. The window's start is found from the previous excerpt's when it is
  // further along the same line (findings come in document order).
  bool long_line = advance(0, width) < line.size();
  uint32_t first = long_line && at.column > before ? at.column - before : 1;
  std::size_t from = 0;
  uint32_t from_column = 1;
  if (excerpt_line_ == at.line && excerpt_column_ <= first) {
    from = excerpt_byte_;
    from_column = excerpt_column_;
  }
  std::size_t begin = advance(from, first - from_column);
  if (begin == line.size() && first > 1) {
    // Past the end (a position after the last character): count where the line ends.
    uint32_t columns = 0;
    for (std::size_t i = 0; i < line.size(); i = advance(i, 1)) ++columns;
    first = std::min(first, columns + 1);
  }
  excerpt_line_ = at.line;
  excerpt_column_ = first;
  excerpt_byte_ = begin;
  std::size_t end = advance(begin, width);
  for (std::size_t i = begin; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return e;
  }
  e.text = std::string(line.substr(begin, end - begin));
  e.first_column = first;
  e.cut_before = first > 1;
  e.cut_after = end < line.size();
  return e;
}

}  // namespace iamlint::linter
