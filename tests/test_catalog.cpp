// The embedded service catalog: lookups, condition keys with templates, and wildcard expansion checked against a
// brute-force scan.
#include <catch2/catch.hpp>

#include "linter/catalog.hpp"

using namespace iamlint::linter;

namespace {

std::vector<const ActionInfo*> brute_force(const Catalog& c, std::string_view pattern) {
  std::vector<const ActionInfo*> out;
  for (const ActionInfo& a : c.actions()) {
    if (wildcard_match_icase(pattern, c.full_name(a))) out.push_back(&a);
  }
  return out;
}

}  // namespace

TEST_CASE("the embedded catalog loads with every service") {
  const Catalog& c = Catalog::embedded();
  CHECK(!c.source_version().empty());
  CHECK(c.services().size() > 400);
  CHECK(c.actions().size() > 20000);
  CHECK(c.global_keys().size() > 40);
  REQUIRE(c.find_service("s3"));
  CHECK(c.find_service("S3")->name == "Amazon S3");
  CHECK_FALSE(c.find_service("s4"));
}

TEST_CASE("actions are found case-insensitively with their access level and resource types") {
  const Catalog& c = Catalog::embedded();
  const ActionInfo* get = c.find_action("S3:getobject");
  REQUIRE(get);
  CHECK(get->name == "GetObject");
  CHECK(get->access == AccessLevel::Read);
  CHECK(c.full_name(*get) == "s3:GetObject");
  bool object = false;
  for (uint32_t i = get->resources_begin; i < get->resources_end; ++i) {
    if (c.resource_types()[c.resource_refs()[i].type].name == "object") object = true;
  }
  CHECK(object);
  const ActionInfo* list_buckets = c.find_action("s3:ListAllMyBuckets");
  REQUIRE(list_buckets);
  CHECK(list_buckets->access == AccessLevel::List);
  CHECK(list_buckets->resources_begin == list_buckets->resources_end);  // only "*" applies
  const ActionInfo* put_policy = c.find_action("s3:PutBucketPolicy");
  REQUIRE(put_policy);
  CHECK(put_policy->access == AccessLevel::PermissionsManagement);
  CHECK_FALSE(c.find_action("s3:HeadBucket"));  // an API operation, not a permission
  CHECK_FALSE(c.find_action("s3GetObject"));
}

TEST_CASE("condition keys match their templates, global keys included") {
  const Catalog& c = Catalog::embedded();
  const ConditionKeyInfo* tag = c.find_condition_key("aws:ResourceTag/team");
  REQUIRE(tag);
  CHECK(tag->type == KeyType::String);
  const ConditionKeyInfo* ip = c.find_condition_key("AWS:SourceIp");
  REQUIRE(ip);
  CHECK(ip->type == KeyType::IpAddress);
  const ConditionKeyInfo* existing = c.find_condition_key("s3:ExistingObjectTag/env");
  REQUIRE(existing);
  CHECK(existing->name == "s3:ExistingObjectTag/<key>");
  CHECK_FALSE(c.find_condition_key("aws:ResourceTag/"));  // the template needs a value
  CHECK_FALSE(c.find_condition_key("aws:SourceIpAddress"));
  CHECK(c.find_condition_key("s3:prefix"));
}

TEST_CASE("wildcard expansion agrees with a scan of every action") {
  const Catalog& c = Catalog::embedded();
  for (std::string_view pattern : {"s3:Get*", "S3:GET*", "s3:*Object", "iam:?ist*", "ec2:Describe*", "*Object",
                                   "sts:AssumeRole*", "s3:GetObject", "s3:getobject", "s3:Nothing*", "*",
                                   "kms:*", "*:Get?bject", "lambda:InvokeFunction*"}) {
    INFO(pattern);
    std::vector<const ActionInfo*> expanded;
    c.expand(pattern, expanded);
    CHECK(expanded == brute_force(c, pattern));
    CHECK(c.matches_any(pattern) == !expanded.empty());
  }
  std::vector<const ActionInfo*> all;
  c.expand("*", all);
  CHECK(all.size() == c.actions().size());
  std::vector<const ActionInfo*> get;
  c.expand("s3:GetObject", get);
  REQUIRE(get.size() == 1);
  CHECK(get[0]->name == "GetObject");
}

