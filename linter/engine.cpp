#include "linter/engine.hpp"

#include <algorithm>
#include <tuple>

namespace iamlint::linter {

Engine::Engine(std::vector<const Rule*> rules) : Engine(std::move(rules), Config{}) {}

Engine::Engine(std::vector<const Rule*> rules, const Config& config) : rules_(std::move(rules)) {
  options_.resize(rules_.size());
  for (uint32_t i = 0; i < rules_.size(); ++i) {
    const Rule* r = rules_[i];
    if (const RuleSetting* s = config.setting(r->meta().id)) {
      options_[i] = s->options;
      if (s->severity) severities_.emplace_back(&r->meta(), *s->severity);
    }
    uint32_t h = r->hooks();
    if (h & kHookDocument) document_rules_.push_back(i);
    if (h & kHookStatement) statement_rules_.push_back(i);
    if (h & kHookNode) node_rules_.push_back(i);
  }
}

const RuleOptions& Engine::options_for(std::string_view rule_id) const noexcept {
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i]->meta().id == rule_id) return options_[i];
  }
  return RuleOptions::none();
}

namespace {

// The index in policy.statements of the statement containing `node`, or -1.
int32_t statement_of(const Policy& policy, const Node& node) {
  if (policy.statement == nullptr || policy.statements.empty()) return -1;
  const JsonTree& tree = *policy.tree;
  uint32_t statement_id = tree.id_of(*policy.statement);
  bool array = policy.statement->is_array();
  for (const Node* n = &node; n != nullptr; n = tree.parent(*n)) {
    if (array && n->parent == statement_id) return n->index < policy.statements.size() ? int32_t(n->index) : -1;
    if (!array && tree.id_of(*n) == statement_id) return 0;
  }
  return -1;
}

}  // namespace

std::vector<Finding> Engine::run(const Policy& policy) const {
  std::vector<RawFinding> raw;
  Reporter reporter(raw);
  for (uint32_t i : document_rules_) {
    reporter.set_rule(&rules_[i]->meta(), &options_[i]);
    rules_[i]->check_document(policy, reporter);
  }
  if (!statement_rules_.empty()) {
    for (const Statement& s : policy.statements) {
      for (uint32_t i : statement_rules_) {
        reporter.set_rule(&rules_[i]->meta(), &options_[i]);
        rules_[i]->check_statement(policy, s, reporter);
      }
    }
  }
  if (!node_rules_.empty()) {
    const JsonTree& tree = *policy.tree;
    for (uint32_t id = 0; id < tree.size(); ++id) {
      for (uint32_t i : node_rules_) {
        reporter.set_rule(&rules_[i]->meta(), &options_[i]);
        rules_[i]->check_node(policy, tree.at(id), reporter);
      }
    }
  }

  std::vector<Finding> out;
  out.reserve(raw.size());
  for (RawFinding& f : raw) {
    Span span = f.part == Part::Key && f.node->is_member ? f.node->key_span : f.node->span;
    Finding g;
    g.rule = f.rule;
    g.severity = f.severity ? *f.severity : f.rule->severity;
    // The configuration's severity is the user's last word, over the rule's default and its per-finding level.
    for (const auto& [meta, severity] : severities_) {
      if (meta == f.rule) g.severity = severity;
    }
    g.message_id = f.message_id;
    g.message = std::move(f.message);
    g.pointer = policy.tree->pointer(*f.node);
    g.offset = policy.file_offset(span.offset);
    g.length = policy.file_offset(span.offset + span.length) - g.offset;
    g.begin = policy.source->position(g.offset);
    g.end = policy.source->position(g.offset + g.length);
    g.statement = statement_of(policy, *f.node);
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.offset, a.rule->id, a.message) < std::tie(b.offset, b.rule->id, b.message);
  });
  return out;
}

}  // namespace iamlint::linter
