// Every rule's fixtures: bad/ files give exactly the findings their sidecar lists, good/ files give none.
// Only the rule under test runs. IAMLINT_BLESS=1 rewrites the sidecars from the actual findings.
#include <catch2/catch.hpp>
#include <regex>

#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

TEST_CASE("rule fixtures give exactly their expected findings") {
  fs::path root = source_dir() / "fixtures" / "rules";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const fs::path& dir : dirs) {
    std::string folder = dir.filename().string();
    std::smatch m;
    std::regex pattern("(IAM[0-9]{3})-([a-z0-9-]+)");
    REQUIRE(std::regex_match(folder, m, pattern));
    const linter::Rule* rule = registry().find(m[1].str());
    INFO("fixture folder " << folder);
    REQUIRE(rule != nullptr);
    REQUIRE(rule->meta().name == m[2].str());
    std::vector<const linter::Rule*> only = {rule};

    auto bad = fixture_files(dir / "bad");
    auto good = fixture_files(dir / "good");
    CHECK_FALSE(bad.empty());
    CHECK_FALSE(good.empty());
    for (const fs::path& file : bad) {
      fs::path sidecar_path = fs::path(file).replace_extension(".expected");
      Sidecar sidecar = read_sidecar(sidecar_path);
      Run run = run_fixture(file, only, sidecar);
      if (bless_rule(rule->meta().id)) write_sidecar(sidecar_path, sidecar, run.rows);
      INFO(relative_path(file));
      CHECK(fs::exists(sidecar_path));
      CHECK_FALSE(run.rows.empty());
      CHECK(joined(run.rows) == joined(sidecar.rows));
    }
    for (const fs::path& file : good) {
      Sidecar sidecar = read_sidecar(fs::path(file).replace_extension(".expected"));
      Run run = run_fixture(file, only, sidecar);
      INFO(relative_path(file));
      CHECK(sidecar.rows.empty());
      CHECK(joined(run.rows) == "");
    }
  }
}
