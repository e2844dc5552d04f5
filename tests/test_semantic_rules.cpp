// The semantic rules against the prover: IAM401's finding on the running example is the lint side of the claim the
// prover refutes, and the statement IAM401 suggests is the fix the prover proves. Ties the rule's advice to a proof.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>

#include "solver/manifest.hpp"
#include "solver/prover.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using solver::Verdict;

namespace {

const fs::path kBucketPolicy = fs::path("prod-account") / "prod-data-bucket-policy.json";

std::vector<linter::Finding> iam401_findings(const fs::path& file) {
  const linter::Rule* rule = registry().find("IAM401");
  REQUIRE(rule != nullptr);
  return run_fixture(file, {rule}, Sidecar{}).result.findings;
}

// The statement the finding's message tells the user to add: the JSON object after its last "add ".
nlohmann::json suggested_statement(const linter::Finding& finding) {
  std::size_t at = finding.message.rfind("add {");
  REQUIRE(at != std::string::npos);
  return nlohmann::json::parse(finding.message.substr(at + 4));
}

// The verdict of the example's "only ProdS3RWRole can write prod-data-bucket" for the environment in `dir`.
Verdict only_role_can_write(const fs::path& dir) {
  solver::Environment env;
  auto error = solver::load_environment((dir / "environment.yaml").string(), env);
  INFO((error ? error->describe() : std::string()));
  REQUIRE_FALSE(error);
  solver::PropertiesFile file = solver::load_properties((dir / "properties.yaml").string());
  REQUIRE(file.errors.empty());
  solver::Prover prover(env, solver::ProverOptions{});
  for (const solver::Property& p : file.properties) {
    if (!p.name.starts_with("only ProdS3RWRole can write")) continue;
    solver::PropertyResult r = prover.prove(p);
    CHECK_FALSE(r.replay_mismatch);
    return r.verdict;
  }
  FAIL("no property 'only ProdS3RWRole can write' in " << dir);
  return Verdict::Unknown;
}

fs::path fresh_temp_dir() {
  std::random_device random;
  return fs::temp_directory_path() / ("iamlint-iam401-" + std::to_string(random()));
}

// A copy of a fixture folder in a fresh temporary directory, removed with the object.
struct TempCopy {
  fs::path root;
  explicit TempCopy(const fs::path& from) : root(fresh_temp_dir()) {
    fs::create_directories(root);
    fs::copy(from, root / from.filename(), fs::copy_options::recursive);
  }
  ~TempCopy() {
    std::error_code ignored;
    fs::remove_all(root, ignored);
  }
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;
};

}  // namespace

TEST_CASE("IAM401 on the example: lint flags the bucket policy whose 'only' claim the prover refutes, and the "
          "statement it suggests makes the claim proved",
          "[prover]") {
  fs::path example = source_dir() / "fixtures" / "cross-account";

  // (1) lint reports IAM401 on the bucket policy's Allow, with the Deny to add.
  std::vector<linter::Finding> findings = iam401_findings(example / kBucketPolicy);
  REQUIRE(findings.size() == 1);
  const linter::Finding& f = findings[0];
  CHECK(f.pointer == "/Statement/0");
  CHECK(f.message_id == std::string_view("allow-meant-to-restrict"));
  nlohmann::json deny = suggested_statement(f);
  CHECK(deny == nlohmann::json::parse(R"({"Sid": "EnforceAllowOnlyProdS3RWRole", "Effect": "Deny", "Principal": "*",
      "Action": "s3:*", "Resource": ["arn:aws:s3:::prod-data-bucket", "arn:aws:s3:::prod-data-bucket/*"],
      "Condition": {"ArnNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::222222222222:role/ProdS3RWRole"]}}})"));

  // (2) the prover refutes the claim the policy's Id and Sid make.
  CHECK(only_role_can_write(example) == Verdict::Refuted);

  // (3) the example with the suggested statement appended to the bucket policy: the claim is proved, and IAM401
  // has nothing left to say.
  TempCopy copy(example);
  fs::path fixed = copy.root / "cross-account";
  fs::path bucket_policy = fixed / kBucketPolicy;
  nlohmann::json policy = nlohmann::json::parse(read_file(bucket_policy));
  policy["Statement"].push_back(deny);
  write_file(bucket_policy, policy.dump(2) + "\n");
  CHECK(only_role_can_write(fixed) == Verdict::Proved);
  CHECK(iam401_findings(bucket_policy).empty());
}

TEST_CASE("IAM401: the enforced example, whose Deny the prover suggested, gives nothing") {
  CHECK(iam401_findings(source_dir() / "fixtures" / "cross-account-enforced" / "prod-data-bucket-policy.json")
            .empty());
}

TEST_CASE("IAM401: every suggested statement, added to its fixture, clears the finding") {
  fs::path bad = source_dir() / "fixtures" / "rules" / "IAM401-allow-meant-to-restrict" / "bad";
  for (const fs::path& file : fixture_files(bad)) {
    INFO(relative_path(file));
    std::vector<linter::Finding> findings = iam401_findings(file);
    REQUIRE_FALSE(findings.empty());
    nlohmann::json policy = nlohmann::json::parse(read_file(file));
    std::vector<nlohmann::json> denies;
    for (const linter::Finding& f : findings) denies.push_back(suggested_statement(f));
    for (const nlohmann::json& d : denies) policy["Statement"].push_back(d);
    linter::FileResult again = lint_text(policy.dump(2), {}, {registry().find("IAM401")}, file.filename().string());
    CHECK(again.findings.empty());
  }
}
