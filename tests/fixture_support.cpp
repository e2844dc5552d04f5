#include "tests/fixture_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "linter/config.hpp"

namespace iamlint::testing {

namespace {
constexpr std::string_view kHeader = "# rule  pointer  line:col  message-id";
}  // namespace

const rules::Registry& registry() {
  static const rules::Registry r;
  return r;
}

std::string joined(const std::vector<std::string>& rows) {
  std::string out;
  for (const auto& r : rows) out += r + "\n";
  return out;
}

fs::path source_dir() { return fs::path(IAMLINT_SOURCE_DIR); }

bool bless_mode() {
  const char* v = std::getenv("IAMLINT_BLESS");
  return v != nullptr && std::string(v) == "1";
}

bool bless_rule(std::string_view rule_id) {
  if (!bless_mode()) return false;
  const char* only = std::getenv("IAMLINT_BLESS_RULES");
  if (only == nullptr || *only == '\0') return true;
  std::string list = std::string(",").append(only).append(",");
  std::string needle = std::string(",").append(rule_id).append(",");
  return list.find(needle) != std::string::npos;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

Sidecar read_sidecar(const fs::path& path) {
  Sidecar s;
  if (!fs::exists(path)) return s;
  std::istringstream in(read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line != kHeader) s.comment_lines.push_back(line);
      continue;
    }
    if (line[0] == '@') {
      s.directive_lines.push_back(line);
      std::istringstream words(line.substr(1));
      std::string key, value;
      words >> key >> value;
      if (key == "policy-type") s.policy_type = linter::parse_policy_type(value);
      else if (key == "policy-holder") s.holder = linter::parse_policy_holder(value);
      else if (key == "input-type") s.input_type = linter::parse_input_type(value);
      else if (key == "config") s.config = path.parent_path() / value;
      else throw std::runtime_error(path.string() + ": unknown directive " + line);
      continue;
    }
    // Normalise runs of spaces so that hand-aligned columns compare equal.
    std::istringstream words(line);
    std::string word, row;
    while (words >> word) row += (row.empty() ? "" : " ") + word;
    s.rows.push_back(row);
  }
  return s;
}

void write_sidecar(const fs::path& path, const Sidecar& sidecar, const std::vector<std::string>& rows) {
  // A sidecar that explains its columns in its own header keeps it instead of the standard one.
  bool own_header = std::any_of(sidecar.comment_lines.begin(), sidecar.comment_lines.end(),
                                [](const std::string& c) { return c.starts_with("# rule"); });
  std::string text = own_header ? std::string() : std::string(kHeader) + "\n";
  for (const std::string& c : sidecar.comment_lines) text += c + "\n";
  for (const std::string& d : sidecar.directive_lines) text += d + "\n";
  for (const std::string& r : rows) text += r + "\n";
  write_file(path, text);
}

std::vector<fs::path> fixture_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    bool input = ext == ".json" || ext == ".yaml" || ext == ".yml" || ext == ".template";
    if (e.is_regular_file() && input) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string relative_path(const fs::path& path) { return fs::relative(path, source_dir()).generic_string(); }

Run run_fixture(const fs::path& file, const std::vector<const linter::Rule*>& rules, const Sidecar& sidecar) {
  linter::LintOptions options;
  options.policy_type = sidecar.policy_type;
  if (sidecar.holder) options.holder = *sidecar.holder;
  if (sidecar.input_type) options.input_type = *sidecar.input_type;
  linter::Config config;
  if (sidecar.config) {
    if (auto error = linter::load_config(sidecar.config->string(), rules, config)) {
      throw std::runtime_error(sidecar.config->string() + ": " + error->message);
    }
  }
  linter::Engine engine(rules, config);
  linter::Workspace ws(options.limits);
  Run run;
  run.result.path = relative_path(file);
  linter::ReadResult read = linter::read_source(file.string(), options.limits.max_file_size);
  if (!read.source) throw std::runtime_error("cannot read " + file.string() + ": " + read.error);
  linter::lint_source(engine, options, ws, *read.source, run.result);
  for (const linter::InputProblem& p : run.result.problems) {
    std::string at = p.at ? std::to_string(p.at->line) + ":" + std::to_string(p.at->column) : "-";
    run.rows.push_back("input " + at + " " + p.message);
  }
  for (const linter::Finding& f : run.result.findings) {
    run.rows.push_back(std::string(f.rule->id) + " " + (f.policy.empty() ? "" : f.policy + " ") +
                       (f.pointer.empty() ? "/" : f.pointer) + " " +
                       std::to_string(f.begin.line) + ":" + std::to_string(f.begin.column) + " " +
                       std::string(f.message_id) +
                       (f.suppressed ? " (suppressed by " + std::string(f.suppressed->source) + ")" : "") +
                       (f.label.empty() ? "" : " | " + f.label));
  }
  return run;
}

linter::FileResult lint_text(const std::string& text, const linter::LintOptions& options,
                             const std::vector<const linter::Rule*>& rules, const std::string& path) {
  linter::Engine engine(rules.empty() ? registry().all() : rules);
  linter::Workspace ws(options.limits);
  linter::SourceFile source(path, text);
  linter::FileResult result;
  result.path = path;
  linter::lint_source(engine, options, ws, source, result);
  return result;
}

void check_with_all_rules(const fs::path& file) {
  fs::path sidecar_path = fs::path(file).replace_extension(".expected");
  Sidecar sidecar = read_sidecar(sidecar_path);
  Run run = run_fixture(file, registry().all(), sidecar);
  if (bless_mode()) write_sidecar(sidecar_path, sidecar, run.rows);
  INFO(relative_path(file));
  CHECK(fs::exists(sidecar_path));
  CHECK(joined(run.rows) == joined(sidecar.rows));
}

}  // namespace iamlint::testing
