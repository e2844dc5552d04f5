// A progress line for long runs on a terminal: files done, findings so far, elapsed time. Written to standard error,
// redrawn in place, and wiped when the run ends, so that it never mixes with the report.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string_view>

namespace iamlint::linter {

enum class ProgressMode { Auto, Always, Never };

// Auto shows progress only when standard error is a terminal and no CI variable is set: a pipe or a CI log would
// keep every redraw.
bool progress_wanted(ProgressMode mode);

class ProgressLine {
 public:
  // Nothing is drawn before `delay`: a run that ends sooner (a pre-commit hook on a few files) never flickers.
  explicit ProgressLine(std::ostream& err, std::string_view what = "files",
                        std::chrono::milliseconds delay = std::chrono::milliseconds(500));
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Thread-safe; redraws at most every 100 ms.
  void update(std::size_t done, std::size_t total, std::size_t findings);
  // Wipes the line if one was drawn.
  void finish();
  bool drawn() const noexcept { return drawn_; }

 private:
  std::ostream& err_;
  std::string_view what_;
  std::chrono::steady_clock::time_point start_, last_;
  std::chrono::milliseconds delay_;
  std::mutex mutex_;
  bool drawn_ = false;
  bool finished_ = false;
};

}  // namespace iamlint::linter
