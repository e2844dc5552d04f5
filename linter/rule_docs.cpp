#include "linter/rule_docs.hpp"

namespace iamlint::linter {

std::string rule_page_name(const RuleMeta& meta) {
  return std::string(meta.id) + "-" + std::string(meta.name) + ".md";
}

std::string rule_page(const RuleMeta& m, const std::optional<RuleExample>& example) {
  std::string out;
  out += "# " + std::string(m.id) + " " + std::string(m.name) + "\n\n";
  out += std::string(m.summary) + "\n\n";
  out += "Default severity: **" + std::string(severity_name(m.severity)) + "** · Category: " +
         std::string(category_name(m.category)) + "\n\n";
  out += "## What it flags\n\n" + std::string(m.description) + "\n\n";
  out += "Messages:\n\n";
  for (const MessageDef& msg : m.messages) out += "- `" + std::string(msg.id) + "`: " + std::string(msg.text) + "\n";
  out += "\n## Why it matters\n\n" + std::string(m.rationale) + "\n\n";
  out += "## Example\n\n";
  if (example) {
    out += "`" + example->bad_name + "`:\n\n```json\n" + example->bad_text;
    if (!example->bad_text.empty() && example->bad_text.back() != '\n') out += '\n';
    out += "```\n\n";
    if (!example->config_name.empty()) {
      out += "`" + example->config_name + "`:\n\n```yaml\n" + example->config_text;
      if (!example->config_text.empty() && example->config_text.back() != '\n') out += '\n';
      out += "```\n\n";
    }
    out += "```console\n$ iamlint lint --only " + std::string(m.id) + " " +
           (example->options.empty() ? "" : example->options + " ") + example->bad_name + "\n" +
           example->output + "```\n\n";
  } else {
    out += "See the fixtures under `fixtures/rules/" + std::string(m.id) + "-" + std::string(m.name) + "/`.\n\n";
  }
  out += "## Use instead\n\n" + std::string(m.fix) + "\n\n";
  if (example && !example->good_text.empty()) {
    out += "`" + example->good_name + "`:\n\n```json\n" + example->good_text;
    if (example->good_text.back() != '\n') out += '\n';
    out += "```\n\n";
  }
  out += "## Options\n\n";
  if (m.options.empty()) {
    out += "None.\n\n";
  } else {
    out += "Set under the rule in `.iamlint.yaml` (see [configuration](../configuration.md)):\n\n";
    for (const OptionDef& o : m.options) out += "- `" + std::string(o.name) + "`: " + std::string(o.description) + "\n";
    out += "\n";
  }
  out += "## References\n\n";
  for (std::string_view ref : m.references) out += "- <" + std::string(ref) + ">\n";
  if (!m.equivalents.empty()) {
    out += "\nEquivalent checks in other tools:\n\n";
    for (const Equivalent& e : m.equivalents) {
      out += "- " + std::string(e.tool) + ": `" + std::string(e.code) + "`\n";
    }
  }
  return out;
}

std::string rule_index(const std::vector<const Rule*>& rules) {
  std::string out =
      "# Rules\n\nGenerated from the rules' metadata by the registry test (`IAMLINT_BLESS=1` rewrites it).\n\n"
      "| id | name | severity | category | summary |\n|---|---|---|---|---|\n";
  for (const Rule* r : rules) {
    const RuleMeta& m = r->meta();
    out += "| " + std::string(m.id) + " | [" + std::string(m.name) + "](" + rule_page_name(m) + ") | " +
           std::string(severity_name(m.severity)) + " | " + std::string(category_name(m.category)) + " | " +
           std::string(m.summary) + " |\n";
  }
  return out;
}

}  // namespace iamlint::linter
