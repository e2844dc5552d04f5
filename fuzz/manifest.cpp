// An environment manifest (docs/environment.md): YAML naming accounts, principals, resources and policies, written in
// it or read from the files it names. The manifest is written to a file in a folder that also holds the environment
// fixtures' policy files, dumps, templates and plans, so that a manifest naming them (as the seeds do) reaches the
// readers of those files. Every problem is located inside the file it names, and loading never throws. An environment
// that loads is audited (docs/audit.md): every step of every path must be allowed again on replay, and end where the
// path says.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_support.hpp"
#include "solver/audit.hpp"
#include "solver/manifest.hpp"

using namespace iamlint;
namespace fs = std::filesystem;

namespace {

// A private folder with the files manifests may name, made once per process.
const fs::path& folder() {
  static const fs::path dir = [] {
    std::string name = (fs::temp_directory_path() / "iamlint-fuzz-manifest-XXXXXX").string();
    fuzz::require(::mkdtemp(name.data()) != nullptr, "cannot make a temporary folder");
    fs::path d = name;
    fs::path fixtures = fs::path(IAMLINT_SOURCE_DIR) / "fixtures";
    // (The escalation fixture's policies/ folder: manifests seeded from it name its files.)
    for (const char* from : {"environment/good", "environment/cloudformation", "cross-account", "audit/escalation"}) {
      fs::copy(fixtures / from, d, fs::copy_options::recursive | fs::copy_options::skip_existing);
    }
    std::atexit([] { fs::remove_all(folder()); });
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  fs::path path = folder() / "manifest.yaml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  solver::Environment env;
  std::vector<solver::EnvProblem> warnings;
  std::optional<solver::EnvError> error = solver::load_environment(path.string(), env, &warnings);
  std::vector<solver::EnvProblem> problems = error ? error->problems : warnings;
  for (const solver::EnvProblem& p : problems) {
    fuzz::require(!p.message.empty(), "a problem without a message");
    if (p.at.line == 0) continue;
    linter::ReadResult read = linter::read_source(p.path, linter::LoadLimits{}.max_file_size);
    fuzz::require(read.source != nullptr, "a problem located in a file that cannot be read");
    fuzz::require(fuzz::inside(*read.source, p.at), "a problem's line:col lies outside its file");
  }
  if (error) return 0;
  linter::AuditReport audit = solver::audit(env);
  for (const linter::AuditPath& path : audit.paths) {
    fuzz::require(!path.steps.empty(), "an escalation path without steps");
    fuzz::require(path.steps.front().from == path.principal, "a path that does not start at its principal");
    fuzz::require(path.steps.back().to == path.target, "a path that does not end at its target");
    for (std::size_t i = 0; i < path.steps.size(); ++i) {
      const linter::AuditStep& step = path.steps[i];
      fuzz::require(i + 1 == path.steps.size() || step.to == path.steps[i + 1].from, "a path whose steps do not join");
      fuzz::require(!step.requests.empty(), "a step without requests");
      for (const linter::RequestStep& q : step.requests) {
        fuzz::require(q.allowed, "a step the evaluator does not allow on replay");
      }
    }
  }
  for (const linter::AuditFinding& f : audit.findings) {
    fuzz::require(!f.message.empty() && !f.kind.empty(), "a finding without a kind or a message");
    fuzz::require(env.user(f.principal) != nullptr || env.role(f.principal) != nullptr,
                  "a finding about a principal the environment does not have");
  }
  return 0;
}
