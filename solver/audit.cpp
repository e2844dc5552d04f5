#include "solver/audit.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "solver/audit_methods.hpp"
#include "solver/conditions.hpp"
#include "solver/evaluator.hpp"
#include "solver/match.hpp"
#include "solver/report_builder.hpp"

namespace iamlint::solver {

std::vector<std::pair<std::string, std::string>> admin_probes(const std::string& account, const std::string& region) {
  // One request per corner of "* on *": IAM (both a user and a role as the resource), storage, compute, keys,
  // functions, tables. iam:CreateUser comes first: it is the one most principals are denied, so the check ends there.
  return {
      {"iam:CreateUser", "arn:aws:iam::" + account + ":user/iamlint-probe"},
      {"iam:AttachRolePolicy", "arn:aws:iam::" + account + ":role/iamlint-probe"},
      {"s3:GetObject", "arn:aws:s3:::iamlint-probe/object"},
      {"ec2:TerminateInstances", "arn:aws:ec2:" + region + ":" + account + ":instance/i-0123456789abcdef0"},
      {"kms:Decrypt", "arn:aws:kms:" + region + ":" + account + ":key/00000000-0000-0000-0000-000000000000"},
      {"lambda:InvokeFunction", "arn:aws:lambda:" + region + ":" + account + ":function:iamlint-probe"},
      {"dynamodb:DeleteTable", "arn:aws:dynamodb:" + region + ":" + account + ":table/iamlint-probe"},
  };
}

namespace {

using linter::AuditFinding;
using linter::AuditPath;
using linter::AuditReport;
using linter::AuditStep;
using linter::Node;
using linter::Severity;
using linter::Statement;

constexpr unsigned kUnreached = std::numeric_limits<unsigned>::max();
constexpr std::size_t kNewNameCandidates = 8;
constexpr std::size_t kAllMethods = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kNotSeen = std::numeric_limits<std::size_t>::max();  // names tried for a resource the caller creates (docs/audit.md)

struct Principal {
  std::string arn;     // the user's or the role's ARN
  std::string caller;  // what makes the requests: the user, or a session of the role
  std::string account;
  const User* user = nullptr;
  const Role* role = nullptr;
  std::string short_name() const { return (user != nullptr ? "user " : "role ") + (user != nullptr ? user->name : role->name); }
};

// One edge: `from` can become `to` (a principal index), or an administrator (`to` empty) by `method`.
struct Edge {
  std::size_t from = 0;
  std::optional<std::size_t> to;
  std::size_t method = 0;  // index into escalation_methods()
  std::string via;         // the policy, the group, or the principal rewritten
  std::vector<Request> requests;
  // Tie-break between edges of equal length: the method's place in the table, then the target.
  bool before(const Edge& o, const std::vector<Principal>& ps) const {
    if (method != o.method) return method < o.method;
    std::string_view a = to ? std::string_view(ps[*to].arn) : "", b = o.to ? std::string_view(ps[*o.to].arn) : "";
    if (a != b) return a < b;
    return via < o.via;
  }
};

// A principal a trust policy names, with where.
struct TrustEntry {
  std::string kind;   // AWS, Service, Federated, CanonicalUser, or "*" for Principal: "*"
  std::string value;
  uint32_t statement = 0;
  std::set<std::string> condition_keys;  // lower case
  bool not_principal = false;
  // The statement's Condition fails for every request the audit makes: a key the audit never sends (MFA, an external
  // id, a source network) is tested in a way its absence fails. Such a statement lets no candidate in.
  bool hopeless = false;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string substitute(std::string_view templ, const std::string& account, const std::string& region) {
  std::string out;
  for (std::size_t i = 0; i < templ.size();) {
    if (templ.substr(i).starts_with("${account}")) {
      out += account;
      i += 10;
    } else if (templ.substr(i).starts_with("${region}")) {
      out += region;
      i += 9;
    } else {
      out += templ[i++];
    }
  }
  return out;
}

// The account a principal value names: a 12-digit id, or the account of an ARN.
std::string value_account(std::string_view v) {
  if (is_account_id(v)) return std::string(v);
  if (v.starts_with("arn:")) return std::string(arn_account(v));
  return {};
}

class Auditor {
 public:
  Auditor(const Environment& env, AuditOptions options) : env_(env), eval_(env), options_(std::move(options)) {
    for (const EscalationMethod& m : escalation_methods()) {
      for (const MethodRequest& r : m.requests) {
        if (!r.action.empty()) bit(r.action);
      }
    }
    bit("sts:AssumeRole");
    for (const User& u : env.users) principals_.push_back({u.arn, u.arn, u.account, &u, nullptr});
    for (const Role& r : env.roles) {
      principals_.push_back({r.arn, "arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/iamlint-audit",
                             r.account, nullptr, &r});
    }
    std::sort(principals_.begin(), principals_.end(), [](const Principal& a, const Principal& b) { return a.arn < b.arn; });
    for (std::size_t i = 0; i < principals_.size(); ++i) {
      index_[principals_[i].arn] = i;
      by_account_[principals_[i].account].push_back(i);
    }
    for (const Group& g : env.groups) groups_by_account_[g.account].push_back(&g);
    for (auto& [account, groups] : groups_by_account_) {
      std::sort(groups.begin(), groups.end(), [](const Group* a, const Group* b) { return a->arn < b->arn; });
    }
  }

