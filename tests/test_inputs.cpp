// Malformed and unusual inputs: each gives its exact error (or findings) at an exact place, with every rule on.
#include <catch2/catch.hpp>

#include "linter/lint.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

linter::FileResult lint_text(const std::string& text) {
  linter::LintOptions options;
  linter::Engine engine(registry().all());
  linter::Workspace ws(options.limits);
  linter::SourceFile source("mem.json", text);
  linter::FileResult result;
  result.path = "mem.json";
  linter::lint_source(engine, options, ws, source, result);
  return result;
}

}  // namespace

TEST_CASE("malformed inputs give their expected error or findings") {
  for (const fs::path& file : fixture_files(source_dir() / "fixtures" / "malformed")) {
    fs::path sidecar_path = fs::path(file).replace_extension(".expected");
    Sidecar sidecar = read_sidecar(sidecar_path);
    Run run = run_fixture(file, registry().all(), sidecar);
    if (bless_mode()) write_sidecar(sidecar_path, sidecar, run.rows);
    INFO(relative_path(file));
    CHECK(fs::exists(sidecar_path));
    CHECK(joined(run.rows) == joined(sidecar.rows));
  }
}

TEST_CASE("hostile nesting is refused with a location, without recursion") {
  for (std::size_t depth : {65u, 1000u, 100000u}) {
    std::string text = std::string(depth, '[') + std::string(depth, ']');
    linter::FileResult r = lint_text(text);
    INFO(depth);
    REQUIRE(r.problem);
    CHECK(r.problem->message == "nesting deeper than 64 levels");
    REQUIRE(r.problem->at);
    CHECK(r.problem->at->line == 1);
    CHECK(r.problem->at->column == 65);
  }
  // Exactly at the limit is fine: it is a (wrong-type) policy, not an input error.
  linter::FileResult ok = lint_text(std::string(64, '[') + std::string(64, ']'));
  CHECK_FALSE(ok.problem);
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
