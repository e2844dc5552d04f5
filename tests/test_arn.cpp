// The ARN helpers the validity rules share: splitting, field checks, and glob intersection against catalog formats.
#include <catch2/catch.hpp>

#include "rules/common/validity_arn.hpp"

using namespace iamlint::rules::validity;

TEST_CASE("split_arn keeps the resource whole and does not split inside policy variables") {
  auto a = split_arn("arn:aws:logs:us-east-1:111122223333:log-group:/app:*");
  REQUIRE(a);
  CHECK(a->partition == "aws");
  CHECK(a->service == "logs");
  CHECK(a->region == "us-east-1");
  CHECK(a->account == "111122223333");
  CHECK(a->resource == "log-group:/app:*");
  auto s3 = split_arn("arn:aws:s3:::bucket/${aws:username}/*");
  REQUIRE(s3);
  CHECK(s3->region.empty());
  CHECK(s3->account.empty());
  CHECK(s3->resource == "bucket/${aws:username}/*");
  auto v = split_arn("arn:aws:sqs:${aws:RequestedRegion}:${aws:PrincipalAccount}:q");
  REQUIRE(v);
  CHECK(v->region == "${aws:RequestedRegion}");
  CHECK(v->account == "${aws:PrincipalAccount}");
  CHECK(v->resource == "q");
  CHECK_FALSE(split_arn("arn:aws:s3:bucket"));
  CHECK_FALSE(split_arn("bucket"));
}

TEST_CASE("partition, region and account checks") {
  CHECK(is_known_partition("aws-us-gov"));
  CHECK(is_known_partition("aws-eusc"));
  CHECK_FALSE(is_known_partition("aws-us-east-1"));
  CHECK(is_region_code("us-east-1"));
  CHECK(is_region_code("us-gov-west-1"));
  CHECK(is_region_code("eu-isoe-west-1"));
  CHECK_FALSE(is_region_code("useast1"));
  CHECK_FALSE(is_region_code("region"));
  CHECK_FALSE(is_region_code("us-east-"));
  CHECK(is_account_id("111122223333"));
  CHECK_FALSE(is_account_id("11112222333"));
  CHECK(is_pattern("role/ci-*"));
  CHECK(is_pattern("home/${aws:username}"));
  CHECK_FALSE(is_pattern("role/deploy"));
}

TEST_CASE("policy_glob turns variables into wildcards and keeps escapes literal") {
  CHECK(policy_glob("arn:aws:s3:::b/${aws:username}/*") == "arn:aws:s3:::b/*/*");
  CHECK(policy_glob("a${?}b${$}c") == "a?b$c");
  CHECK(policy_glob("a${unclosed") == "a${unclosed");
}

TEST_CASE("globs_intersect decides whether two patterns share a string") {
  CHECK(globs_intersect("arn:aws:s3:::bucket/*", "arn:*:s3:::*/*"));
  CHECK_FALSE(globs_intersect("arn:aws:s3:::bucket", "arn:*:s3:::*/*"));
  CHECK(globs_intersect("arn:aws:s3:::*", "arn:*:s3:::*/*"));  // the policy's * may hold the slash
  CHECK(globs_intersect("a?c", "*b*"));
  CHECK_FALSE(globs_intersect("a?c", "*x*y*"));  // one free character cannot be both
  CHECK(globs_intersect("*", ""));
  CHECK_FALSE(globs_intersect("x", ""));
  // a segment wildcard never holds ':', a path wildcard never holds '/'
  std::string segment = std::string("arn:") + kSegmentStar + ":iam::";
  CHECK(globs_intersect("arn:aws:iam::", segment));
  CHECK_FALSE(globs_intersect("arn:aws:x:iam::", segment));
  std::string bucket = std::string("arn:") + kSegmentStar + ":s3:::" + kPathStar;
  CHECK(globs_intersect("arn:aws:s3:::reports", bucket));
  CHECK_FALSE(globs_intersect("arn:aws:s3:::reports/*", bucket));
  CHECK(globs_intersect("arn:aws:s3:::report?", bucket));
}

TEST_CASE("catalog formats are indexed by service and match policy ARNs") {
  const ArnFormats& formats = ArnFormats::embedded();
  auto s3 = formats.of_service("s3");
  REQUIRE_FALSE(s3.empty());
  bool bucket = false, object = false;
  for (const ArnFormat& f : s3) {
    if (format_matches(f, policy_glob("arn:aws:s3:::example"))) bucket = true;
    if (format_matches(f, policy_glob("arn:aws:s3:::example/${aws:username}/*"))) object = true;
  }
  CHECK(bucket);
  CHECK(object);
  CHECK(formats.of_service("no-such-service").empty());
}

#include "rules/common/principals.hpp"

TEST_CASE("principal accounts: any iam/sts ARN's account field; whole accounts only as an id or a root ARN") {
  using iamlint::rules::principal_account;
  using iamlint::rules::whole_account;
  CHECK(principal_account("111111111111") == "111111111111");
  CHECK(principal_account("arn:aws:iam::111111111111:role/ProdS3RWRole") == "111111111111");
  CHECK(principal_account("arn:aws:sts::222222222222:assumed-role/r/s") == "222222222222");
  CHECK(principal_account("arn:aws:iam::*:role/deploy") == "*");
  CHECK(principal_account("arn:aws:s3:::bucket").empty());
  CHECK(principal_account("*").empty());
  CHECK(principal_account("11111111111").empty());  // eleven digits

  CHECK(whole_account("111111111111") == "111111111111");
  CHECK(whole_account("arn:aws:iam::111111111111:root") == "111111111111");
  CHECK(whole_account("arn:aws-cn:iam::111111111111:root") == "111111111111");
  CHECK(whole_account("arn:aws:iam::111111111111:user/dev-user").empty());
  CHECK(whole_account("arn:aws:sts::111111111111:root").empty());
  CHECK(whole_account("arn:aws:iam:us-east-1:111111111111:root").empty());
  CHECK(whole_account("arn:aws:iam::*:root").empty());
  CHECK(whole_account("arn:aws:iam::111111111111:rooted").empty());
}
