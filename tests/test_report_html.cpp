// The HTML report (docs/report.md): what it says of the running example, that no input can inject markup, that it
// loads nothing, that it is deterministic, and both layouts of the access graph.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "linter/report_html.hpp"
#include "solver/report_command.hpp"
#include "tests/report_example.hpp"
#include "tests/run_support.hpp"

using namespace iamlint;
using namespace iamlint::linter;
using namespace iamlint::testing;

namespace {

std::string html_of(const Report& report, const HtmlOptions& options = {}) {
  std::ostringstream out;
  write_html(out, report, options);
  return out.str();
}

std::size_t occurrences(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The example's report, linted from the source tree so that it names the files as a user there would.
std::string example_html(const HtmlOptions& options = {}) {
  InDirectory in(source_dir());
  auto example = cross_account_example();
  return html_of(example->report, options);
}

// The simple layout, and dot's when it is installed.
std::vector<HtmlOptions> both_layouts() {
  std::vector<HtmlOptions> out = {HtmlOptions{}};
  if (std::optional<std::string> dot = find_dot()) out.push_back(HtmlOptions{dot});
  return out;
}

// Sets an environment variable for a scope, restoring what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string executable(const TempDir& dir, const std::string& name, const std::string& script) {
  std::string path = dir.write(name, script);
  ::chmod(path.c_str(), 0755);
  return path;
}

constexpr const char* kHostile = "<script>alert(1)</script>";
// Tries to end a quoted DOT string and add a node of its own.
constexpr const char* kQuoteBreak = "\"];x[label=\"<script>alert(1)</script>";

// A report whose every string from the inputs tries to leave its place.
struct HostileReport {
  LintResult lint;
  Report report;
  HostileReport() {
    static const RuleMeta rule{.id = "IAM999",
                               .name = "x\"><script>alert(1)</script>",
                               .severity = Severity::Error,
                               .category = Category::Security,
                               .summary = "",
                               .description = "",
                               .rationale = "",
                               .fix = "",
                               .messages = {},
                               .equivalents = {},
                               .references = {}};
    FileResult file;
    file.path = "policies/\" onmouseover=\"alert(1)<script>alert(1)</script>.json";
    Finding f;
    f.rule = &rule;
    f.severity = Severity::Error;
    f.message = std::string("message ") + kHostile;
    f.label = std::string("role ") + kHostile;
    f.begin = {1, 1};
    f.end = {1, 2};
    file.findings.push_back(f);
    lint.files.push_back(file);
    report.tool_version = kHostile;
    report.lint = &lint;
    report.environment = kHostile;
    PropertyReport p;
    p.name = kHostile;
    p.kind = kHostile;
    p.verdict = PropertyVerdict::Refuted;
    p.summary = kHostile;
    RequestStep step;
    step.principal = std::string("arn:aws:iam::111111111111:user/") + kHostile;
    step.action = kHostile;
    step.resource = kHostile;
    step.context = {{kHostile, {kHostile}}};
    step.reason = kHostile;
    step.decision = kHostile;
    step.deciding = {{kHostile, {3, 4}, {3, 5}, kHostile}};
    p.steps = {step};
    p.who = {{kHostile, {step}}};
    p.suggestion = kHostile;
    report.properties.push_back(p);
    AccessGraph g;
    g.accounts = {{"111111111111", kHostile}};
    g.nodes = {{std::string("arn:") + kHostile, kHostile, NodeKind::User, "111111111111", 3, {kHostile}},
               {"b", "</script><script>alert(2)</script>", NodeKind::Role, "222222222222", 0, {}}};
    g.edges = {{std::string("arn:") + kHostile, "b", EdgeKind::Assume, true, 1, kQuoteBreak, true}};
    report.graph = g;
  }
};

// The example's graph: every kind of edge, cross-account and on a counterexample.
AccessGraph example_graph() {
  InDirectory in(source_dir());
  return *cross_account_example()->report.graph;
}

}  // namespace

