// The embedded AWS managed policies: lookups by name and ARN, and every document loads as a policy.
#include <catch2/catch.hpp>

#include "linter/json_loader.hpp"
#include "linter/managed_policies.hpp"
#include "linter/model.hpp"

using namespace iamlint::linter;

TEST_CASE("managed policies are found by name and by ARN") {
  const ManagedPolicies& m = ManagedPolicies::embedded();
  CHECK(!m.source_version().empty());
  CHECK(m.all().size() > 1500);
  const ManagedPolicy* admin = m.find_by_name("AdministratorAccess");
  REQUIRE(admin);
  CHECK(admin->arn == "arn:aws:iam::aws:policy/AdministratorAccess");
  CHECK(admin->document.find(R"("Action":"*")") != std::string_view::npos);
  CHECK(m.find_by_arn("arn:aws:iam::aws:policy/AdministratorAccess") == admin);
  CHECK(m.find_by_arn("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") == admin);
  CHECK_FALSE(m.find_by_arn("arn:aws:iam::111122223333:policy/AdministratorAccess"));
  CHECK_FALSE(m.find_by_name("administratoraccess"));  // names are case-sensitive
  // A policy with a path: the path is part of the ARN.
  const ManagedPolicy* lambda_role = m.find_by_name("AWSLambdaBasicExecutionRole");
  REQUIRE(lambda_role);
  CHECK(lambda_role->arn == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  CHECK(m.find_by_arn(lambda_role->arn) == lambda_role);
  CHECK_FALSE(m.find_by_arn("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"));
}

TEST_CASE("every embedded managed policy loads as an identity policy with statements") {
  const ManagedPolicies& m = ManagedPolicies::embedded();
  JsonLoader loader;
  JsonTree tree;
  Policy policy;
  std::size_t loaded = 0;
  for (const ManagedPolicy& p : m.all()) {
    SourceFile source(std::string(p.name), std::string(p.document));
    auto error = loader.load(source, tree);
    INFO(p.name);
    REQUIRE_FALSE(error);
    build_policy(source, tree, std::nullopt, PolicyHolder::Managed, policy);
    CHECK(policy.type == PolicyType::Identity);
    CHECK(!policy.statements.empty());
    ++loaded;
  }
  CHECK(loaded == m.all().size());
}
