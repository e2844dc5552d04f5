#include <catch2/catch.hpp>

#include "linter/json_loader.hpp"

using namespace iamlint::linter;

TEST_CASE("loader keeps spans of keys and values") {
  SourceFile src("t.json", "{\n  \"a\": [1, \"x\"]\n}\n");
  JsonLoader loader;
  JsonTree tree;
  REQUIRE_FALSE(loader.load(src, tree));
  const Node* a = tree.member(*tree.root(), "a");
  REQUIRE(a);
  CHECK(src.position(a->key_span.offset).line == 2);
  CHECK(src.position(a->key_span.offset).column == 3);
}
