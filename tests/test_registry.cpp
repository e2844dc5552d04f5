// Keeps rules, fixtures, docs pages and the generated index in step, with no orphans.
// IAMLINT_BLESS=1 rewrites the generated docs (pages and index).
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "linter/output.hpp"
#include "linter/rule_docs.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;

namespace {

char category_digit(linter::Category c) {
  switch (c) {
    case linter::Category::Structure: return '0';
    case linter::Category::Validity: return '1';
    case linter::Category::Security: return '2';
    case linter::Category::Hygiene: return '3';
    case linter::Category::Semantic: return '4';
  }
  return '?';
}

std::string folder_of(const linter::RuleMeta& m) { return std::string(m.id) + "-" + std::string(m.name); }

// The docs example: the first bad fixture, its real output, and the first good fixture.
std::optional<linter::RuleExample> example_of(const linter::Rule& rule) {
  fs::path dir = source_dir() / "fixtures" / "rules" / folder_of(rule.meta());
  auto bad = fixture_files(dir / "bad");
  auto good = fixture_files(dir / "good");
  if (bad.empty()) return std::nullopt;
  Sidecar sidecar = read_sidecar(fs::path(bad[0]).replace_extension(".expected"));
  Run run = run_fixture(bad[0], {&rule}, sidecar);
  linter::LintResult result;
  result.files.push_back(std::move(run.result));
  std::ostringstream out;
  linter::write_text(out, result, false);
  linter::RuleExample ex;
  ex.bad_name = relative_path(bad[0]);
  if (sidecar.policy_type) ex.options = "--policy-type " + std::string(linter::policy_type_name(*sidecar.policy_type));
  if (sidecar.holder) {
    ex.options += (ex.options.empty() ? "" : " ") + std::string("--policy-holder ") +
                  std::string(linter::policy_holder_name(*sidecar.holder));
  }
  if (sidecar.input_type) {
    if (!ex.options.empty()) ex.options += ' ';
    ex.options += "--input-type ";
    ex.options += linter::input_type_name(*sidecar.input_type);
  }
  if (sidecar.config) {
    ex.config_name = relative_path(*sidecar.config);
    ex.options += (ex.options.empty() ? "" : " ") + std::string("--config ") + ex.config_name;
    ex.config_text = read_file(*sidecar.config);
  }
  ex.bad_text = read_file(bad[0]);
  ex.output = out.str();
  if (!good.empty()) {
    ex.good_name = relative_path(good[0]);
    ex.good_text = read_file(good[0]);
  }
  return ex;
}

void check_generated(const fs::path& path, const std::string& expected, bool bless) {
  if (bless) write_file(path, expected);
  INFO(relative_path(path) << " is generated: run IAMLINT_BLESS=1 build/tests/iamlint_tests to refresh it");
  REQUIRE(fs::exists(path));
  CHECK(read_file(path) == expected);
}

}  // namespace

TEST_CASE("rule metadata is complete and consistent") {
  const auto& rules = registry().all();
  REQUIRE(!rules.empty());
  std::set<std::string_view> ids, names;
  std::string_view previous;
  std::regex id_re("IAM[0-9]{3}"), kebab_re("[a-z0-9]+(-[a-z0-9]+)*");
  for (const linter::Rule* r : rules) {
    const linter::RuleMeta& m = r->meta();
    INFO(m.id);
    CHECK(std::regex_match(std::string(m.id), id_re));
    CHECK(std::regex_match(std::string(m.name), kebab_re));
    CHECK(m.name.substr(0, 3) != "no-");
    CHECK(m.id > previous);  // sorted by id, no duplicates
    previous = m.id;
    CHECK(ids.insert(m.id).second);
    CHECK(names.insert(m.name).second);
    CHECK(m.id[3] == category_digit(m.category));
    CHECK(!m.summary.empty());
    CHECK(!m.description.empty());
    CHECK(!m.rationale.empty());
    CHECK(!m.fix.empty());
    CHECK(!m.references.empty());
    REQUIRE(!m.messages.empty());
    std::set<std::string_view> message_ids;
    for (const auto& msg : m.messages) {
      CHECK(std::regex_match(std::string(msg.id), kebab_re));
      CHECK(message_ids.insert(msg.id).second);
      CHECK(!msg.text.empty());
    }
  }
}

TEST_CASE("every message of every rule is exercised by a fixture") {
  for (const linter::Rule* r : registry().all()) {
    const linter::RuleMeta& m = r->meta();
    fs::path bad = source_dir() / "fixtures" / "rules" / folder_of(m) / "bad";
    std::set<std::string> seen;
    for (const fs::path& file : fixture_files(bad)) {
      for (const std::string& row : read_sidecar(fs::path(file).replace_extension(".expected")).rows) {
        seen.insert(row.substr(row.rfind(' ') + 1));
      }
    }
    for (const auto& msg : m.messages) {
      INFO(m.id << " message " << msg.id);
      CHECK(seen.count(std::string(msg.id)) == 1);
    }
  }
}

TEST_CASE("fixture folders and docs pages belong to rules") {
  std::set<std::string> folders, pages;
  for (const linter::Rule* r : registry().all()) {
    folders.insert(folder_of(r->meta()));
    pages.insert(linter::rule_page_name(r->meta()));
  }
  for (const auto& e : fs::directory_iterator(source_dir() / "fixtures" / "rules")) {
    INFO("orphan fixture folder " << e.path().filename());
    CHECK(folders.count(e.path().filename().string()) == 1);
  }
  for (const auto& e : fs::directory_iterator(source_dir() / "docs" / "rules")) {
    std::string name = e.path().filename().string();
    if (name == "README.md") continue;
    INFO("orphan docs page " << name);
    CHECK(pages.count(name) == 1);
  }
  for (const std::string& f : folders) {
    INFO("missing fixture folder " << f);
    CHECK(fs::is_directory(source_dir() / "fixtures" / "rules" / f));
  }
}

TEST_CASE("docs pages and the rule index are generated from the rules") {
  fs::path docs = source_dir() / "docs" / "rules";
  for (const linter::Rule* r : registry().all()) {
    check_generated(docs / linter::rule_page_name(r->meta()), linter::rule_page(r->meta(), example_of(*r)),
                    bless_rule(r->meta().id));
  }
  check_generated(docs / "README.md", linter::rule_index(registry().all()), bless_mode());
}
