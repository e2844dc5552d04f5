#include "solver/report_builder.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "linter/catalog.hpp"
#include "solver/evaluator.hpp"
#include "solver/match.hpp"

namespace iamlint::solver {

bool as_expected(const PropertyResult& r) {
  if (r.verdict == Verdict::Unknown || r.replay_mismatch) return false;
  if (r.property->kind == PropertyKind::WhoCan) return true;
  return (r.verdict == Verdict::Proved) == r.property->expect_holds;
}

linter::SourceRef statement_ref(const Environment& env, const StatementNote& n) {
  linter::SourceRef ref;
  if (n.policy >= env.policies.size()) {
    ref.note = "the stand-in identity policy";
    return ref;
  }
  const EnvPolicy& p = env.policies[n.policy];
  ref.path = p.path;
  ref.note = p.name;
  if (n.statement < p.policy.statements.size()) {
    const linter::Node& node = *p.policy.statements[n.statement].node;
    ref.begin = p.policy.position(node.span.offset);
    ref.end = ref.begin;
    ++ref.end.column;  // the statement's opening brace
  }
  return ref;
}

namespace {

linter::PropertyVerdict verdict_of(Verdict v) {
  switch (v) {
    case Verdict::Proved: return linter::PropertyVerdict::Proved;
    case Verdict::Refuted: return linter::PropertyVerdict::Refuted;
    case Verdict::Unknown: return linter::PropertyVerdict::Unknown;
  }
  return linter::PropertyVerdict::Unknown;
}

linter::RequestStep step_of(const Environment& env, const ProofStep& s) {
  linter::RequestStep q;
  q.principal = s.request.principal;
  q.principal_note = s.principal_note;
  q.action = s.request.action;
  q.resource = s.request.resource;
  for (const auto& [key, values] : s.request.context.entries()) q.context.emplace_back(key, values);
  q.allowed = s.decision == Decision::Allowed;
  q.decision = decision_name(s.decision);
  q.reason = s.reason;
  for (const StatementNote& n : s.deciding) q.deciding.push_back(statement_ref(env, n));
  return q;
}

}  // namespace

linter::PropertyReport property_report(const Environment& env, const PropertyResult& r) {
  const Property& p = *r.property;
  linter::PropertyReport out;
  out.name = p.name;
  out.kind = property_kind_name(p.kind);
  out.at.path = p.file;
  out.at.begin = {static_cast<uint32_t>(p.line), static_cast<uint32_t>(p.column)};
  out.at.end = out.at.begin;
  out.verdict = verdict_of(r.verdict);
  out.open_world = r.world == World::Open;
  out.expect_holds = p.expect_holds;
  out.as_expected = as_expected(r);
  out.internal_error = r.replay_mismatch;
  out.summary = r.summary;
  out.unknown_reason = r.unknown_reason;
  for (const ProofStep& s : r.steps) out.steps.push_back(step_of(env, s));
  for (const WhoCan& w : r.who) {
    linter::PropertyReport::Who who{w.principal, {}};
    for (const ProofStep& s : w.witness) who.witness.push_back(step_of(env, s));
    out.who.push_back(std::move(who));
  }
  out.suggestion = r.suggestion;
  if (r.suggestion_verdict) out.suggestion_verdict = verdict_of(*r.suggestion_verdict);
  out.millis = r.millis;
  out.solver_calls = r.solver_calls;
  return out;
}

namespace {

using linter::EdgeKind;
using linter::GraphEdge;
using linter::GraphNode;
using linter::NodeKind;
using linter::Risk;

std::string last_segment(std::string_view arn) {
  std::size_t slash = arn.rfind('/');
  std::size_t colon = arn.rfind(':');
  std::size_t cut = slash != std::string_view::npos ? slash : colon;
  return std::string(cut == std::string_view::npos ? arn : arn.substr(cut + 1));
}

Risk risk_of(linter::Severity s) {
  switch (s) {
    case linter::Severity::Error: return 3;
    case linter::Severity::Security: return 2;
    case linter::Severity::Warning:
    case linter::Severity::Suggestion: return 1;
  }
  return 0;
}

std::string normal(std::string_view path) { return std::filesystem::path(path).lexically_normal().string(); }

class GraphBuilder {
 public:
  GraphBuilder(const Environment& env) : env_(env), eval_(env) {}

