// The running two-account example, with every rule on: each policy gives exactly the findings beside it.
#include <catch2/catch.hpp>

#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

TEST_CASE("the cross-account example gives exactly its expected findings") {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(source_dir() / "fixtures" / "cross-account")) {
    std::string ext = e.path().extension().string();
    // The environment manifests (docs/environment.md) and the properties (docs/properties.md) describe the example
    // for the solver: no lint input.
    std::string name = e.path().filename().string();
    if (name.starts_with("environment") || name.starts_with("properties")) continue;
    if (e.is_regular_file() && (ext == ".json" || ext == ".yaml")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() == 9);
  for (const fs::path& file : files) {
    check_with_all_rules(file);
  }
}

TEST_CASE("the account dumps give the same findings as the bare policies they hold") {
  // Same rule, message, and pointer inside the policy: only the place in the file and the label differ.
  auto key = [](const linter::Finding& f) {
    return std::string(f.rule->id) + " " + f.pointer + " " + std::string(f.message_id) + " " + f.message;
  };
  Sidecar none;
  fs::path prod = source_dir() / "fixtures" / "cross-account" / "prod-account";
  Run bare = run_fixture(prod / "ProdS3RWRole-trust-policy.json", registry().all(), none);
  Run dump = run_fixture(prod / "authorization-details.json", registry().all(), none);
  REQUIRE(bare.result.findings.size() == 1);
  CHECK(bare.result.findings[0].rule->id == std::string_view("IAM220"));
  std::vector<const linter::Finding*> trust;
  for (const linter::Finding& f : dump.result.findings) {
    if (f.label == "role ProdS3RWRole, trust policy") trust.push_back(&f);
  }
  REQUIRE(trust.size() == 1);
  CHECK(key(*trust[0]) == key(bare.result.findings[0]));
  CHECK(trust[0]->policy == "/RoleDetailList/0/AssumeRolePolicyDocument");
  // Every policy in the dumps, bare or dumped, gives the same findings.
  for (const char* account : {"dev-account", "prod-account"}) {
    INFO(account);
    fs::path dir = source_dir() / "fixtures" / "cross-account" / account;
    std::vector<std::string> from_files, from_dump;
    for (const fs::path& file : fixture_files(dir)) {
      if (file.extension() != ".json" || file.filename() == "authorization-details.json" ||
          file.filename() == "prod-data-bucket-policy.json") {
        continue;
      }
      for (const linter::Finding& f : run_fixture(file, registry().all(), none).result.findings) {
        from_files.push_back(key(f));
      }
    }
    for (const linter::Finding& f : run_fixture(dir / "authorization-details.json", registry().all(), none)
                                        .result.findings) {
      from_dump.push_back(key(f));
    }
    std::sort(from_files.begin(), from_files.end());
    std::sort(from_dump.begin(), from_dump.end());
    CHECK(joined(from_dump) == joined(from_files));
  }
}

TEST_CASE("each account's CloudFormation template gives the same findings as the bare policies it declares") {
  // The templates write the ARNs with !Sub, !GetAtt and !Join, and one policy as JSON text in a literal block: the
  // rules see through all of it to the same findings, with nothing reported for the values left symbolic. IAM401's
  // message repeats the principals and resources in the Deny it suggests, which the template leaves symbolic
  // (${ProdS3RWRole.Arn}): its text is checked below, not against the bare policy's.
  auto key = [](const linter::Finding& f) {
    std::string k = std::string(f.rule->id) + " " + f.pointer + " " + std::string(f.message_id);
    return f.rule->id == std::string_view("IAM401") ? k : k + " " + f.message;
  };
  Sidecar none;
  for (const char* account : {"dev-account", "prod-account"}) {
    INFO(account);
    fs::path dir = source_dir() / "fixtures" / "cross-account" / account;
    std::vector<std::string> from_files, from_template;
    for (const fs::path& file : fixture_files(dir)) {
      if (file.extension() != ".json" || file.filename() == "authorization-details.json") continue;
      for (const linter::Finding& f : run_fixture(file, registry().all(), none).result.findings) {
        from_files.push_back(key(f));
      }
    }
    Run tmpl = run_fixture(dir / "template.yaml", registry().all(), none);
    CHECK(tmpl.result.problems.empty());
    for (const linter::Finding& f : tmpl.result.findings) from_template.push_back(key(f));
    std::sort(from_files.begin(), from_files.end());
    std::sort(from_template.begin(), from_template.end());
    CHECK(joined(from_template) == joined(from_files));
  }
  // The prod findings name the resources that hold the policies.
  Run prod = run_fixture(source_dir() / "fixtures" / "cross-account" / "prod-account" / "template.yaml",
                         registry().all(), none);
  std::vector<std::string> labels;
  for (const linter::Finding& f : prod.result.findings) labels.push_back(std::string(f.rule->id) + " " + f.label);
  CHECK(labels == std::vector<std::string>{"IAM220 AWS::IAM::Role ProdS3RWRole, trust policy",
                                           "IAM225 AWS::S3::BucketPolicy ProdDataBucketPolicy, bucket policy",
                                           "IAM401 AWS::S3::BucketPolicy ProdDataBucketPolicy, bucket policy",
                                           "IAM201 AWS::S3::BucketPolicy ProdDataBucketPolicy, bucket policy"});
  // The Deny IAM401 suggests, in the template's own terms, at the statement (the `- Sid:` item).
  const linter::Finding& restrict = prod.result.findings[2];
  CHECK(restrict.begin.line == 56);
  CHECK(restrict.begin.column == 13);
  CHECK(restrict.message.ends_with(
      "add {\"Sid\": \"EnforceAllowOnlyProdS3RWRole\", \"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": "
      "\"s3:*\", \"Resource\": [\"${ProdDataBucket.Arn}\", \"${ProdDataBucket.Arn}/*\"], \"Condition\": "
      "{\"ArnNotEquals\": {\"aws:PrincipalArn\": [\"${ProdS3RWRole.Arn}\"]}}}"));
}

TEST_CASE("IAM401 reports the example's bucket policy, and not the enforced one") {
  // The bucket policy is an Allow whose Id and Sid say "only": it is reported at the statement in both forms that
  // hold it (the bare file and the prod template; the account dumps hold IAM policies only). The enforced example
  // adds the Deny that keeps everybody else out.
  const linter::Rule* rule = registry().find("IAM401");
  REQUIRE(rule != nullptr);
  Sidecar none;
  fs::path prod = source_dir() / "fixtures" / "cross-account" / "prod-account";
  auto rows = [&](const fs::path& file) { return joined(run_fixture(file, {rule}, none).rows); };
  CHECK(rows(prod / "prod-data-bucket-policy.json") == "IAM401 /Statement/0 5:5 allow-meant-to-restrict\n");
  CHECK(rows(prod / "template.yaml") ==
        "IAM401 /Resources/ProdDataBucketPolicy/Properties/PolicyDocument /Statement/0 56:13 allow-meant-to-restrict"
        " | AWS::S3::BucketPolicy ProdDataBucketPolicy, bucket policy\n");
  CHECK(rows(prod / "authorization-details.json").empty());
  CHECK(rows(source_dir() / "fixtures" / "cross-account-enforced" / "prod-data-bucket-policy.json").empty());
}
