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

#include "linter/baseline.hpp"
#include "linter/cloudformation.hpp"
#include "linter/yaml_tree.hpp"

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

std::string current_directory() {
  std::error_code ec;
  std::string cwd = fs::current_path(ec).string();
  return ec || cwd.empty() ? "/" : cwd;
}

namespace {

// Appends the segments of `p` to `out`, dropping "." and empty ones and letting ".." remove the one before it.
void push_segments(std::string_view p, std::vector<std::string_view>& out) {
  while (!p.empty()) {
    std::size_t slash = p.find('/');
    std::string_view segment = p.substr(0, slash);
    p = slash == std::string_view::npos ? std::string_view() : p.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!out.empty()) out.pop_back();
    } else {
      out.push_back(segment);
    }
  }
}

}  // namespace

// Plain string work rather than std::filesystem, whose paths allocate per segment: this runs for every file.
std::string path_relative_to(std::string_view path, std::string_view base, std::string_view cwd) {
  if (path == "-") return "-";
  std::vector<std::string_view> p, b;
  if (!path.starts_with('/')) push_segments(cwd, p);
  push_segments(path, p);
  if (!base.starts_with('/')) push_segments(cwd, b);
  push_segments(base, b);
  std::size_t common = 0;
  while (common < p.size() && common < b.size() && p[common] == b[common]) ++common;
  std::string out;
  for (std::size_t k = common; k < b.size(); ++k) out += "../";
  for (std::size_t k = common; k < p.size(); ++k) {
    out += p[k];
    out += '/';
  }
  if (out.empty()) return ".";
  out.pop_back();
  return out;
}

void apply_config(const Config& config, LintOptions& options) {
  if (config.include) options.include = *config.include;
  options.exclude = config.exclude;
  options.suppressions = config.suppressions;
  options.config_path = config.path;
}

namespace {

std::string config_directory(const LintOptions& options) {
  std::string dir = fs::path(options.config_path).parent_path().string();
  return dir.empty() ? "." : dir;
}

// Marks the findings a suppression covers: the first one that matches, in the configuration's order.
void apply_suppressions(const LintOptions& options, const Workspace& ws, const FileResult& file,
                        std::vector<Finding>& findings) {
  const Policy& policy = ws.policy;
  if (findings.empty()) return;
  std::string relative = path_relative_to(file.path, config_directory(options), ws.cwd);
  for (Finding& f : findings) {
    std::optional<std::string_view> sid;
    if (f.statement >= 0) {
      const Node* s = policy.statements[static_cast<std::size_t>(f.statement)].get(Element::Sid);
      if (s != nullptr && s->is_string()) sid = s->text;
    }
    for (const Suppression& s : options.suppressions) {
      if (suppression_matches(s, f.rule->id, relative, sid, f.pointer)) {
        f.suppressed = SuppressionNote{s.reason, "config", options.config_path, s.at, s.index};
        break;
      }
    }
  }
}

// A suppression that matched nothing is reported, so that configurations do not rot, when the run could have used
// it: its rule ran, and the run covered the configuration's whole directory or a file its path glob matches.
std::vector<ConfigFinding> unused_suppressions(const Engine& engine, const LintOptions& options,
                                               const LintResult& result) {
  std::vector<bool> used(options.suppressions.size());
  for (const FileResult& f : result.files) {
    for (const Finding& g : f.findings) {
      if (g.suppressed && g.suppressed->index < used.size()) used[g.suppressed->index] = true;
    }
  }
  std::string dir = config_directory(options);
  std::string cwd = current_directory();
  bool whole_directory = false;
  for (const std::string& p : options.paths) {
    std::error_code ec;
    if (p == "-" || !fs::is_directory(p, ec)) continue;
    std::string up = path_relative_to(dir, p, cwd);  // the configuration's directory, seen from the linted one
    if (up != ".." && !up.starts_with("../")) whole_directory = true;
  }
  std::vector<std::string> checked;  // the checked files, relative to the configuration's directory
  if (!whole_directory) {
    for (const FileResult& f : result.files) {
      if (f.problems.empty() && f.skipped.empty()) checked.push_back(path_relative_to(f.path, dir, cwd));
    }
  }
  std::vector<ConfigFinding> out;
  for (const Suppression& s : options.suppressions) {
    if (used[s.index]) continue;
    bool ran = std::any_of(engine.rules().begin(), engine.rules().end(),
                           [&](const Rule* r) { return r->meta().id == s.rule_id; });
    bool covered = whole_directory || std::any_of(checked.begin(), checked.end(), [&](const std::string& path) {
                     return glob_match(s.path, path);
                   });
    if (!ran || !covered) continue;
    ConfigFinding c;
    c.path = options.config_path;
    c.at = s.at;
    c.offset = s.offset;
    c.pointer = "/suppressions/" + std::to_string(s.index);
    c.severity = Severity::Warning;
    c.id = "unused-suppression";
    c.message = "this suppression (" + std::string(s.rule_id) + " in '" + s.path +
                "') matched no finding in this run: remove it, or correct its rule, path, sid or pointer";
    out.push_back(std::move(c));
  }
  return out;
}

bool selected(const LintOptions& options, const std::string& relative) {
  auto matches = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return glob_match(g, relative); });
  };
  return matches(options.include) && !matches(options.exclude);
}


