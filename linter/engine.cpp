#include "linter/engine.hpp"

#include <algorithm>
#include <tuple>

namespace iamlint::linter {

Engine::Engine(std::vector<const Rule*> rules) : rules_(std::move(rules)) {
  for (const Rule* r : rules_) {
    uint32_t h = r->hooks();
    if (h & kHookDocument) document_rules_.push_back(r);
    if (h & kHookStatement) statement_rules_.push_back(r);
    if (h & kHookNode) node_rules_.push_back(r);
  }
}

std::vector<Finding> Engine::run(const Policy& policy) const {
  std::vector<RawFinding> raw;
  Reporter reporter(raw);
  for (const Rule* r : document_rules_) {
    reporter.set_rule(&r->meta());
    r->check_document(policy, reporter);
  }
  if (!statement_rules_.empty()) {
    for (const Statement& s : policy.statements) {
      for (const Rule* r : statement_rules_) {
        reporter.set_rule(&r->meta());
        r->check_statement(policy, s, reporter);
      }
    }
  }
  if (!node_rules_.empty()) {
    const JsonTree& tree = *policy.tree;
    for (uint32_t id = 0; id < tree.size(); ++id) {
      for (const Rule* r : node_rules_) {
        reporter.set_rule(&r->meta());
        r->check_node(policy, tree.at(id), reporter);
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
    g.message_id = f.message_id;
    g.message = std::move(f.message);
    g.pointer = policy.tree->pointer(*f.node);
    g.offset = span.offset;
    g.length = span.length;
    g.begin = policy.source->position(span.offset);
    g.end = policy.source->position(span.offset + span.length);
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.offset, a.rule->id, a.message) < std::tie(b.offset, b.rule->id, b.message);
  });
  return out;
}

}  // namespace iamlint::linter