  linter::AccessGraph build(const std::vector<linter::PropertyReport>& properties, const linter::LintResult* lint) {
    for (const Account& a : env_.accounts) {
      graph_.accounts.emplace_back(a.id, a.name);
      node("account:" + a.id, NodeKind::Account, a.id, (a.name.empty() ? a.id : a.name + " (" + a.id + ")"));
    }
    for (const Group& g : env_.groups) node(g.arn, NodeKind::Group, g.account, g.name);
    for (const User& u : env_.users) {
      node(u.arn, NodeKind::User, u.account, u.name);
      for (const std::string& g : u.groups) edge(u.arn, g, EdgeKind::Member, "member of");
    }
    for (const Role& r : env_.roles) node(r.arn, NodeKind::Role, r.account, r.name);
    for (const Resource& r : env_.resources) node(r.arn, NodeKind::Resource, r.account, last_segment(r.arn));
    assume_edges();
    access_edges();
    if (lint != nullptr) lint_risk(*lint);
    for (const linter::PropertyReport& p : properties) property_risk(p);
    return std::move(graph_);
  }

 private:
  GraphNode& node(const std::string& id, NodeKind kind, std::string account, std::string label) {
    auto [it, added] = index_.emplace(id, graph_.nodes.size());
    if (added) graph_.nodes.push_back(GraphNode{id, std::move(label), kind, std::move(account), 0, {}});
    return graph_.nodes[it->second];
  }
  GraphEdge& edge(const std::string& from, const std::string& to, EdgeKind kind, std::string label) {
    auto key = std::make_tuple(from, to, kind);
    auto [it, added] = edges_.emplace(key, graph_.edges.size());
    if (added) {
      GraphEdge e;
      e.from = from;
      e.to = to;
      e.kind = kind;
      e.label = std::move(label);
      e.cross_account = account_of(from) != account_of(to) && !account_of(from).empty() && !account_of(to).empty();
      graph_.edges.push_back(std::move(e));
    }
    return graph_.edges[it->second];
  }
  std::string account_of(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? std::string() : graph_.nodes[it->second].account;
  }
  void raise(GraphNode& n, Risk r, const std::string& note) {
    n.risk = std::max(n.risk, r);
    if (!note.empty() && std::find(n.notes.begin(), n.notes.end(), note) == n.notes.end()) n.notes.push_back(note);
  }

  // The node a principal ARN of a trust policy or a counterexample stands for: a listed principal, else its account
  // (a root user, or a principal the environment does not list), else a service or anyone.
  std::string principal_node(std::string_view principal) {
    if (principal.empty() || principal == "*") return node("anyone", NodeKind::Anyone, "", "anyone").id;
    std::string p(principal);
    if (index_.count(p) != 0 && graph_.nodes[index_[p]].kind != NodeKind::Account) return p;
    if (p.find(":assumed-role/") != std::string::npos) {
      PrincipalInfo info = eval_.principal(p);
      if (info.role != nullptr) return info.role->arn;
    }
    std::string account = is_account_id(p) ? p : std::string(arn_account(p));
    if (!account.empty()) {
      const Account* a = env_.account(account);
      return node("account:" + account, NodeKind::Account, account,
                  a != nullptr && !a->name.empty() ? a->name + " (" + account + ")" : "account " + account)
          .id;
    }
    return node("service:" + p, NodeKind::Service, "", p).id;
  }

