// The coverage tests behind IAM301/IAM302 and the canonical statement form behind IAM303/IAM305. A reported
// coverage must always hold, so most cases here are near misses that must not be called covered.
#include <catch2/catch.hpp>

#include "linter/json_loader.hpp"
#include "linter/source.hpp"
#include "rules/hygiene/canonical.hpp"
#include "rules/hygiene/coverage.hpp"

using iamlint::rules::action_pattern_covers;
using iamlint::rules::resource_pattern_covers;

TEST_CASE("action patterns cover by glob inclusion, ignoring case") {
  CHECK(action_pattern_covers("s3:Get*", "s3:GetObject"));
  CHECK(action_pattern_covers("s3:get*", "S3:GETOBJECT"));
  CHECK(action_pattern_covers("s3:*", "s3:Get*"));
  CHECK(action_pattern_covers("*", "ec2:Describe*"));
  CHECK(action_pattern_covers("s3:*Object*", "s3:Get*Object"));
  CHECK(action_pattern_covers("s3:Get?bject", "s3:GetObject"));
  CHECK(action_pattern_covers("s3:Get*", "s3:Get*"));

  CHECK_FALSE(action_pattern_covers("s3:Get*", "s3:G*"));          // s3:G* matches more
  CHECK_FALSE(action_pattern_covers("s3:*Object", "s3:Get*"));     // s3:GetBucketPolicy
  CHECK_FALSE(action_pattern_covers("s3:Get?", "s3:Get*"));        // ? is one character, * any number
  CHECK_FALSE(action_pattern_covers("s3:GetObject", "s3:Get*"));
  CHECK_FALSE(action_pattern_covers("s3:Get*", "s3-outposts:GetObject"));
  CHECK_FALSE(action_pattern_covers("s3:Get*", "s3:?etObject"));  // ? may stand for a letter other than G
}

TEST_CASE("resource patterns cover segment by segment, conservatively") {
  CHECK(resource_pattern_covers("*", "arn:aws:s3:::amzn-s3-demo-bucket"));
  CHECK(resource_pattern_covers("arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket/a/b.csv"));
  // A * matches / as well: a bucket-name wildcard covers the objects of those buckets.
  CHECK(resource_pattern_covers("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-*/*"));
  // A * that ends the last segment matches across colons.
  CHECK(resource_pattern_covers("arn:aws:logs:*:*:log-group:app-*", "arn:aws:logs:*:*:log-group:app-x:log-stream:y"));
  CHECK(resource_pattern_covers("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"));
  // The same policy variable, literally.
  CHECK(resource_pattern_covers("arn:aws:s3:::home/${aws:username}/*", "arn:aws:s3:::home/${aws:username}/a"));

  CHECK_FALSE(resource_pattern_covers("arn:aws:s3:::amzn-s3-demo-bucket/*", "arn:aws:s3:::amzn-s3-demo-bucket"));
  CHECK_FALSE(resource_pattern_covers("arn:aws:s3:::bucket/*", "*"));
  CHECK_FALSE(resource_pattern_covers("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a"));  // ARNs keep their case
  CHECK_FALSE(resource_pattern_covers("arn:aws:dynamodb:us-east-1:111122223333:table/orders",
                                      "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/*"));
  // A * inside a segment does not absorb a variable (its value may hold colons) nor cross a colon.
  CHECK_FALSE(resource_pattern_covers("arn:aws:s3:::home/*/notes", "arn:aws:s3:::home/${aws:username}/notes"));
  CHECK_FALSE(resource_pattern_covers("arn:aws:logs:*:*:log-group:*/x", "arn:aws:logs:*:*:log-group:a:b/x"));
  // Nor a *, of the covered value, that ends its segment and so may match across colons.
  CHECK_FALSE(resource_pattern_covers("arn:aws:logs:*:*:log-group:*x", "arn:aws:logs:*:*:log-group:a*:x"));
  // More segments in the pattern than in the value: the value's last * may match without a colon.
  CHECK_FALSE(resource_pattern_covers("arn:aws:logs:*:*:log-group:*:*", "arn:aws:logs:*:*:log-group:*"));
  CHECK_FALSE(resource_pattern_covers("arn:aws:s3:::a?c", "arn:aws:s3:::a*c"));
}

namespace {

// A policy loaded from text, for the helpers below.
struct Loaded {
  explicit Loaded(const std::string& text) : source("t.json", text) {
    using namespace iamlint::linter;
    JsonLoader loader;
    REQUIRE_FALSE(loader.load(source, tree).has_value());
    build_policy(source, tree, std::nullopt, PolicyHolder::Managed, policy);
  }
  iamlint::linter::SourceFile source;
  iamlint::linter::JsonTree tree;
  iamlint::linter::Policy policy;
};

std::string canonical_of(const std::string& text, uint32_t statement, unsigned skip) {
  Loaded l(text);
  REQUIRE(statement < l.policy.statements.size());
  return iamlint::rules::canonical_statement(l.tree, l.policy.statements[statement], skip);
}

}  // namespace