  AuditReport run() {
    auto started = std::chrono::steady_clock::now();
    std::size_t n = principals_.size();
    masks_.resize(n);
    admin_.assign(n, false);
    real_admin_.assign(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      masks_[i] = mask_of(principals_[i]);
      real_admin_[i] = probes_allowed(principals_[i].caller, principals_[i].account, false);
      admin_[i] = real_admin_[i] || holds_jewel(principals_[i]);
    }
    build_trust_index();
    search();
    AuditReport report;
    for (std::size_t i = 0; i < n; ++i) {
      if (real_admin_[i]) report.admins.push_back(principals_[i].arn);
    }
    make_paths(report);
    principal_findings(report);
    std::stable_sort(report.findings.begin(), report.findings.end(), [](const AuditFinding& a, const AuditFinding& b) {
      if (a.severity != b.severity) return a.severity < b.severity;
      return a.principal < b.principal;
    });
    report.notes = {
        "Requests carry no aws:MultiFactorAuthPresent and no aws:SourceIp: the attacker is taken to hold plain "
        "credentials, so a condition on MFA or on the network removes an edge.",
        "Methods that need a running resource the environment does not list (an instance for ssm:SendCommand, a "
        "function for lambda:UpdateFunctionCode, a notebook, a development endpoint, a stack) are not checked; nor is "
        "iam:SetDefaultPolicyVersion, since the environment keeps only the default version of a policy.",
        "EC2 methods take an instance profile holding the role to exist.",
    };
    report.principals = n;
    report.edges = edges_found_;
    report.requests = requests_;
    report.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return report;
  }

 private:
  // ---- requests -------------------------------------------------------------------------------------------------
  Request request(const Principal& p, std::string_view action, std::string resource, const EscalationMethod* m) const {
    Request q;
    q.principal = p.caller;
    q.action = std::string(action);
    q.resource = std::move(resource);
    q.context.set("aws:SecureTransport", "true");
    q.context.set("aws:RequestedRegion", options_.region);
    if (action == "iam:PassRole" && m != nullptr && !m->service.empty()) {
      q.context.set("iam:PassedToService", std::string(m->service));
    }
    if (action == "iam:AttachUserPolicy" || action == "iam:AttachGroupPolicy" || action == "iam:AttachRolePolicy") {
      q.context.set("iam:PolicyARN", std::string(kAdministratorAccess));
    }
    return q;
  }

  bool allowed(const Request& q) {
    ++requests_;
    return eval_.evaluate(q) == Decision::Allowed;
  }

  // ---- what a principal's own policies might allow: a prefilter, never a decision -------------------------------
  uint64_t bit(std::string_view action) {
    for (std::size_t i = 0; i < actions_.size(); ++i) {
      if (actions_[i] == action) return uint64_t{1} << i;
    }
    actions_.push_back(action);
    return uint64_t{1} << (actions_.size() - 1);
  }
  uint64_t bit_of(std::string_view action) const {
    for (std::size_t i = 0; i < actions_.size(); ++i) {
      if (actions_[i] == action) return uint64_t{1} << i;
    }
    return 0;
  }

  // The methods' actions that some Allow statement of the policy names (Action or NotAction), whatever its Resource
  // and Condition: an action outside the mask cannot be allowed by the caller's own policies.
  uint64_t policy_mask(PolicyId id) {
    auto it = policy_masks_.find(id);
    if (it != policy_masks_.end()) return it->second;
    const EnvPolicy& p = env_.policies[id];
    const linter::JsonTree& tree = *p.policy.tree;
    uint64_t mask = 0;
    for (const Statement& s : p.policy.statements) {
      if (s.effect != linter::Effect::Allow) continue;
      const Node* a = s.get(linter::Element::Action);
      const Node* na = s.get(linter::Element::NotAction);
      for (std::size_t i = 0; i < actions_.size(); ++i) {
        bool any = false;
        if (a != nullptr || na != nullptr) {
          linter::for_each_value(tree, a != nullptr ? *a : *na, [&](const Node& v) {
            if (!any && v.is_string() && action_matches(v.text, actions_[i])) any = true;
          });
        }
        if (a != nullptr ? any : (na != nullptr && !any)) mask |= uint64_t{1} << i;
      }
    }
    policy_masks_.emplace(id, mask);
    return mask;
  }

  uint64_t mask_of(const Principal& p) {
    uint64_t mask = 0;
    for (PolicyId id : identity_policies(p)) mask |= policy_mask(id);
    return mask;
  }

  // The identity policies that apply to the principal: its own, and for a user its groups'.
  std::vector<PolicyId> identity_policies(const Principal& who) const {
    if (who.role != nullptr) return who.role->policies;
    std::vector<PolicyId> out = who.user->policies;
    for (const std::string& g : who.user->groups) {
      if (const Group* group = env_.group(g)) out.insert(out.end(), group->policies.begin(), group->policies.end());
    }
    return out;
  }

  bool might(std::size_t p, std::string_view action) const { return (masks_[p] & bit_of(action)) != 0; }

  // The Resource patterns of the principal's own Allow statements that name the action; `any` when one of them
  // covers every resource (`*`, NotResource, a policy variable this prefilter does not expand).
  struct Patterns {
    bool any = false;
    std::vector<std::string> patterns;  // policy variables replaced by what is known of the principal
  };
  const Patterns& patterns(std::size_t p, std::string_view action) {
    uint64_t key = (static_cast<uint64_t>(p) << 6) | static_cast<uint64_t>(std::countr_zero(bit_of(action)));
    auto it = patterns_.find(key);
    if (it != patterns_.end()) return it->second;
    Patterns out;
    auto scan = [&](PolicyId id) {
      const EnvPolicy& pol = env_.policies[id];
      const linter::JsonTree& tree = *pol.policy.tree;
      for (const Statement& s : pol.policy.statements) {
        if (s.effect != linter::Effect::Allow || out.any) continue;
        const Node* a = s.get(linter::Element::Action);
        const Node* na = s.get(linter::Element::NotAction);
        bool listed = false;
        if (a != nullptr || na != nullptr) {
          linter::for_each_value(tree, a != nullptr ? *a : *na, [&](const Node& v) {
            if (!listed && v.is_string() && action_matches(v.text, action)) listed = true;
          });
        }
        if (a != nullptr ? !listed : (na == nullptr || listed)) continue;
        const Node* r = s.get(linter::Element::Resource);
        if (r == nullptr) {
          out.any = true;
          continue;
        }
        bool variables = pol.policy.version != nullptr && pol.policy.version->is_string() &&
                         pol.policy.version->text == "2012-10-17";
        linter::for_each_value(tree, *r, [&](const Node& v) {
          if (!v.is_string()) return;
          if (v.text == "*") {
            out.any = true;
          } else if (variables && v.text.find("${") != std::string_view::npos) {
            // `user/${aws:username}`: what the principal's own name makes of it; a variable the prefilter does
            // not know (a tag, a request key) leaves the pattern open.
            std::optional<std::string> expanded = expand_variables(v.text, identity_keys(p), true);
            if (expanded) out.patterns.push_back(std::move(*expanded));
            else out.any = true;
          } else {
            out.patterns.emplace_back(v.text);
          }
        });
      }
    };
    const Principal& who = principals_[p];
    for (PolicyId id : identity_policies(who)) scan(id);
    return patterns_.emplace(key, std::move(out)).first->second;
  }