TEST_CASE("wildcard matching is case-insensitive and linear on hostile patterns") {
  CHECK(wildcard_match_icase("s3:get*", "S3:GetObject"));
  CHECK(wildcard_match_icase("?3:*", "s3:x"));
  CHECK_FALSE(wildcard_match_icase("s3:Get", "s3:GetObject"));
  CHECK(wildcard_match_icase("*", ""));
  CHECK_FALSE(wildcard_match_icase("?", ""));
  std::string text(20000, 'a');
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "*b";
  CHECK_FALSE(wildcard_match_icase(pattern, text));  // returns promptly: no exponential backtracking
}

TEST_CASE("a malformed catalog is refused with its line") {
  CHECK_THROWS_WITH(Catalog::parse("V\t1\t2026-01-01\nS\ts3\tAmazon S3\nA\tGetObject\tX\t\t\t\n"),
                    "catalog line 3: unknown access level 'X'");
  CHECK_THROWS_WITH(Catalog::parse("K\taws:x\tString\n"), "catalog line 1: K before S");
  CHECK_THROWS_WITH(Catalog::parse("S\ts3\tS3\nA\tGetObject\tR\t7\t\t\n"),
                    "catalog: resource type index out of range");
  // The action table must be sorted by lower-cased "prefix:name", without repeats: it is its own index.
  CHECK_THROWS_WITH(Catalog::parse("S\ts3\tS3\nA\tPutObject\tW\t\t\t\nA\tGetObject\tR\t\t\t\n"),
                    "catalog: actions out of order at s3:GetObject");
  CHECK_THROWS_WITH(Catalog::parse("S\ts3\tS3\nA\tGetObject\tR\t\t\t\nA\tgetobject\tR\t\t\t\n"),
                    "catalog: actions out of order at s3:getobject");
  CHECK_THROWS_WITH(Catalog::parse("S\ts3\tS3\nA\tGetObjectAcl\tR\t\t\t\nA\tGetObject\tR\t\t\t\n"),
                    "catalog: actions out of order at s3:GetObject");
  CHECK_NOTHROW(Catalog::parse("S\ts3\tS3\nA\tGetObject\tR\t\t\t\nA\tGetObjectAcl\tR\t\t\t\n"));
}

#include "linter/analysis.hpp"
#include "linter/json_loader.hpp"

TEST_CASE("statement_actions expands Action and complements NotAction") {
  SourceFile source("mem.json", R"({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectT*", "s3:NoSuchAction", 7], "Resource": "*"},
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})");
  JsonLoader loader;
  JsonTree tree;
  REQUIRE_FALSE(loader.load(source, tree));
  Policy policy;
  build_policy(source, tree, std::nullopt, PolicyHolder::Managed, policy);
  const Catalog& c = Catalog::embedded();

  const StatementActions& first = statement_actions(policy, policy.statements[0]);
  std::vector<const ActionInfo*> expected;
  c.expand("s3:GetObjectT*", expected);
  CHECK(first.actions.size() == expected.size() + 1);
  REQUIRE(first.unmatched.size() == 1);
  CHECK(first.unmatched[0]->text == "s3:NoSuchAction");
  CHECK(statement_covers(policy, policy.statements[0], *c.find_action("s3:GetObject")));
  CHECK_FALSE(statement_covers(policy, policy.statements[0], *c.find_action("s3:PutObject")));
  CHECK(&statement_actions(policy, policy.statements[0]) == &first);  // cached

  const StatementActions& second = statement_actions(policy, policy.statements[1]);
  std::vector<const ActionInfo*> iam;
  c.expand("iam:*", iam);
  CHECK(second.actions.size() == c.actions().size() - iam.size());
  CHECK_FALSE(statement_covers(policy, policy.statements[1], *c.find_action("iam:PassRole")));
  CHECK(statement_covers(policy, policy.statements[1], *c.find_action("s3:PutBucketPolicy")));
  CHECK_FALSE(second.every_action);

  const StatementActions& third = statement_actions(policy, policy.statements[2]);
  CHECK(third.every_action);
  CHECK(third.actions.size() == c.actions().size());
}