  void assume_edges() {
    for (const Role& role : env_.roles) {
      // What the trust policy names beyond the listed principals: whole accounts, services, everyone.
      if (role.trust) {
        const EnvPolicy& trust = env_.policies[*role.trust];
        for (const linter::Statement& s : trust.policy.statements) {
          const linter::Node* pr = s.get(linter::Element::Principal);
          if (s.effect != linter::Effect::Allow || pr == nullptr) continue;
          if (pr->is_string()) {
            edge(principal_node("*"), role.arn, EdgeKind::Assume, "trusted: everyone");
            continue;
          }
          if (!pr->is_object()) continue;
          for (const linter::Node& kind : trust.tree.children(*pr)) {
            linter::for_each_value(trust.tree, kind, [&](const linter::Node& v) {
              if (!v.is_string()) return;
              std::string_view text = v.text;
              bool whole_account = is_account_id(text) || text.ends_with(":root");
              if (kind.key == "Service" || text == "*" || whole_account) {
                std::string from = principal_node(kind.key == "Service" ? std::string_view(v.text) : text);
                if (kind.key == "Service") from = node("service:" + std::string(text), NodeKind::Service, "",
                                                       std::string(text)).id;
                edge(from, role.arn, EdgeKind::Assume,
                     whole_account ? "trusts the whole account" : (text == "*" ? "trusts everyone" : "service"));
              }
            });
          }
        }
      }
      // Listed principals: decided by the evaluator, for those the trust policy can name at all (a role's trust
      // policy must name its caller, so the others are denied; without this cut a large environment costs one
      // evaluation per pair of principals).
      std::set<std::string, std::less<>> named;
      bool any = !role.trust || trust_names_loosely(env_.policies[*role.trust], named);
      auto try_assume = [&](const std::string& caller, const std::string& from) {
        std::string_view acct = arn_account(from);
        if (!any && named.count(from) == 0 && named.count(acct) == 0 &&
            named.count("arn:aws:iam::" + std::string(acct) + ":root") == 0) {
          return;
        }
        Request q;
        q.principal = caller;
        q.action = "sts:AssumeRole";
        q.resource = role.arn;
        if (eval_.evaluate(q) == Decision::Allowed) edge(from, role.arn, EdgeKind::Assume, "sts:AssumeRole");
      };
      for (const User& u : env_.users) try_assume(u.arn, u.arn);
      for (const Role& r : env_.roles) {
        if (&r != &role) try_assume(session(r), r.arn);
      }
    }
  }

  // The AWS principals a trust policy's statements name, into `named`; true when it may name anything (a
  // wildcard, NotPrincipal, a Principal that is not a plain list of ARNs and account ids).
  static bool trust_names_loosely(const EnvPolicy& trust, std::set<std::string, std::less<>>& named) {
    bool loose = false;
    for (const linter::Statement& s : trust.policy.statements) {
      if (s.has(linter::Element::NotPrincipal)) return true;
      const linter::Node* pr = s.get(linter::Element::Principal);
      if (pr == nullptr) continue;
      if (!pr->is_object()) return true;
      for (const linter::Node& kind : trust.tree.children(*pr)) {
        if (kind.key != "AWS") continue;
        linter::for_each_value(trust.tree, kind, [&](const linter::Node& v) {
          // Wildcards, variables and session ARNs (which name a role's sessions) are left to the evaluator.
          if (!v.is_string() || v.text.find_first_of("*?$") != std::string_view::npos ||
              v.text.find(":assumed-role/") != std::string_view::npos) {
            loose = true;
            return;
          }
          named.emplace(v.text);
        });
      }
    }
    return loose;
  }

  static std::string session(const Role& r) {
    return "arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/iamlint";
  }

  // The actions the environment's Allow statements name, by service prefix (lower case).
  std::map<std::string, std::vector<std::string>> candidate_actions() {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    std::map<std::string, std::set<std::string>> by_service;
    std::vector<const linter::ActionInfo*> expanded;
    for (const EnvPolicy& p : env_.policies) {
      for (const linter::Statement& s : p.policy.statements) {
        const linter::Node* a = s.get(linter::Element::Action);
        if (s.effect != linter::Effect::Allow || a == nullptr) continue;
        linter::for_each_value(p.tree, *a, [&](const linter::Node& v) {
          if (!v.is_string()) return;
          expanded.clear();
          catalog.expand(v.text, expanded);
          for (const linter::ActionInfo* info : expanded) {
            std::string name = catalog.full_name(*info);
            std::string service = name.substr(0, name.find(':'));
            by_service[service].insert(name);
          }
        });
      }
    }
    std::map<std::string, std::vector<std::string>> out;
    for (auto& [service, names] : by_service) out[service].assign(names.begin(), names.end());
    return out;
  }

