// Malformed and unusual inputs: each gives its exact error (or findings) at an exact place, with every rule on.
#include <catch2/catch.hpp>

#include "linter/lint.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

TEST_CASE("malformed inputs give their expected error or findings") {
  for (const fs::path& file : fixture_files(source_dir() / "fixtures" / "malformed")) {
    check_with_all_rules(file);
  }
}

TEST_CASE("policies inside AWS CLI outputs are found, typed, and located in the outer file") {
  // Every folder under fixtures/inputs/ is one family of shapes; all rules run, as on a real file.
  for (const auto& dir : fs::directory_iterator(source_dir() / "fixtures" / "inputs")) {
    if (!dir.is_directory()) continue;
    std::vector<fs::path> files = fixture_files(dir.path());
    CHECK_FALSE(files.empty());
    for (const fs::path& file : files) {
      check_with_all_rules(file);
    }
  }
}

TEST_CASE("hostile nesting is refused with a location, without recursion") {
  for (std::size_t depth : {65u, 1000u, 100000u}) {
    std::string text = std::string(depth, '[') + std::string(depth, ']');
    linter::FileResult r = lint_text(text);
    INFO(depth);
    REQUIRE_FALSE(r.problems.empty());
    CHECK(r.problems.front().message == "nesting deeper than 64 levels");
    REQUIRE(r.problems.front().at);
    CHECK(r.problems.front().at->line == 1);
    CHECK(r.problems.front().at->column == 65);
  }
  // Exactly at the limit is fine: it is a (wrong-type) policy, not an input error.
  linter::FileResult ok = lint_text(std::string(64, '[') + std::string(64, ']'));
  CHECK(ok.problems.empty());
}

TEST_CASE("a string value without escapes is a view into the file; with escapes it is unescaped") {
  linter::SourceFile source("mem.json", R"({"Statement": {"Sid": "A\u0042C", "Effect": "Allow"}})");
  linter::JsonLoader loader;
  linter::JsonTree tree;
  REQUIRE_FALSE(loader.load(source, tree));
  const linter::Node* st = tree.member(*tree.root(), "Statement");
  REQUIRE(st);
  const linter::Node* sid = tree.member(*st, "Sid");
  const linter::Node* effect = tree.member(*st, "Effect");
  REQUIRE(sid);
  REQUIRE(effect);
  CHECK(sid->text == "ABC");
  CHECK(effect->text == "Allow");
  CHECK(effect->text.data() >= source.text().data());
  CHECK(effect->text.data() < source.text().data() + source.text().size());
  CHECK(tree.pointer(*effect) == "/Statement/Effect");
}

TEST_CASE("JSON pointers escape ~ and /") {
  linter::SourceFile source("mem.json", R"({"a/b": {"c~d": [0, 1]}})");
  linter::JsonLoader loader;
  linter::JsonTree tree;
  REQUIRE_FALSE(loader.load(source, tree));
  const linter::Node& last = tree.at(static_cast<uint32_t>(tree.size() - 1));
  CHECK(tree.pointer(last) == "/a~1b/c~0d/1");
}

TEST_CASE("columns count characters, not bytes") {
  linter::SourceFile source("mem.json", "{\"Sid\": \"\xC3\xA9\", \"x\": 1}");
  CHECK(source.position(13).column == 13);  // "x" after a two-byte character: byte 13, column 13 - 1 + 1
  CHECK(source.position(0).column == 1);
}
