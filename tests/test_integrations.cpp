// What ships around the program: the man page and completions generated from its options, the pre-commit hooks and
// the GitHub Action. Each is checked against the command line it describes, so that neither can drift from it.
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <regex>
#include <set>

#include "tests/json_schema.hpp"
#include "tests/run_support.hpp"

using namespace iamlint::testing;

namespace {

// A shell command's exit code and standard output.
CliRun sh(const std::string& command) {
  CliRun r;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
  int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

bool have(const std::string& program) { return sh("command -v " + program + " >/dev/null 2>&1").code == 0; }

std::string shell_word(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string source_path(const std::string& relative) { return (source_dir() / relative).string(); }

// The program as the tests see it: every rule, and the hidden generator.
CliRun iamlint_cli(const std::vector<std::string>& args) { return run_cli(registry().all(), args); }

// The options a command's --help lists (its own -h/--help left out), from CLI11's formatter.
std::set<std::string> help_options(const std::string& help) {
  std::set<std::string> out;
  static const std::regex kOptionLine(R"(^  (-[-A-Za-z0-9,]+))");
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kOptionLine)) continue;
    std::stringstream names(m[1].str());
    for (std::string name; std::getline(names, name, ',');) {
      if (name != "-h" && name != "--help") out.insert(name);
    }
  }
  return out;
}