  // Whether the principal's own Allow statements might allow the action on this resource: a prefilter before the
  // evaluator, which decides. (No resource policy grants an IAM action, nor iam:PassRole.)
  bool might_on(std::size_t p, std::string_view action, const std::string& resource) {
    if (!might(p, action)) return false;
    const Patterns& ps = patterns(p, action);
    if (ps.any) return true;
    return std::any_of(ps.patterns.begin(), ps.patterns.end(),
                       [&](const std::string& pattern) { return resource_matches(pattern, resource); });
  }

  // The keys a request of this principal always carries, as the evaluator sets them (for the prefilter's variables).
  Context identity_keys(std::size_t p) const {
    const Principal& who = principals_[p];
    Context c;
    c.set("aws:PrincipalAccount", who.account);
    c.set("aws:PrincipalArn", who.arn);
    if (who.user != nullptr) {
      c.set("aws:username", who.user->name);
      if (!who.user->id.empty()) c.set("aws:userid", who.user->id);
    } else if (!who.role->id.empty()) {
      c.set("aws:userid", who.role->id + ":iamlint-audit");
    }
    return c;
  }

  // ---- administrators --------------------------------------------------------------------------------------------
  bool probes_allowed(const std::string& caller, const std::string& account, bool rewritten,
                      const std::string& extra_group = {}) {
    for (const auto& [action, resource] : admin_probes(account, options_.region)) {
      Request q = request(Principal{{}, caller, account}, action, resource, nullptr);
      q.identity_rewritten = rewritten;
      q.extra_group = extra_group;
      if (!allowed(q)) return false;
    }
    return true;
  }

  bool holds_jewel(const Principal& p) {
    for (const auto& [action, resource] : options_.crown_jewels) {
      if (allowed(request(p, action, resource, nullptr))) return true;
    }
    return false;
  }

  // Whether rewriting the principal's own policies would make it an administrator: its boundary and the SCPs allow
  // the probes.
  bool ceiling(std::size_t p) {
    auto it = ceiling_.find(p);
    if (it != ceiling_.end()) return it->second;
    bool c = probes_allowed(principals_[p].caller, principals_[p].account, true);
    ceiling_.emplace(p, c);
    return c;
  }

  // A principal the caller creates has no boundary and no policy until it writes one: the account's SCPs decide.
  bool new_principal_ceiling(const std::string& account, bool role) {
    auto key = account + (role ? "/role" : "/user");
    auto it = new_ceiling_.find(key);
    if (it != new_ceiling_.end()) return it->second;
    std::string caller = role ? "arn:aws:sts::" + account + ":assumed-role/iamlint-audit/iamlint-audit"
                              : "arn:aws:iam::" + account + ":user/iamlint-audit";
    bool c = probes_allowed(caller, account, true);
    new_ceiling_.emplace(key, c);
    return c;
  }

  // ---- methods ---------------------------------------------------------------------------------------------------
  // The names tried for a resource the caller creates: the method's own, then those the caller's Allow statements
  // for the action permit, each wildcard written as "iamlint".
  std::vector<std::string> new_names(std::size_t p, std::string_view action, const std::string& fixed) const {
    std::vector<std::string> out = {fixed};
    const Principal& who = principals_[p];
    auto add_from = [&](PolicyId id) {
      const EnvPolicy& pol = env_.policies[id];
      const linter::JsonTree& tree = *pol.policy.tree;
      for (const Statement& s : pol.policy.statements) {
        if (s.effect != linter::Effect::Allow || out.size() >= kNewNameCandidates) continue;
        const Node* a = s.get(linter::Element::Action);
        const Node* r = s.get(linter::Element::Resource);
        if (a == nullptr || r == nullptr) continue;
        bool names = false;
        linter::for_each_value(tree, *a, [&](const Node& v) {
          if (!names && v.is_string() && action_matches(v.text, action)) names = true;
        });
        if (!names) continue;
        linter::for_each_value(tree, *r, [&](const Node& v) {
          if (!v.is_string() || v.text == "*" || v.text.find("${") != std::string_view::npos) return;
          std::string name;
          for (char c : v.text) name += c == '*' ? std::string("iamlint") : c == '?' ? std::string("x") : std::string(1, c);
          if (out.size() < kNewNameCandidates && std::find(out.begin(), out.end(), name) == out.end()) {
            out.push_back(name);
          }
        });
      }
    };
    for (PolicyId id : identity_policies(who)) add_from(id);
    return out;
  }

