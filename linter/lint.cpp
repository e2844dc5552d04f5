#include "linter/lint.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <system_error>
#include <thread>

namespace iamlint::linter {

namespace fs = std::filesystem;

bool glob_match(std::string_view pattern, std::string_view relative_path) {
  std::string p(pattern);
  std::string subject(relative_path);
  if (p.find('/') == std::string::npos) {
    auto slash = subject.rfind('/');
    if (slash != std::string::npos) subject = subject.substr(slash + 1);
  }
  return ::fnmatch(p.c_str(), subject.c_str(), 0) == 0;
}

namespace {

bool selected(const LintOptions& options, const std::string& relative) {
  auto matches = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, relative); });
  };
  return matches(options.include) && !matches(options.exclude);
}

void walk_directory(const LintOptions& options, const std::string& root, std::vector<FileResult>& out) {
  std::vector<std::string> found;
  std::error_code ec;
  // Directory symlinks are not followed, so a link loop cannot trap the walk.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    FileResult r;
    r.path = root;
    r.problem = InputProblem{"cannot read directory: " + ec.message(), std::nullopt, {}};
    out.push_back(std::move(r));
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (entry.is_directory(ec) && name == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    std::string relative = fs::relative(entry.path(), root, ec).generic_string();
    if (ec || relative.empty()) relative = name;
    if (selected(options, relative)) found.push_back(entry.path().generic_string());
  }
  std::sort(found.begin(), found.end());
  for (std::string& path : found) {
    FileResult r;
    r.path = std::move(path);
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<FileResult> discover(const LintOptions& options) {
  std::vector<FileResult> out;
  for (const std::string& path : options.paths) {
    if (path == "-") {
      FileResult r;
      r.path = "-";
      out.push_back(std::move(r));
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      FileResult r;
      r.path = path;
      r.problem = InputProblem{"no such file or directory", std::nullopt, {}};
      out.push_back(std::move(r));
    } else if (fs::is_directory(st)) {
      walk_directory(options, path, out);
    } else {
      FileResult r;
      r.path = path;
      out.push_back(std::move(r));
    }
  }
  return out;
}

void lint_file(const Engine& engine, const LintOptions& options, Workspace& ws, FileResult& result) {
  if (result.problem) return;
  ReadResult read = result.path == "-" ? read_stdin(options.limits.max_file_size)
                                       : read_source(result.path, options.limits.max_file_size);
  if (!read.source) {
    result.problem = InputProblem{read.error, std::nullopt, {}};
    return;
  }
  lint_source(engine, options, ws, *read.source, result);
}

void lint_source(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                 FileResult& result) {
  if (auto error = ws.loader.load(source, ws.tree)) {
    Position at = source.position(error->offset);
    result.problem = InputProblem{error->message, at, std::string(source.line_text(at.line))};
    return;
  }
  build_policy(source, ws.tree, options.policy_type, options.holder, ws.policy);
  result.findings = engine.run(ws.policy);
  result.lines.reserve(result.findings.size());
  for (const Finding& f : result.findings) result.lines.emplace_back(source.line_text(f.begin.line));
}

LintResult lint(const Engine& engine, const LintOptions& options) {
  LintResult result;
  result.files = discover(options);
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, result.files.size())));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    Workspace ws(options.limits);
    for (std::size_t i; (i = next.fetch_add(1)) < result.files.size();) {
      lint_file(engine, options, ws, result.files[i]);
    }
  };
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
  }
  return result;
}

}  // namespace iamlint::linter
