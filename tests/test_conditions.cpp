// The Condition block against a request context, case by case from the IAM User Guide pages named in each test:
// "IAM JSON policy elements: Condition operators" (the operators page), "Single-valued vs. multivalued context
// keys" (the multivalued page), "Conditions with multiple context keys or values" (the multiple-values page) and
// "IAM policy elements: Variables and tags" (the variables page).
#include <catch2/catch.hpp>

#include <string>

#include "linter/json_loader.hpp"
#include "solver/conditions.hpp"

using namespace iamlint::solver;

namespace {

// A Condition element's value, loaded from text.
struct Condition {
  explicit Condition(std::string text) : source("condition.json", std::move(text)) {
    iamlint::linter::JsonLoader loader;
    auto error = loader.load(source, tree);
    REQUIRE_FALSE(error);
  }
  bool holds(const Context& context, ConditionFailure* failure = nullptr) const {
    return conditions_hold(tree, *tree.root(), context, failure);
  }
  iamlint::linter::SourceFile source;
  iamlint::linter::JsonTree tree;
};

bool holds(const std::string& condition, const Context& context) { return Condition(condition).holds(context); }

Context with(const char* key, std::vector<std::string> values) {
  Context c;
  c.set(key, std::move(values));
  return c;
}

const Context kEmpty;

}  // namespace

