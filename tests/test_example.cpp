// The running two-account example, with every rule on: each policy gives exactly the findings beside it.
#include <catch2/catch.hpp>

#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

TEST_CASE("the cross-account example gives exactly its expected findings") {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "fixtures" / "cross-account")) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 5);
  for (const fs::path& file : files) {
    fs::path sidecar_path = fs::path(file).replace_extension(".expected");
    Sidecar sidecar = read_sidecar(sidecar_path);
    Run run = run_fixture(file, registry().all(), sidecar);
    if (bless_mode()) write_sidecar(sidecar_path, sidecar, run.rows);
    INFO(relative_path(file));
    CHECK(fs::exists(sidecar_path));
    CHECK(joined(run.rows) == joined(sidecar.rows));
  }
}
