// `iamlint audit` (docs/audit.md): the escalation paths and principal findings of the fixtures, compared exactly
// with their expected.txt, every path replayed through the evaluator, and the command's exit codes.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "linter/cli.hpp"
#include "solver/audit.hpp"
#include "solver/audit_command.hpp"
#include "solver/audit_methods.hpp"
#include "solver/evaluator.hpp"
#include "solver/manifest.hpp"
#include "solver/report_command.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

// "arn:aws:iam::123456789012:role/service-role/worker" -> "role/worker"; kAdminNode -> "admin".
std::string short_name(std::string_view arn) {
  if (arn == linter::kAdminNode) return "admin";
  std::size_t colon = arn.rfind(':');
  std::string_view rest = colon == std::string_view::npos ? arn : arn.substr(colon + 1);
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::string(rest);
  return std::string(rest.substr(0, slash)) + "/" + std::string(rest.substr(rest.rfind('/') + 1));
}

// The audit in the notation of the fixtures' expected.txt (fixtures/audit/escalation/expected.txt says how).
std::set<std::string> render(const linter::AuditReport& report) {
  std::set<std::string> out;
  // (Appends rather than chains of +: GCC 12's -Wrestrict misreads those.)
  for (const std::string& a : report.admins) out.insert(std::string("admin ").append(short_name(a)));
  for (const linter::AuditPath& p : report.paths) {
    std::string line = std::string("path ").append(short_name(p.principal));
    for (const linter::AuditStep& s : p.steps) {
      line.append(" ").append(s.method);
      if (!s.via.empty()) line.append("@").append(short_name(s.via));
      line.append(">").append(short_name(s.to));
    }
    out.insert(line);
  }
  for (const linter::AuditFinding& f : report.findings) {
    out.insert(std::string("finding ").append(f.kind).append(" ").append(short_name(f.principal)));
  }
  return out;
}

std::set<std::string> expected_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  REQUIRE(in);
  std::set<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (std::size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string word, normal;
    while (words >> word) normal += (normal.empty() ? "" : " ") + word;
    if (!normal.empty()) out.insert(normal);
  }
  return out;
}

linter::AuditReport audit_of(const std::filesystem::path& manifest, solver::Environment& env) {
  auto error = solver::load_environment(manifest.string(), env);
  INFO((error ? error->describe() : std::string()));
  REQUIRE_FALSE(error);
  return solver::audit(env);
}

void check_fixture(const std::filesystem::path& manifest, const std::filesystem::path& expected) {
  solver::Environment env;
  linter::AuditReport report = audit_of(manifest, env);
  std::set<std::string> want = expected_lines(expected), got = render(report);
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  INFO("expected but not found:\n  " + [&] {
    std::string s;
    for (const std::string& m : missing) s += m + "\n  ";
    return s;
  }());
  INFO("found but not expected:\n  " + [&] {
    std::string s;
    for (const std::string& m : extra) s += m + "\n  ";
    return s;
  }());
  CHECK(missing.empty());
  CHECK(extra.empty());
  // Every step of every path is a set of requests the evaluator allows on replay, located in the files.
  for (const linter::AuditPath& p : report.paths) {
    INFO(p.principal);
    REQUIRE_FALSE(p.steps.empty());
    CHECK(p.steps.front().from == p.principal);
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const linter::AuditStep& s = p.steps[i];
      if (i + 1 < p.steps.size()) CHECK(s.to == p.steps[i + 1].from);
      REQUIRE(solver::find_method(s.method) != nullptr);
      REQUIRE_FALSE(s.requests.empty());
      for (const linter::RequestStep& q : s.requests) {
        CHECK(q.allowed);
        CHECK(q.decision == "Allowed");
        REQUIRE_FALSE(q.deciding.empty());
        CHECK(q.deciding.front().located());
      }
    }
    CHECK(p.steps.back().to == p.target);
  }
}

std::filesystem::path fixtures() { return source_dir() / "fixtures"; }

int run(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "iamlint");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream o, e;
  int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), o, e,
                             {solver::audit_command(), solver::report_command()});
  out = o.str();
  err = e.str();
  return code;
}

}  // namespace

TEST_CASE("audit: the escalation fixture, one principal per method and its near-misses, exactly as expected") {
  check_fixture(fixtures() / "audit" / "escalation" / "environment.yaml",
                fixtures() / "audit" / "escalation" / "expected.txt");
}

TEST_CASE("audit: the principal findings fixture, exactly as expected") {
  check_fixture(fixtures() / "audit" / "principals" / "environment.yaml",
                fixtures() / "audit" / "principals" / "expected.txt");
}

TEST_CASE("audit: the two-account example trusts the whole of DevAccount and has no escalation path") {
  check_fixture(fixtures() / "cross-account" / "environment.yaml", fixtures() / "cross-account" / "expected-audit.txt");
}

