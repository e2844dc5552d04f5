#include "linter/cli_docs.hpp"

#include <CLI/CLI.hpp>
#include <ostream>
#include <regex>
#include <sstream>

namespace iamlint::linter {

namespace {

// What the generators need of an option, read once from CLI11 so that each generator is a plain walk.
struct OptionDoc {
  std::vector<std::string> names;  // "-j", "--jobs"; empty for a positional
  std::string positional;          // its name, for a positional
  std::string value;               // "TEXT", "UINT"; empty for a flag
  std::vector<std::string> choices;
  std::string default_value;
  std::string description;
  bool repeatable = false;
  bool required = false;
  bool files = false;  // the value is a path, so that completion offers file names
};

struct CommandDoc {
  std::vector<std::string> path;  // {} for the program, {"lint"} for `iamlint lint`
  std::string description;
  std::vector<OptionDoc> options;  // those with names, in definition order
  std::vector<OptionDoc> positionals;
  std::vector<CommandDoc> children;
  std::string joined(char sep) const {
    std::string out;
    for (const std::string& p : path) out += (out.empty() ? "" : std::string(1, sep)) + p;
    return out;
  }
};

// CLI11 gives a validator to the outside only by its description: an IsMember check reads "{a,b,c}" in the type name
// ("TEXT:{a,b,c}"), which is parsed back here. A choice holding ',' or '}' would be split wrongly; iamlint has none.
std::vector<std::string> choices_of(const std::string& type_name) {
  std::vector<std::string> out;
  std::size_t open = type_name.find(":{");
  if (open == std::string::npos) return out;
  std::size_t close = type_name.find('}', open);
  std::stringstream ss(type_name.substr(open + 2, close - open - 2));
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

// CLI11 says "FILE", "PATH" or "DIR" for a value checked by ExistingFile and the like, or named so by type_name();
// else a text value whose description speaks of files or directories is taken at its word.
bool takes_path(const std::string& type_name, const std::string& description) {
  static const std::regex kPathType(R"(\b(FILE|PATH|DIR)\b)");
  static const std::regex kPathWords(R"(\b(file|files|directory|directories|manifest)\b)", std::regex::icase);
  if (std::regex_search(type_name, kPathType)) return true;
  return type_name.rfind("TEXT", 0) == 0 && std::regex_search(description, kPathWords);
}

OptionDoc option_doc(const CLI::Option& o) {
  OptionDoc d;
  for (const std::string& s : o.get_snames()) d.names.push_back("-" + s);
  for (const std::string& l : o.get_lnames()) d.names.push_back("--" + l);
  if (!o.nonpositional()) d.positional = o.get_name(true);
  if (o.get_type_size() > 0) {
    std::string type = o.get_type_name();
    d.value = type.substr(0, type.find(':'));
    d.choices = choices_of(type);
  }
  d.default_value = o.get_default_str();
  d.description = o.get_description();
  d.repeatable = o.get_items_expected_max() > 1 || o.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  d.required = o.get_required();
  d.files = d.choices.empty() && !d.value.empty() && takes_path(o.get_type_name(), d.description);
  return d;
}

// Hidden subcommands and options (an empty group) are left out, and so is each subcommand's own -h/--help, which the
// program's options already describe.
CommandDoc command_doc(const CLI::App& app, std::vector<std::string> path) {
  CommandDoc c;
  c.path = std::move(path);
  c.description = app.get_description();
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty() || (!c.path.empty() && o == app.get_help_ptr())) continue;
    (o->nonpositional() ? c.options : c.positionals).push_back(option_doc(*o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::vector<std::string> sub_path = c.path;
    sub_path.push_back(sub->get_name());
    c.children.push_back(command_doc(*sub, sub_path));
  }
  return c;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// ---- man page ----

// Text for roff: backslashes escaped, and the hyphens of a word that starts with one (an option) made minus signs,
// as man pages must for them to be searched and copied correctly.
std::string roff(std::string_view text) {
  std::string out;
  bool option_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    bool word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(' || text[i - 1] == '`';
    if (word_start) option_word = ch == '-';
    if (ch == ' ') option_word = false;
    if (ch == '\\')
      out += "\\e";
    else if (ch == '-' && option_word)
      out += "\\-";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string man_option_line(const OptionDoc& o) {
  std::string line;
  if (o.names.empty()) return "\\fI" + roff(o.positional) + "\\fR" + (o.repeatable ? "..." : "");
  for (const std::string& n : o.names) line += (line.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
  if (!o.value.empty()) line += " \\fI" + o.value + "\\fR";
  return line;
}

std::string man_option_text(const OptionDoc& o) {
  std::string text = o.description;
  auto add = [&text](const std::string& more) { text += (text.empty() || text.back() == '.' ? " " : ". ") + more; };
  if (!o.choices.empty()) {
    std::string list;
    for (const std::string& c : o.choices) list += (list.empty() ? "" : ", ") + c;
    add("One of: " + list + ".");
  }
  if (!o.default_value.empty()) add("Default: " + o.default_value + ".");
  if (o.repeatable && !o.names.empty() && o.description.find("repeat") == std::string::npos) add("May be repeated.");
  if (o.required && !o.names.empty()) add("Required.");
  return roff(text);
}

void man_command(const CommandDoc& c, std::ostream& out) {
  out << ".SS \"iamlint " << c.joined(' ') << "\"\n.B iamlint " << c.joined(' ') << '\n';
  if (!c.options.empty()) out << "[\\fIoptions\\fR]\n";
  if (!c.children.empty()) out << "\\fIcommand\\fR\n";
  for (const OptionDoc& p : c.positionals) {
    out << (p.required ? "" : "[") << man_option_line(p) << (p.required ? "" : "]") << '\n';
  }
  out << ".PP\n" << roff(c.description) << ".\n";
  for (const OptionDoc& o : c.positionals) out << ".TP\n" << man_option_line(o) << '\n' << man_option_text(o) << '\n';
  for (const OptionDoc& o : c.options) out << ".TP\n" << man_option_line(o) << '\n' << man_option_text(o) << '\n';
  for (const CommandDoc& child : c.children) man_command(child, out);
}

// ---- completions ----

std::string joined_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> child_names(const CommandDoc& c) {
  std::vector<std::string> names;
  for (const CommandDoc& child : c.children) names.push_back(child.path.back());
  return names;
}

template <typename F>
void each_command(const CommandDoc& c, F&& f) {
  f(c);
  for (const CommandDoc& child : c.children) each_command(child, f);
}

// bash: the command path is the run of subcommand names among the words before the cursor; then the previous word
// says whether an option's value is being completed.
void bash_command(const CommandDoc& c, std::ostream& out) {
  out << "    \"" << (c.path.empty() ? "" : " " + c.joined(' ')) << "\")\n";
  std::vector<std::string> words;
  std::ostringstream values;
  for (const OptionDoc& o : c.options) {
    words.insert(words.end(), o.names.begin(), o.names.end());
    if (o.value.empty()) continue;
    values << "        " << replace_all(joined_words(o.names), " ", "|") << ") ";
    if (!o.choices.empty())
      values << "_iamlint_reply -W \"" << joined_words(o.choices) << "\"; return ;;\n";
    else if (o.files)
      values << "_iamlint_files; return ;;\n";
    else
      values << "return ;;\n";
  }
  if (!values.str().empty()) out << "      case \"$prev\" in\n" << values.str() << "      esac\n";
  // Past the options, the first positional's values, else the subcommands.
  const OptionDoc* positional = c.positionals.empty() ? nullptr : &c.positionals.front();
  std::string rest;
  if (positional != nullptr && !positional->choices.empty())
    rest = "_iamlint_reply -W \"" + joined_words(positional->choices) + "\"";
  else if (positional != nullptr && positional->files)
    rest = "_iamlint_files";
  else if (!c.children.empty())
    rest = "_iamlint_reply -W \"" + joined_words(child_names(c)) + "\"";
  if (words.empty()) {
    out << "      " << (rest.empty() ? ":" : rest) << " ;;\n";
    return;
  }
  out << "      if [[ $cur == -* ]]; then\n        _iamlint_reply -W \"" << joined_words(words) << "\"\n";
  if (!rest.empty()) out << "      else\n        " << rest << '\n';
  out << "      fi ;;\n";
}

std::string bash_script(const CommandDoc& root) {
  std::ostringstream out;
  out << "# bash completion for iamlint; generated by `iamlint generate completion bash`, do not edit.\n"
         "_iamlint_reply() { mapfile -t COMPREPLY < <(compgen \"$@\" -- \"$cur\"); }\n"
         "_iamlint_files() { compopt -o filenames 2>/dev/null; _iamlint_reply -f; }\n"
         "_iamlint() {\n"
         "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=\"\" i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"$cmd ${COMP_WORDS[i]}\" in\n      ";
  std::string paths;
  each_command(root, [&paths](const CommandDoc& c) {
    if (!c.path.empty()) paths += std::string(paths.empty() ? "" : "|") + "\" " + c.joined(' ') + "\"";
  });
  out << paths << ") cmd=\"$cmd ${COMP_WORDS[i]}\" ;;\n    esac\n  done\n  case \"$cmd\" in\n";
  each_command(root, [&out](const CommandDoc& c) { bash_command(c, out); });
  out << "  esac\n}\ncomplete -F _iamlint iamlint\n";
  return out.str();
}

// zsh's _arguments specs: one function per command, the program's dispatching to its subcommands'.
std::string zsh_quote(const std::string& text) { return "'" + replace_all(text, "'", "'\\''") + "'"; }

std::string zsh_description(const std::string& text) {
  return replace_all(replace_all(replace_all(text, "\\", "\\\\"), "[", "\\["), "]", "\\]");
}

std::string zsh_action(const OptionDoc& o) {
  if (!o.choices.empty()) return "(" + joined_words(o.choices) + ")";
  return o.files ? "_files" : " ";
}

std::string zsh_function(const CommandDoc& c) { return "_iamlint" + replace_all("_" + c.joined('_'), "-", "_"); }

void zsh_command(const CommandDoc& c, std::ostream& out) {
  std::string name = c.path.empty() ? "_iamlint" : zsh_function(c);
  out << name << "() {\n";
  if (!c.children.empty()) {
    out << "  local curcontext=\"$curcontext\" state line\n  local -a commands=(\n";
    for (const CommandDoc& child : c.children) {
      out << "    " << zsh_quote(child.path.back() + ":" + replace_all(child.description, ":", "\\:")) << '\n';
    }
    out << "  )\n";
  }
  out << "  _arguments -s -S" << (c.children.empty() ? "" : " -C");
  for (const OptionDoc& o : c.options) {
    std::string exclusive = o.repeatable ? "*" : (o.names.size() > 1 ? "(" + joined_words(o.names) + ")" : "");
    for (const std::string& n : o.names) {
      std::string spec = exclusive + n + "[" + zsh_description(o.description) + "]";
      if (!o.value.empty()) spec += ":" + o.names.back().substr(2) + ":" + zsh_action(o);
      out << " \\\n    " << zsh_quote(spec);
    }
  }
  for (const OptionDoc& p : c.positionals) {
    out << " \\\n    "
        << zsh_quote((p.repeatable ? "*:"
                      : p.required ? ":"
                                   : "::") +
                     p.positional + ":" + zsh_action(p));
  }
  if (!c.children.empty()) {
    out << " \\\n    '1: :->command' \\\n    '*:: :->argument'\n"
        << "  case $state in\n    command) _describe -t commands 'iamlint command' commands ;;\n"
        << "    argument)\n      case $line[1] in\n";
    for (const CommandDoc& child : c.children) {
      out << "        " << child.path.back() << ") " << zsh_function(child) << " ;;\n";
    }
    out << "      esac ;;\n  esac\n";
  } else {
    out << '\n';
  }
  out << "}\n";
}

std::string zsh_script(const CommandDoc& root) {
  std::ostringstream out;
  out << "#compdef iamlint\n# zsh completion for iamlint; generated by `iamlint generate completion zsh`, do not "
         "edit.\n";
  // Children first, so that each function exists before the program's runs.
  std::vector<const CommandDoc*> commands;
  each_command(root, [&commands](const CommandDoc& c) { commands.push_back(&c); });
  for (auto it = commands.rbegin(); it != commands.rend(); ++it) zsh_command(**it, out);
  out << "_iamlint \"$@\"\n";
  return out.str();
}

// fish: one `complete` line per subcommand and per option, each under the condition that its command was typed.
std::string fish_quote(const std::string& text) {
  return "'" + replace_all(replace_all(text, "\\", "\\\\"), "'", "\\'") + "'";
}

std::string fish_condition(const CommandDoc& c) {
  if (c.path.empty()) return "__fish_use_subcommand";
  std::string out;
  for (const std::string& p : c.path) out += (out.empty() ? "" : "; and ") + ("__fish_seen_subcommand_from " + p);
  return out;
}

std::string fish_script(const CommandDoc& root) {
  std::ostringstream out;
  out << "# fish completion for iamlint; generated by `iamlint generate completion fish`, do not edit.\n"
         "complete -c iamlint -f\n";
  each_command(root, [&out](const CommandDoc& c) {
    std::string condition = fish_condition(c);
    std::string children_condition = condition;
    if (!c.path.empty() && !c.children.empty()) {
      children_condition += "; and not __fish_seen_subcommand_from " + joined_words(child_names(c));
    }
    for (const CommandDoc& child : c.children) {
      out << "complete -c iamlint -n " << fish_quote(children_condition) << " -a " << child.path.back() << " -d "
          << fish_quote(child.description) << '\n';
    }
    for (const OptionDoc& o : c.options) {
      out << "complete -c iamlint -n " << fish_quote(condition);
      for (const std::string& n : o.names) out << (n.size() == 2 ? " -s " : " -l ") << n.substr(n.size() == 2 ? 1 : 2);
      if (!o.choices.empty())
        out << " -x -a " << fish_quote(joined_words(o.choices));
      else if (o.files)
        out << " -r -F";
      else if (!o.value.empty())
        out << " -x";
      out << " -d " << fish_quote(o.description) << '\n';
    }
    for (const OptionDoc& p : c.positionals) {
      if (!p.choices.empty())
        out << "complete -c iamlint -n " << fish_quote(condition) << " -a " << fish_quote(joined_words(p.choices))
            << '\n';
      else if (p.files)
        out << "complete -c iamlint -n " << fish_quote(condition) << " -F\n";
    }
  });
  return out.str();
}

}  // namespace

std::string man_page(const CLI::App& app, std::string_view version) {
  CommandDoc root = command_doc(app, {});
  std::string summary = root.description;
  if (summary.rfind("iamlint: ", 0) == 0) summary.erase(0, 9);
  std::ostringstream out;
  // No date, so that the page is the same for every build of a version.
  out << ".TH IAMLINT 1 \"\" \"iamlint " << version << "\" \"User Commands\"\n"
      << ".SH NAME\niamlint \\- " << roff(summary) << '\n'
      << ".SH SYNOPSIS\n.B iamlint\n\\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n.br\n"
      << ".B iamlint\n\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n"
      << ".SH DESCRIPTION\n\\fBiamlint\\fR is " << roff(summary)
      << ". It reads policy files, AWS CLI outputs, CloudFormation templates and Terraform plans, finds mistakes and "
         "risks in them, and proves or refutes claims about who can do what. It runs offline: the AWS service "
         "catalog is built in.\n.PP\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR.\n.SH OPTIONS\n";
  for (const OptionDoc& o : root.options) out << ".TP\n" << man_option_line(o) << '\n' << man_option_text(o) << '\n';
  out << ".SH COMMANDS\n";
  for (const CommandDoc& c : root.children) man_command(c, out);
  out << ".SH EXIT STATUS\n"
         ".TP\n.B 0\nClean: no finding at or above \\fB\\-\\-fail\\-on\\fR; every property came out as expected.\n"
         ".TP\n.B 1\nFindings at or above \\fB\\-\\-fail\\-on\\fR (default: security), or a property that did not "
         "come out as expected, or new access found by \\fBdiff\\fR.\n"
         ".TP\n.B 2\nAn input or usage error; also a property not decided (see \\fBprove \\-\\-unknown\\-exit\\fR).\n"
         ".SH FILES\n.TP\n.I .iamlint.yaml\nThe configuration of \\fBiamlint lint\\fR (rules, severities, "
         "suppressions, baseline): the nearest one from the current directory up, unless \\fB\\-\\-config\\fR or "
         "\\fB\\-\\-no\\-config\\fR is given.\n"
         ".SH SEE ALSO\nThe guides in \\fI/usr/share/doc/iamlint/\\fR: docs/usage.md (options, policy types), "
         "docs/configuration.md (\\fI.iamlint.yaml\\fR), docs/inputs.md, docs/prove.md, docs/properties.md, "
         "docs/environment.md, docs/simulate.md, docs/integrations.md (pre\\-commit, CI) and docs/rules/.\n"
         ".PP\n\\fBiamlint rules\\fR lists the rules; \\fBiamlint explain\\fR \\fIRULE\\fR prints one rule's page.\n";
  return out.str();
}

std::string completion_script(const CLI::App& app, std::string_view shell) {
  CommandDoc root = command_doc(app, {});
  if (shell == "bash") return bash_script(root);
  if (shell == "zsh") return zsh_script(root);
  if (shell == "fish") return fish_script(root);
  return "";
}

GenerateCommand::GenerateCommand(CLI::App& app, std::string_view version) : app_(app), version_(version) {
  command_ = app.add_subcommand("generate", "Print the man page or a shell completion script")->group("");
  command_->require_subcommand(1);
  man_ = command_->add_subcommand("man", "The man page (roff)");
  command_->add_subcommand("completion", "A shell completion script")
      ->add_option("shell", shell_, "The shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
}

GenerateCommand::operator bool() const { return static_cast<bool>(*command_); }

int GenerateCommand::run(std::ostream& out) const {
  out << (*man_ ? man_page(app_, version_) : completion_script(app_, shell_));
  return 0;
}

}  // namespace iamlint::linter