// A plain readdir walk: the file type comes from the directory entry (no stat per file on most file systems), paths
// are built by string, and symlinks to directories are not followed, so a link loop cannot trap the walk.
void walk_directory(const LintOptions& options, const std::string& root, std::vector<FileResult>& out) {
  // Files to leave out, as absolute paths, compared lexically.
  std::string cwd = options.skip_files.empty() ? std::string() : current_directory();
  std::vector<std::string> skip;
  for (const std::string& s : options.skip_files) skip.push_back(path_relative_to(s, "/", cwd));
  auto skipped = [&](const std::string& path) {
    return !skip.empty() && std::find(skip.begin(), skip.end(), path_relative_to(path, "/", cwd)) != skip.end();
  };
  std::vector<std::string> found;
  std::vector<std::string> pending = {""};  // directories to read, relative to root
  std::string first_error;
  // Entries that look like inputs but cannot be read (a dangling or looping symlink, a FIFO named x.json) and
  // subdirectories that cannot be listed: each is an input error, never a silent gap in the run.
  std::vector<std::pair<std::string, std::string>> unreadable;
  auto full_path = [&](const std::string& relative) {
    return root + (root.empty() || root.back() == '/' ? "" : "/") + relative;
  };
  while (!pending.empty()) {
    std::string relative_dir = std::move(pending.back());
    pending.pop_back();
    std::string dir_path = relative_dir.empty() ? root : root + "/" + relative_dir;
    DIR* dir = ::opendir(dir_path.c_str());
    if (dir == nullptr) {
      if (first_error.empty()) first_error = dir_path + ": " + std::strerror(errno);
      if (!relative_dir.empty()) {
        unreadable.emplace_back(full_path(relative_dir), std::string("cannot read directory: ") + std::strerror(errno));
      }
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
        if ((type == DT_LNK ? ::stat(full.c_str(), &st) : ::lstat(full.c_str(), &st)) != 0) {
          if (selected(options, relative)) {
            unreadable.emplace_back(full_path(relative), std::string("cannot open: ") + std::strerror(errno) +
                                                             (errno == ENOENT ? " (a dangling symbolic link)" : ""));
          }
          continue;
        }
        type = S_ISDIR(st.st_mode) ? (e->d_type == DT_LNK ? DT_LNK : DT_DIR) : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type != DT_DIR && type != DT_REG && type != DT_LNK && selected(options, relative)) {
        // A FIFO, socket or device with an input's name: never opened (a FIFO would block), but said.
        unreadable.emplace_back(full_path(relative), "not a regular file");
        continue;
      }
      if (type == DT_DIR) {
        if (name != ".git") pending.push_back(std::move(relative));
      } else if (type == DT_REG && name != kConfigFileName && selected(options, relative)) {  // (YAML, not a template)
        std::string path = root + (root.empty() || root.back() == '/' ? "" : "/") + relative;
        if (!skipped(path)) found.push_back(std::move(path));
      }
    }
    ::closedir(dir);
  }
  if (!first_error.empty() && found.empty() && unreadable.empty()) {
    FileResult r;
    r.path = root;
    r.problems.push_back(InputProblem{"cannot read directory " + first_error, std::nullopt, {}});
    out.push_back(std::move(r));
    return;
  }
  std::vector<FileResult> results;
  for (std::string& path : found) {
    FileResult r;
    r.path = std::move(path);
    r.walked = true;
    results.push_back(std::move(r));
  }
  for (auto& [path, problem] : unreadable) {
    if (skipped(path)) continue;
    FileResult r;
    r.path = std::move(path);
    r.walked = true;
    r.problems.push_back(InputProblem{std::move(problem), std::nullopt, {}});
    results.push_back(std::move(r));
  }
  std::sort(results.begin(), results.end(), [](const FileResult& a, const FileResult& b) { return a.path < b.path; });
  for (FileResult& r : results) out.push_back(std::move(r));
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
      r.problems.push_back(InputProblem{"no such file or directory", std::nullopt, {}});
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
  if (!result.problems.empty()) return;
  ReadResult read = result.path == "-" ? read_stdin(options.limits.max_file_size)
                                       : read_source(result.path, options.limits.max_file_size,
                                                     std::move(ws.buffer));
  if (!read.source) {
    result.problems.push_back(InputProblem{read.error, std::nullopt, {}});
    return;
  }
  lint_source(engine, options, ws, *read.source, result);
  ws.buffer = read.source->release_storage();
}