TEST_CASE("audit: with iam:PutRolePolicy on itself, dev-user -> ProdS3RWRole -> administrator, every step located") {
  std::filesystem::path dir = fixtures() / "cross-account-escalation";
  check_fixture(dir / "environment.yaml", dir / "expected.txt");
  solver::Environment env;
  linter::AuditReport report = audit_of(dir / "environment.yaml", env);
  auto it = std::find_if(report.paths.begin(), report.paths.end(), [](const linter::AuditPath& p) {
    return p.principal == "arn:aws:iam::111111111111:user/dev-user";
  });
  REQUIRE(it != report.paths.end());
  REQUIRE(it->steps.size() == 2);
  const linter::AuditStep& assume = it->steps[0];
  CHECK(assume.method == "assume-role");
  CHECK(assume.to == "arn:aws:iam::222222222222:role/ProdS3RWRole");
  REQUIRE(assume.requests.size() == 1);
  CHECK(assume.requests[0].principal == "arn:aws:iam::111111111111:user/dev-user");
  CHECK(assume.requests[0].action == "sts:AssumeRole");
  CHECK(assume.requests[0].resource == "arn:aws:iam::222222222222:role/ProdS3RWRole");
  // Cross-account: both the group's identity policy and the trust policy decide.
  std::set<std::string> files;
  for (const linter::SourceRef& r : assume.requests[0].deciding) files.insert(r.path.substr(r.path.rfind('/') + 1));
  CHECK(files == std::set<std::string>{"ProdS3RWRole-trust-policy.json", "developers-group-policy.json"});
  const linter::AuditStep& rewrite = it->steps[1];
  CHECK(rewrite.method == "put-role-policy");
  CHECK(rewrite.to == linter::kAdminNode);
  REQUIRE(rewrite.requests.size() == 1);
  CHECK(rewrite.requests[0].principal == "arn:aws:sts::222222222222:assumed-role/ProdS3RWRole/iamlint-audit");
  CHECK(rewrite.requests[0].action == "iam:PutRolePolicy");
  CHECK(rewrite.requests[0].resource == "arn:aws:iam::222222222222:role/ProdS3RWRole");
}

TEST_CASE("audit: the method table is consistent") {
  std::set<std::string_view> ids;
  for (const solver::EscalationMethod& m : solver::escalation_methods()) {
    INFO(m.id);
    CHECK(ids.insert(m.id).second);
    CHECK_FALSE(m.requests[0].action.empty());
    CHECK((m.target == solver::MethodTarget::ServiceRole) == !m.service.empty());
    if (m.target == solver::MethodTarget::ServiceRole) CHECK(m.requests[0].action == "iam:PassRole");
    for (const solver::MethodRequest& r : m.requests) {
      if (r.on == solver::On::New) CHECK(r.resource.find("${account}") != std::string_view::npos);
    }
  }
  CHECK(ids.size() >= 35);
}

TEST_CASE("audit command: exit codes, --fail-on, and a located error for a bad manifest") {
  std::string out, err;
  std::string manifest = (fixtures() / "cross-account" / "environment.yaml").string();
  CHECK(run({"audit", "--env", manifest}, out, err) == 1);  // trusts-whole-account is a security finding
  CHECK(out.find("[trusts-whole-account] role ProdS3RWRole trusts the whole of account DevAccount (111111111111)") !=
        std::string::npos);
  CHECK(out.find("ProdS3RWRole-trust-policy.json:4:5") != std::string::npos);
  CHECK(run({"audit", "--env", manifest, "--fail-on", "error"}, out, err) == 0);
  CHECK(run({"audit", "--env", manifest, "--fail-on", "none"}, out, err) == 0);
  CHECK(run({"audit", "--env", (fixtures() / "environment" / "errors" / "unknown-key.yaml").string()}, out, err) == 2);
  CHECK(err.find("unknown-key.yaml:") != std::string::npos);
  CHECK(run({"audit", "--env", manifest, "--crown-jewel", "s3:PutObject"}, out, err) == 2);
  CHECK(err.find("--crown-jewel takes 'ACTION RESOURCE'") != std::string::npos);
}

TEST_CASE("audit: a crown jewel makes the principals allowed it targets") {
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment((fixtures() / "cross-account" / "environment.yaml").string(), env));
  solver::AuditOptions options;
  options.crown_jewels.emplace_back("s3:PutObject", "arn:aws:s3:::prod-data-bucket/reports/q3.csv");
  linter::AuditReport report = solver::audit(env, options);
  // ProdS3RWRole may write the bucket, so it is a target, and dev-user reaches it by assuming it; ops-user (no
  // policy of its own, though the trust names its account) does not.
  CHECK(report.admins.empty());
  REQUIRE(report.paths.size() == 1);
  CHECK(report.paths[0].principal == "arn:aws:iam::111111111111:user/dev-user");
  CHECK(report.paths[0].target == "arn:aws:iam::222222222222:role/ProdS3RWRole");
}

TEST_CASE("audit: docs/audit.md lists every method and every finding kind") {
  std::ifstream in(source_dir() / "docs" / "audit.md");
  REQUIRE(in);
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const solver::EscalationMethod& m : solver::escalation_methods()) {
    INFO(m.id);
    CHECK(doc.find("| `" + std::string(m.id) + "` |") != std::string::npos);
  }
  for (const char* kind : {"escalation-path", "admin-without-mfa", "service-assumable-admin", "trusts-whole-account",
                           "trusts-everyone", "trust-outside-organization", "circular-access", "dangling-trust"}) {
    INFO(kind);
    CHECK(doc.find(std::string("\n### ") + kind + "\n") != std::string::npos);
  }
}

TEST_CASE("report --audit: the audit joins the reviewer's report and its exit code") {
  std::string out, err;
  std::string manifest = (fixtures() / "cross-account-escalation" / "environment.yaml").string();
  CHECK(run({"report", "--env", manifest, "--audit", "--format", "text", "--fail-on", "error"}, out, err) == 0);
  CHECK(out.find("[escalation-path] user dev-user can become an administrator in 2 steps") != std::string::npos);
  // The lint findings of the example are security findings, so only --fail-on error isolates the audit's part: with
  // the default the run fails, whoever fails it.
  CHECK(run({"report", "--env", manifest, "--audit", "--format", "text"}, out, err) == 1);
  CHECK(run({"report", "fixtures/cross-account/prod-account", "--audit", "--format", "text"}, out, err) == 2);
  CHECK(err.find("--audit needs --env ENV") != std::string::npos);
}
