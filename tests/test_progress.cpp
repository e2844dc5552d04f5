// The progress line: drawn in place on standard error, only after its delay, wiped at the end; never in a pipe or
// a CI log unless asked.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "linter/progress.hpp"

using namespace iamlint::linter;

TEST_CASE("the progress line redraws in place and is wiped when the run ends", "[progress]") {
  std::ostringstream err;
  {
    ProgressLine line(err, "files", std::chrono::milliseconds(0));
    line.update(1, 3, 2);
    CHECK(line.drawn());
    // The last file always redraws, however soon after the one before.
    line.update(3, 3, 5);
    line.finish();
    line.update(3, 3, 6);  // after finish: nothing
  }
  std::string s = err.str();
  CHECK(s.starts_with("\r\x1b[Kiamlint: 1/3 files, 2 findings, 0.0 s\r\x1b[Kiamlint: 3/3 files, 5 findings, "));
  CHECK(s.ends_with(" s\r\x1b[K"));
  CHECK(s.find("6 findings") == std::string::npos);
}

TEST_CASE("a run shorter than the delay draws nothing", "[progress]") {
  std::ostringstream err;
  {
    ProgressLine line(err, "properties");
    line.update(1, 1, 0);
    CHECK_FALSE(line.drawn());
  }
  CHECK(err.str().empty());
}

TEST_CASE("progress is shown on a terminal only, never in CI or a pipe, unless asked", "[progress]") {
  CHECK(progress_wanted(ProgressMode::Always));
  CHECK_FALSE(progress_wanted(ProgressMode::Never));
  const char* saved = std::getenv("CI");
  std::string kept = saved != nullptr ? saved : "";
  ::setenv("CI", "true", 1);
  CHECK_FALSE(progress_wanted(ProgressMode::Auto));
  CHECK(progress_wanted(ProgressMode::Always));
  ::unsetenv("CI");
  // The tests' standard error is not a terminal under CTest.
  if (::isatty(2) == 0) CHECK_FALSE(progress_wanted(ProgressMode::Auto));
  if (saved != nullptr) ::setenv("CI", kept.c_str(), 1);
}