namespace {

// Checks the policy in ws.policy; its findings are added to the file's.
void check_policy(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                  const PolicySite* site, FileResult& result) {
  std::vector<Finding> findings = engine.run(ws.policy);
  if (site != nullptr) {
    for (Finding& f : findings) {
      f.policy = site->label;
      f.label = site->name;
    }
  }
  assign_fingerprints(ws.policy, result.fingerprint_path, findings);
  if (!options.suppressions.empty()) apply_suppressions(options, ws, result, findings);
  if (site != nullptr && !site->ignores.empty()) {
    // A template's own suppressions (a resource's Metadata) come after the configuration's.
    for (Finding& f : findings) {
      if (f.suppressed) continue;
      for (const TemplateIgnore& ignore : site->ignores) {
        if (ignore.rule != f.rule->id) continue;
        f.suppressed = SuppressionNote{ignore.reason, "template", result.path, source.position(ignore.offset),
                                       ignore.index};
        break;
      }
    }
  }
  if (options.excerpts) {
    for (const Finding& f : findings) result.excerpts.push_back(source.excerpt(f.begin));
  }
  if (result.findings.empty()) {
    result.findings = std::move(findings);
  } else {
    for (Finding& f : findings) result.findings.push_back(std::move(f));
  }
}

void set_problem(const LintOptions& options, const SourceFile& source, uint32_t offset, std::string message,
                 FileResult& result) {
  Position at = source.position(offset);
  result.problems.push_back(InputProblem{std::move(message), at, options.excerpts ? source.excerpt(at) : Excerpt{}});
}

// Loads the policy text in ws.site (filled by site_text or url_encoded_file_text unless `error`) into ws.policy,
// located through the site's map; an error's offset is in the file.
std::optional<InputError> load_site(const SourceFile& source, std::optional<PolicyType> type, PolicyHolder holder,
                                    std::optional<InputError> error, Workspace& ws) {
  if (error) return error;
  error = ws.loader.load(ws.site.text, ws.site.padded_capacity, ws.inner_tree);
  if (error) {
    error->offset = ws.site.map(error->offset);
    return error;
  }
  mark_symbolic(ws.site, ws.inner_tree);
  build_policy(source, ws.inner_tree, type, holder, ws.policy);
  ws.policy.text = ws.site.text;
  ws.policy.map = &ws.site.map;
  return std::nullopt;
}

// A whole file that is a URL-encoded policy: a bare policy once decoded.
void lint_url_encoded_file(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                           FileResult& result) {
  PolicyHolder holder = options.holder.value_or(PolicyHolder::Managed);
  if (auto error = load_site(source, options.policy_type, holder, url_encoded_file_text(source, ws.site), ws)) {
    set_problem(options, source, error->offset, "in the URL-encoded policy: " + error->message, result);
    return;
  }
  result.fingerprint_path = path_relative_to(result.path, options.fingerprint_root, ws.cwd);
  check_policy(engine, options, ws, source, nullptr, result);
}

}  // namespace

