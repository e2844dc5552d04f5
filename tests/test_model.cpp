// The policy model: element lookup, statement shapes, condition operator names and policy type inference.
#include <catch2/catch.hpp>

#include "linter/json_loader.hpp"
#include "linter/model.hpp"

using namespace iamlint::linter;

namespace {

struct Loaded {
  explicit Loaded(std::string text, std::optional<PolicyType> type = std::nullopt)
      : source("mem.json", std::move(text)) {
    JsonLoader loader;
    auto error = loader.load(source, tree);
    REQUIRE_FALSE(error);
    build_policy(source, tree, type, PolicyHolder::Managed, policy);
  }
  SourceFile source;
  JsonTree tree;
  Policy policy;
};

}  // namespace

TEST_CASE("Statement may be one object or an array") {
  Loaded one(R"({"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}})");
  REQUIRE(one.policy.statements.size() == 1);
  CHECK(one.policy.statements[0].effect == Effect::Deny);
  CHECK(one.policy.statements[0].index == 0);

  Loaded many(R"({"Statement": [{"Effect": "Allow"}, {"Effect": "allow"}, {}, 7]})");
  REQUIRE(many.policy.statements.size() == 4);
  CHECK(many.policy.statements[0].effect == Effect::Allow);
  CHECK(many.policy.statements[1].effect == Effect::Invalid);
  CHECK(many.policy.statements[2].effect == Effect::Missing);
  CHECK(many.policy.statements[3].index == 3);
  CHECK_FALSE(many.policy.statements[3].node->is_object());
}

TEST_CASE("elements are looked up by their exact names, and the first of duplicates wins in the model") {
  Loaded p(R"({"Statement": [{"action": "a:b", "Action": "s3:GetObject", "Action": "s3:PutObject"}]})");
  const Statement& s = p.policy.statements[0];
  REQUIRE(s.has(Element::Action));
  CHECK(s.get(Element::Action)->text == "s3:GetObject");
  CHECK_FALSE(s.has(Element::NotAction));
}

TEST_CASE("string-or-array elements give their values either way") {
  Loaded p(R"({"Statement": [{"Action": "s3:GetObject", "Resource": ["a", "b", 3]}]})");
  const Statement& s = p.policy.statements[0];
  std::vector<std::string_view> actions, resources;
  for_each_value(p.tree, *s.get(Element::Action), [&](const Node& v) { actions.push_back(v.text); });
  for_each_value(p.tree, *s.get(Element::Resource), [&](const Node& v) { resources.push_back(v.text); });
  CHECK(actions == std::vector<std::string_view>{"s3:GetObject"});
  CHECK(resources == std::vector<std::string_view>{"a", "b", "3"});
}

TEST_CASE("condition operator names split into qualifier, base and IfExists") {
  auto op = parse_condition_operator("ForAnyValue:StringLikeIfExists");
  CHECK(op.qualifier == ConditionQualifier::ForAnyValue);
  CHECK(op.base == "StringLike");
  CHECK(op.if_exists);
  op = parse_condition_operator("ForAllValues:StringEquals");
  CHECK(op.qualifier == ConditionQualifier::ForAllValues);
  CHECK(op.base == "StringEquals");
  CHECK_FALSE(op.if_exists);
  op = parse_condition_operator("NumericLessThan");
  CHECK(op.qualifier == ConditionQualifier::None);
  CHECK(op.base == "NumericLessThan");
  op = parse_condition_operator("IfExists");  // not a suffix of anything: the name itself
  CHECK(op.base == "IfExists");
  CHECK_FALSE(op.if_exists);
  op = parse_condition_operator("ForSomeValues:StringEquals");  // unknown qualifier: kept whole for rules to name
  CHECK(op.qualifier == ConditionQualifier::None);
  CHECK(op.base == "ForSomeValues:StringEquals");
}

TEST_CASE("policy type is inferred from principals and actions, or forced") {
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})").policy.type ==
        PolicyType::Identity);
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
                   "Action": ["sts:AssumeRole", "sts:TagSession"]}]})")
            .policy.type == PolicyType::Trust);
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                   "Action": "sts:AssumeRoleWithWebIdentity"}]})")
            .policy.type == PolicyType::Trust);
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::b/*"}]})")
            .policy.type == PolicyType::Resource);
  // A Principal with sts:AssumeRole and another action is a resource policy when it names a Resource, and a trust
  // policy with an action trust policies cannot have (IAM024) when it names none: a trust policy has no Resource.
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "s3:GetObject"],
                   "Resource": "arn:aws:s3:::b/*"}]})")
            .policy.type == PolicyType::Resource);
  CHECK(Loaded(R"({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "s3:GetObject"]}]})")
            .policy.type == PolicyType::Trust);
  Loaded forced(R"({"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]})", PolicyType::Scp);
  CHECK(forced.policy.type == PolicyType::Scp);
  CHECK_FALSE(forced.policy.type_inferred);
}

TEST_CASE("policy type and holder names round-trip") {
  for (auto t : {PolicyType::Identity, PolicyType::Resource, PolicyType::Trust, PolicyType::Scp, PolicyType::Rcp,
                 PolicyType::PermissionsBoundary, PolicyType::Session, PolicyType::Endpoint}) {
    CHECK(parse_policy_type(policy_type_name(t)) == t);
  }
  for (auto h : {PolicyHolder::Managed, PolicyHolder::InlineUser, PolicyHolder::InlineGroup, PolicyHolder::InlineRole}) {
    CHECK(parse_policy_holder(policy_holder_name(h)) == h);
  }
  CHECK_FALSE(parse_policy_type("Identity"));
}
