#include "linter/lint.hpp"

#include <dirent.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

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

// A plain readdir walk: the file type comes from the directory entry (no stat per file on most file systems), paths
// are built by string, and symlinks to directories are not followed, so a link loop cannot trap the walk.
void walk_directory(const LintOptions& options, const std::string& root, std::vector<FileResult>& out) {
  std::vector<std::string> found;
  std::vector<std::string> pending = {""};  // directories to read, relative to root
  std::string first_error;
  while (!pending.empty()) {
    std::string relative_dir = std::move(pending.back());
    pending.pop_back();
    std::string dir_path = relative_dir.empty() ? root : root + "/" + relative_dir;
    DIR* dir = ::opendir(dir_path.c_str());
    if (dir == nullptr) {
      if (first_error.empty()) first_error = dir_path + ": " + std::strerror(errno);
      continue;
    }
    while (const dirent* e = ::readdir(dir)) {
      std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string relative = relative_dir.empty() ? std::string(name) : relative_dir + "/" + std::string(name);
      unsigned char type = e->d_type;
      if (type == DT_UNKNOWN || type == DT_LNK) {
        struct stat st {};
        std::string full = root + "/" + relative;
        // A symlink to a file is taken; a symlink to a directory is not followed.
        if ((type == DT_LNK ? ::stat(full.c_str(), &st) : ::lstat(full.c_str(), &st)) != 0) continue;
        type = S_ISDIR(st.st_mode) ? (e->d_type == DT_LNK ? DT_LNK : DT_DIR) : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type == DT_DIR) {
        if (name != ".git") pending.push_back(std::move(relative));
      } else if (type == DT_REG && selected(options, relative)) {
        found.push_back(root + (root.empty() || root.back() == '/' ? "" : "/") + relative);
      }
    }
    ::closedir(dir);
  }
  if (!first_error.empty() && found.empty()) {
    FileResult r;
    r.path = root;
    r.problem = InputProblem{"cannot read directory " + first_error, std::nullopt, {}};
    out.push_back(std::move(r));
    return;
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
                                       : read_source(result.path, options.limits.max_file_size,
                                                     std::move(ws.buffer));
  if (!read.source) {
    result.problem = InputProblem{read.error, std::nullopt, {}};
    return;
  }
  lint_source(engine, options, ws, *read.source, result);
  ws.buffer = read.source->release_storage();
}

void lint_source(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                 FileResult& result) {
  if (auto error = ws.loader.load(source, ws.tree)) {
    Position at = source.position(error->offset);
    result.problem = InputProblem{error->message, at, options.excerpts ? source.excerpt(at) : Excerpt{}};
    return;
  }
  build_policy(source, ws.tree, options.policy_type, options.holder, ws.policy);
  result.findings = engine.run(ws.policy);
  if (!options.excerpts) return;
  result.excerpts.reserve(result.findings.size());
  for (const Finding& f : result.findings) result.excerpts.push_back(source.excerpt(f.begin));
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
