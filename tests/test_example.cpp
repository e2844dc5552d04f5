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
    check_with_all_rules(file);
  }
}