void lint_source(const Engine& engine, const LintOptions& options, Workspace& ws, const SourceFile& source,
                 FileResult& result) {
  // YAML by the file's name; a template forced with --input-type (on standard input, say) by its first character.
  bool yaml = is_yaml_path(result.path, source.text()) ||
              (options.input_type == InputType::CloudFormation && is_yaml_path(".template", source.text()));
  if (auto error = yaml ? load_yaml(source, ws.tree, ws.loader.limits()) : ws.loader.load(source, ws.tree)) {
    bool bare = options.input_type == InputType::Auto || options.input_type == InputType::Policy;
    std::string_view text = source.text();
    bool template_like = text.find("AWSTemplateFormatVersion") != std::string_view::npos ||
                         text.find("AWS::") != std::string_view::npos;
    if (!yaml && bare && is_url_encoded_file(text)) {
      lint_url_encoded_file(engine, options, ws, source, result);
    } else if (yaml && result.walked && options.input_type == InputType::Auto && !template_like) {
      // A repository holds YAML that is not YAML until rendered (Helm charts, Jinja): found in a directory, and with
      // nothing of a template about it, it is skipped; a broken template is an error like a broken policy.
      result.skipped = "unreadable YAML (" + error->message + "), and no CloudFormation template";
    } else {
      set_problem(options, source, error->offset, error->message, result);
    }
    return;
  }
  result.fingerprint_path = path_relative_to(result.path, options.fingerprint_root, ws.cwd);
  Detection found = detect_input(ws.tree, options.input_type,
                                 result.walked ? UnknownShape::Skip : UnknownShape::Policy, yaml);
  if (found.error) {
    set_problem(options, source, found.error->offset, found.error->message, result);
    return;
  }
  for (const InputError& e : found.problems) set_problem(options, source, e.offset, e.message, result);
  if (found.sites.empty()) result.skipped = std::move(found.skipped);
  for (const PolicySite& site : found.sites) {
    std::optional<PolicyType> type = options.policy_type ? options.policy_type : site.type;
    PolicyHolder holder = options.holder.value_or(site.holder.value_or(PolicyHolder::Managed));
    if (site.node == ws.tree.root()) {
      // A bare policy: the file's own tree, as before wrappers existed.
      build_policy(source, ws.tree, type, holder, ws.policy);
      ws.policy.resource_type = site.resource_type;
      check_policy(engine, options, ws, source, &site, result);
      continue;
    }
    std::optional<InputError> text = site.kind == SiteKind::Document
                                         ? site_text(source, ws.tree, *site.node, ws.site)
                                         : cloudformation_site_text(source, *found.cfn, site, ws.site);
    if (auto error = load_site(source, type, holder, std::move(text), ws)) {
      std::string where = site.name.empty() ? site.label : site.name + " (" + site.label + ")";
      set_problem(options, source, error->offset, "in the policy at " + where + ": " + error->message, result);
      continue;
    }
    ws.policy.resource_type = site.resource_type;
    check_policy(engine, options, ws, source, &site, result);
  }
}

LintResult lint(const Engine& engine, const LintOptions& options) {
  LintResult result;
  result.files = discover(options);
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, result.files.size())));
  std::atomic<std::size_t> next{0}, done{0}, findings{0};
  auto worker = [&] {
    Workspace ws(options.limits);
    for (std::size_t i; (i = next.fetch_add(1)) < result.files.size();) {
      lint_file(engine, options, ws, result.files[i]);
      if (options.progress) {
        std::size_t f = findings.fetch_add(result.files[i].findings.size()) + result.files[i].findings.size();
        options.progress(done.fetch_add(1) + 1, result.files.size(), f);
      }
    }
  };
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
  }
  if (!options.suppressions.empty()) result.config_findings = unused_suppressions(engine, options, result);
  return result;
}

}  // namespace iamlint::linter