  // Every request of the method, made by `p` on `target` (empty for methods that have none); nullopt when one is not
  // allowed. Requests on resources the caller creates share a name across the method when they share a template.
  std::optional<std::vector<Request>> try_requests(std::size_t p, const EscalationMethod& m, const std::string& target) {
    const Principal& who = principals_[p];
    for (const MethodRequest& r : m.requests) {
      if (!r.action.empty() && !might(p, r.action)) return std::nullopt;
    }
    std::vector<Request> out;
    std::map<std::string_view, std::vector<const MethodRequest*>> created;  // template -> its requests
    for (const MethodRequest& r : m.requests) {
      if (r.action.empty()) continue;
      if (r.on == On::New) {
        created[r.resource].push_back(&r);
        continue;
      }
      if (r.on == On::Target && !might_on(p, r.action, target)) return std::nullopt;
      Request q = request(who, r.action, r.on == On::Target ? target : std::string("*"), &m);
      if (!allowed(q)) return std::nullopt;
      out.push_back(std::move(q));
    }
    for (const auto& [templ, requests] : created) {
      std::string fixed = substitute(templ, who.account, options_.region);
      std::vector<std::string> names = new_names(p, requests.front()->action, fixed);
      bool found = false;
      for (const std::string& name : names) {
        if (name != fixed && !resource_matches(templ_glob(templ, who.account), name)) continue;
        std::vector<Request> qs;
        bool all = true;
        for (const MethodRequest* r : requests) {
          Request q = request(who, r->action, name, &m);
          if (!allowed(q)) {
            all = false;
            break;
          }
          qs.push_back(std::move(q));
        }
        if (all) {
          for (Request& q : qs) out.push_back(std::move(q));
          found = true;
          break;
        }
      }
      if (!found) return std::nullopt;
    }
    return out;
  }

  // The template as a pattern of the names it stands for: its fixed name may be any name.
  std::string templ_glob(std::string_view templ, const std::string& account) const {
    std::string s = substitute(templ, account, options_.region);
    std::size_t at = s.find("iamlint-audit");
    if (at != std::string::npos) s.replace(at, 13, "*");
    return s;
  }

  std::size_t method_index(const EscalationMethod& m) const {
    return static_cast<std::size_t>(&m - escalation_methods().data());
  }

  // The edges from `p` straight to "administrator": its own permissions rewritten, a group joined, a principal
  // created. The first that works, in the table's order.
  std::optional<Edge> self_edge(std::size_t p) {
    const Principal& who = principals_[p];
    for (const EscalationMethod& m : escalation_methods()) {
      Edge e{p, std::nullopt, method_index(m), {}, {}};
      switch (m.target) {
        case MethodTarget::SelfPrincipal: {
          bool for_users = m.id.find("user") != std::string_view::npos;
          if (for_users != (who.user != nullptr) || !might(p, m.requests[0].action) || !ceiling(p)) break;
          if (auto qs = try_requests(p, m, who.arn)) {
            e.requests = std::move(*qs);
            return e;
          }
          break;
        }
        case MethodTarget::SelfPolicy: {
          if (!might(p, m.requests[0].action) || !ceiling(p)) break;
          for (const std::string& arn : attached_customer_policies(who)) {
            if (auto qs = try_requests(p, m, arn)) {
              e.requests = std::move(*qs);
              e.via = arn;
              return e;
            }
          }
          break;
        }
        case MethodTarget::SelfGroup: {
          if (who.user == nullptr || !might(p, m.requests[0].action) || !ceiling(p)) break;
          std::vector<std::string> groups = who.user->groups;
          std::sort(groups.begin(), groups.end());
          for (const std::string& g : groups) {
            if (auto qs = try_requests(p, m, g)) {
              e.requests = std::move(*qs);
              e.via = g;
              return e;
            }
          }
          break;
        }
        case MethodTarget::AnyGroup: {
          if (who.user == nullptr || !might(p, m.requests[0].action)) break;
          for (const Group* g : groups_by_account_[who.account]) {
            if (std::find(who.user->groups.begin(), who.user->groups.end(), g->arn) != who.user->groups.end()) continue;
            auto qs = try_requests(p, m, g->arn);
            if (!qs || !probes_allowed(who.caller, who.account, false, g->arn)) continue;
            e.requests = std::move(*qs);
            e.via = g->arn;
            return e;
          }
          break;
        }
        case MethodTarget::NewRole:
        case MethodTarget::NewUser: {
          if (!new_principal_ceiling(who.account, m.target == MethodTarget::NewRole)) break;
          if (auto qs = try_requests(p, m, {})) {
            e.requests = std::move(*qs);
            return e;
          }
          break;
        }
        default: break;
      }
    }
    return std::nullopt;
  }

