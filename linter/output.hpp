// Writing lint results: compiler-style text for people, a versioned JSON document for machines.
#pragma once

#include <ostream>

#include "linter/lint.hpp"
#include "linter/report.hpp"

namespace iamlint::linter {

inline constexpr int kJsonSchemaVersion = 1;  // docs/json-format.md

struct Summary {
  std::size_t files = 0;     // inputs checked or that could not be, skipped ones left out
  std::size_t skipped = 0;   // inputs that hold no policy (FileResult::skipped)
  std::size_t problems = 0;  // inputs that could not be checked
  std::size_t by_severity[4] = {};  // findings that count: neither suppressed nor in the baseline, and config findings
  std::size_t suppressed = 0;
  std::size_t baselined = 0;
  std::size_t findings() const noexcept { return by_severity[0] + by_severity[1] + by_severity[2] + by_severity[3]; }
};
Summary summarize(const LintResult& result);

// Suppressed findings are left out unless `show_suppressed`; findings in the baseline are only counted.
void write_text(std::ostream& out, const LintResult& result, bool color, bool show_suppressed = false);
void write_json(std::ostream& out, const LintResult& result, std::string_view tool_version);
// The whole run: the findings, the property results and the statistics (docs/json-format.md).
void write_json(std::ostream& out, const Report& report);

// Whether some input could not be fully checked: unreadable, malformed, or over a limit (its `problems`).
bool incomplete(const LintResult& result) noexcept;
// Whether a finding that counts (not suppressed, not in the baseline) or a configuration finding is at or above
// `fail_on`.
bool has_failing_findings(const LintResult& result, Severity fail_on) noexcept;

}  // namespace iamlint::linter
