#include "linter/report_output.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "linter/output.hpp"

namespace iamlint::linter {

std::vector<std::string> format_choices() {
  std::vector<std::string> out{"text"};
  for (std::string_view f : kReportFormats) out.emplace_back(f);
  return out;
}

std::optional<std::string> parse_output_target(std::string_view spec, OutputTarget& target) {
  std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq + 1 == spec.size()) {
    return "takes FORMAT=PATH (e.g. sarif=iamlint.sarif), not '" + std::string(spec) + "'";
  }
  target.format = spec.substr(0, eq);
  target.path = spec.substr(eq + 1);
  for (const std::string& f : format_choices()) {
    if (f == target.format) return std::nullopt;
  }
  std::string known;
  for (const std::string& f : format_choices()) known += (known.empty() ? "" : ", ") + f;
  return "unknown format '" + target.format + "' (known: " + known + ")";
}

bool write_format(std::string_view format, std::ostream& out, const Report& report,
                  const std::function<void(std::ostream&)>& text) {
  if (format == "text") text(out);
  else if (format == "json") write_json(out, report);
  else if (format == "sarif") write_sarif(out, report);
  else if (format == "junit") write_junit(out, report);
  else if (format == "markdown") write_markdown(out, report);
  else if (format == "html") write_html(out, report);
  else return false;
  return true;
}

std::optional<std::string> write_targets(const std::vector<OutputTarget>& targets, const Report& report,
                                         const std::function<void(std::ostream&)>& text) {
  std::optional<std::string> failure;
  for (const OutputTarget& t : targets) {
    std::ofstream file(t.path, std::ios::binary | std::ios::trunc);
    if (file) {
      write_format(t.format, file, report, text);
      file.flush();
    }
    if (!file && !failure) failure = "cannot write " + t.path + ": " + std::strerror(errno);
  }
  return failure;
}

}  // namespace iamlint::linter