TEST_CASE("Operators page: string operators") {
  // "only requests made by john match. Users named John are denied access" (the Condition element page).
  CHECK(holds(R"({"StringEquals": {"aws:username": "john"}})", with("aws:username", {"john"})));
  CHECK_FALSE(holds(R"({"StringEquals": {"aws:username": "john"}})", with("aws:username", {"John"})));
  CHECK(holds(R"({"StringNotEquals": {"aws:username": "john"}})", with("aws:username", {"John"})));
  CHECK_FALSE(holds(R"({"StringNotEquals": {"aws:username": "john"}})", with("aws:username", {"john"})));
  CHECK(holds(R"({"StringEqualsIgnoreCase": {"aws:username": "john"}})", with("aws:username", {"JOHN"})));
  CHECK_FALSE(holds(R"({"StringEqualsIgnoreCase": {"aws:username": "john"}})", with("aws:username", {"johnny"})));
  CHECK(holds(R"({"StringNotEqualsIgnoreCase": {"aws:username": "john"}})", with("aws:username", {"johnny"})));
  CHECK_FALSE(holds(R"({"StringNotEqualsIgnoreCase": {"aws:username": "john"}})", with("aws:username", {"JoHn"})));
  CHECK(holds(R"({"StringLike": {"s3:prefix": "home/*"}})", with("s3:prefix", {"home/alice/x"})));
  CHECK(holds(R"({"StringLike": {"s3:prefix": "home/?"}})", with("s3:prefix", {"home/a"})));
  CHECK_FALSE(holds(R"({"StringLike": {"s3:prefix": "home/*"}})", with("s3:prefix", {"Home/alice"})));
  CHECK(holds(R"({"StringNotLike": {"s3:prefix": "home/*"}})", with("s3:prefix", {"tmp/x"})));
  CHECK_FALSE(holds(R"({"StringNotLike": {"s3:prefix": "home/*"}})", with("s3:prefix", {"home/x"})));
  // StringEquals does not read wildcards.
  CHECK_FALSE(holds(R"({"StringEquals": {"s3:prefix": "home/*"}})", with("s3:prefix", {"home/x"})));
  // JSON numbers and booleans are compared by their text.
  CHECK(holds(R"({"StringEquals": {"s3:max-keys": 10}})", with("s3:max-keys", {"10"})));
  CHECK(holds(R"({"StringEquals": {"aws:SecureTransport": true}})", with("aws:SecureTransport", {"true"})));
}

TEST_CASE("Operators page: numeric operators") {
  auto n = [](const char* op, const char* policy, const char* request) {
    return holds(std::string(R"({")") + op + R"(": {"s3:max-keys": )" + policy + "}}", with("s3:max-keys", {request}));
  };
  CHECK(n("NumericEquals", "\"10\"", "10"));
  CHECK(n("NumericEquals", "10", "10.0"));
  CHECK_FALSE(n("NumericEquals", "\"10\"", "11"));
  CHECK(n("NumericNotEquals", "\"10\"", "11"));
  CHECK_FALSE(n("NumericNotEquals", "\"10\"", "10"));
  CHECK(n("NumericLessThan", "\"10\"", "9"));
  CHECK_FALSE(n("NumericLessThan", "\"10\"", "10"));
  CHECK(n("NumericLessThanEquals", "\"10\"", "10"));
  CHECK_FALSE(n("NumericLessThanEquals", "\"10\"", "10.5"));
  CHECK(n("NumericGreaterThan", "\"10\"", "11"));
  CHECK_FALSE(n("NumericGreaterThan", "\"10\"", "10"));
  CHECK(n("NumericGreaterThanEquals", "\"-1.5\"", "-1.5"));
  CHECK_FALSE(n("NumericGreaterThanEquals", "\"-1.5\"", "-2"));
  // Integers compare exactly, beyond a double's 53 bits.
  CHECK_FALSE(n("NumericEquals", "\"9007199254740993\"", "9007199254740992"));
  // A wrong-typed value never matches, under the negated operator too.
  CHECK_FALSE(n("NumericEquals", "\"ten\"", "10"));
  CHECK_FALSE(n("NumericNotEquals", "\"ten\"", "10"));
  CHECK_FALSE(n("NumericLessThan", "\"10\"", "nine"));
  CHECK_FALSE(n("NumericNotEquals", "\"10\"", "nine"));
}

TEST_CASE("Operators page: date operators, ISO 8601 and epoch") {
  auto d = [](const char* op, const char* policy, const char* request) {
    return holds(std::string(R"({")") + op + R"(": {"aws:CurrentTime": ")" + policy + "\"}}",
                 with("aws:CurrentTime", {request}));
  };
  CHECK(d("DateEquals", "2020-01-01T00:00:00Z", "1577836800"));  // the same instant, two formats
  CHECK(d("DateEquals", "1577836800", "2020-01-01T00:00:00Z"));
  CHECK(d("DateEquals", "2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00Z"));
  CHECK(d("DateEquals", "2020-01-01", "2020-01-01T00:00:00Z"));
  CHECK(d("DateEquals", "2020-01-01T00:00Z", "2020-01-01T00:00:00.000Z"));
  CHECK_FALSE(d("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00.5Z"));
  CHECK(d("DateNotEquals", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z"));
  CHECK_FALSE(d("DateNotEquals", "2020-01-01T00:00:00Z", "1577836800"));
  CHECK(d("DateLessThan", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z"));
  CHECK_FALSE(d("DateLessThan", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"));
  CHECK(d("DateLessThanEquals", "2020-01-01T00:00:00Z", "1577836800"));
  CHECK_FALSE(d("DateLessThanEquals", "2020-01-01T00:00:00Z", "1577836801"));
  CHECK(d("DateGreaterThan", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z"));
  CHECK_FALSE(d("DateGreaterThan", "2020-01-01T00:00:00Z", "2019-06-01T00:00:00Z"));
  CHECK(d("DateGreaterThanEquals", "2020-02-29T12:00:00-05:00", "2020-02-29T17:00:00Z"));
  CHECK_FALSE(d("DateGreaterThanEquals", "2020-02-29T12:00:00-05:00", "2020-02-29T16:59:59Z"));
  // Not dates: the wrong type never matches.
  CHECK_FALSE(d("DateLessThan", "2021-02-29T00:00:00Z", "2020-01-01T00:00:00Z"));
  CHECK_FALSE(d("DateLessThan", "2021-01-01T00:00:00", "2020-01-01T00:00:00Z"));  // a time needs its zone
  CHECK_FALSE(d("DateLessThan", "yesterday", "2020-01-01T00:00:00Z"));
  CHECK_FALSE(d("DateNotEquals", "yesterday", "2020-01-01T00:00:00Z"));
}

TEST_CASE("Operators page: Bool and BinaryEquals") {
  CHECK(holds(R"({"Bool": {"aws:SecureTransport": "true"}})", with("aws:SecureTransport", {"true"})));
  CHECK_FALSE(holds(R"({"Bool": {"aws:SecureTransport": "true"}})", with("aws:SecureTransport", {"false"})));
  CHECK(holds(R"({"Bool": {"aws:SecureTransport": false}})", with("aws:SecureTransport", {"false"})));
  CHECK_FALSE(holds(R"({"Bool": {"aws:SecureTransport": "yes"}})", with("aws:SecureTransport", {"true"})));
  CHECK_FALSE(holds(R"({"Bool": {"aws:SecureTransport": "true"}})", with("aws:SecureTransport", {"1"})));
  // "a base-64 encoded representation of the binary value in the policy".
  const char* binary = R"({"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}})";
  CHECK(holds(binary, with("key", {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="})));
  CHECK(holds(binary, with("key", {"QmluYXJ5VmFsdWVJbkJhc2U2NA"})));  // the same bytes without padding
  CHECK_FALSE(holds(binary, with("key", {"QmluYXJ5VmFsdWVJbkJhc2U2NQ=="})));
  CHECK_FALSE(holds(R"({"BinaryEquals": {"key": "not base64!"}})", with("key", {"bm90"})));
}

TEST_CASE("Operators page: IpAddress and NotIpAddress, IPv4 and IPv6 CIDR") {
  const char* ranges = R"({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}})";
  CHECK(holds(ranges, with("aws:SourceIp", {"203.0.113.7"})));
  CHECK_FALSE(holds(ranges, with("aws:SourceIp", {"203.0.114.7"})));
  CHECK(holds(ranges, with("aws:SourceIp", {"2001:db8:1234:5678::1"})));
  CHECK(holds(ranges, with("aws:SourceIp", {"2001:db8:1234:5678:ffff:ffff:ffff:ffff"})));
  CHECK_FALSE(holds(ranges, with("aws:SourceIp", {"2001:db8:1234:5679::1"})));
  CHECK_FALSE(holds(ranges, with("aws:SourceIp", {"not-an-ip"})));
  // One address without a prefix; an IPv4 address never falls in an IPv6 range.
  CHECK(holds(R"({"IpAddress": {"aws:SourceIp": "192.0.2.1"}})", with("aws:SourceIp", {"192.0.2.1"})));
  CHECK_FALSE(holds(R"({"IpAddress": {"aws:SourceIp": "192.0.2.1"}})", with("aws:SourceIp", {"192.0.2.2"})));
  CHECK_FALSE(holds(R"({"IpAddress": {"aws:SourceIp": "::/0"}})", with("aws:SourceIp", {"192.0.2.2"})));
  CHECK(holds(R"({"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})", with("aws:SourceIp", {"192.0.2.2"})));
  CHECK(holds(R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/9"}})", with("aws:SourceIp", {"10.127.255.255"})));
  CHECK_FALSE(holds(R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/9"}})", with("aws:SourceIp", {"10.128.0.0"})));
  CHECK(holds(R"({"IpAddress": {"aws:SourceIp": "::ffff:192.0.2.0/120"}})", with("aws:SourceIp", {"::ffff:192.0.2.9"})));
  CHECK(holds(R"({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8::/32"]}})", with("aws:SourceIp", {"198.51.100.1"})));
  CHECK_FALSE(holds(R"({"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8::/32"]}})", with("aws:SourceIp", {"2001:db8::5"})));
  // Not CIDR: the wrong type.
  CHECK_FALSE(holds(R"({"IpAddress": {"aws:SourceIp": "300.0.0.0/8"}})", with("aws:SourceIp", {"10.0.0.1"})));
  CHECK_FALSE(holds(R"({"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}})", with("aws:SourceIp", {"10.0.0.1"})));
  CHECK_FALSE(holds(R"({"NotIpAddress": {"aws:SourceIp": "1:2:3"}})", with("aws:SourceIp", {"10.0.0.1"})));
}

TEST_CASE("Operators page: ARN operators compare the six components separately") {
  // The page's example: StringLike's * spans colons, ArnLike's does not.
  const std::string value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
  CHECK(holds(R"({"StringLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}})", with("aws:SourceArn", {value})));
  CHECK_FALSE(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:someservice:*:111122223333:finance/*"}})", with("aws:SourceArn", {value})));
  const Context source = with("aws:SourceArn", {"arn:aws:sns:us-east-1:123456789012:my-topic"});
  CHECK(holds(R"({"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:my-topic"}})", source));
  CHECK(holds(R"({"ArnEquals": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}})", source));
  CHECK(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-?:123456789012:my-*"}})", source));
  CHECK_FALSE(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:*"}})", source));
  CHECK_FALSE(holds(R"({"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:My-Topic"}})", source));
  CHECK(holds(R"({"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:other"}})", source));
  CHECK_FALSE(holds(R"({"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:my-topic"}})", source));
  CHECK(holds(R"({"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::*"}})", source));
  CHECK_FALSE(holds(R"({"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}})", source));
  // The resource part is one component: its * runs over colons.
  CHECK(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:log-group:*"}})",
              with("aws:SourceArn", {"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"})));
  // A value that is not an ARN matches nothing.
  CHECK_FALSE(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*"}})", source));
  CHECK_FALSE(holds(R"({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*:*"}})", with("aws:SourceArn", {"my-topic"})));
}

namespace {

struct MissingRow {
  const char* op;
  const char* value;
  bool expect;  // when the key is missing
};

}  // namespace

// The operators page: "If the key that you specify in a policy condition is not present in the request context, the
// values do not match and the condition is false. If the policy condition requires that the key is not matched, such
// as StringNotLike or ArnNotLike, and the right key is not present, the condition is true." And ...IfExists: "If it
// is not present, evaluate the condition element as true."
TEST_CASE("Operators page: the missing-key truth table") {
  auto row = GENERATE(values<MissingRow>({
      {"StringEquals", "\"a\"", false},
      {"StringNotEquals", "\"a\"", true},
      {"StringEqualsIgnoreCase", "\"a\"", false},
      {"StringNotEqualsIgnoreCase", "\"a\"", true},
      {"StringLike", "\"*\"", false},
      {"StringNotLike", "\"a*\"", true},
      {"NumericEquals", "\"1\"", false},
      {"NumericNotEquals", "\"1\"", true},
      {"NumericLessThan", "\"1\"", false},
      {"NumericLessThanEquals", "\"1\"", false},
      {"NumericGreaterThan", "\"1\"", false},
      {"NumericGreaterThanEquals", "\"1\"", false},
      {"DateEquals", "\"2020-01-01T00:00:00Z\"", false},
      {"DateNotEquals", "\"2020-01-01T00:00:00Z\"", true},
      {"DateLessThan", "\"2020-01-01T00:00:00Z\"", false},
      {"DateLessThanEquals", "\"2020-01-01T00:00:00Z\"", false},
      {"DateGreaterThan", "\"2020-01-01T00:00:00Z\"", false},
      {"DateGreaterThanEquals", "\"2020-01-01T00:00:00Z\"", false},
      {"Bool", "\"true\"", false},
      {"BinaryEquals", "\"QQ==\"", false},
      {"IpAddress", "\"0.0.0.0/0\"", false},
      {"NotIpAddress", "\"10.0.0.0/8\"", true},
      {"ArnEquals", "\"arn:aws:iam::1:root\"", false},
      {"ArnLike", "\"arn:*:*:*:*:*\"", false},
      {"ArnNotEquals", "\"arn:aws:iam::1:root\"", true},
      {"ArnNotLike", "\"arn:aws:iam::1:*\"", true},
  }));
  INFO(row.op);
  const std::string plain = std::string(R"({")") + row.op + R"(": {"k:missing": )" + row.value + "}}";
  const std::string if_exists = std::string(R"({")") + row.op + R"(IfExists": {"k:missing": )" + row.value + "}}";
  CHECK(holds(plain, kEmpty) == row.expect);
  CHECK(holds(if_exists, kEmpty));
  // A key present with no value (an empty set) is no value to compare either.
  CHECK(holds(plain, with("k:missing", {})) == row.expect);
}

TEST_CASE("IfExists page: the key is tested only when present") {
  const char* policy = R"({"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}})";
  CHECK(holds(policy, kEmpty));
  CHECK(holds(policy, with("ec2:InstanceType", {"t2.micro"})));
  CHECK_FALSE(holds(policy, with("ec2:InstanceType", {"m5.large"})));
  const char* negated = R"({"StringNotEqualsIfExists": {"aws:PrincipalTag/team": ["red", "blue"]}})";
  CHECK(holds(negated, kEmpty));
  CHECK(holds(negated, with("aws:PrincipalTag/team", {"green"})));
  CHECK_FALSE(holds(negated, with("aws:PrincipalTag/team", {"blue"})));
}

TEST_CASE("Operators page: Null") {
  const char* must_be_absent = R"({"Null": {"aws:TokenIssueTime": "true"}})";
  const char* must_be_present = R"({"Null": {"aws:TokenIssueTime": "false"}})";
  const Context present = with("aws:TokenIssueTime", {"2020-01-01T00:00:00Z"});
  CHECK(holds(must_be_absent, kEmpty));
  CHECK_FALSE(holds(must_be_absent, present));
  CHECK_FALSE(holds(must_be_present, kEmpty));
  CHECK(holds(must_be_present, present));
  CHECK(holds(R"({"Null": {"aws:TokenIssueTime": true}})", kEmpty));
  // An empty set is a null value ("Null ... with a value of false to check that the context key exists and its value
  // is not null", the multivalued page).
  CHECK(holds(must_be_absent, with("aws:TagKeys", {})));
  CHECK_FALSE(holds(R"({"Null": {"aws:TagKeys": "false"}})", with("aws:TagKeys", {})));
  CHECK_FALSE(holds(R"({"Null": {"aws:TokenIssueTime": "maybe"}})", kEmpty));
  // Null takes no IfExists and no set operator.
  CHECK_FALSE(holds(R"({"NullIfExists": {"aws:TokenIssueTime": "true"}})", kEmpty));
  CHECK_FALSE(holds(R"({"ForAllValues:Null": {"aws:TokenIssueTime": "true"}})", kEmpty));
}

// The multivalued page, and its examples page's table for ForAllValues:StringNotLike.
TEST_CASE("Multivalued page: ForAllValues and ForAnyValue with empty, missing, single and several values") {
  const char* all = R"({"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}})";
  CHECK(holds(all, with("aws:TagKeys", {"environment"})));
  CHECK(holds(all, with("aws:TagKeys", {"environment", "cost-center"})));
  CHECK_FALSE(holds(all, with("aws:TagKeys", {"environment", "owner"})));
  CHECK_FALSE(holds(all, with("aws:TagKeys", {"owner"})));
  CHECK(holds(all, kEmpty));                       // "also returns true if there are no context keys"
  CHECK(holds(all, with("aws:TagKeys", {})));      // … or a null data set

  const char* any = R"({"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}})";
  CHECK(holds(any, with("aws:TagKeys", {"owner", "cost-center"})));
  CHECK(holds(any, with("aws:TagKeys", {"environment"})));
  CHECK_FALSE(holds(any, with("aws:TagKeys", {"owner", "project"})));
  CHECK_FALSE(holds(any, kEmpty));
  CHECK_FALSE(holds(any, with("aws:TagKeys", {})));
  CHECK(holds(R"({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "environment"}})", kEmpty));

  const char* deny_unless_key1 = R"({"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}})";
  CHECK_FALSE(holds(deny_unless_key1, with("aws:TagKeys", {"key1:legal"})));
  CHECK_FALSE(holds(deny_unless_key1, with("aws:TagKeys", {"key1:hr", "key1:personnel"})));
  CHECK(holds(deny_unless_key1, with("aws:TagKeys", {"key2:audit"})));
  CHECK(holds(deny_unless_key1, kEmpty));
  // Each request value against the negated operator: one key1 value among others is not "all".
  CHECK_FALSE(holds(deny_unless_key1, with("aws:TagKeys", {"key2:audit", "key1:hr"})));

  const char* any_not = R"({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a", "b"]}})";
  CHECK(holds(any_not, with("aws:TagKeys", {"a", "c"})));
  CHECK_FALSE(holds(any_not, with("aws:TagKeys", {"a", "b"})));
  CHECK_FALSE(holds(any_not, kEmpty));
  CHECK(holds(R"({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}})",
              with("aws:PrincipalOrgPaths", {"o-a1b2c3d4e5/r-ab12/ou-ab12-22222222/", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-x/"})));
}

// The multivalued page: "Multivalued context keys require a condition set operator." Without one the set is not
// compared value by value (conditions.cpp says how).
TEST_CASE("Multivalued page: a plain operator on a key holding several values") {
  const Context two = with("aws:TagKeys", {"a", "b"});
  CHECK_FALSE(holds(R"({"StringEquals": {"aws:TagKeys": ["a", "b"]}})", two));
  CHECK_FALSE(holds(R"({"StringLike": {"aws:TagKeys": "*"}})", two));
  CHECK(holds(R"({"StringNotEquals": {"aws:TagKeys": "a"}})", two));
  CHECK(holds(R"({"StringEquals": {"aws:TagKeys": "a"}})", with("aws:TagKeys", {"a"})));
}

TEST_CASE("Multiple-values page: operators and keys ANDed, values ORed, negated values NORed") {
  const char* policy = R"({
    "StringEquals": {"aws:PrincipalTag/department": ["finance", "hr", "legal"], "aws:PrincipalTag/role": ["audit", "security"]},
    "ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::222222222222:user/Ana", "arn:aws:iam::222222222222:user/Mary"]}
  })";
  auto request = [](const char* department, const char* role, const char* arn) {
    Context c;
    if (department) c.set("aws:PrincipalTag/department", std::string(department));
    if (role) c.set("aws:PrincipalTag/role", std::string(role));
    if (arn) c.set("aws:PrincipalArn", std::string(arn));
    return c;
  };
  CHECK(holds(policy, request("hr", "audit", "arn:aws:iam::222222222222:user/Mary")));
  CHECK(holds(policy, request("legal", "security", "arn:aws:iam::222222222222:user/Ana")));
  CHECK_FALSE(holds(policy, request("sales", "audit", "arn:aws:iam::222222222222:user/Mary")));
  CHECK_FALSE(holds(policy, request("hr", "audit", "arn:aws:iam::222222222222:user/Bob")));
  CHECK_FALSE(holds(policy, request("hr", nullptr, "arn:aws:iam::222222222222:user/Mary")));

  // "If a single negated matching condition operator includes multiple values for a context key, those values are
  // evaluated using a logical NOR."
  const char* nor = R"({"StringNotEquals": {"aws:PrincipalTag/role": ["audit", "security"]}})";
  CHECK_FALSE(holds(nor, with("aws:PrincipalTag/role", {"audit"})));
  CHECK_FALSE(holds(nor, with("aws:PrincipalTag/role", {"security"})));
  CHECK(holds(nor, with("aws:PrincipalTag/role", {"developer"})));
  CHECK(holds(R"({"NumericNotEquals": {"k": ["1", "2"]}})", with("k", {"3"})));
  CHECK_FALSE(holds(R"({"NumericNotEquals": {"k": ["1", "2"]}})", with("k", {"2"})));
  CHECK_FALSE(holds(R"({"ArnNotLike": {"k": ["arn:aws:s3:::a*", "arn:aws:s3:::b*"]}})", with("k", {"arn:aws:s3:::bucket"})));
  CHECK(holds(R"({"ArnNotLike": {"k": ["arn:aws:s3:::a*", "arn:aws:s3:::b*"]}})", with("k", {"arn:aws:s3:::c"})));
}

TEST_CASE("Condition element page: key names case-insensitive, operators case-sensitive") {
  // "including the aws:SourceIP context key is equivalent to testing for AWS:SourceIp".
  CHECK(holds(R"({"IpAddress": {"AWS:SourceIp": "203.0.113.0/24"}})", with("aws:SourceIP", {"203.0.113.9"})));
  CHECK(holds(R"({"StringEquals": {"aws:principaltag/TEAM": "blue"}})", with("aws:PrincipalTag/team", {"blue"})));
  // Values keep their case under StringEquals.
  CHECK_FALSE(holds(R"({"StringEquals": {"aws:principaltag/team": "Blue"}})", with("aws:PrincipalTag/team", {"blue"})));
  // An operator not spelled as AWS spells it is unknown, and never holds.
  CHECK_FALSE(holds(R"({"stringEquals": {"aws:PrincipalTag/team": "blue"}})", with("aws:PrincipalTag/team", {"blue"})));
  CHECK_FALSE(holds(R"({"forAnyValue:StringEquals": {"aws:TagKeys": "a"}})", with("aws:TagKeys", {"a"})));
  CHECK_FALSE(holds(R"({"StringEqualsIfexists": {"k": "a"}})", kEmpty));
}

TEST_CASE("Variables page: policy variables in condition values") {
  Context ctx;
  ctx.set("aws:username", std::string("alice"));
  ctx.set("aws:ResourceTag/owner", std::string("alice"));
  ctx.set("s3:prefix", std::string("home/alice/docs"));
  CHECK(holds(R"({"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}})", ctx));
  CHECK(holds(R"({"StringLike": {"s3:prefix": "home/${aws:username}/*"}})", ctx));
  CHECK_FALSE(holds(R"({"StringLike": {"s3:prefix": "home/${aws:userid}/*"}})", ctx));
  CHECK(holds(R"({"StringLike": {"s3:prefix": "home/${aws:userid, 'alice'}/*"}})", ctx));
  CHECK(holds(R"({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:user/${aws:username}"}})",
              [&] { Context c = ctx; c.set("aws:PrincipalArn", std::string("arn:aws:iam::1:user/alice")); return c; }()));
  // A variable whose key is missing gives no value: nothing equals it, so only a negated operator holds.
  CHECK_FALSE(holds(R"({"StringEquals": {"aws:ResourceTag/owner": "${aws:userid}"}})", ctx));
  CHECK(holds(R"({"StringNotEquals": {"aws:ResourceTag/owner": "${aws:userid}"}})", ctx));
  CHECK(holds(R"({"StringEquals": {"aws:ResourceTag/owner": ["${aws:userid}", "alice"]}})", ctx));
  // ${*} is a literal * under StringLike, and just * under StringEquals.
  CHECK(holds(R"({"StringLike": {"k": "a${*}"}})", with("k", {"a*"})));
  CHECK_FALSE(holds(R"({"StringLike": {"k": "a${*}"}})", with("k", {"ab"})));
  CHECK(holds(R"({"StringEquals": {"k": "a${*}b${$}"}})", with("k", {"a*b$"})));
  // More values than the evaluator keeps inline, variables among them: each keeps its own expansion.
  const char* many = R"({"StringEquals": {"aws:ResourceTag/owner": ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
                                                                   "${aws:userid, 'x-bob'}", "x-${aws:username}"]}})";
  CHECK(holds(many, with("aws:ResourceTag/owner", {"x-bob"})));
  CHECK(holds(many, [] { Context c; c.set("aws:username", std::string("alice")); c.set("aws:ResourceTag/owner", std::string("x-alice")); return c; }()));
  CHECK_FALSE(holds(many, with("aws:ResourceTag/owner", {"x-alice"})));
  CHECK(holds(many, with("aws:ResourceTag/owner", {"v8"})));
  // Only the String and ARN operators take variables: elsewhere the text is the value, here not a number.
  CHECK_FALSE(holds(R"({"NumericEquals": {"k": "${n}"}})", [] { Context c; c.set("n", std::string("1")); c.set("k", std::string("1")); return c; }()));
}

TEST_CASE("Malformed conditions never hold, and a failure names the key") {
  CHECK(holds("{}", kEmpty));
  CHECK(holds(R"({"StringEquals": {}})", kEmpty));
  CHECK_FALSE(holds(R"({"StringEquals": "a"})", kEmpty));
  CHECK_FALSE(holds(R"({"StringEquals": {"k": []}})", with("k", {"a"})));
  CHECK_FALSE(holds(R"({"StringNotEquals": {"k": null}})", with("k", {"a"})));
  CHECK_FALSE(holds(R"({"StringEquals": {"k": [["a"]]}})", with("k", {"a"})));
  CHECK_FALSE(holds(R"({"StringEquals": {"k": {"a": 1}}})", with("k", {"a"})));
  CHECK_FALSE(holds(R"({"Maybe:StringEquals": {"k": "a"}})", with("k", {"a"})));
  CHECK_FALSE(holds(R"(["StringEquals"])", kEmpty));

  Condition c(R"({"StringEquals": {"a": "1", "b": "2"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}})");
  Context ctx;
  ctx.set("a", std::string("1"));
  ctx.set("b", std::string("2"));
  ConditionFailure failure;
  CHECK_FALSE(c.holds(ctx, &failure));
  REQUIRE(failure.key != nullptr);
  CHECK(failure.key->key == "aws:MultiFactorAuthPresent");
  CHECK(failure.reason == "aws:MultiFactorAuthPresent is missing from the request");
  ctx.set("b", std::string("3"));
  CHECK_FALSE(c.holds(ctx, &failure));
  CHECK(failure.key->key == "b");
  CHECK(failure.reason == "no value matches");
  ctx.set("b", std::string("2"));
  ctx.set("aws:MultiFactorAuthPresent", std::string("true"));
  CHECK(c.holds(ctx, &failure));
}
