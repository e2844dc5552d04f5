#include "linter/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace iamlint::linter {

bool progress_wanted(ProgressMode mode) {
  if (mode != ProgressMode::Auto) return mode == ProgressMode::Always;
  // CI systems set CI=true (GitHub, GitLab, and most others); some give jobs a pseudo-terminal all the same.
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0' && std::string_view(ci) != "false" && std::string_view(ci) != "0") return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(2) != 0;
}

ProgressLine::ProgressLine(std::ostream& err, std::string_view what, std::chrono::milliseconds delay)
    : err_(err), what_(what), start_(std::chrono::steady_clock::now()), last_(start_), delay_(delay) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(std::size_t done, std::size_t total, std::size_t findings) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (finished_ || now - start_ < delay_) return;
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  char line[160];
  std::snprintf(line, sizeof line, "\r\x1b[Kiamlint: %zu/%zu %.*s, %zu finding%s, %.1f s", done, total,
                static_cast<int>(what_.size()), what_.data(), findings, findings == 1 ? "" : "s", seconds);
  err_ << line << std::flush;
  drawn_ = true;
}

void ProgressLine::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (drawn_) err_ << "\r\x1b[K" << std::flush;
}

}  // namespace iamlint::linter