TEST_CASE("canonical statements ignore order, repeats, one-item arrays and the case of actions") {
  using iamlint::linter::Element;
  const unsigned sid = iamlint::rules::element_bit(Element::Sid);
  std::string a = canonical_of(R"({"Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
      "Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})", 0, sid);
  std::string b = canonical_of(R"({"Statement":[{"Condition":{"Bool":{"aws:SecureTransport":["true","true"]}},
      "Resource":["arn:aws:s3:::b/*"],"Action":["S3:PUTOBJECT","s3:getobject"],"Effect":"Allow","Sid":"B"}]})", 0, sid);
  CHECK(a == b);
  // ARNs and condition values keep their case; the Sid counts unless skipped.
  CHECK(a != canonical_of(R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
      "Resource":"arn:aws:s3:::B/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]})", 0, sid));
  CHECK(a != canonical_of(R"({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],
      "Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"True"}}}]})", 0, sid));
  CHECK(canonical_of(R"({"Statement":[{"Sid":"A","Effect":"Allow"}]})", 0, 0) !=
        canonical_of(R"({"Statement":[{"Sid":"B","Effect":"Allow"}]})", 0, 0));
}

namespace {

// Whether two statements (the first and second of a policy) have equal summaries, with Sid skipped.
bool same_summary(const std::string& text) {
  Loaded l(text);
  REQUIRE(l.policy.statements.size() == 2);
  const unsigned sid = iamlint::rules::element_bit(iamlint::linter::Element::Sid);
  return iamlint::rules::statement_summary(l.tree, l.policy.statements[0], sid) ==
         iamlint::rules::statement_summary(l.tree, l.policy.statements[1], sid);
}

}  // namespace

TEST_CASE("statement summaries are equal when canonical texts are, so they may rule statements out") {
  // Actions fold case at every position of the 8-byte blocks the hash reads, and only A-Z fold: '@', '[', '`'
  // and '{' sit next to the letters in ASCII.
  CHECK(same_summary(R"({"Statement":[{"Sid":"A","Effect":"Allow","Action":["S3:GETOBJECTRETENTION","EC2:Describe*"]},
      {"Sid":"B","Effect":"Allow","Action":["ec2:describe*","s3:getobjectretention","s3:GetObjectRetention"]}]})"));
  CHECK_FALSE(same_summary(R"({"Statement":[{"Effect":"Allow","Action":"s3:Get@"},
      {"Effect":"Allow","Action":"s3:Get`"}]})"));
  CHECK_FALSE(same_summary(R"({"Statement":[{"Effect":"Allow","Action":"s3:Get["},
      {"Effect":"Allow","Action":"s3:Get{"}]})"));
  // Outside actions case counts, as in the canonical text.
  CHECK_FALSE(same_summary(R"({"Statement":[{"Effect":"Allow","Resource":"arn:aws:s3:::Bucket"},
      {"Effect":"Allow","Resource":"arn:aws:s3:::bucket"}]})"));
}

namespace {

// "value<by" (covered) or "value=by" (repeated) for each redundant value of the first statement's `element`.
std::string redundant_of(const std::string& text, iamlint::linter::Element element, iamlint::rules::ValueKind kind) {
  Loaded l(text);
  REQUIRE(l.policy.statements.at(0).has(element));
  std::string out;
  for (const auto& r : iamlint::rules::redundant_values(l.tree, *l.policy.statements[0].get(element), kind)) {
    out += std::string(r.value->text) + (r.duplicate ? "=" : "<") + std::string(r.by->text) + " ";
  }
  return out;
}

}  // namespace

TEST_CASE("redundant values: repeats name the first, equivalents keep the earliest, coverers the earliest") {
  using iamlint::linter::Element;
  using iamlint::rules::ValueKind;
  // Every case also runs with nine more patterns that cover nothing else, which takes the sorted path (more than
  // eight patterns) instead of the direct one: both must give the same answer.
  auto redundant_of = [](const std::string& text, Element element, ValueKind kind) {
    std::string padded = text;
    std::string pad;
    for (int i = 0; i < 9; ++i) {
      pad += kind == ValueKind::Action ? ",\"zz" + std::to_string(i) + ":a*\""
                                       : ",\"arn:aws:s3:::pad" + std::to_string(i) + "/*\"";
    }
    padded.insert(padded.rfind("]}]}"), pad);
    std::string direct = ::redundant_of(text, element, kind);
    CHECK(::redundant_of(padded, element, kind) == direct);
    return direct;
  };
  CHECK(redundant_of(R"({"Statement":[{"Action":["s3:Get*","s3:GET*","s3:GetObject","s3:*","s3:get*"]}]})",
                     Element::Action, ValueKind::Action) ==
        "s3:Get*<s3:* s3:GET*=s3:Get* s3:GetObject<s3:Get* s3:get*=s3:Get* ");
  CHECK(redundant_of(R"({"Statement":[{"NotAction":["s3:Get**Object","s3:Get*Object"]}]})", Element::NotAction,
                     ValueKind::Action) == "s3:Get*Object<s3:Get**Object ");
  CHECK(redundant_of(R"({"Statement":[{"Action":["s3:Get*","s3:*Object","s3:ListBucket","s3:ListBucketVersions"]}]})",
                     Element::Action, ValueKind::Action) == "");
  CHECK(redundant_of(R"({"Statement":[{"Resource":["arn:aws:s3:::b/x","arn:aws:s3:::b/**","arn:aws:s3:::b/*",
      "arn:aws:s3:::B/y","arn:aws:s3:::b/x"]}]})", Element::Resource, ValueKind::Resource) ==
        "arn:aws:s3:::b/x<arn:aws:s3:::b/** arn:aws:s3:::b/*<arn:aws:s3:::b/** arn:aws:s3:::b/x=arn:aws:s3:::b/x ");
}
