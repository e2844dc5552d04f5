// Where a run's report goes: `--format F` to standard output, and any number of `--output FORMAT=PATH` files, each
// a whole document, so that one CI run can feed code scanning (SARIF), the test tab (JUnit) and a comment (Markdown).
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "linter/report.hpp"

namespace iamlint::linter {

// The formats every command writes from a Report; "text" is each command's own and is written by it.
inline constexpr std::string_view kReportFormats[] = {"json", "sarif", "junit", "markdown", "html"};
// For --format: "text" and the report formats.
std::vector<std::string> format_choices();

struct OutputTarget {
  std::string format;
  std::string path;
};

// "sarif=out/iamlint.sarif" → {sarif, out/iamlint.sarif}; an error message when the format is unknown or the path
// is missing.
std::optional<std::string> parse_output_target(std::string_view spec, OutputTarget& target);

// Writes `format` ("text" by `text`); false when it is not a format.
bool write_format(std::string_view format, std::ostream& out, const Report& report,
                  const std::function<void(std::ostream&)>& text);

// Writes each target to its file (replacing it). Returns the first failure as "cannot write PATH: why", having
// written the others all the same.
std::optional<std::string> write_targets(const std::vector<OutputTarget>& targets, const Report& report,
                                         const std::function<void(std::ostream&)>& text);

}  // namespace iamlint::linter