// The subcommands `iamlint --help` lists.
std::vector<std::string> help_subcommands(const std::string& help) {
  std::vector<std::string> out;
  std::istringstream lines(help.substr(help.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.rfind("  ", 0) == 0) out.push_back(line.substr(2, line.find(' ', 2) - 2));
  return out;
}

// The options one command's section of the man page describes (`\fB\-\-format\fR`), hyphens unescaped.
std::set<std::string> man_options(const std::string& man, const std::string& command) {
  std::size_t begin = man.find(".SS \"iamlint " + command + "\"");
  REQUIRE(begin != std::string::npos);
  std::size_t end = man.find("\n.S", begin + 1);
  std::string section = man.substr(begin, end - begin);
  std::set<std::string> out;
  static const std::regex kName(R"(\\fB((\\-)+[A-Za-z0-9\\-]+)\\fR)");
  for (auto it = std::sregex_iterator(section.begin(), section.end(), kName); it != std::sregex_iterator(); ++it) {
    out.insert(std::regex_replace((*it)[1].str(), std::regex(R"(\\-)"), "-"));
  }
  return out;
}

// What a bash completion offers, one a line, for the words typed so far (the last one being completed).
std::string bash_complete(const std::string& script_file, const std::string& words) {
  std::string command = "source " + script_file + "; COMP_WORDS=(" + words +
                        "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _iamlint; printf '%s\\n' \"${COMPREPLY[@]}\"";
  CliRun r = sh("bash -c " + shell_word(command));
  REQUIRE(r.code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("the man page describes every command and exactly the options of each") {
  CliRun man = iamlint_cli({"generate", "man"});
  REQUIRE(man.code == 0);
  CHECK(man.out.rfind(".TH IAMLINT 1 \"\" \"iamlint " + std::string(iamlint::linter::kVersion) + "\"", 0) == 0);
  CliRun help = iamlint_cli({"--help"});
  std::vector<std::string> commands = help_subcommands(help.out);
  std::vector<std::string> sections;
  static const std::regex kSection(R"(\n\.SS "iamlint ([a-z-]+)\")");
  for (auto it = std::sregex_iterator(man.out.begin(), man.out.end(), kSection); it != std::sregex_iterator(); ++it) {
    sections.push_back((*it)[1].str());
  }
  CHECK(sections == commands);
  CHECK(std::count(commands.begin(), commands.end(), "lint") == 1);  // the help was read
  for (const std::string& command : commands) {
    INFO(command);
    CHECK(man_options(man.out, command) == help_options(iamlint_cli({command, "--help"}).out));
  }
  CHECK(man_options(man.out, "lint").count("--fail-on") == 1);  // the sets above are not both empty
  // The generator is hidden from both.
  CHECK(help.out.find("generate") == std::string::npos);
  CHECK(man.out.find("generate") == std::string::npos);
  for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS", ".SH EXIT STATUS",
                              ".SH FILES\n.TP\n.I .iamlint.yaml", ".SH SEE ALSO"}) {
    CHECK(man.out.find(section) != std::string::npos);
  }
  CHECK(iamlint_cli({"generate", "completion", "tcsh"}).code == 2);
}

TEST_CASE("groff renders the man page without a warning") {
  if (!have("groff")) {
    WARN("groff is not installed: the man page's rendering is not checked");
    return;
  }
  TempDir dir;
  std::string page = dir.write("iamlint.1", iamlint_cli({"generate", "man"}).out);
  CliRun r = sh("groff -man -Tutf8 -ww -z " + shell_word(page) + " 2>&1");
  CHECK(r.code == 0);
  CHECK(r.out.empty());
}

TEST_CASE("the bash completion completes commands, options and their values") {
  TempDir dir;
  std::string script = dir.write("iamlint.bash", iamlint_cli({"generate", "completion", "bash"}).out);
  CHECK(sh("bash -n " + shell_word(script)).code == 0);
  CHECK(bash_complete(script, "iamlint li") == "lint\n");
  CHECK(bash_complete(script, "iamlint e") == "explain\nexpand\n");
  CHECK(bash_complete(script, "iamlint lint --fa") == "--fail-on\n");
  CHECK(bash_complete(script, "iamlint lint --format ''") == "text\njson\nsarif\njunit\nmarkdown\nhtml\n");
  CHECK(bash_complete(script, "iamlint lint --color a") == "auto\nalways\n");
  CHECK(bash_complete(script, "iamlint lint --jobs ''") == "\n");  // a number: nothing to offer
  CHECK(bash_complete(script, "iamlint rules ''") == "\n");
  // Files, for a path: the completion runs in the scratch directory.
  dir.write("policies/a.json", "{}");
  CHECK(sh("cd " + shell_word(dir.path().string()) + " && bash -c " +
           shell_word(
               "source iamlint.bash; COMP_WORDS=(iamlint lint pol); COMP_CWORD=2; _iamlint; echo \"${COMPREPLY[@]}\""))
            .out == "policies\n");
}

TEST_CASE("the zsh and fish completions parse, and fish completes commands and option values") {
  TempDir dir;
  if (have("zsh")) {
    std::string script = dir.write("_iamlint", iamlint_cli({"generate", "completion", "zsh"}).out);
    CHECK(sh("zsh -n " + shell_word(script)).code == 0);
  } else {
    WARN("zsh is not installed: its completion is not checked");
  }
  if (!have("fish")) {
    WARN("fish is not installed: its completion is not checked");
    return;
  }
  std::string script = dir.write("iamlint.fish", iamlint_cli({"generate", "completion", "fish"}).out);
  CHECK(sh("fish -n " + shell_word(script)).code == 0);
  auto complete = [&script](const std::string& line) {
    return sh("fish -c " + shell_word("source " + script + "; complete -C " + shell_word(line))).out;
  };
  CHECK(complete("iamlint li") == "lint\tCheck policy files and directories\n");
  CHECK(complete("iamlint lint --format ") ==
        "html\tOutput format on standard output\njson\tOutput format on standard output\njunit\tOutput format on "
        "standard output\nmarkdown\tOutput format on standard output\nsarif\tOutput format on standard output\n"
        "text\tOutput format on standard output\n");
}

namespace {

// pre-commit's choice of files for a hook: `files` searched (Python's re.search), and `types` by the extensions that
// pre-commit's `identify` gives those types.
bool selects(const YAML::Node& hook, const std::string& path) {
  if (hook["files"] && !std::regex_search(path, std::regex(hook["files"].as<std::string>()))) return false;
  if (!hook["types"]) return true;
  for (const YAML::Node& type : hook["types"]) {
    std::string t = type.as<std::string>();
    bool ok = (t == "json" && std::regex_search(path, std::regex(R"(\.json$)"))) ||
              (t == "yaml" && std::regex_search(path, std::regex(R"(\.ya?ml$)"))) || t == "file";
    if (!ok) return false;
  }
  return true;
}

YAML::Node hook(const YAML::Node& hooks, const std::string& id) {
  for (const YAML::Node& h : hooks) {
    if (h["id"].as<std::string>() == id) return h;
  }
  FAIL("no hook " << id);
  return {};
}

// The built program, run as pre-commit runs a hook: its entry, then its args, then the file names.
int run_hook(const YAML::Node& hook, const std::vector<std::string>& args, const std::vector<std::string>& files) {
  std::string entry = hook["entry"].as<std::string>();
  REQUIRE(entry.rfind("iamlint ", 0) == 0);
  std::string command = shell_word(IAMLINT_BINARY) + entry.substr(7);
  for (const std::string& a : args) command.append(" ").append(shell_word(a));
  for (const std::string& f : files) command.append(" ").append(shell_word(source_path(f)));
  return sh(command + " >/dev/null 2>&1").code;
}

}  // namespace

TEST_CASE("the pre-commit hooks run iamlint with options it takes, on the files they are meant for") {
  YAML::Node hooks = YAML::LoadFile(source_path(".pre-commit-hooks.yaml"));
  std::vector<std::string> ids;
  for (const YAML::Node& h : hooks) {
    ids.push_back(h["id"].as<std::string>());
    for (const char* key : {"name", "entry", "language", "minimum_pre_commit_version"}) {
      INFO(ids.back() << " " << key);
      CHECK(h[key].IsScalar());
    }
    CHECK(h["language"].as<std::string>() == "system");
  }
  CHECK(ids == std::vector<std::string>{"iamlint", "iamlint-templates", "iamlint-prove"});

  const std::string policy = "fixtures/cross-account/prod-account/ProdS3RWRole-trust-policy.json";
  const std::string clean = "fixtures/rules/IAM001-missing-version/good/01-current-version.json";
  const std::string template_file = "fixtures/cross-account/prod-account/template.yaml";
  const std::string properties = "fixtures/cross-account/properties.yaml";
  struct Selection {
    std::string hook, path;
    bool selected;
  };
  for (const Selection& s : std::vector<Selection>{
           {"iamlint", policy, true},
           {"iamlint", "policies/readonly.json", true},
           {"iamlint", "iam/roles/deploy.json", true},
           {"iamlint", "package.json", false},
           {"iamlint", template_file, false},
           {"iamlint", "README.md", false},
           {"iamlint", "policies/README.md", false},
           {"iamlint-templates", template_file, true},
           {"iamlint-templates", "fixtures/cross-account/dev-account/template.yaml", true},
           {"iamlint-templates", "infra/network.template", true},
           {"iamlint-templates", "cfn/stack.json", true},
           {"iamlint-templates", policy, false},
           {"iamlint-templates", "package.json", false},
           {"iamlint-templates", "README.md", false},
           {"iamlint-prove", properties, true},
           {"iamlint-prove", "checks/prod-properties.yml", true},
           {"iamlint-prove", "fixtures/cross-account/environment.yaml", false},
           {"iamlint-prove", "README.md", false},
       }) {
    INFO(s.hook << " on " << s.path);
    CHECK(selects(hook(hooks, s.hook), s.path) == s.selected);
  }

  const YAML::Node lint = hook(hooks, "iamlint");
  CHECK(run_hook(lint, {}, {policy}) == 1);  // IAM220 whole-account-trust
  CHECK(run_hook(lint, {}, {clean, clean}) == 0);
  const YAML::Node templates = hook(hooks, "iamlint-templates");
  CHECK(run_hook(templates, {}, {template_file, properties}) == 1);
  CHECK(run_hook(templates, {}, {properties}) == 0);  // not a template: skipped

  // The user's args come before the hook's own (--properties), which must stay last: docs/integrations.md.
  const YAML::Node prove = hook(hooks, "iamlint-prove");
  std::vector<std::string> args = prove["args"].as<std::vector<std::string>>();
  CHECK(args == std::vector<std::string>{"--properties"});
  std::vector<std::string> user_args = {"--env", source_path("fixtures/cross-account/environment.yaml"),
                                        "--properties"};
  CHECK(run_hook(prove, user_args, {properties}) == 1);  // two claims refuted
  user_args[1] = source_path("fixtures/cross-account-enforced/environment.yaml");
  CHECK(run_hook(prove, user_args, {"fixtures/cross-account-enforced/properties.yaml"}) == 0);
}

namespace {

// scripts/action-run as the action runs it, with the built program first on PATH.
CliRun action_run(const std::string& env) {
  std::string bin_dir = std::filesystem::path(IAMLINT_BINARY).parent_path().string();
  return sh("env PATH=" + shell_word(bin_dir) + ":\"$PATH\" " + env + " " +
            shell_word(source_path("scripts/action-run")) + " run 2>&1");
}

}  // namespace

TEST_CASE("the GitHub Action declares what it uses, and its script runs iamlint with the action's inputs") {
  std::string text = read_file(source_dir() / "action.yml");
  YAML::Node action = YAML::Load(text);
  CHECK(action["runs"]["using"].as<std::string>() == "composite");
  std::set<std::string> declared, used;
  for (const auto& input : action["inputs"]) declared.insert(input.first.as<std::string>());
  static const std::regex kInput(R"(\$\{\{[^}]*\binputs\.([A-Za-z0-9_-]+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kInput); it != std::sregex_iterator(); ++it) {
    used.insert((*it)[1].str());
  }
  CHECK(used == declared);
  CHECK(declared == std::set<std::string>{"args", "fail-on", "sarif", "upload-sarif", "version"});
  static const std::regex kScript(R"(\$GITHUB_ACTION_PATH/([^"' ]+))");
  std::set<std::string> scripts;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kScript); it != std::sregex_iterator(); ++it) {
    scripts.insert((*it)[1].str());
  }
  CHECK(scripts == std::set<std::string>{"scripts/action-run"});
  for (const std::string& script : scripts) CHECK(::access(source_path(script).c_str(), X_OK) == 0);

  std::string bad = shell_word("lint " + source_path("fixtures/malformed/11-bom.json"));
  std::string clean =
      shell_word("lint " + source_path("fixtures/rules/IAM001-missing-version/good/01-current-version.json"));
  CHECK(action_run("INPUT_SARIF= INPUT_ARGS=" + bad).code == 1);
  CHECK(action_run("INPUT_SARIF= INPUT_ARGS=" + clean).code == 0);
  CHECK(action_run("INPUT_SARIF= INPUT_FAIL_ON=none INPUT_ARGS=" + bad).code == 0);
  CHECK(action_run("INPUT_SARIF= INPUT_ARGS=" + shell_word("lint --no-such-option .")).code == 2);

  TempDir dir;
  std::string sarif = dir / "out/iamlint.sarif";
  std::filesystem::create_directories(dir.path() / "out");
  std::string outputs = dir.write("github-output", "");
  CHECK(action_run("INPUT_SARIF=" + shell_word(sarif) + " GITHUB_OUTPUT=" + shell_word(outputs) + " INPUT_ARGS=" + bad)
            .code == 1);
  CHECK(read_file(outputs) == "exit-code=1\nsarif=" + sarif + "\n");
  CHECK(read_file(sarif).find("\"IAM006\"") != std::string::npos);
  CHECK(sarif_errors(read_file(sarif)).empty());
}