  std::vector<std::string> attached_customer_policies(const Principal& who) const {
    std::vector<std::string> out;
    auto add = [&](PolicyId id) {
      const std::string& arn = env_.policies[id].arn;
      if (!arn.empty() && !arn.starts_with("arn:aws:iam::aws:")) out.push_back(arn);
    };
    for (PolicyId id : identity_policies(who)) add(id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // Whether the role's trust policy lets the service assume it (cached per role and service).
  bool trusts_service(const Role& r, std::string_view service) {
    std::string key = r.arn + "|" + std::string(service);
    auto it = service_trust_.find(key);
    if (it != service_trust_.end()) return it->second;
    Request q;
    q.principal = std::string(service);
    q.action = "sts:AssumeRole";
    q.resource = r.arn;
    // The service acts for a resource the caller creates in the role's own account: what a confused-deputy
    // condition on aws:SourceAccount in the trust policy allows.
    q.context.set("aws:SourceAccount", r.account);
    bool ok = allowed(q);
    service_trust_.emplace(std::move(key), ok);
    return ok;
  }

  bool trusts_a_method_service(const Role& r) {
    for (const EscalationMethod& m : escalation_methods()) {
      if (!m.service.empty() && trusts_service(r, m.service)) return true;
    }
    return false;
  }

  // The first method (in the table's order) by which `p` becomes `x`.
  std::optional<Edge> become_edge(std::size_t p, std::size_t x, std::size_t before = kAllMethods) {
    const Principal& who = principals_[p];
    const Principal& target = principals_[x];
    for (const EscalationMethod& m : escalation_methods()) {
      if (method_index(m) >= before) break;
      bool applies = false;
      switch (m.target) {
        case MethodTarget::Role:
          applies = target.role != nullptr &&
                    (m.id == "assume-role" || (who.account == target.account && might(p, m.requests[0].action)));
          break;
        case MethodTarget::User: applies = target.user != nullptr && who.account == target.account; break;
        case MethodTarget::ServiceRole:
          applies = target.role != nullptr && who.account == target.account && might(p, "iam:PassRole") &&
                    trusts_service(*target.role, m.service);
          break;
        default: break;
      }
      if (!applies) continue;
      if (m.id == "assume-role") {
        // The trust policy may grant by itself (a same-account trust naming the caller): no identity Allow needed.
        Request q = request(who, "sts:AssumeRole", target.arn, &m);
        if (!allowed(q)) continue;
        return Edge{p, x, method_index(m), {}, {std::move(q)}};
      }
      if (auto qs = try_requests(p, m, target.arn)) return Edge{p, x, method_index(m), {}, std::move(*qs)};
    }
    return std::nullopt;
  }

  // The principals that might become `x` by some method: those its trust names, and those of its account whose own
  // policies name a method's action. A candidate is only a candidate: become_edge decides.
  std::vector<std::size_t> become_candidates(std::size_t x) {
    const Principal& target = principals_[x];
    std::set<std::size_t> out;
    // Only the methods that can act on this target: credentials for a user; trust rewriting for a role, and passing
    // it to a service when it trusts one that a method runs code in.
    uint64_t become_bits = 0;
    if (target.user != nullptr) {
      become_bits = bit_of("iam:CreateAccessKey") | bit_of("iam:CreateLoginProfile") | bit_of("iam:UpdateLoginProfile");
    } else {
      become_bits = bit_of("iam:UpdateAssumeRolePolicy");
      if (trusts_a_method_service(*target.role)) become_bits |= bit_of("iam:PassRole");
    }
    for (std::size_t p : by_account_[target.account]) {
      if ((masks_[p] & become_bits) != 0) out.insert(p);
    }
    if (target.role != nullptr) trust_candidates(x, out);
    out.erase(x);
    return {out.begin(), out.end()};
  }

  // The principals the role's trust policy might let assume it: those it names, and those of the accounts it names
  // (or of every account, for "*") whose own policies name sts:AssumeRole.
  void trust_candidates(std::size_t x, std::set<std::size_t>& out) {
    const RoleTrust& t = trust_[x];
    uint64_t assume = bit_of("sts:AssumeRole");
    for (const std::string& arn : t.named) {
      auto it = index_.find(arn);
      if (it != index_.end()) out.insert(it->second);
      // A session ARN names a session of its role.
      if (std::size_t at = arn.find(":assumed-role/"); at != std::string::npos) {
        std::string_view rest = std::string_view(arn).substr(at + 14);
        std::string name(rest.substr(0, rest.find('/')));
        for (std::size_t p : by_account_[std::string(arn_account(arn))]) {
          if (principals_[p].role != nullptr && principals_[p].role->name == name) out.insert(p);
        }
      }
    }
    // A trust naming a whole account delegates to the caller's own policies, which must allow sts:AssumeRole on the
    // role (might_on reads their patterns).
    const std::string& role_arn = principals_[x].arn;
    for (const std::string& account : t.accounts) {
      for (std::size_t p : by_account_[account]) {
        if ((masks_[p] & assume) != 0 && might_on(p, "sts:AssumeRole", role_arn)) out.insert(p);
      }
    }
    if (t.everyone) {
      // "*" names every caller directly: in the role's own account that grants by itself, with no Allow of the
      // caller's own (the evaluation logic page, "Resource-based policies"); elsewhere the caller's Allow is needed.
      const std::string& own = principals_[x].account;
      for (std::size_t p = 0; p < principals_.size(); ++p) {
        if (principals_[p].account == own || ((masks_[p] & assume) != 0 && might_on(p, "sts:AssumeRole", role_arn))) {
          out.insert(p);
        }
      }
    }
  }

  // ---- the search: breadth first, backwards from the administrators ------------------------------------------------
  void search() {
    std::size_t n = principals_.size();
    distance_.assign(n, kUnreached);
    next_.assign(n, std::nullopt);
    std::vector<std::size_t> frontier;
    for (std::size_t i = 0; i < n; ++i) {
      if (admin_[i]) {
        distance_[i] = 0;
        frontier.push_back(i);
      }
    }
    bool first = true;
    for (unsigned level = 0; first || !frontier.empty(); ++level) {
      std::map<std::size_t, Edge> best;
      auto offer = [&](Edge e) {
        ++edges_found_;
        auto [it, inserted] = best.try_emplace(e.from, e);
        if (!inserted && e.before(it->second, principals_)) it->second = std::move(e);
      };
      if (first) {
        for (std::size_t p = 0; p < n; ++p) {
          if (admin_[p]) continue;
          std::optional<Edge> own = self_edge(p);
          std::size_t before = own ? own->method : escalation_methods().size();
          if (own) offer(std::move(*own));
          rewrite_edges(p, before, offer);
        }
        first = false;
      }
      // The frontier is in ARN order, so once a caller has an edge at this level a later target wins the tie only
      // by an earlier method: only those are tried.
      for (std::size_t x : frontier) {
        for (std::size_t p : become_candidates(x)) {
          if (distance_[p] != kUnreached) continue;
          auto found = best.find(p);
          std::size_t before = found == best.end() ? escalation_methods().size() : found->second.method;
          if (auto e = become_edge(p, x, before)) offer(std::move(*e));
        }
      }
      frontier.clear();
      for (auto& [p, e] : best) {
        distance_[p] = level + 1;
        next_[p] = std::move(e);
        frontier.push_back(p);
      }
    }
  }

  // `p` rewrites another principal's permissions and becomes it: an administrator in one step (the first rewrite
  // method that works on the first such principal, by ARN).
  void rewrite_edges(std::size_t p, std::size_t before, const std::function<void(Edge)>& offer) {
    const Principal& who = principals_[p];
    for (const EscalationMethod& m : escalation_methods()) {
      if (method_index(m) >= before) return;  // a method of its own that comes first wins the tie anyway
      if (m.target != MethodTarget::SelfPrincipal || !might(p, m.requests[0].action)) continue;
      bool on_users = m.id.find("user") != std::string_view::npos;
      for (std::size_t x : by_account_[who.account]) {
        const Principal& target = principals_[x];
        if (x == p || admin_[x] || (target.user != nullptr) != on_users) continue;
        // Cheapest first: the caller's own patterns, then the target's ceiling (cached), then the evaluator.
        if (!might_on(p, m.requests[0].action, target.arn) || !ceiling(x)) continue;
        auto qs = try_requests(p, m, target.arn);
        if (!qs) continue;
        std::optional<Edge> become = become_edge(p, x);
        if (!become) continue;
        Edge e{p, std::nullopt, method_index(m), target.arn, std::move(*qs)};
        for (Request& q : become->requests) e.requests.push_back(std::move(q));
        offer(std::move(e));
        return;
      }
    }
  }

  // ---- trust ------------------------------------------------------------------------------------------------------
  struct RoleTrust {
    std::vector<TrustEntry> entries;
    std::vector<std::string> named;     // principal ARNs
    std::vector<std::string> accounts;  // whole accounts
    bool everyone = false;
  };

  void build_trust_index() {
    trust_.resize(principals_.size());
    for (std::size_t i = 0; i < principals_.size(); ++i) {
      const Role* r = principals_[i].role;
      if (r == nullptr || !r->trust) continue;
      RoleTrust& t = trust_[i];
      const EnvPolicy& p = env_.policies[*r->trust];
      const linter::JsonTree& tree = *p.policy.tree;
      for (uint32_t si = 0; si < p.policy.statements.size(); ++si) {
        const Statement& s = p.policy.statements[si];
        if (s.effect != linter::Effect::Allow) continue;
        bool assume = false;
        if (const Node* a = s.get(linter::Element::Action)) {
          linter::for_each_value(tree, *a, [&](const Node& v) {
            if (!assume && v.is_string() && action_matches(v.text, "sts:AssumeRole")) assume = true;
          });
        } else if (const Node* na = s.get(linter::Element::NotAction)) {
          assume = true;
          linter::for_each_value(tree, *na, [&](const Node& v) {
            if (v.is_string() && action_matches(v.text, "sts:AssumeRole")) assume = false;
          });
        }
        if (!assume) continue;
        std::set<std::string> keys;
        if (const Node* c = s.get(linter::Element::Condition); c != nullptr && c->is_object()) {
          for (const Node& op : tree.children(*c)) {
            if (!op.is_object()) continue;
            for (const Node& key : tree.children(op)) keys.insert(lower(key.key));
          }
        }
        bool hopeless = false;
        if (const Node* c = s.get(linter::Element::Condition)) {
          // With none of the keys the caller decides, the first condition that fails says whether it fails for
          // everyone: a key no audit request carries fails (or holds) the same way for every caller.
          ConditionFailure failure;
          if (!conditions_hold(tree, *c, Context{}, &failure) && failure.key != nullptr) {
            static constexpr std::string_view kNeverSent[] = {
                "aws:multifactorauthpresent", "aws:multifactorauthage", "sts:externalid",   "aws:sourceip",
                "aws:sourcevpc",              "aws:sourcevpce",         "aws:vpcsourceip",  "sts:sourceidentity",
                "aws:sourceidentity"};
            std::string key = lower(failure.key->key);
            hopeless = std::find(std::begin(kNeverSent), std::end(kNeverSent), key) != std::end(kNeverSent);
          }
        }
        auto add = [&](std::string kind, std::string_view value, bool not_principal) {
          t.entries.push_back(TrustEntry{std::move(kind), std::string(value), si, keys, not_principal, hopeless});
        };
        if (const Node* pr = s.get(linter::Element::Principal)) {
          if (pr->is_string() && pr->text == "*") {
            add("*", "*", false);
          } else if (pr->is_object()) {
            for (const Node& kind : tree.children(*pr)) {
              linter::for_each_value(tree, kind, [&](const Node& v) {
                if (v.is_string()) add(std::string(kind.key), v.text, false);
              });
            }
          }
        } else if (s.get(linter::Element::NotPrincipal) != nullptr) {
          add("*", "*", true);
        }
      }
      for (const TrustEntry& e : t.entries) {
        if ((e.kind != "AWS" && e.kind != "*") || e.hopeless) continue;
        if (e.value == "*") {
          t.everyone = true;
        } else if (is_account_id(e.value) || e.value.ends_with(":root")) {
          t.accounts.push_back(value_account(e.value));
        } else {
          t.named.push_back(e.value);
        }
      }
    }
  }

  // ---- the report -------------------------------------------------------------------------------------------------
  // `granting` gets the statement that grants on the caller's side (an identity policy's), else the first deciding.
  linter::RequestStep replay(const Request& q, bool* ok, std::optional<linter::SourceRef>* granting = nullptr) {
    Explanation ex;
    Decision d = eval_.evaluate(q, &ex);
    ++requests_;
    if (d != Decision::Allowed) *ok = false;
    linter::RequestStep s;
    s.principal = q.principal;
    s.action = q.action;
    s.resource = q.resource;
    for (const auto& [key, values] : q.context.entries()) s.context.emplace_back(key, values);
    s.allowed = d == Decision::Allowed;
    s.decision = decision_name(d);
    s.reason = ex.reason;
    for (const StatementNote& note : ex.deciding) s.deciding.push_back(statement_ref(env_, note));
    if (granting != nullptr && !*granting && !ex.deciding.empty()) {
      auto identity = std::find_if(ex.deciding.begin(), ex.deciding.end(),
                                   [](const StatementNote& n) { return n.role == PolicyRole::Identity; });
      *granting = statement_ref(env_, identity != ex.deciding.end() ? *identity : ex.deciding.front());
    }
    return s;
  }

  std::string name_of(const std::optional<std::size_t>& node) const {
    return node ? principals_[*node].short_name() : std::string("an administrator");
  }

  void make_paths(AuditReport& report) {
    for (std::size_t p = 0; p < principals_.size(); ++p) {
      if (admin_[p] || distance_[p] == kUnreached) continue;
      AuditPath path;
      path.principal = principals_[p].arn;
      bool ok = true;
      std::size_t at = p;
      std::optional<linter::SourceRef> first_statement;
      std::string chain = principals_[p].short_name();
      while (true) {
        const Edge& e = *next_[at];
        const EscalationMethod& m = escalation_methods()[e.method];
        AuditStep step;
        step.from = principals_[at].arn;
        step.to = e.to ? principals_[*e.to].arn : std::string(linter::kAdminNode);
        step.method = std::string(m.id);
        step.method_title = std::string(m.title);
        step.via = e.via;
        for (const Request& q : e.requests) step.requests.push_back(replay(q, &ok, &first_statement));
        chain += " -[" + step.method + "]-> " + (e.to ? principals_[*e.to].short_name() : "administrator");
        path.steps.push_back(std::move(step));
        if (!e.to || admin_[*e.to]) {
          path.target = e.to ? principals_[*e.to].arn : std::string(linter::kAdminNode);
          break;
        }
        at = *e.to;
      }
      if (!ok) ++replay_failures_;
      AuditFinding f;
      f.kind = "escalation-path";
      f.severity = Severity::Security;
      f.principal = path.principal;
      std::size_t steps = path.steps.size();
      bool jewel = path.target != linter::kAdminNode && !real_admin_[index_.at(path.target)];
      f.message = principals_[p].short_name() +
                  (jewel ? " can act as " + principals_[index_.at(path.target)].short_name() +
                               ", which holds a crown jewel, in "
                         : std::string(" can become an administrator in ")) +
                  std::to_string(steps) +
                  (steps == 1 ? " step: " : " steps: ") + chain +
                  (ok ? "" : " (internal error: the evaluator did not confirm a step on replay)");
      if (first_statement) f.at = *first_statement;
      f.path = report.paths.size();
      report.paths.push_back(std::move(path));
      report.findings.push_back(std::move(f));
    }
  }

  // An administrator user whose policies need no MFA. What the manifest says of its credentials sharpens it: a console
  // password without an MFA device is the worst case; with a device, only active access keys reach it without MFA;
  // with neither a password nor a key, nobody can sign in as it.
  void admin_without_mfa(const Principal& who, AuditReport& report) {
    const User& u = *who.user;
    std::string how;
    if (u.console == true && u.mfa != true) {
      how = "it has a console password and no MFA device";
    } else if (u.access_keys == true) {
      how = "its active access keys reach it without MFA";
    } else if (u.access_keys == false && (u.console == false || u.mfa == true)) {
      return;  // no key, and no password or one that AWS pairs with the MFA device at sign-in
    } else {
      how = "the environment does not say whether it has a console password, an MFA device or access keys";
    }
    AuditFinding f{"admin-without-mfa", Severity::Security, who.arn,
                   who.short_name() + " is an administrator, and its policies do not require MFA "
                                      "(aws:MultiFactorAuthPresent): " + how,
                   {}, std::nullopt};
    auto probes = admin_probes(who.account, options_.region);
    bool ok = true;
    std::optional<linter::SourceRef> granting;
    replay(request(who, probes.front().first, probes.front().second, nullptr), &ok, &granting);
    if (granting) f.at = *granting;
    report.findings.push_back(std::move(f));
  }

  linter::SourceRef trust_ref(const Role& r, uint32_t statement) const {
    return statement_ref(env_, StatementNote{PolicyRole::Resource, *r.trust, statement, true, {}});
  }

  bool in_environment(const std::string& account) const { return env_.account(account) != nullptr; }

  void principal_findings(AuditReport& report) {
    std::set<std::string> env_accounts;
    for (const Account& a : env_.accounts) env_accounts.insert(a.id);
    for (std::size_t i = 0; i < principals_.size(); ++i) {
      const Principal& who = principals_[i];
      if (real_admin_[i] && who.user != nullptr) admin_without_mfa(who, report);
      if (who.role == nullptr || !who.role->trust) continue;
      const Role& role = *who.role;
      const RoleTrust& t = trust_[i];
      std::set<std::string> said;  // one finding of a kind per role and value
      auto once = [&](const std::string& key) { return said.insert(key).second; };
      for (const TrustEntry& e : t.entries) {
        auto has_key = [&](std::initializer_list<std::string_view> keys, std::string_view prefix = {}) {
          for (const std::string& k : e.condition_keys) {
            if (!prefix.empty() && k.starts_with(prefix)) return true;
            for (std::string_view want : keys) {
              if (k == want) return true;
            }
          }
          return false;
        };
        if (e.kind == "Service" && real_admin_[i] && once("service")) {
          if (trusts_service(role, e.value)) {
            report.findings.push_back({"service-assumable-admin", Severity::Security, role.arn,
                                       who.short_name() + " is an administrator, and the service " + e.value +
                                           " can assume it: code that runs there acts as an administrator",
                                       trust_ref(role, e.statement), std::nullopt});
          } else {
            said.erase("service");
          }
        }
        if (e.kind != "AWS" && e.kind != "*") continue;
        if (e.value == "*") {
          if (!has_key({"aws:principalorgid", "aws:principalaccount", "aws:principalarn", "aws:sourceaccount",
                        "aws:sourcearn", "aws:sourceorgid", "aws:principalorgpaths", "aws:sourceorgpaths"}) &&
              once("everyone")) {
            report.findings.push_back({"trusts-everyone", Severity::Security, role.arn,
                                       who.short_name() + " trusts every AWS principal (Principal \"*\") with no "
                                                          "condition on the caller's organization, account or ARN",
                                       trust_ref(role, e.statement), std::nullopt});
          }
          continue;
        }
        std::string account = value_account(e.value);
        bool whole = is_account_id(e.value) || e.value.ends_with(":root");
        if (whole &&
            !has_key({"aws:multifactorauthpresent", "aws:multifactorauthage", "sts:externalid", "aws:principalarn",
                      "aws:userid", "aws:username", "sts:sourceidentity", "aws:sourceidentity"},
                     "aws:principaltag/") &&
            once("account/" + account)) {
          const Account* a = env_.account(account);
          std::string named = a != nullptr && !a->name.empty() ? a->name + " (" + account + ")" : account;
          report.findings.push_back(
              {"trusts-whole-account", Severity::Security, role.arn,
               who.short_name() + " trusts the whole of account " + named +
                   " without MFA or an external id: any principal there whose own policies allow sts:AssumeRole "
                   "on it can assume it",
               trust_ref(role, e.statement), std::nullopt});
        }
        if (!account.empty() && env_accounts.count(account) == 0 && once("outside/" + account)) {
          report.findings.push_back(
              {"trust-outside-organization", Severity::Warning, role.arn,
               who.short_name() + " trusts account " + account + ", which is outside " +
                   (env_.organization ? "the organization" : "the environment"),
               trust_ref(role, e.statement), std::nullopt});
        }
        bool entity = e.value.find(":user/") != std::string::npos || e.value.find(":role/") != std::string::npos;
        bool unique_id = e.value.size() == 21 && (e.value.starts_with("AROA") || e.value.starts_with("AIDA"));
        if ((entity && env_accounts.count(account) != 0 && env_.user(e.value) == nullptr &&
             env_.role(e.value) == nullptr) ||
            unique_id) {
          if (once("dangling/" + e.value)) {
            report.findings.push_back(
                {"dangling-trust", Severity::Warning, role.arn,
                 who.short_name() + " trusts " + e.value +
                     (unique_id ? ", a unique id: what IAM shows once the principal it named was deleted"
                                : ", which the environment does not have: IAM refuses such a trust policy, or the "
                                  "principal was deleted"),
                 trust_ref(role, e.statement), std::nullopt});
          }
        }
      }
    }
    circular(report);
  }

  // Roles that can assume each other in a cycle: each can regain the others' permissions at will, so no one of them
  // can be reviewed alone. The candidates (what the trust policies name) form a larger graph with no evaluation; only
  // its edges inside one of its cycles can lie on a real one, so only those are decided.
  void circular(AuditReport& report) {
    std::size_t n = principals_.size();
    std::vector<std::vector<std::size_t>> candidates(n), confirmed(n);
    for (std::size_t x = 0; x < n; ++x) {
      if (principals_[x].role == nullptr) continue;
      std::set<std::size_t> named;
      trust_candidates(x, named);
      for (std::size_t p : named) {
        if (p != x && principals_[p].role != nullptr) candidates[p].push_back(x);
      }
    }
    std::vector<std::size_t> maybe = components(candidates);
    std::vector<std::size_t> size(n, 0);
    for (std::size_t c : maybe) ++size[c];
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t x : candidates[p]) {
        if (maybe[p] != maybe[x] || size[maybe[p]] < 2) continue;
        if (allowed(request(principals_[p], "sts:AssumeRole", principals_[x].arn, nullptr))) confirmed[p].push_back(x);
      }
    }
    std::vector<std::size_t> component = components(confirmed);
    std::map<std::size_t, std::vector<std::size_t>> members;
    for (std::size_t p = 0; p < n; ++p) members[component[p]].push_back(p);
    for (const auto& [id, roles] : members) {
      if (roles.size() < 2) continue;
      std::string names;
      for (std::size_t c : roles) names += (names.empty() ? "" : ", ") + principals_[c].role->name;
      for (std::size_t c : roles) {
        const Role& r = *principals_[c].role;
        report.findings.push_back({"circular-access", Severity::Warning, r.arn,
                                   principals_[c].short_name() + " is on a cycle of roles that can assume each other: " +
                                       names,
                                   trust_ref(r, 0), std::nullopt});
      }
    }
  }

