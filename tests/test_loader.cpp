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

// Found by fuzzing (fuzz/regressions/json_loader/string-root-with-escape): a document that is one string with an
// escape loaded as an empty tree, so that the rules saw no document and the file linted clean.
TEST_CASE("a document that is one string keeps its node with escapes too") {
  for (const char* text : {"\"a\\u0013b\"", "\"s3:Get\\u002a\" \n", "\"ab\""}) {
    INFO(text);
    SourceFile src("t.json", text);
    JsonLoader loader;
    JsonTree tree;
    REQUIRE_FALSE(loader.load(src, tree));
    REQUIRE(tree.root() != nullptr);
    CHECK(tree.size() == 1);
    CHECK(tree.root()->type == JsonType::String);
  }
  SourceFile src("t.json", "\"a\\u0013b\"");
  JsonLoader loader;
  JsonTree tree;
  REQUIRE_FALSE(loader.load(src, tree));
  CHECK(tree.root()->text == "a\x13" "b");
  CHECK(tree.root()->span.offset == 0);
  CHECK(tree.root()->span.length == 10);
  // A string that is not one (a raw control character, a lone surrogate) is refused, located, as anywhere else.
  SourceFile bad("t.json", "\"a\\ud800\"");
  auto error = loader.load(bad, tree);
  REQUIRE(error);
  CHECK(error->offset == 2);
}
