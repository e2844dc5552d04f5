// The solver's part of a report: property results in the writers' terms, and the access graph of the running
// example, each node and edge exact.
#include <catch2/catch.hpp>
#include <algorithm>
#include <sstream>

#include "linter/cli.hpp"
#include "solver/manifest.hpp"
#include "solver/prove_command.hpp"
#include "solver/report_builder.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

std::string example(const std::string& name) { return (source_dir() / "fixtures" / name).string(); }

std::vector<std::string> described(const linter::AccessGraph& g) {
  std::vector<std::string> out;
  for (const linter::GraphNode& n : g.nodes) {
    out.push_back("node " + std::string(linter::node_kind_name(n.kind)) + " " + n.id + " risk " +
                  std::to_string(n.risk));
  }
  for (const linter::GraphEdge& e : g.edges) {
    out.push_back("edge " + std::string(linter::edge_kind_name(e.kind)) + " " + e.from + " -> " + e.to + " [" +
                  e.label + "]" + (e.cross_account ? " cross-account" : "") + (e.on_path ? " on-path" : ""));
  }
  return out;
}

const std::string kDev = "arn:aws:iam::111111111111:user/dev-user";
const std::string kOps = "arn:aws:iam::111111111111:user/ops-user";
const std::string kGroup = "arn:aws:iam::111111111111:group/Developers";
const std::string kRole = "arn:aws:iam::222222222222:role/ProdS3RWRole";
const std::string kBucket = "arn:aws:s3:::prod-data-bucket";

}  // namespace

TEST_CASE("the access graph of the example: who may become whom, and reach what, decided by the evaluator",
          "[report][graph]") {
  solver::Environment env;
  REQUIRE_FALSE(solver::load_environment(example("cross-account/environment.yaml"), env, nullptr));
  linter::AccessGraph g = solver::access_graph(env, {}, nullptr);
  CHECK(described(g) == std::vector<std::string>{
                            "node account account:111111111111 risk 0",
                            "node account account:222222222222 risk 0",
                            "node group " + kGroup + " risk 0",
                            "node user " + kDev + " risk 0",
                            "node user " + kOps + " risk 0",
                            "node role " + kRole + " risk 0",
                            "node resource " + kBucket + " risk 0",
                            "edge member " + kDev + " -> " + kGroup + " [member of]",
                            // The trust policy names DevAccount's root: any principal there that its own
                            // account allows may assume the role.
                            "edge assume account:111111111111 -> " + kRole + " [trusts the whole account] cross-account",
                            // Decided: the Developers group policy allows it, and the trust policy admits it.
                            "edge assume " + kDev + " -> " + kRole + " [sts:AssumeRole] cross-account",
                            // The bucket policy's Allow of s3:* to the role grants every S3 action on the bucket
                            // and its objects (same account: the resource policy alone suffices).
                            "edge access " + kRole + " -> " + kBucket +
                                " [List, Permissions management, Read, Tagging, Write (180 actions)]",
                        });
  CHECK(g.accounts == std::vector<std::pair<std::string, std::string>>{{"111111111111", "DevAccount"},
                                                                        {"222222222222", "ProdAccount"}});
  CHECK(g.notes.empty());
}

TEST_CASE("the graph's risk: lint findings colour the policies' holders, a counterexample draws its path",
          "[report][graph]") {
  solver::ProveArgs prove;
  prove.env = example("cross-account/environment.yaml");
  prove.properties = {example("cross-account/properties.yaml")};
  prove.progress = linter::ProgressMode::Never;
  std::ostringstream err;
  std::optional<solver::ProveRun> run = solver::run_prove(prove, err);
  REQUIRE(run);
  run->env_path = prove.env;
  linter::LintArgs lint;
  lint.paths = {example("cross-account/prod-account/ProdS3RWRole-trust-policy.json"),
                example("cross-account/prod-account/prod-data-bucket-policy.json")};
  lint.progress = linter::ProgressMode::Never;
  lint.no_config = true;
  std::optional<linter::LintRun> linted = linter::run_lint(lint, registry().all(), err);
  REQUIRE(linted);
  linter::Report report = linter::lint_report(*linted, lint);
  solver::add_to_report(*run, report, true);
  REQUIRE(report.graph);
  REQUIRE(report.properties.size() == 5);
  CHECK(report.properties[0].verdict == linter::PropertyVerdict::Refuted);
  CHECK(report.properties[0].at.begin.line == 7);

  auto node = [&](const std::string& id) -> const linter::GraphNode& {
    for (const linter::GraphNode& n : report.graph->nodes) {
      if (n.id == id) return n;
    }
    FAIL("no node " << id);
    return report.graph->nodes.front();
  };
  // The trust policy's security findings (a whole account trusted without MFA or an external id) would make the
  // role 2; the refuted Developers claim's counterexample (an unlisted user of DevAccount assumes it) makes it 3.
  CHECK(node(kRole).risk == 3);
  CHECK(std::find_if(node(kRole).notes.begin(), node(kRole).notes.end(), [](const std::string& n) {
          return n.starts_with("IAM2");
        }) != node(kRole).notes.end());
  CHECK(node(kBucket).risk == 3);
  CHECK(node("account:222222222222").risk == 3);  // its root user writes the bucket
  CHECK(node("account:111111111111").risk == 3);  // an unlisted user there assumes the role
  CHECK(node(kDev).risk == 0);
  std::vector<std::string> on_path;
  for (const linter::GraphEdge& e : report.graph->edges) {
    if (e.on_path) on_path.push_back(e.from + " -> " + e.to + " [" + e.label + "]");
  }
  CHECK(on_path == std::vector<std::string>{"account:111111111111 -> " + kRole + " [trusts the whole account]",
                                            "account:222222222222 -> " + kBucket + " [s3:PutObject]"});
}