  // The strongly connected components of a graph (Tarjan's, iteratively): a component id per node.
  static std::vector<std::size_t> components(const std::vector<std::vector<std::size_t>>& out) {
    std::size_t n = out.size();
    std::vector<std::size_t> component(n, 0), order(n, kNotSeen), low(n, 0);
    std::vector<bool> on(n, false);
    std::vector<std::size_t> stack;
    std::size_t counter = 0, components = 0;
    for (std::size_t root = 0; root < n; ++root) {
      if (order[root] != kNotSeen) continue;
      std::vector<std::pair<std::size_t, std::size_t>> work = {{root, 0}};
      while (!work.empty()) {
        auto& [v, next] = work.back();
        if (next == 0 && order[v] == kNotSeen) {
          order[v] = low[v] = counter++;
          stack.push_back(v);
          on[v] = true;
        }
        if (next < out[v].size()) {
          std::size_t w = out[v][next++];
          if (order[w] == kNotSeen) {
            work.emplace_back(w, 0);
          } else if (on[w]) {
            low[v] = std::min(low[v], order[w]);
          }
          continue;
        }
        if (low[v] == order[v]) {
          std::size_t w = 0;
          do {
            w = stack.back();
            stack.pop_back();
            on[w] = false;
            component[w] = components;
          } while (w != v);
          ++components;
        }
        std::size_t done = v;
        work.pop_back();
        if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
      }
    }
    return component;
  }

  const Environment& env_;
  Evaluator eval_;
  AuditOptions options_;
  std::vector<Principal> principals_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_account_;
  std::unordered_map<std::string, std::vector<const Group*>> groups_by_account_;
  std::vector<std::string_view> actions_;
  std::unordered_map<PolicyId, uint64_t> policy_masks_;
  std::vector<uint64_t> masks_;
  std::vector<bool> admin_;       // the search's targets: administrators, and holders of a crown jewel
  std::vector<bool> real_admin_;  // administrators
  std::unordered_map<std::size_t, bool> ceiling_;
  std::unordered_map<std::string, bool> new_ceiling_;
  std::unordered_map<std::string, bool> service_trust_;
  std::unordered_map<uint64_t, Patterns> patterns_;  // by principal and action bit
  std::vector<RoleTrust> trust_;
  std::vector<unsigned> distance_;
  std::vector<std::optional<Edge>> next_;
  std::size_t requests_ = 0, edges_found_ = 0, replay_failures_ = 0;
};

}  // namespace

linter::AuditReport audit(const Environment& env, const AuditOptions& options) {
  Auditor a(env, options);
  return a.run();
}

}  // namespace iamlint::solver