TEST_CASE("the html report's summary counts the example's findings and properties", "[report][html]") {
  std::string html = example_html();
  CHECK(occurrences(html, "<div class=\"card error\"><div class=\"n\">0</div><div class=\"k\">error</div>") == 1);
  CHECK(occurrences(html, "<div class=\"card security\"><div class=\"n\">3</div><div class=\"k\">security</div>") ==
        1);
  CHECK(occurrences(html, "<div class=\"card warning\"><div class=\"n\">0</div><div class=\"k\">warning</div>") == 1);
  CHECK(occurrences(html, "<div class=\"card suggestion\"><div class=\"n\">1</div><div class=\"k\">suggestion</div>") ==
        1);
  CHECK(occurrences(html, "<div class=\"card files\"><div class=\"n\">5</div><div class=\"k\">files checked</div>") ==
        1);
  CHECK(occurrences(html, "<div class=\"card proved\"><div class=\"n\">3</div><div class=\"k\">proved</div>") == 1);
  CHECK(occurrences(html, "<div class=\"card refuted\"><div class=\"n\">2</div><div class=\"k\">refuted</div>") == 1);
  CHECK(occurrences(html, "<div class=\"card unknown\"><div class=\"n\">0</div><div class=\"k\">unknown</div>") == 1);
  CHECK(occurrences(html, "<div class=\"n\">2</div><div class=\"k\">not as expected</div>") == 1);
  CHECK(occurrences(html, "<tr data-category=\"security\"><td>security</td><td class=\"n\">0</td><td class=\"n\">2</td>"
                          "<td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">3</td></tr>") == 1);
  CHECK(occurrences(html, "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td>"
                          "<td class=\"n\">0</td></tr>") == 3);
  CHECK(occurrences(html, "<tr data-category=\"semantic\"><td>semantic</td><td class=\"n\">0</td><td class=\"n\">1</td>"
                          "<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>") == 1);
  CHECK(occurrences(html, "<span class=\"status-pill fail\">FAIL</span><div class=\"why\">3 findings at or above "
                          "security; 2 properties not as expected</div>") == 1);
  CHECK(occurrences(html, "environment <code>fixtures/cross-account/environment.yaml</code>") == 1);
  CHECK(occurrences(html, "<h3>Environment</h3><div class=\"cards\"><div class=\"card env\"><div class=\"n\">2</div>"
                          "<div class=\"k\">accounts</div></div><div class=\"card env\"><div class=\"n\">7</div>"
                          "<div class=\"k\">principals</div></div><div class=\"card env\"><div class=\"n\">1</div>"
                          "<div class=\"k\">resources</div></div><div class=\"card env\"><div class=\"n\">3</div>"
                          "<div class=\"k\">cross-account edges</div></div></div>") == 1);
}

TEST_CASE("the html report has one row per finding, with its rule's page, its place and its source", "[report][html]") {
  std::string html = example_html();
  CHECK(occurrences(html, "<tr class=\"finding") == 4);
  const char* rows[][3] = {
      {"IAM220", "whole-account-trust", "fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json:8:16"},
      {"IAM225", "missing-secure-transport", "fixtures/cross-account/prod-account/prod-data-bucket-policy.json:4:3"},
      {"IAM401", "allow-meant-to-restrict", "fixtures/cross-account/prod-account/prod-data-bucket-policy.json:5:5"},
      {"IAM201", "service-wildcard-action", "fixtures/cross-account/prod-account/prod-data-bucket-policy.json:11:17"},
  };
  for (const auto& [id, name, at] : rows) {
    INFO(id);
    CHECK(occurrences(html, std::string("data-rule=\"") + id + "\"") == 1);
    CHECK(occurrences(html, std::string("<td class=\"loc\"><code>") + at + "</code></td>") == 1);
    CHECK(occurrences(html, std::string("<a href=\"https://github.com/iamlint/iamlint/blob/main/docs/rules/") + id +
                                "-" + name + ".md\">" + id + "</a>") == 1);
  }
  // Two lines of context each side, the finding's line marked, its token highlighted.
  CHECK(occurrences(html, "<pre class=\"excerpt\"><span class=\"l\"><span class=\"ln\">6</span>      &quot;Effect&quot;: "
                          "&quot;Allow&quot;,</span><span class=\"l\"><span class=\"ln\">7</span>      "
                          "&quot;Principal&quot;: {</span><span class=\"l hit\"><span class=\"ln\">8</span>        "
                          "&quot;AWS&quot;: <mark>&quot;arn:aws:iam::111111111111:root&quot;</mark></span><span "
                          "class=\"l\"><span class=\"ln\">9</span>      },</span><span class=\"l\"><span "
                          "class=\"ln\">10</span>      &quot;Action&quot;: &quot;sts:AssumeRole&quot;</span></pre>") ==
        1);
  CHECK(occurrences(html, "<mark>&quot;s3:*&quot;</mark>") == 1);
  // The filters list each rule and file once.
  CHECK(occurrences(html, "<option value=\"IAM201\">IAM201</option>") == 1);
  CHECK(occurrences(html, "<option value=\"fixtures/cross-account/prod-account/prod-data-bucket-policy.json\">") == 1);
}

TEST_CASE("the html report shows each property with its verdict, requests and suggestion", "[report][html]") {
  std::string html = example_html();
  CHECK(occurrences(html, "<article class=\"property refuted\"") == 2);
  CHECK(occurrences(html, "<article class=\"property proved\"") == 3);
  std::size_t first = html.find("<article class=\"property refuted\" id=\"property-1\">");
  REQUIRE(first != std::string::npos);
  std::string property = html.substr(first, html.find("</article>", first) - first);
  CHECK(occurrences(property, "<span class=\"verdict refuted\">REFUTED</span>") == 1);
  CHECK(occurrences(property, "<h4>Counterexample</h4><table class=\"steps\" id=\"property-1-steps\">") == 1);
  CHECK(occurrences(property, "<tr><td>1</td><td><code>arn:aws:iam::222222222222:root</code></td><td "
                              "class=\"action\"><code>s3:PutObject</code></td><td><code>"
                              "arn:aws:s3:::prod-data-bucket/example-object</code></td>") == 1);
  CHECK(occurrences(property, "<div><code>aws:MultiFactorAuthPresent</code> <span class=\"note\">(present)</span>") ==
        1);
  // The prover's words, then the statement a member a line, in the order the prover wrote its keys.
  CHECK(occurrences(property,
                    "<h4>Suggested statement</h4><p class=\"suggestion-words\">add this statement to the policy of "
                    "arn:aws:s3:::prod-data-bucket (fixtures/cross-account/prod-account/prod-data-bucket-policy.json):"
                    "</p><pre class=\"suggestion\"><code>{\n"
                    "  &quot;Action&quot;: [&quot;s3:PutObject&quot;, &quot;s3:DeleteObject&quot;],\n"
                    "  &quot;Condition&quot;: {\n"
                    "    &quot;StringNotEquals&quot;: {\n"
                    "      &quot;aws:PrincipalArn&quot;: [&quot;arn:aws:iam::222222222222:role/ProdS3RWRole&quot;]\n"
                    "    }\n"
                    "  },\n"
                    "  &quot;Effect&quot;: &quot;Deny&quot;,\n"
                    "  &quot;Principal&quot;: &quot;*&quot;,\n"
                    "  &quot;Resource&quot;: [&quot;arn:aws:s3:::prod-data-bucket/*&quot;],\n"
                    "  &quot;Sid&quot;: &quot;DenyAllButTheAllowedPrincipals&quot;\n"
                    "}</code></pre>") == 1);
  CHECK(occurrences(property, "the claim is <span class=\"verdict proved\">PROVED</span>") == 1);
  CHECK(occurrences(html, "<code>fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json:4:5</code> <span "
                          "class=\"note\">role ProdS3RWRole, trust policy</span>") == 2);
  CHECK(occurrences(html, "closed world") == 1);
}

TEST_CASE("no input can inject markup or script into the html report", "[report][html]") {
  HostileReport hostile;
  for (const HtmlOptions& options : both_layouts()) {
    INFO((options.dot ? "dot" : "simple"));
    std::string html = html_of(hostile.report, options);
    CHECK(html.find(kHostile) == std::string::npos);
    CHECK(html.find("alert(2)</script>") == std::string::npos);
    CHECK(html.find("\" onmouseover=\"") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    // Our two scripts only: the graph's data and the page's script.
    CHECK(occurrences(html, "<script") == 2);
    CHECK(occurrences(html, "</script>") == 2);
    CHECK(occurrences(html, "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e") >= 1);
  }
}

TEST_CASE("html escaping replaces what could open a tag or break the encoding", "[report][html]") {
  CHECK(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  CHECK(html_escape("ok\xff\x01\tz\xc3\xa9") == "ok\xEF\xBF\xBD\xEF\xBF\xBD\tz\xc3\xa9");
  CHECK(html_escape("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate is not UTF-8
  CHECK(script_json_escape(R"({"a":"</script>&"})") == R"({"a":"\u003c/script\u003e\u0026"})");
}

TEST_CASE("the html report loads nothing: no network address in what a browser fetches", "[report][html]") {
  for (const HtmlOptions& options : both_layouts()) {
    std::string html = example_html(options);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("url(http") == std::string::npos);
    // Every src= and href= that names an address is a link for people (<a>) to a rule's page.
    std::regex attribute(R"re(<([a-zA-Z]+)[^>]*\s(src|href|xlink:href)\s*=\s*"([^"]*)")re");
    std::size_t links = 0;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), attribute); it != std::sregex_iterator(); ++it) {
      std::string tag = (*it)[1], value = (*it)[3];
      INFO(tag << " " << value);
      CHECK((*it)[2] != "src");
      if (value.starts_with("#")) continue;
      CHECK(tag == "a");
      CHECK(value.starts_with(std::string(kDocsBase) + "docs/rules/"));
      ++links;
    }
    CHECK(links == 4);
  }
}

TEST_CASE("the html report of the same inputs is the same bytes", "[report][html]") {
  CHECK(example_html() == example_html());
  if (std::optional<std::string> dot = find_dot()) CHECK(example_html({dot}) == example_html({dot}));
}

TEST_CASE("the html report leaves out what the run did not do", "[report][html]") {
  Report report;
  report.tool_version = "0.1.0";
  std::string html = html_of(report);
  CHECK(html.find("id=\"summary\"") != std::string::npos);
  CHECK(html.find("id=\"findings\"") == std::string::npos);
  CHECK(html.find("id=\"properties\"") == std::string::npos);
  CHECK(html.find("id=\"graph\"") == std::string::npos);
  CHECK(html.find("id=\"report-data\"") == std::string::npos);
  CHECK(html.find("<span class=\"status-pill pass\">PASS</span>") != std::string::npos);
  CHECK(html.find("document.body.dataset.ready = '1';") != std::string::npos);

  LintResult lint;
  report.lint = &lint;
  report.graph = AccessGraph{};  // an environment with nothing in it: nothing to draw
  html = html_of(report);
  CHECK(html.find("<section id=\"findings\"><h2>Findings</h2>\n<p class=\"note\">No findings.</p>") !=
        std::string::npos);
  CHECK(html.find("id=\"graph\"") == std::string::npos);
}

TEST_CASE("the html report shows a finding in a file it cannot read, without an excerpt", "[report][html]") {
  InDirectory in(source_dir());
  auto example = cross_account_example();
  FileResult gone = example->lint.files[2];
  gone.path = "fixtures/cross-account/no-such-file.json";
  example->lint.files = {gone};
  std::string html = html_of(example->report);
  CHECK(occurrences(html, "<tr class=\"finding") == 1);
  CHECK(occurrences(html, "<code>fixtures/cross-account/no-such-file.json:8:16</code>") == 1);
  CHECK(html.find("<pre class=\"excerpt\">") == std::string::npos);
}

TEST_CASE("the html report shows a window of a long line around the finding", "[report][html]") {
  TempDir dir;
  std::string padding(300, ' ');
  std::string text = "{\"Version\":\"2012-10-17\"," + padding + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                     "\"Resource\":\"*\"}]}";
  std::string path = dir.write("minified.json", text);
  LintResult lint;
  lint.files.push_back(lint_text(text, {}, {}, path));
  // The findings past the padding, so that the window starts after the line's beginning.
  std::erase_if(lint.files[0].findings, [](const Finding& f) { return f.begin.column < 300; });
  REQUIRE(!lint.files[0].findings.empty());
  Report report;
  report.lint = &lint;
  std::string html = html_of(report);
  std::size_t at = html.find("<pre class=\"excerpt\">");
  REQUIRE(at != std::string::npos);
  std::string excerpt = html.substr(at, html.find("</pre>", at) - at);
  CHECK(excerpt.find("2012-10-17") == std::string::npos);  // cut before
  CHECK(excerpt.find("<span class=\"ln\">1</span>\u2026") != std::string::npos);
  CHECK(excerpt.find("<mark>") != std::string::npos);
}

TEST_CASE("the simple layout draws a node per node and an edge per edge, cross-account ones marked",
          "[report][html]") {
  AccessGraph g = example_graph();
  std::string svg = graph_svg_simple(g);
  CHECK(svg.starts_with("<svg "));
  CHECK(svg.ends_with("</svg>"));
  CHECK(occurrences(svg, "<g id=\"n") == g.nodes.size());
  CHECK(occurrences(svg, "class=\"node kind-") == g.nodes.size());
  for (std::size_t i = 0; i < g.nodes.size(); ++i) CHECK(occurrences(svg, "<g id=\"n" + std::to_string(i) + "\"") == 1);
  CHECK(occurrences(svg, "class=\"edge ") == g.edges.size());
  CHECK(occurrences(svg, "<g id=\"e2\" class=\"edge assume risk-2 cross-account\">") == 1);
  CHECK(occurrences(svg, "<g id=\"e3\" class=\"edge assume risk-3 cross-account on-path\">") == 1);
  CHECK(occurrences(svg, "<g id=\"e0\" class=\"edge member risk-0\">") == 1);
  CHECK(occurrences(svg, " cross-account\">") + occurrences(svg, " cross-account on-path\">") == 3);
  CHECK(occurrences(svg, " on-path\"") == 2);
  CHECK(occurrences(svg, "class=\"cluster\"") == 2);
  CHECK(occurrences(svg, ">DevAccount (111111111111)</text>") == 1);
  // A graph whose edge names no node: the edge is left out, not drawn to nowhere.
  g.edges.push_back({"arn:aws:iam::999999999999:root", g.nodes[0].id, EdgeKind::Assume, true, 0, "", false});
  CHECK(occurrences(graph_svg_simple(g), "class=\"edge ") == g.edges.size() - 1);
}

TEST_CASE("the simple layout gives accounts only nodes name, and principals of no account, columns of their own",
          "[report][html]") {
  AccessGraph g = example_graph();
  g.nodes.push_back({"arn:aws:iam::333333333333:role/Audit", "Audit", NodeKind::Role, "333333333333", 0, {}});
  g.nodes.push_back({"service:ec2.amazonaws.com", "ec2.amazonaws.com", NodeKind::Service, "", 0, {}});
  g.nodes.push_back({"anyone", "anyone", NodeKind::Anyone, "", 3, {}});
  g.edges.push_back({"service:ec2.amazonaws.com", g.nodes[6].id, EdgeKind::Assume, true, 0, "sts:AssumeRole", false});
  g.edges.push_back({g.nodes[6].id, g.nodes[6].id, EdgeKind::Assume, false, 1, "sts:AssumeRole", false});
  std::string svg = graph_svg_simple(g);
  CHECK(occurrences(svg, "class=\"cluster\"") == 4);
  CHECK(occurrences(svg, ">Account 333333333333</text>") == 1);
  CHECK(occurrences(svg, ">Outside any account</text>") == 1);
  CHECK(occurrences(svg, "<g id=\"n") == g.nodes.size());
  CHECK(occurrences(svg, "class=\"edge ") == g.edges.size());
  // The columns in order: the listed accounts, then the one only a node names, then no account.
  CHECK(svg.find(">ProdAccount (222222222222)<") < svg.find(">Account 333333333333<"));
  CHECK(svg.find(">Account 333333333333<") < svg.find(">Outside any account<"));
}

TEST_CASE("the html report draws the graph with dot when it is there, else with the simple layout",
          "[report][html]") {
  AccessGraph g = example_graph();
  SECTION("no dot: the simple layout") {
    GraphPicture pic = graph_svg(g, std::nullopt, 1000);
    CHECK(pic.layout == GraphLayout::Simple);
    CHECK(pic.svg == graph_svg_simple(g));
    CHECK(example_html({std::nullopt}).find("<figure class=\"graph\" data-layout=\"simple\"><svg") !=
          std::string::npos);
  }
  SECTION("IAMLINT_DOT names the program, or none") {
    {
      ScopedEnv env("IAMLINT_DOT", "none");
      CHECK(find_dot() == std::nullopt);
    }
    {
      ScopedEnv env("IAMLINT_DOT", "/opt/graphviz/bin/dot");
      CHECK(find_dot() == std::optional<std::string>("/opt/graphviz/bin/dot"));
    }
    TempDir dir;
    executable(dir, "dot", "#!/bin/sh\nexit 0\n");
    ScopedEnv unset("IAMLINT_DOT", nullptr);
    ScopedEnv path("PATH", dir.path().c_str());
    CHECK(find_dot() == std::optional<std::string>(dir / "dot"));
  }
  SECTION("a dot that fails, hangs, or draws more than a picture: the simple layout") {
    TempDir dir;
    std::string missing = dir / "no-such-dot";
    std::string failing = executable(dir, "failing", "#!/bin/sh\necho '<svg></svg>'\nexit 1\n");
    std::string hanging = executable(dir, "hanging", "#!/bin/sh\nexec sleep 30\n");
    std::string scripted =
        executable(dir, "scripted", "#!/bin/sh\ncat >/dev/null\necho '<svg><script>alert(1)</script></svg>'\n");
    std::string linked =
        executable(dir, "linked", "#!/bin/sh\ncat >/dev/null\necho '<svg><a xlink:href=\"https://x\"/></svg>'\n");
    for (const std::string& program : {missing, failing, hanging, scripted, linked}) {
      INFO(program);
      auto start = std::chrono::steady_clock::now();
      CHECK(run_dot(program, graph_dot(g), 500) == std::nullopt);
      CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
      CHECK(graph_svg(g, program, 500).layout == GraphLayout::Simple);
    }
    std::string fake = executable(dir, "fake", "#!/bin/sh\ncat >/dev/null\nprintf '<?xml version=\"1.0\"?>\\n"
                                               "<!DOCTYPE svg>\\n<svg><g id=\"n0\"><title>n0</title></g></svg>\\n'\n");
    GraphPicture pic = graph_svg(g, fake, 2000);
    CHECK(pic.layout == GraphLayout::Dot);
    CHECK(pic.svg == "<svg><g id=\"n0\"><title>DevAccount root (account)\narn:aws:iam::111111111111:root</title></g>"
                     "</svg>");
  }
  SECTION("Graphviz's dot, when installed") {
    std::optional<std::string> dot = find_dot();
    if (!dot) {
      WARN("skipped: Graphviz's dot is not on PATH");
      return;
    }
    GraphPicture pic = graph_svg(g, dot, 20'000);
    REQUIRE(pic.layout == GraphLayout::Dot);
    CHECK(pic.svg.starts_with("<svg "));
    CHECK(pic.svg.find("<?xml") == std::string::npos);
    CHECK(pic.svg.find("<!DOCTYPE") == std::string::npos);
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      CHECK(occurrences(pic.svg, "<g id=\"n" + std::to_string(i) + "\" class=\"node") == 1);
    }
    for (std::size_t k = 0; k < g.edges.size(); ++k) {
      CHECK(occurrences(pic.svg, "<g id=\"e" + std::to_string(k) + "\" class=\"edge") == 1);
    }
    CHECK(occurrences(pic.svg, "cross&#45;account") == 3);
    CHECK(occurrences(pic.svg, "<title>ProdS3RWRole (role)\narn:aws:iam::222222222222:role/ProdS3RWRole\n") == 1);
    CHECK(example_html({dot}).find("<figure class=\"graph\" data-layout=\"dot\"><svg") != std::string::npos);
  }
}

TEST_CASE("the graph's DOT quotes every name and gives dot no markup of the inputs", "[report][html]") {
  HostileReport hostile;
  std::string dot = graph_dot(*hostile.report.graph);
  CHECK(dot.find("label=<<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>") != std::string::npos);
  CHECK(dot.find("label=<<b>&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</b>") != std::string::npos);
  CHECK(dot.find(R"(label="\"];x[label=\"<script>alert(1)</script>"];)") != std::string::npos);
  CHECK(dot.find("subgraph cluster_0 {\n    id=\"a0\"; label=\"<script>alert(1)</script> (111111111111)\"") !=
        std::string::npos);
  CHECK(occurrences(dot, " [id=") == 3);  // two nodes and the edge: no node of the input's making
}

TEST_CASE("the html report says when --fail-on none lets every finding pass, and what the graph leaves out",
          "[report][html]") {
  InDirectory in(source_dir());
  auto example = cross_account_example();
  example->report.fail_none = true;
  example->report.properties.clear();
  example->report.graph->notes = {"access edges left out: <many>"};
  std::string html = html_of(example->report);
  CHECK(html.find("<span class=\"status-pill pass\">PASS</span><div class=\"why\">no finding fails the run "
                  "(--fail-on none)</div>") != std::string::npos);
  CHECK(html.find("<ul class=\"graph-notes\"><li>access edges left out: &lt;many&gt;</li></ul>") != std::string::npos);
}

TEST_CASE("iamlint report writes the html report of the example, the same each time", "[report][html]") {
  InDirectory in(source_dir());
  auto run = [] {
    std::vector<std::string> args = {"iamlint", "report", "--env", "fixtures/cross-account/environment.yaml",
                                     "--properties", "fixtures/cross-account/properties.yaml", "--progress", "never"};
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::ostringstream out, err;
    int code = linter::run_cli(static_cast<int>(argv.size()), argv.data(), registry().all(), out, err,
                               {solver::report_command()});
    INFO(err.str());
    CHECK(code == 1);  // two claims of the example are false
    return out.str();
  };
  std::string html = run();
  CHECK(html == run());
  CHECK(html.starts_with("<!DOCTYPE html>\n"));
  CHECK(occurrences(html, "<tr class=\"finding") == 4);
  CHECK(occurrences(html, "<article class=\"property refuted\"") == 2);
  CHECK(occurrences(html, "<article class=\"property proved\"") == 3);
  CHECK(occurrences(html, "<h4>Counterexample</h4><table class=\"steps\" id=\"property-1-steps\">") == 1);
  CHECK(occurrences(html, "<tr><td>1</td><td><code>arn:aws:iam::222222222222:root</code></td>") == 1);
  CHECK(occurrences(html, "<p class=\"suggestion-words\">add this statement to the policy of "
                          "arn:aws:s3:::prod-data-bucket (fixtures/cross-account/prod-account/"
                          "prod-data-bucket-policy.json):</p>") == 1);
  CHECK(occurrences(html, "<section id=\"graph\">") == 1);
  CHECK(occurrences(html, "<script type=\"application/json\" id=\"report-data\">") == 1);
}
