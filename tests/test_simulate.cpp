// `iamlint simulate` on the two-account example (fixtures/cross-account/environment.yaml): the decisions issue 5
// asks for, and the explanation's deciding statements at their file:line:col.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "linter/catalog.hpp"
#include "linter/cli.hpp"
#include "solver/manifest.hpp"
#include "solver/simulate.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using solver::Decision;

namespace {

const std::string kDevUser = "arn:aws:iam::111111111111:user/dev-user";
const std::string kOpsUser = "arn:aws:iam::111111111111:user/ops-user";
const std::string kRole = "arn:aws:iam::222222222222:role/ProdS3RWRole";
const std::string kSession = "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/dev-user";
const std::string kObject = "arn:aws:s3:::prod-data-bucket/reports/q3.csv";

std::string manifest() { return (source_dir() / "fixtures" / "cross-account" / "environment.yaml").string(); }

struct Loaded {
  solver::Environment env;
  Loaded() {
    auto error = solver::load_environment(manifest(), env);
    INFO((error ? error->describe() : std::string()));
    REQUIRE_FALSE(error);
  }
};

int run(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e,
                             {solver::simulate_command()});
  out = o.str();
  err = e.str();
  return code;
}

}  // namespace

TEST_CASE("cross-account example: dev-user may assume ProdS3RWRole and, as it, put objects into prod-data-bucket") {
  Loaded l;
  solver::Evaluator evaluator(l.env);
  solver::Explanation ex;
  CHECK(evaluator.evaluate({kDevUser, "sts:AssumeRole", kRole, {}}, &ex) == Decision::Allowed);
  // Decided by the group's policy (the identity side) and the trust policy, which names the whole account.
  std::vector<std::string> deciding;
  for (const solver::StatementNote& n : ex.deciding) deciding.push_back(l.env.policies[n.policy].path);
  std::sort(deciding.begin(), deciding.end());
  CHECK(deciding.size() == 2);
  CHECK(evaluator.evaluate({kSession, "s3:PutObject", kObject, {}}) == Decision::Allowed);
  CHECK(evaluator.evaluate({kSession, "s3:DeleteObject", kObject, {}}) == Decision::Allowed);
  CHECK(evaluator.evaluate({kSession, "s3:PutObject", "arn:aws:s3:::other-bucket/x", {}}) == Decision::ImplicitDeny);
}

TEST_CASE("cross-account example: a DevAccount user outside Developers, and a third account, may not") {
  Loaded l;
  solver::Evaluator evaluator(l.env);
  solver::Explanation ex;
  CHECK(evaluator.evaluate({kOpsUser, "sts:AssumeRole", kRole, {}}, &ex) == Decision::ImplicitDeny);
  CHECK(ex.reason == "no identity policy of " + kOpsUser + " allows sts:AssumeRole");
  CHECK(evaluator.evaluate({"arn:aws:iam::333333333333:user/mallory", "sts:AssumeRole", kRole, {}}, &ex) ==
        Decision::ImplicitDeny);
  CHECK(ex.reason == "the trust policy of " + kRole + " does not allow arn:aws:iam::333333333333:user/mallory");
  // dev-user cannot reach the bucket itself: the bucket policy names only the role.
  CHECK(evaluator.evaluate({kDevUser, "s3:PutObject", kObject, {}}) == Decision::ImplicitDeny);
  auto reach = evaluator.reachable_roles(kDevUser, 2);
  REQUIRE(reach.size() == 1);
  CHECK(reach[0].role->arn == kRole);
  CHECK(evaluator.reachable_roles(kOpsUser, 2).empty());
}

TEST_CASE("iamlint simulate prints the decision, the reason and the deciding statements at file:line:col") {
  std::string out, err;
  CHECK(run({"simulate", "--env", manifest(), "--principal", kDevUser, "--action", "sts:AssumeRole", "--resource",
             kRole},
            out, err) == 0);
  CHECK(err.empty());
  CHECK(out.starts_with("Allowed: " + kDevUser + " sts:AssumeRole " + kRole + "\n"));
  CHECK(out.find("dev-account/developers-group-policy.json:4:5: deciding Allow in identity policy") !=
        std::string::npos);
  CHECK(out.find("prod-account/ProdS3RWRole-trust-policy.json:4:5: deciding Allow in trust policy") !=
        std::string::npos);
  // By way of the role, with --via-roles; denied without.
  CHECK(run({"simulate", "--env", manifest(), "--principal", kDevUser, "--action", "s3:PutObject", "--resource",
             kObject},
            out, err) == 1);
  CHECK(out.starts_with("ImplicitlyDenied: "));
  CHECK(run({"simulate", "--env", manifest(), "--principal", kDevUser, "--action", "s3:PutObject", "--resource",
             kObject, "--via-roles", "2", "--format", "json"},
            out, err) == 0);
  nlohmann::json doc = nlohmann::json::parse(out);
  REQUIRE(doc["results"].size() == 1);
  CHECK(doc["results"][0]["decision"] == "Allowed");
  CHECK(doc["results"][0]["via_roles"] == nlohmann::json::array({kRole}));
  // A pattern decides every action it matches.
  // The bucket policy grants s3:* to the role itself, so the session may do every one of them, PutObjectAcl
  // included: the flaw the example is about.
  CHECK(run({"simulate", "--env", manifest(), "--principal", kSession, "--action", "s3:PutObject*", "--resource",
             kObject, "--format", "json"},
            out, err) == 0);
  doc = nlohmann::json::parse(out);
  std::vector<const linter::ActionInfo*> expected;
  linter::Catalog::embedded().expand("s3:PutObject*", expected);
  REQUIRE(doc["results"].size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(doc["results"][i]["action"] == linter::Catalog::embedded().full_name(*expected[i]));
    CHECK(doc["results"][i]["decision"] == "Allowed");
  }
  // A resource pattern decides the request for every resource and role of the environment it matches.
  CHECK(run({"simulate", "--env", manifest(), "--principal", kDevUser, "--action", "sts:AssumeRole", "--resource",
             "arn:aws:iam::*:role/*", "--format", "json"},
            out, err) == 0);
  doc = nlohmann::json::parse(out);
  REQUIRE(doc["results"].size() == 1);
  CHECK(doc["results"][0]["resource"] == kRole);
  // A session policy passed with the role limits the session.
  std::string session = (source_dir() / "fixtures" / "cross-account" / "dev-account" /
                         "developers-group-policy.json").string();  // allows only sts:AssumeRole
  CHECK(run({"simulate", "--env", manifest(), "--principal", kSession, "--action", "s3:PutObject", "--resource",
             kObject, "--session-policy", session},
            out, err) == 1);
  CHECK(out.find("because the session policy does not allow s3:PutObject") != std::string::npos);
  // A bad manifest path is an error with exit code 2.
  CHECK(run({"simulate", "--env", "/nonexistent.yaml", "--principal", kDevUser, "--action", "s3:GetObject"}, out,
            err) == 2);
  CHECK_FALSE(err.empty());
}