  void access_edges() {
    std::vector<std::pair<std::string, std::string>> callers;  // request principal, node
    for (const User& u : env_.users) callers.emplace_back(u.arn, u.arn);
    for (const Role& r : env_.roles) callers.emplace_back(session(r), r.arn);
    if (callers.size() * env_.resources.size() > kAccessPairLimit) {
      graph_.notes.push_back("access edges left out: " + std::to_string(callers.size()) + " principals x " +
                             std::to_string(env_.resources.size()) + " resources is over the limit of " +
                             std::to_string(kAccessPairLimit) + " pairs");
      return;
    }
    auto actions = candidate_actions();
    const linter::Catalog& catalog = linter::Catalog::embedded();
    for (const Resource& res : env_.resources) {
      std::string service = res.type.substr(0, res.type.find(':'));
      if (service.empty()) service = res.arn.size() > 8 ? res.arn.substr(8, res.arn.find(':', 8) - 8) : "";
      auto it = actions.find(service);
      if (it == actions.end()) continue;
      std::vector<std::string> arns{res.arn};
      if (res.type == "s3:bucket") arns.push_back(res.arn + "/example-object");
      for (const auto& [caller, from] : callers) {
        std::set<std::string> levels;
        std::size_t allowed = 0;
        for (const std::string& action : it->second) {
          for (const std::string& arn : arns) {
            Request q;
            q.principal = caller;
            q.action = action;
            q.resource = arn;
            if (eval_.evaluate(q) != Decision::Allowed) continue;
            ++allowed;
            if (const linter::ActionInfo* info = catalog.find_action(action)) {
              levels.insert(std::string(linter::access_level_name(info->access)));
            }
            break;
          }
        }
        if (allowed == 0) continue;
        std::string label;
        for (const std::string& l : levels) label += (label.empty() ? "" : ", ") + l;
        label += " (" + std::to_string(allowed) + (allowed == 1 ? " action)" : " actions)");
        GraphEdge& e = edge(from, res.arn, EdgeKind::Access, label);
        if (levels.count("Permissions management") != 0) e.risk = std::max<Risk>(e.risk, 2);
      }
    }
  }

  void lint_risk(const linter::LintResult& lint) {
    // Policies by file: a finding colours the principals and resources that hold a policy of its file.
    std::unordered_map<std::string, std::vector<std::string>> holders;
    auto hold = [&](PolicyId id, const std::string& node_id) { holders[normal(env_.policies[id].path)].push_back(node_id); };
    for (const Group& g : env_.groups) for (PolicyId id : g.policies) hold(id, g.arn);
    for (const User& u : env_.users) for (PolicyId id : u.policies) hold(id, u.arn);
    for (const Role& r : env_.roles) {
      for (PolicyId id : r.policies) hold(id, r.arn);
      if (r.trust) hold(*r.trust, r.arn);
    }
    for (const Resource& r : env_.resources) {
      if (r.policy) hold(*r.policy, r.arn);
    }
    for (const linter::FileResult& f : lint.files) {
      auto it = holders.find(normal(f.path));
      if (it == holders.end()) continue;
      for (const linter::Finding& g : f.findings) {
        if (!g.active()) continue;
        for (const std::string& id : it->second) {
          raise(graph_.nodes[index_[id]], risk_of(g.severity),
                std::string(g.rule->id) + " " + std::string(g.rule->name) + " (" + f.path + ":" +
                    std::to_string(g.begin.line) + ")");
        }
      }
    }
  }

  void property_risk(const linter::PropertyReport& p) {
    if (p.verdict != linter::PropertyVerdict::Refuted || p.as_expected) return;
    for (const linter::RequestStep& s : p.steps) {
      std::string from = principal_node(s.principal);
      std::string to = index_.count(s.resource) != 0 ? s.resource : resource_node(s.resource);
      std::string note = "counterexample of \"" + p.name + "\"";
      raise(graph_.nodes[index_[from]], 3, note);
      raise(graph_.nodes[index_[to]], 3, note);
      GraphEdge& e = edge(from, to, s.action == "sts:AssumeRole" ? EdgeKind::Assume : EdgeKind::Access, s.action);
      e.on_path = true;
      e.risk = 3;
    }
  }

  // A resource of a counterexample: the listed resource it lies in (an object of a listed bucket), else a node of
  // its own.
  std::string resource_node(const std::string& arn) {
    for (const Resource& r : env_.resources) {
      if (arn.size() > r.arn.size() && arn.starts_with(r.arn) && arn[r.arn.size()] == '/') return r.arn;
    }
    return node(arn, NodeKind::Resource, std::string(arn_account(arn)), last_segment(arn)).id;
  }

  const Environment& env_;
  Evaluator eval_;
  linter::AccessGraph graph_;
  std::unordered_map<std::string, std::size_t> index_;
  std::map<std::tuple<std::string, std::string, EdgeKind>, std::size_t> edges_;
};

}  // namespace

linter::AccessGraph access_graph(const Environment& env, const std::vector<linter::PropertyReport>& properties,
                                 const linter::LintResult* lint) {
  return GraphBuilder(env).build(properties, lint);
}

}  // namespace iamlint::solver
