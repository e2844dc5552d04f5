// An environment manifest (docs/environment.md): YAML naming accounts, principals, resources and policies, written in
// it or read from the files it names. The manifest is written to a file in a folder that also holds the environment
// fixtures' policy files, dumps, templates and plans, so that a manifest naming them (as the seeds do) reaches the
// readers of those files. Every problem is located inside the file it names, and loading never throws.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz/fuzz_support.hpp"
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
    for (const char* from : {"environment/good", "environment/cloudformation", "cross-account"}) {
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
  return 0;
}
