// Action, Resource and pattern matching, and policy variables, case by case from the IAM User Guide pages named in
// each test.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "fixture_support.hpp"
#include "linter/json_loader.hpp"
#include "solver/conditions.hpp"
#include "solver/match.hpp"

using namespace iamlint::solver;

namespace {

struct PatternCase {
  const char* pattern;
  const char* value;
  bool expect;
};

}  // namespace

// "IAM JSON policy elements: Resource", the table under "Using wildcards in resource ARNs" for
// arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*.
TEST_CASE("Resource page: the DOC-EXAMPLE-BUCKET/*/test/* table") {
  constexpr const char* kPattern = "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*";
  auto row = GENERATE(values<PatternCase>({
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/3/test/4/object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1///test///object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET//test/object.jpg", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/", true},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1-test/object.jpg", false},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/test/object.jpg", false},
      {kPattern, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test.jpg", false},
  }));
  INFO(row.value);
  CHECK(resource_matches(row.pattern, row.value) == row.expect);
}

TEST_CASE("Resource page: wildcards within segments, case-sensitive, and a segment's trailing * crossing colons") {
  // "You can use wildcard characters (* and ?) within the individual segments of an ARN".
  CHECK(resource_matches("arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/accounting/bob"));
  CHECK(resource_matches("arn:aws:ec2:us-east-?:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1"));
  CHECK_FALSE(resource_matches("arn:aws:ec2:us-east-?:123456789012:instance/*",
                               "arn:aws:ec2:us-east-12:123456789012:instance/i-1"));
  // "In the Resource element, the IAM user name is case sensitive."
  CHECK_FALSE(resource_matches("arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob"));
  CHECK(resource_matches("*", "arn:aws:iam::123456789012:user/bob"));
  CHECK(resource_matches("*", "*"));
  CHECK_FALSE(resource_matches("arn:aws:s3:::bucket/*", "*"));
  // A * inside a segment (not its last character) stays within the segment; a ? never crosses a colon.
  CHECK_FALSE(resource_matches("arn:aws:ec2:us*1:123456789012:instance/x", "arn:aws:ec2:us:9:1:123456789012:instance/x"));
  CHECK_FALSE(resource_matches("arn:aws:ec2:us?east-1:123456789012:instance/x", "arn:aws:ec2:us:east-1:123456789012:instance/x"));
  // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon
  // boundaries."
  CHECK(resource_matches("arn:aws:ec2:*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1"));
  CHECK(resource_matches("arn:aws:ec2:us-*:123456789012:instance/x", "arn:aws:ec2:us-east-1:999:123456789012:instance/x"));
  CHECK_FALSE(resource_matches("arn:aws:ec2:eu-*:123456789012:instance/x", "arn:aws:ec2:us-east-1:123456789012:instance/x"));
  // The resource part: * runs over '/' and ':' alike.
  CHECK(resource_matches("arn:aws:logs:us-east-1:123456789012:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:a:log-stream:b"));
  CHECK_FALSE(resource_matches("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key"));
  CHECK_FALSE(resource_matches("arn:aws:s3:::bucket", "arn:aws:s3::bucket"));
}

// "IAM JSON policy elements: Action": case-insensitive, * and ? anywhere in the name.
TEST_CASE("Action page: case-insensitive globs over service:Action") {
  CHECK(action_matches("s3:GetObject", "s3:GetObject"));
  CHECK(action_matches("S3:getobject", "s3:GetObject"));
  CHECK(action_matches("s3:Get*", "s3:GetObjectAcl"));
  CHECK(action_matches("iam:*AccessKey*", "iam:CreateAccessKey"));
  CHECK(action_matches("iam:*Report", "iam:GetOrganizationsAccessReport"));
  CHECK(action_matches("*", "ec2:RunInstances"));
  CHECK(action_matches("ec2:?unInstances", "ec2:RunInstances"));
  CHECK_FALSE(action_matches("s3:Get*", "s3:PutObject"));
  CHECK_FALSE(action_matches("s3:GetObject", "s3:GetObjectAcl"));
  CHECK_FALSE(action_matches("iam:Get*", "iam:CreatePolicy"));
  CHECK_FALSE(action_matches("ec2:?unInstances", "ec2:unInstances"));
}

TEST_CASE("match_pattern: globs, backtracking and escapes") {
  CHECK(match_pattern("", "", false));
  CHECK_FALSE(match_pattern("", "a", false));
  CHECK(match_pattern("*", "", false));
  CHECK(match_pattern("a*b*c", "axxbyybzc", false));
  CHECK_FALSE(match_pattern("a*b*c", "axxbyybzcd", false));
  CHECK(match_pattern("*ab", "aab", false));
  CHECK(match_pattern("*?", "x", false));
  CHECK_FALSE(match_pattern("*?", "", false));
  CHECK(match_pattern("A*", "abc", true));
  CHECK_FALSE(match_pattern("A*", "abc", false));
  // What expand_variables writes for ${*} and ${?}: the characters themselves.
  CHECK(match_pattern("a\\*", "a*", false));
  CHECK_FALSE(match_pattern("a\\*", "ab", false));
  CHECK(match_pattern("a\\?", "a?", false));
  CHECK_FALSE(match_pattern("a\\?", "ab", false));
  CHECK(match_pattern("a\\\\*", "a\\bc", false));
  // A long run that a naive recursive matcher would explode on.
  std::string text(2000, 'a');
  CHECK_FALSE(match_pattern("*a*a*a*a*a*a*a*b", text, false));
}

namespace {

Context context_of(std::initializer_list<std::pair<const char*, std::vector<std::string>>> entries) {
  Context c;
  for (const auto& [key, values] : entries) c.set(key, values);
  return c;
}

}  // namespace

// "IAM policy elements: Variables and tags".
TEST_CASE("Variables page: replacement, defaults, special characters, missing and multivalued keys") {
  Context ctx = context_of({{"aws:username", {"alice"}},
                            {"aws:PrincipalTag/team", {"blue"}},
                            {"aws:TagKeys", {"a", "b"}},
                            {"aws:Empty", {}},
                            {"s3:prefix", {"a*b?c"}}});
  CHECK(expand_variables("home/${aws:username}/*", ctx, false) == "home/alice/*");
  // Key names are case-insensitive; whitespace around the key and the default is ignored.
  CHECK(expand_variables("${AWS:UserName}", ctx, false) == "alice");
  CHECK(expand_variables("${ aws:username , 'guest' }", ctx, false) == "alice");
  // "${aws:username, 'default'}": the default when the key is missing, as written (case kept).
  CHECK(expand_variables("${aws:userid, 'NoOne'}", ctx, false) == "NoOne");
  CHECK(expand_variables("${aws:PrincipalTag/team, 'none'}-${aws:PrincipalTag/cost, 'none'}", ctx, false) ==
        "blue-none");
  // A missing key without a default does not resolve: the statement or value then does not match.
  CHECK_FALSE(expand_variables("home/${aws:userid}", ctx, false).has_value());
  // A multivalued key cannot be a variable ("Single-valued vs. multivalued context keys"), nor can an empty set.
  CHECK_FALSE(expand_variables("${aws:TagKeys}", ctx, false).has_value());
  CHECK(expand_variables("${aws:TagKeys, 'x'}", ctx, false) == "x");
  CHECK_FALSE(expand_variables("${aws:Empty}", ctx, false).has_value());
  // Special characters: ${*}, ${?}, ${$} stand for the characters; in a pattern they come back escaped.
  CHECK(expand_variables("a${*}b${?}c${$}d", ctx, false) == "a*b?c$d");
  CHECK(expand_variables("a${*}b${?}c${$}d", ctx, true) == "a\\*b\\?c$d");
  // In a pattern, a variable's value is a value: its own wildcards are characters.
  CHECK(expand_variables("${s3:prefix}", ctx, true) == "a\\*b\\?c");
  CHECK(expand_variables("${s3:prefix}", ctx, false) == "a*b?c");
  // No variable: the text as written.
  CHECK(expand_variables("plain $ {text} ${unterminated", ctx, false) == "plain $ {text} ${unterminated");
  CHECK_FALSE(expand_variables("${aws:userid, unquoted}", ctx, false).has_value());
}

TEST_CASE("Variables page: a Resource with ${aws:username} and ${*}") {
  Context ctx = context_of({{"aws:username", {"alice"}}});
  auto pattern = expand_variables("arn:aws:s3:::bucket/home/${aws:username}/*", ctx, true);
  REQUIRE(pattern);
  CHECK(resource_matches(*pattern, "arn:aws:s3:::bucket/home/alice/notes.txt"));
  CHECK_FALSE(resource_matches(*pattern, "arn:aws:s3:::bucket/home/bob/notes.txt"));
  auto literal = expand_variables("arn:aws:s3:::examplebucket/${*}", ctx, true);
  REQUIRE(literal);
  CHECK(resource_matches(*literal, "arn:aws:s3:::examplebucket/*"));
  CHECK_FALSE(resource_matches(*literal, "arn:aws:s3:::examplebucket/anything"));
}

// The cases of /work/shared/reference/aws-docs-evaluation-cases.jsonl that give a pattern and a value. The file is
// read where it lives, never copied; a clone without it skips.
TEST_CASE("Reference cases: patterns against values") {
  namespace fs = std::filesystem;
  fs::path path = iamlint::testing::source_dir() / ".." / "shared" / "reference" / "aws-docs-evaluation-cases.jsonl";
  if (!fs::exists(path)) {
    WARN("skipped: " << path.string() << " is absent");
    return;
  }
  std::ifstream in(path);
  std::string line;
  int cases = 0;
  int checked = 0;
  iamlint::linter::JsonLoader loader;
  while (std::getline(in, line)) {
    if (line.find("\"pattern\"") == std::string::npos) continue;
    ++cases;
    iamlint::linter::SourceFile source("case.json", line);
    iamlint::linter::JsonTree tree;
    REQUIRE_FALSE(loader.load(source, tree));
    const auto& root = *tree.root();
    const auto* pattern = tree.member(root, "pattern");
    const auto* value = tree.member(root, "value");
    const auto* expect = tree.member(root, "expect");
    REQUIRE(pattern != nullptr);
    REQUIRE(expect != nullptr);
    std::string topic(tree.member(root, "topic")->text);
    INFO(topic << ": " << pattern->text);
    auto decide = [&](std::string_view how, std::string_view v) {
      if (how == "StringLike" || how == "ArnLike") {
        // Through the condition code, the way a policy would use the pattern.
        std::string json = "{\"" + std::string(how) + "\": {\"k:v\": \"" + std::string(pattern->text) + "\"}}";
        iamlint::linter::SourceFile condition_source("condition.json", json);
        iamlint::linter::JsonTree condition;
        REQUIRE_FALSE(loader.load(condition_source, condition));
        Context ctx;
        ctx.set("k:v", std::string(v));
        return conditions_hold(condition, *condition.root(), ctx);
      }
      if (pattern->text.find("${") != std::string_view::npos) {
        auto expanded = expand_variables(pattern->text, Context{}, true);
        return expanded && resource_matches(*expanded, v);
      }
      if (pattern->text.substr(0, 4) == "arn:") return resource_matches(pattern->text, v);
      return action_matches(pattern->text, v);
    };
    if (expect->type == iamlint::linter::JsonType::Bool) {
      REQUIRE(value != nullptr);
      INFO(value->text);
      CHECK(decide("", value->text) == (expect->text == "true"));
      ++checked;
    } else {
      REQUIRE(expect->is_object());
      for (const auto& member : tree.children(*expect)) {
        bool want = member.text == "true";
        INFO(member.key);
        if (member.key == "StringLike" || member.key == "ArnLike") {
          REQUIRE(value != nullptr);
          CHECK(decide(member.key, value->text) == want);
        } else {
          CHECK(decide("", member.key) == want);  // the values are the keys
        }
        ++checked;
      }
    }
  }
  CHECK(cases >= 13);  // the file holds 13 such cases; fewer means the reading broke
  CHECK(checked >= cases);
}
