// The prover. A property becomes a set of queries, one per (principal candidate, resource class): the principal
// and the resource's class are split outside Z3 (they decide which policies apply, as in Evaluator::evaluate), and
// Z3 decides the rest: the action (a number in ActionDomain), the resource segment, the request context, and for
// principals the environment does not list, their names and whether their identity policies allow. The decision
// formula mirrors Evaluator::evaluate line by line; every satisfying model is replayed through the evaluator.
#include "solver/prover.hpp"

#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "linter/json_loader.hpp"
#include "linter/model.hpp"
#include "linter/source.hpp"
#include "solver/encoding_checks.hpp"
#include "solver/match.hpp"
#include "solver/z3_context.hpp"
#include "solver/z3_match.hpp"
#include "solver/z3_util.hpp"

namespace iamlint::solver {

using linter::Element;
using linter::Node;
using linter::Statement;

std::string_view verdict_name(Verdict v) noexcept {
  switch (v) {
    case Verdict::Proved: return "PROVED";
    case Verdict::Refuted: return "REFUTED";
    case Verdict::Unknown: return "UNKNOWN";
  }
  return "?";
}

// The stand-in for the service principals no policy names (a real-looking name: the evaluator reads any dotted
// name as a service).
constexpr std::string_view kUnnamedService = "unnamed-service.amazonaws.com";

namespace {

// The head of an ARN pattern: up to and including the fifth ':', or nullopt when there are fewer.
std::optional<std::string> arn_head(std::string_view arn) {
  std::size_t at = 0;
  for (int k = 0; k < 5; ++k) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  }
  return std::string(arn.substr(0, at));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_wildcard(std::string_view s) { return s.find_first_of("*?") != std::string_view::npos; }

// Raised inside the encoding when a construct cannot be expressed; caught per query and turned into UNKNOWN.
struct Unsupported {
  std::string why;
};

// ---- Principals ---------------------------------------------------------------------------------------------------

using Kind = PrincipalInfo::Kind;

struct Candidate {
  Kind kind = Kind::Unknown;
  std::string account;     // literal account; empty for services, anonymous callers, and unknown accounts
  bool fresh_account = false;  // an account neither listed nor named anywhere: its id is free
  int user = -1, role = -1;    // index of a listed user / role (a role: its sessions)
  bool unlisted = false;       // a user or role the environment does not list: free name, any identity policy
  std::string service;         // a service principal
  std::string label;           // for people
};

std::string candidate_label(const Environment& env, const Candidate& c) {
  switch (c.kind) {
    case Kind::User:
      if (c.user >= 0) return env.users[static_cast<std::size_t>(c.user)].arn;
      return c.fresh_account ? "a user of an account the environment does not know"
                             : "a user of " + c.account + " that the environment does not list";
    case Kind::RoleSession:
      if (c.role >= 0) return "a session of " + env.roles[static_cast<std::size_t>(c.role)].arn;
      return c.fresh_account ? "a role session of an account the environment does not know"
                             : "a session of a role of " + c.account + " that the environment does not list";
    case Kind::Root:
      return c.fresh_account ? "the root user of an account the environment does not know"
                             : "the root user of " + c.account;
    case Kind::Service:
      return c.service == kUnnamedService ? "a service that no policy names (" + c.service + ")" : "the service " + c.service;
    case Kind::Anonymous: return "an anonymous caller";
    default: return "?";
  }
}

// The Z3 terms of one candidate in one query.
struct PrincipalTerms {
  z3::expr arn;       // the request's principal
  z3::expr account;   // its account (String); "" for services and anonymous callers
  std::optional<z3::expr> role_arn;  // a role session's role
  z3::expr identity_allows;  // unlisted principals: whether their (unknown) identity policies allow
  // Free parts, for the counterexample: an unlisted user's or role's name and its path with the name ("team/alice"),
  // a role session's name, an unlisted principal's unique id.
  std::optional<z3::expr> name, path, session, unique_id;
};

// What a resource policy statement's Principal says about the candidate, one formula per way of naming it.
struct Naming {
  z3::expr any, direct_or_everyone, role;
};

// ---- Resources ----------------------------------------------------------------------------------------------------

struct ResourceClass {
  enum class Kind : uint8_t { Literal, BucketObject, Unlisted } kind = Kind::Literal;
  std::string arn;      // Literal: the resource; BucketObject: the bucket's ARN
  std::string head;     // symbolic: the fixed head
  std::string pattern;  // the property's pattern this class comes from
  int resource = -1;    // listed resource (the bucket for objects)
  int role = -1;        // a role as the resource (its trust policy)
  std::string account;  // the resource's account; empty when unknown (S3 ARNs name none)
  // A class with no head: the resources whose ARN starts with none of these (they have classes of their own).
  std::vector<std::string> excluded_heads;
};

}  // namespace

struct Prover::Impl {
  Environment& env;
  ProverOptions options;
  std::unique_ptr<ActionDomain> domain;
  std::vector<std::string> known_accounts;   // listed, then named in policies
  std::vector<std::string> named_services;   // service principals named in resource policies
  uint64_t calls = 0;
  std::optional<std::string> too_many_wildcards;  // a pattern of the environment's over kMaxPatternWildcards
  const Property* current = nullptr;  // the property being proved: its `context` keys are bound in every query
  // not-public: a Condition element that holds when aws:SourceIp is outside every small network the policies name.
  struct SourceCondition {
    std::shared_ptr<const linter::SourceFile> source;
    linter::JsonTree tree;
  };
  std::optional<SourceCondition> public_from;
  // The actions the next queries ask about (every query also asserts the action is one of them): statements that
  // name none of them are left out of the formula.
  ActionDomain::Intervals focus;
  // The action intervals of each Action / NotAction element seen (cleared when the domain is rebuilt).
  std::unordered_map<const Node*, ActionDomain::Intervals> element_actions;

  Impl(Environment& e, ProverOptions o) : env(e), options(std::move(o)) {}

  // -- set-up ------------------------------------------------------------------------------------------------------

  bool prepared = false;
  std::vector<std::string> extra_actions;

  void prepare(const Property& property) {
    if (!prepared) prepare_environment();
    std::set<std::string> seen(known_accounts.begin(), known_accounts.end());
    for (const std::string& a : property.accounts) {
      if (is_account_id(a) && seen.insert(a).second) known_accounts.push_back(a);
    }
    bool rebuild = false;
    for (const std::string& a : property.actions) {
      if (!has_wildcard(a) && !domain->index(a)) {
        extra_actions.push_back(a);
        rebuild = true;
      }
    }
    if (rebuild) {
      domain = std::make_unique<ActionDomain>(linter::Catalog::embedded(), extra_actions);
      element_actions.clear();
    }
  }

  // What every property needs from the environment: its accounts (listed, then named in policies), the services
  // its resource policies name, and the action domain with the literal actions its policies write.
  void prepare_environment() {
    prepared = true;
    std::set<std::string> accounts_seen;
    for (const Account& a : env.accounts) {
      if (accounts_seen.insert(a.id).second) known_accounts.push_back(a.id);
    }
    std::set<std::string> services;
    auto note_account = [&](std::string_view a) {
      if (is_account_id(a) && accounts_seen.insert(std::string(a)).second) known_accounts.emplace_back(a);
    };
    for (const EnvPolicy& p : env.policies) {
      const linter::JsonTree& tree = *p.policy.tree;
      for (const Statement& s : p.policy.statements) {
        for (Element e : {Element::Action, Element::NotAction}) {
          if (const Node* n = s.get(e)) {
            linter::for_each_value(tree, *n, [&](const Node& v) {
              if (v.is_string() && !has_wildcard(v.text)) extra_actions.emplace_back(v.text);
            });
          }
        }
        for (Element e : {Element::Principal, Element::NotPrincipal}) {
          const Node* n = s.get(e);
          if (n == nullptr || !n->is_object()) continue;
          for (const Node& kind : tree.children(*n)) {
            linter::for_each_value(tree, kind, [&](const Node& v) {
              if (!v.is_string()) return;
              if (kind.key == "AWS") {
                note_account(v.text);
                note_account(arn_account(v.text));
              } else if (kind.key == "Service") {
                services.insert(lower(v.text));
              }
            });
          }
        }
      }
    }
    extra_actions.emplace_back("sts:AssumeRole");
    named_services.assign(services.begin(), services.end());
    domain = std::make_unique<ActionDomain>(linter::Catalog::embedded(), extra_actions);
  }

  // -- candidates ----------------------------------------------------------------------------------------------------

  std::vector<Candidate> candidates(World world, bool include_services) const {
    std::vector<Candidate> out;
    for (std::size_t i = 0; i < env.users.size(); ++i) {
      Candidate c;
      c.kind = Kind::User;
      c.user = static_cast<int>(i);
      c.account = env.users[i].account;
      out.push_back(c);
    }
    for (std::size_t i = 0; i < env.roles.size(); ++i) {
      Candidate c;
      c.kind = Kind::RoleSession;
      c.role = static_cast<int>(i);
      c.account = env.roles[i].account;
      out.push_back(c);
    }
    std::size_t listed = env.accounts.size();
    for (std::size_t i = 0; i < known_accounts.size(); ++i) {
      if (world == World::Closed && i >= listed) break;
      Candidate root;
      root.kind = Kind::Root;
      root.account = known_accounts[i];
      out.push_back(root);
    }
    if (world == World::Open) {
      for (const std::string& a : known_accounts) {
        for (Kind k : {Kind::User, Kind::RoleSession}) {
          Candidate c;
          c.kind = k;
          c.account = a;
          c.unlisted = true;
          out.push_back(c);
        }
      }
      for (Kind k : {Kind::User, Kind::RoleSession, Kind::Root}) {
        Candidate c;
        c.kind = k;
        c.fresh_account = true;
        c.unlisted = k != Kind::Root;
        out.push_back(c);
      }
    }
    if (include_services) {
      for (const std::string& s : named_services) {
        Candidate c;
        c.kind = Kind::Service;
        c.service = s;
        out.push_back(c);
      }
    }
    Candidate anonymous;
    anonymous.kind = Kind::Anonymous;
    out.push_back(anonymous);
    // A service no policy names still matches Principal "*", and unlike an anonymous caller no RCP governs it: one
    // stand-in stands for them all (after the anonymous caller, so that it is shown only when that one is denied).
    if (include_services && world == World::Open) {
      Candidate c;
      c.kind = Kind::Service;
      c.service = std::string(kUnnamedService);
      out.push_back(c);
    }
    for (Candidate& c : out) c.label = candidate_label(env, c);
    return out;
  }

  // -- resources -----------------------------------------------------------------------------------------------------

  // A listed resource (or a role, as the resource of sts:AssumeRole) as a class of its own.
  static ResourceClass listed_class(const std::string& arn, const std::string& pattern, const std::string& account,
                                    int resource, int role) {
    ResourceClass c;
    c.arn = arn;
    c.pattern = pattern;
    c.account = account;
    c.resource = resource;
    c.role = role;
    return c;
  }

  // The classes of resource a property's patterns cover: every listed resource (and role) a pattern matches, the
  // objects of listed buckets it can match, and resources the environment does not list with the pattern's head.
  std::vector<ResourceClass> resource_classes(const std::vector<std::string>& patterns, std::string* why) const {
    std::vector<ResourceClass> out;
    for (const std::string& pattern : patterns) {
      bool literal = !has_wildcard(pattern);
      for (std::size_t i = 0; i < env.resources.size(); ++i) {
        const Resource& r = env.resources[i];
        if (resource_matches(pattern, r.arn)) out.push_back(listed_class(r.arn, pattern, r.account, static_cast<int>(i), -1));
        // Objects of a bucket: the pattern reaches past "bucket/".
        if (r.arn.starts_with("arn:aws:s3:::") && r.arn.find('/') == std::string::npos &&
            (pattern.starts_with(r.arn + "/") || pattern == "*" || pattern.starts_with("arn:aws:s3:::*"))) {
          if (literal) continue;  // a literal object ARN is a Literal class below
          ResourceClass c;
          c.kind = ResourceClass::Kind::BucketObject;
          c.arn = r.arn;
          c.head = "arn:aws:s3:::";
          c.pattern = pattern;
          c.resource = static_cast<int>(i);
          c.account = r.account;
          out.push_back(c);
        }
      }
      for (std::size_t i = 0; i < env.roles.size(); ++i) {
        const Role& r = env.roles[i];
        if (resource_matches(pattern, r.arn)) out.push_back(listed_class(r.arn, pattern, r.account, -1, static_cast<int>(i)));
      }
      if (literal) {
        bool listed = std::any_of(out.begin(), out.end(), [&](const ResourceClass& c) {
          return c.kind == ResourceClass::Kind::Literal && c.arn == pattern;
        });
        if (!listed) {
          ResourceClass c;
          c.arn = pattern;
          c.pattern = pattern;
          resolve_literal(c);
          out.push_back(c);
        }
        continue;
      }
      std::optional<std::string> head = arn_head(pattern);
      if (!head || has_wildcard(*head)) {
        // Only what the environment lists can be enumerated when the head itself has wildcards.
        if (why != nullptr && why->empty()) {
          *why = "resources the environment does not list are covered only for patterns whose service, region and "
                 "account are literal ('" + pattern + "')";
        }
        continue;
      }
      ResourceClass c;
      c.kind = ResourceClass::Kind::Unlisted;
      c.head = *head;
      c.pattern = pattern;
      c.account = std::string(arn_account(*head + "x"));
      out.push_back(c);
    }
    return out;
  }

  // A literal ARN the environment does not list as such: an object of a listed bucket, or nothing listed.
  void resolve_literal(ResourceClass& c) const {
    if (c.arn.starts_with("arn:aws:s3:::")) {
      std::size_t slash = c.arn.find('/');
      if (slash != std::string::npos) {
        if (const Resource* b = env.resource(std::string_view(c.arn).substr(0, slash))) {
          c.resource = static_cast<int>(b - env.resources.data());
          c.account = b->account;
          return;
        }
      }
    }
    c.account = std::string(arn_account(c.arn));
  }

  // -- one query -----------------------------------------------------------------------------------------------------

  ByteStrings bytes;  // before the context
  z3::context z3;
  uint64_t serial = 0;
  // One solver for every query, each in its own scope: building Z3's default solver costs about 10 ms, a scope a
  // tenth of one.
  std::optional<z3::solver> shared;
  z3::solver& solver() {
    if (!shared) {
      shared.emplace(z3);
      z3::params params(z3);
      params.set("rlimit", static_cast<unsigned>(std::min<uint64_t>(options.rlimit, UINT32_MAX)));
      params.set("timeout", options.timeout_ms);
      shared->set(params);
    }
    return *shared;
  }

  // The policies that apply to one (candidate, resource class), as Evaluator::evaluate picks them.
  struct Applicable {
    std::vector<PolicyId> identity;
    std::optional<PolicyId> boundary;
    std::optional<PolicyId> resource_policy;
    bool explicit_only = false;
    std::vector<std::vector<PolicyId>> scp_levels, rcp_levels;
    const Resource* resource = nullptr;
    const Role* role_resource = nullptr;
    const Account* account = nullptr;  // the caller's, when listed
  };

  Applicable applicable(const Candidate& c, const ResourceClass& rc) const {
    Applicable a;
    if (c.user >= 0) {
      const User& u = env.users[static_cast<std::size_t>(c.user)];
      a.identity = u.policies;
      for (const std::string& g : u.groups) {
        if (const Group* group = env.group(g)) a.identity.insert(a.identity.end(), group->policies.begin(), group->policies.end());
      }
      a.boundary = u.boundary;
    } else if (c.role >= 0) {
      const Role& r = env.roles[static_cast<std::size_t>(c.role)];
      a.identity = r.policies;
      a.boundary = r.boundary;
    }
    if (rc.resource >= 0) a.resource = &env.resources[static_cast<std::size_t>(rc.resource)];
    if (rc.role >= 0) a.role_resource = &env.roles[static_cast<std::size_t>(rc.role)];
    if (a.resource != nullptr && a.resource->policy) a.resource_policy = a.resource->policy;
    if (a.role_resource != nullptr && a.role_resource->trust) a.resource_policy = a.role_resource->trust;
    a.explicit_only = a.role_resource != nullptr || (a.resource != nullptr && a.resource->type == "kms:key");
    a.account = c.fresh_account ? nullptr : env.account(c.account);
    auto levels = [&](const Account* acc, const std::unordered_map<std::string, std::vector<PolicyId>>& attached) {
      std::vector<std::vector<PolicyId>> out;
      if (!env.organization || acc == nullptr || acc->management || attached.empty()) return out;
      std::vector<std::string> targets = {env.organization->root_id};
      targets.insert(targets.end(), acc->ou_path.begin(), acc->ou_path.end());
      targets.push_back(acc->id);
      for (const std::string& t : targets) {
        auto it = attached.find(t);
        out.push_back(it == attached.end() ? std::vector<PolicyId>{} : it->second);
      }
      return out;
    };
    bool governed = c.kind == Kind::User || c.kind == Kind::RoleSession || c.kind == Kind::Root;
    if (governed && env.organization) a.scp_levels = levels(a.account, env.organization->scps);
    if (c.kind != Kind::Service && env.organization) a.rcp_levels = levels(env.account(rc.account), env.organization->rcps);
    return a;
  }

  // Every condition key the policies of a query test, as written.
  static void condition_keys(const EnvPolicy& p, std::set<std::string>& out) {
    const linter::JsonTree& tree = *p.policy.tree;
    for (const Statement& s : p.policy.statements) {
      const Node* c = s.get(Element::Condition);
      if (c == nullptr || !c->is_object()) continue;
      for (const Node& op : tree.children(*c)) {
        if (!op.is_object()) continue;
        for (const Node& key : tree.children(op)) out.insert(lower(key.key));
      }
    }
  }
};

namespace {

// One query: the terms of a request for one (candidate, resource class), and the decision formula over them.
class Query {
 public:
  // `policy_mode`: no principal and no environment, only policies compared with each other (allows()); every
  // context key is free.
  Query(Prover::Impl& impl, const Candidate& who, const ResourceClass& rc, const std::string& tag,
        bool policy_mode = false)
      : impl_(impl), z3_(impl.z3), who_(who), rc_(rc), tag_(tag), policy_mode_(policy_mode), ctx_(impl.z3, tag + "ctx."),
        action_(impl.z3.bv_const((tag + "action").c_str(), impl.domain->bits())), side_(impl.z3),
        applicable_(impl.applicable(who, rc)), principal_(make_principal()) {
    side_.push_back(impl_.domain->valid(action_));
    make_resource();
    if (!policy_mode) bind_context();
    // The keys the property says the caller sends.
    if (impl_.current != nullptr) {
      for (const auto& [key, values] : impl_.current->context) ctx_.bind_literal(key, values);
    }
  }

  // What one policy alone allows (its Allows, less its Denies), as an identity policy.
  z3::expr allows(PolicyId id) {
    Scan o = scan(id, false);
    return (o.allow && !o.deny).simplify();
  }

  z3::context& z3() { return z3_; }
  SymbolicContext& context() { return ctx_; }
  const z3::expr& action() const { return action_; }
  const ResourceTerm& resource() const { return resource_; }
  // A symbolic resource's free part and the literal start of its resource segment before it.
  const std::optional<z3::expr>& resource_rest() const { return rest_; }
  const std::string& resource_start() const { return rest_start_; }
  const PrincipalTerms& principal() const { return principal_; }
  z3::expr side() const { return z3::mk_and(side_); }

  // Whether the request is allowed, as Evaluator::evaluate decides it.
  z3::expr allowed() {
    z3::expr F = z3_.bool_val(false), T = z3_.bool_val(true);
    z3::expr deny = F;
    z3::expr scp_ok = T, rcp_ok = T;
    // SCPs and RCPs: level by level from the root down, each level must allow; a Deny anywhere denies.
    auto levels = [&](const std::vector<std::vector<PolicyId>>& attached, z3::expr& ok) {
      for (const auto& level : attached) {
        z3::expr allow = F;
        for (PolicyId id : level) {
          Scan o = scan(id, false);
          deny = deny || o.deny;
          allow = allow || o.allow;
        }
        ok = ok && allow;
      }
    };
    levels(applicable_.scp_levels, scp_ok);
    levels(applicable_.rcp_levels, rcp_ok);
    Scan res{F, F, F, F};
    // A role's trust policy counts only for STS actions, as in Evaluator::evaluate.
    z3::expr on_role = applicable_.role_resource == nullptr
                           ? F
                           : impl_.domain->contains(action_, impl_.domain->intervals("sts:*"));
    if (applicable_.resource_policy) {
      res = scan(*applicable_.resource_policy, true);
      if (applicable_.role_resource != nullptr) res = Scan{res.allow && on_role, res.deny && on_role,
                                                          res.direct && on_role, res.role && on_role};
      deny = deny || res.deny;
    }
    z3::expr identity_allow = principal_.identity_allows;
    for (PolicyId id : applicable_.identity) {
      Scan o = scan(id, false);
      deny = deny || o.deny;
      identity_allow = identity_allow || o.allow;
    }
    z3::expr boundary_allow = T;
    if (applicable_.boundary) {
      Scan o = scan(*applicable_.boundary, false);
      deny = deny || o.deny;
      boundary_allow = o.allow;
    }
    z3::expr ok = !deny && scp_ok && rcp_ok;
    if (who_.kind == Kind::Anonymous || who_.kind == Kind::Service) return (ok && res.allow).simplify();
    z3::expr identity_grants = who_.kind == Kind::Root ? T : (identity_allow && boundary_allow);
    z3::expr direct = res.direct || (res.role && boundary_allow);
    z3::expr same_account = rc_.account.empty() ? T : (principal_.account == str_lit(z3_, rc_.account));
    z3::expr explicit_only = applicable_.role_resource != nullptr ? on_role : z3_.bool_val(applicable_.explicit_only);
    z3::expr same = (res.allow && direct) || (z3::ite(explicit_only, res.allow, T) && identity_grants);
    z3::expr cross = res.allow && identity_grants;
    z3::expr decision = ok && z3::ite(same_account, same, cross);
    // The root user cannot call AssumeRole (AWS STS API Reference, AssumeRole).
    if (who_.kind == Kind::Root) decision = decision && !is_action("sts:AssumeRole");
    return decision.simplify();
  }

  z3::expr is_action(std::string_view name) {
    std::optional<uint32_t> i = impl_.domain->index(name);
    if (!i) return z3_.bool_val(false);
    return action_ == z3_.bv_val(*i, impl_.domain->bits());
  }

  // The request a model describes.
  Request request(const z3::model& m, std::string* principal_note, bool* identity_allows) const {
    Request q;
    bool ok = true;
    q.principal = str_value(m.eval(principal_.arn, true), &ok);
    q.action = impl_.domain->name(static_cast<uint32_t>(m.eval(action_, true).get_numeral_uint64()));
    if (resource_.literal) {
      q.resource = *resource_.literal;
    } else {
      q.resource = resource_.head + str_value(m.eval(*resource_.tail, true), &ok);
    }
    q.context = ctx_.extract(m);
    *identity_allows = m.eval(principal_.identity_allows, true).is_true();
    if (who_.unlisted) {
      *principal_note = who_.label + (*identity_allows ? ", with an identity policy that allows " + q.action + " on " + q.resource
                                                       : ", with no identity policy that allows it");
    } else if (who_.kind == Kind::Root && who_.fresh_account) {
      *principal_note = who_.label;
    }
    return q;
  }

  // Names of the free parts of an unlisted principal, for the replay.
  std::string model_string(const z3::model& m, const std::optional<z3::expr>& e) const {
    return e ? str_value(m.eval(*e, true)) : std::string();
  }

 private:
  struct Scan {
    z3::expr allow, deny, direct, role;
  };

  z3::expr lit(std::string_view s) { return str_lit(z3_, s); }

  z3::expr fresh_string(const char* name) {
    z3::expr e = z3_.string_const((tag_ + name).c_str());
    side_.push_back(byte_string(e));
    return e;
  }

  // A name without '/' that is not empty (a user, role or session name).
  z3::expr fresh_name(const char* name) {
    z3::expr e = fresh_string(name);
    side_.push_back(e.length() > 0 && !z3::expr(z3_, Z3_mk_seq_contains(z3_, e, lit("/"))) &&
                    !z3::expr(z3_, Z3_mk_seq_contains(z3_, e, lit(":"))));
    return e;
  }

  // A path and name ("team/alice" or "alice") whose last part is `leaf`.
  z3::expr fresh_path(const char* name, const z3::expr& leaf) {
    z3::expr e = fresh_string(name);
    side_.push_back(e == leaf || z3::suffixof(z3::concat(lit("/"), leaf), e));
    side_.push_back(!z3::expr(z3_, Z3_mk_seq_contains(z3_, e, lit(":"))) && !z3::prefixof(lit("/"), e));
    return e;
  }

  // A principal the environment does not list, with fixed names (see names_matter()): unlisted-user,
  // unlisted-role, the session iamlint-session, and for an account nobody names, the first of 999999999999,
  // 999999999998, ... that nobody names.
  PrincipalTerms fixed_principal() {
    std::string account = who_.account;
    if (who_.fresh_account) {
      for (uint64_t id = 999999999999ULL;; --id) {
        account = std::to_string(id);
        if (std::find(impl_.known_accounts.begin(), impl_.known_accounts.end(), account) == impl_.known_accounts.end()) break;
      }
    }
    auto unused = [&](std::string name, bool role) {
      for (int n = 2;; ++n) {
        bool taken = false;
        if (role) {
          for (const Role& r : impl_.env.roles) taken = taken || (r.account == account && r.name == name);
        } else {
          for (const User& u : impl_.env.users) taken = taken || (u.account == account && u.name == name);
        }
        if (!taken) return name;
        name = (role ? "unlisted-role-" : "unlisted-user-") + std::to_string(n);
      }
    };
    PrincipalTerms p{lit(""), lit(account), std::nullopt, z3_.bool_val(false), std::nullopt, std::nullopt,
                     std::nullopt, std::nullopt};
    if (who_.unlisted) p.identity_allows = z3_.bool_const((tag_ + "identity-allows").c_str());
    switch (who_.kind) {
      case Kind::User: {
        std::string name = unused("unlisted-user", false);
        p.name = lit(name);
        p.path = lit(name);
        p.unique_id = lit("AIDAUNLISTEDUSER0001");
        p.arn = lit("arn:aws:iam::" + account + ":user/" + name);
        break;
      }
      case Kind::RoleSession: {
        std::string name = unused("unlisted-role", true);
        p.name = lit(name);
        p.path = lit(name);
        p.session = lit("iamlint-session");
        p.unique_id = lit("AROAUNLISTEDROLE0001");
        p.role_arn = lit("arn:aws:iam::" + account + ":role/" + name);
        p.arn = lit("arn:aws:sts::" + account + ":assumed-role/" + name + "/iamlint-session");
        break;
      }
      case Kind::Root: p.arn = lit("arn:aws:iam::" + account + ":root"); break;
      default: break;
    }
    return p;
  }

  // Whether the names of a principal the environment does not list can change the decision: when a condition or a
  // policy variable of the policies that apply reads the principal's ARN, account, user id or user name, or (in an
  // account the environment knows) a Principal names one of the account's users or roles. When nothing can, the
  // prover gives it fixed names, which spares Z3 the concatenations of free strings it is slowest at.
  bool names_matter() const {
    std::set<std::string> keys;
    std::vector<PolicyId> ids = applicable_.identity;
    if (applicable_.resource_policy) ids.push_back(*applicable_.resource_policy);
    if (applicable_.boundary) ids.push_back(*applicable_.boundary);
    for (const auto& l : applicable_.scp_levels) ids.insert(ids.end(), l.begin(), l.end());
    for (const auto& l : applicable_.rcp_levels) ids.insert(ids.end(), l.begin(), l.end());
    for (PolicyId id : ids) {
      const EnvPolicy& p = impl_.env.policies[id];
      Prover::Impl::condition_keys(p, keys);
      std::string text = lower(p.source->text());
      for (const char* v : {"${aws:username", "${aws:userid", "${aws:principal"}) {
        if (text.find(v) != std::string::npos) return true;
      }
      if (who_.fresh_account) continue;
      const linter::JsonTree& tree = *p.policy.tree;
      for (const Statement& st : p.policy.statements) {
        for (Element e : {Element::Principal, Element::NotPrincipal}) {
          const Node* n = st.get(e);
          if (n == nullptr || !n->is_object()) continue;
          bool named = false;
          for (const Node& kind : tree.children(*n)) {
            linter::for_each_value(tree, kind, [&](const Node& v) {
              if (v.is_string() && arn_account(v.text) == who_.account && !v.text.ends_with(":root")) named = true;
            });
          }
          if (named) return true;
        }
      }
    }
    for (const char* k : {"aws:principalarn", "aws:principalaccount", "aws:userid", "aws:username"}) {
      if (keys.count(k) != 0) return true;
    }
    return false;
  }

  PrincipalTerms make_principal() {
    z3::expr account = lit(who_.account);
    bool fixed = (who_.unlisted || who_.fresh_account) && !names_matter();
    if (fixed) return fixed_principal();
    if (who_.fresh_account) {
      // Twelve characters, not twelve digits: the regular expression of digits cost Z3 a hundred times more, and a
      // wider set of ids only adds candidates (a PROVED stays sound); the model is steered to 999999999999.
      account = fresh_string("account");
      side_.push_back(account.length() == 12);
      for (const std::string& a : impl_.known_accounts) side_.push_back(account != lit(a));
    }
    PrincipalTerms p{lit(""), account, std::nullopt, z3_.bool_val(false), std::nullopt, std::nullopt, std::nullopt,
                     std::nullopt};
    if (who_.unlisted) p.identity_allows = z3_.bool_const((tag_ + "identity-allows").c_str());
    switch (who_.kind) {
      case Kind::User:
        if (who_.user >= 0) {
          p.arn = lit(impl_.env.users[static_cast<std::size_t>(who_.user)].arn);
        } else {
          z3::expr name = fresh_name("user-name");
          z3::expr path = fresh_path("user-path", name);
          p.name = name;
          p.path = path;
          p.unique_id = fresh_string("user-id");
          p.arn = z3::concat(z3::concat(lit("arn:aws:iam::"), account), z3::concat(lit(":user/"), path));
          for (const User& u : impl_.env.users) {
            if (u.account == who_.account) side_.push_back(p.arn != lit(u.arn) && name != lit(u.name));
          }
        }
        break;
      case Kind::RoleSession: {
        z3::expr session = fresh_name("session");
        p.session = session;
        if (who_.role >= 0) {
          const Role& r = impl_.env.roles[static_cast<std::size_t>(who_.role)];
          p.role_arn = lit(r.arn);
          p.arn = z3::concat(lit("arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/"), session);
        } else {
          z3::expr name = fresh_name("role-name");
          z3::expr path = fresh_path("role-path", name);
          p.name = name;
          p.path = path;
          p.unique_id = fresh_string("role-id");
          p.role_arn = z3::concat(z3::concat(lit("arn:aws:iam::"), account), z3::concat(lit(":role/"), path));
          p.arn = z3::concat(z3::concat(z3::concat(lit("arn:aws:sts::"), account), lit(":assumed-role/")),
                             z3::concat(z3::concat(name, lit("/")), session));
          for (const Role& r : impl_.env.roles) {
            if (r.account == who_.account) side_.push_back(name != lit(r.name));
          }
        }
        break;
      }
      case Kind::Root:
        p.arn = z3::concat(z3::concat(lit("arn:aws:iam::"), account), lit(":root"));
        break;
      case Kind::Service:
        p.arn = lit(who_.service);
        p.account = lit("");
        break;
      default:
        p.account = lit("");
        break;
    }
    return p;
  }

  void make_resource() {
    using RK = ResourceClass::Kind;
    if (rc_.kind == RK::Literal) {
      resource_.literal = rc_.arn;
      return;
    }
    resource_.head = rc_.head;
    // The resource segment as the class's literal start followed by a free rest: Z3 4.8.12 gave up on
    // "str.prefixof start r" with a disjunction of str.contains, and decides the concatenation in milliseconds.
    class_prefix();
    std::string start = class_prefix_.substr(rc_.head.size());
    z3::expr rest = fresh_string("resource");
    rest_ = rest;
    rest_start_ = start;
    z3::expr tail = start.empty() ? rest : z3::concat(lit(start), rest);
    resource_.tail = tail;
    if (!class_is_prefix_) side_.push_back(resource_formula(z3_, rc_.pattern, resource_));
    for (const std::string& h : rc_.excluded_heads) side_.push_back(!z3::prefixof(lit(h), tail));
    // The listed resources with this head are their own classes.
    // Comparing policies, any resource counts, listed or not.
    if (policy_mode_) return;
    // Only what the class's pattern can reach: a distinct for every listed ARN made Z3 4.8.12 time out on queries
    // as plain as "starts with bucket/ and contains Personalize".
    auto not_listed = [&](const std::string& arn) {
      if (arn.starts_with(rc_.head) && resource_matches(rc_.pattern, arn)) {
        side_.push_back(tail != lit(arn.substr(rc_.head.size())));
      }
    };
    for (const Resource& r : impl_.env.resources) not_listed(r.arn);
    for (const Role& r : impl_.env.roles) not_listed(r.arn);
    if (rc_.kind == RK::BucketObject) {
      if (!rc_.pattern.starts_with(rc_.arn + "/")) {  // else the pattern already says so
        side_.push_back(z3::prefixof(lit(rc_.arn.substr(rc_.head.size()) + "/"), tail));
      }
    } else if (rc_.head == "arn:aws:s3:::") {
      class_prefix();
      for (const Resource& r : impl_.env.resources) {
        if (!r.arn.starts_with("arn:aws:s3:::") || r.arn.find('/') != std::string::npos) continue;
        std::string objects = r.arn + "/";
        // The objects of a listed bucket are their own class, when the pattern can reach them.
        if (objects.starts_with(class_prefix_) || class_prefix_.starts_with(objects)) {
          side_.push_back(!z3::prefixof(lit(objects.substr(rc_.head.size())), tail));
        }
      }
    }
  }

  // The keys AWS sets from the environment, bound as Evaluator::evaluate sets them; the keys of the same families
  // that it does not set are absent (a caller cannot send aws:PrincipalTag/x).
  void bind_context() {
    std::set<std::string> keys;
    auto note = [&](std::optional<PolicyId> id) {
      if (id) Prover::Impl::condition_keys(impl_.env.policies[*id], keys);
    };
    for (PolicyId id : applicable_.identity) note(id);
    note(applicable_.boundary);
    note(applicable_.resource_policy);
    for (const auto& l : applicable_.scp_levels) for (PolicyId id : l) note(id);
    for (const auto& l : applicable_.rcp_levels) for (PolicyId id : l) note(id);
    const std::vector<std::string> principal_keys = {
        "aws:principalisawsservice", "aws:principalaccount", "aws:principalarn", "aws:principaltype",
        "aws:username", "aws:userid", "aws:principalorgid", "aws:principalorgpaths"};
    for (const std::string& k : principal_keys) ctx_.bind_literal(k, std::nullopt);
    const Tags* tags = nullptr;
    bool tags_known = true;
    if (who_.kind == Kind::Service) {
      ctx_.bind_literal("aws:PrincipalIsAWSService", std::vector<std::string>{"true"});
    } else if (who_.kind != Kind::Anonymous) {
      ctx_.bind_literal("aws:PrincipalIsAWSService", std::vector<std::string>{"false"});
      ctx_.bind("aws:PrincipalAccount", std::vector<z3::expr>{principal_.account});
      ctx_.bind("aws:PrincipalArn", std::vector<z3::expr>{principal_.role_arn ? *principal_.role_arn : principal_.arn});
      switch (who_.kind) {
        case Kind::User:
          ctx_.bind_literal("aws:PrincipalType", std::vector<std::string>{"User"});
          if (who_.user >= 0) {
            const User& u = impl_.env.users[static_cast<std::size_t>(who_.user)];
            ctx_.bind_literal("aws:username", std::vector<std::string>{u.name});
            ctx_.bind_literal("aws:userid", std::vector<std::string>{u.id});
            tags = &u.tags;
          } else {
            ctx_.bind("aws:username", std::vector<z3::expr>{*principal_.name});
            ctx_.bind("aws:userid", std::vector<z3::expr>{*principal_.unique_id});
            tags_known = false;
          }
          break;
        case Kind::RoleSession:
          ctx_.bind_literal("aws:PrincipalType", std::vector<std::string>{"AssumedRole"});
          if (who_.role >= 0) {
            const Role& r = impl_.env.roles[static_cast<std::size_t>(who_.role)];
            ctx_.bind("aws:userid", std::vector<z3::expr>{z3::concat(lit(r.id + ":"), *principal_.session)});
            tags = &r.tags;
          } else {
            ctx_.bind("aws:userid",
                      std::vector<z3::expr>{z3::concat(z3::concat(*principal_.unique_id, lit(":")), *principal_.session)});
            tags_known = false;
          }
          break;
        case Kind::Root:
          ctx_.bind_literal("aws:PrincipalType", std::vector<std::string>{"Account"});
          ctx_.bind("aws:userid", std::vector<z3::expr>{principal_.account});
          break;
        default: break;
      }
      if (impl_.env.organization && applicable_.account != nullptr) {
        ctx_.bind_literal("aws:PrincipalOrgID", std::vector<std::string>{impl_.env.organization->id});
        std::string path = impl_.env.organization->id + "/" + impl_.env.organization->root_id + "/";
        for (const std::string& ou : applicable_.account->ou_path) path += ou + "/";
        ctx_.bind_literal("aws:PrincipalOrgPaths", std::vector<std::string>{path});
      }
    }
    // Principal tags: a listed principal's are known (the rest absent); an unlisted one may carry any.
    for (const std::string& k : keys) {
      if (!k.starts_with("aws:principaltag/")) continue;
      if (who_.kind == Kind::Anonymous || who_.kind == Kind::Service || who_.kind == Kind::Root ||
          (tags_known && tags == nullptr)) {
        ctx_.bind_literal(k, std::nullopt);
      } else if (tags_known) {
        std::optional<std::vector<std::string>> v;
        for (const auto& [tk, tv] : *tags) {
          if (lower("aws:PrincipalTag/" + tk) == k) v = std::vector<std::string>{tv};
        }
        ctx_.bind_literal(k, v);
      }
    }
    if (!rc_.account.empty()) {
      ctx_.bind_literal("aws:ResourceAccount", std::vector<std::string>{rc_.account});
    } else {
      ctx_.bind_literal("aws:ResourceAccount", std::nullopt);
    }
    if (applicable_.resource != nullptr) {
      for (const std::string& k : keys) {
        if (!k.starts_with("aws:resourcetag/")) continue;
        std::optional<std::vector<std::string>> v;
        for (const auto& [tk, tv] : applicable_.resource->tags) {
          if (lower("aws:ResourceTag/" + tk) == k) v = std::vector<std::string>{tv};
        }
        ctx_.bind_literal(k, v);
      }
    }
  }

  // Which statements of one policy apply, and how the resource policy's Allows name the caller.
  Scan scan(PolicyId id, bool with_principal) {
    const EnvPolicy& p = impl_.env.policies[id];
    const linter::JsonTree& tree = *p.policy.tree;
    const Node* version = p.policy.version;
    bool variables = version != nullptr && version->is_string() && version->text == "2012-10-17";
    z3::expr F = z3_.bool_val(false);
    Scan out{F, F, F, F};
    for (const Statement& s : p.policy.statements) {
      if (s.effect != linter::Effect::Allow && s.effect != linter::Effect::Deny) continue;
      std::optional<z3::expr> a = applies(tree, s, with_principal, variables);
      if (!a) continue;
      if (!with_principal) {
        z3::expr& into = s.effect == linter::Effect::Deny ? out.deny : out.allow;
        into = into || *a;
        continue;
      }
      // A resource policy's statement, Deny or Allow, applies only to the principals it names.
      Naming n = naming(tree, s);
      if (s.effect == linter::Effect::Deny) {
        out.deny = out.deny || (*a && n.any);
        continue;
      }
      out.allow = out.allow || (*a && n.any);
      out.direct = out.direct || (*a && n.direct_or_everyone);
      out.role = out.role || (*a && n.role);
    }
    return out;
  }

  // Action, resource and condition (not the principal); nullopt when the statement cannot apply at all.
  std::optional<z3::expr> applies(const linter::JsonTree& tree, const Statement& s, bool with_principal,
                                  bool variables) {
    z3::expr F = z3_.bool_val(false);
    z3::expr action = F;
    ActionDomain::Intervals set;
    if (const Node* a = s.get(Element::Action)) {
      set = actions(tree, *a);
    } else if (const Node* na = s.get(Element::NotAction)) {
      set = interval_complement(actions(tree, *na), static_cast<uint32_t>(impl_.domain->size()));
    } else {
      return std::nullopt;
    }
    // Only the actions the query asks about: a statement about none of them cannot apply, decided here.
    set = interval_intersection(set, impl_.focus);
    if (set.empty()) return std::nullopt;
    action = impl_.domain->contains(action_, set);
    z3::expr resource = F;
    if (const Node* r = s.get(Element::Resource)) {
      resource = resources(tree, *r, variables);
    } else if (const Node* nr = s.get(Element::NotResource)) {
      resource = !resources(tree, *nr, variables);
    } else if (!with_principal) {
      return std::nullopt;
    } else {
      resource = z3_.bool_val(true);
    }
    resource = resource.simplify();
    if (resource.is_false()) return std::nullopt;
    z3::expr out = action && resource;
    if (const Node* c = s.get(Element::Condition)) {
      std::string why;
      std::optional<z3::expr> cond = ctx_.condition(tree, *c, variables, &why);
      if (!cond) throw Unsupported{why};
      out = out && *cond;
    }
    return out;
  }

  // The actions an Action or NotAction element names, as intervals; computed once per element for the prover
  // (AWS managed policies list hundreds of actions in one statement, and every query reads them).
  const ActionDomain::Intervals& actions(const linter::JsonTree& tree, const Node& element) {
    auto [it, fresh] = impl_.element_actions.try_emplace(&element);
    if (!fresh) return it->second;
    ActionDomain::Intervals all;
    linter::for_each_value(tree, element, [&](const Node& v) {
      if (!v.is_string()) return;
      const ActionDomain::Intervals& one = impl_.domain->intervals(v.text);
      all.insert(all.end(), one.begin(), one.end());
    });
    std::sort(all.begin(), all.end());
    ActionDomain::Intervals merged;
    for (const auto& [lo, hi] : all) {
      if (!merged.empty() && lo <= merged.back().second + 1ULL) {
        merged.back().second = std::max(merged.back().second, hi);
      } else {
        merged.emplace_back(lo, hi);
      }
    }
    it->second = std::move(merged);
    return it->second;
  }

  // The literal start every resource of the class has (its head and the literal start of its pattern's resource
  // segment), and whether the class is exactly "that start, then anything" (a pattern with one trailing `*`).
  void class_prefix() {
    if (prefix_known_) return;
    prefix_known_ = true;
    std::string_view pattern = rc_.pattern;
    std::size_t wild = pattern.find_first_of("*?\\");
    class_prefix_ = std::string(pattern.substr(0, wild));
    class_is_prefix_ = wild != std::string_view::npos && wild + 1 == pattern.size() && pattern[wild] == '*';
    if (!class_prefix_.starts_with(rc_.head)) {
      class_prefix_ = rc_.head;  // a pattern with wildcards in its head: only the head is known
      class_is_prefix_ = false;
    }
    if (rc_.kind == ResourceClass::Kind::BucketObject && class_prefix_.size() < rc_.arn.size() + 1) {
      class_prefix_ = rc_.arn + "/";
    }
  }

  // A Resource value against the query's resource, decided here when the class settles it: a pattern whose literal
  // start differs from the class's matches none of it; "*", and "start*" whose start the class's start extends,
  // match all of it (a trailing `*` is the last character of its segment, which may run past colons). Otherwise the
  // encoding of solver/z3_match.
  z3::expr resource_value(std::string_view pattern) {
    if (resource_.literal || pattern == "*") return resource_formula(z3_, pattern, resource_);
    if (!rc_.excluded_heads.empty()) {
      std::optional<std::string> head = arn_head(pattern);
      if (head && std::find(rc_.excluded_heads.begin(), rc_.excluded_heads.end(), *head) != rc_.excluded_heads.end()) {
        return z3_.bool_val(false);
      }
    }
    class_prefix();
    std::size_t wild = pattern.find_first_of("*?\\");
    std::string_view start = pattern.substr(0, wild);
    if (!start.starts_with(class_prefix_) && !std::string_view(class_prefix_).starts_with(start)) {
      return z3_.bool_val(false);
    }
    bool trailing_star = wild != std::string_view::npos && wild + 1 == pattern.size() && pattern[wild] == '*';
    if (trailing_star && std::string_view(class_prefix_).starts_with(start) && class_is_prefix_) {
      return z3_.bool_val(true);
    }
    return resource_formula(z3_, pattern, resource_);
  }

  z3::expr resources(const linter::JsonTree& tree, const Node& element, bool variables) {
    z3::expr_vector any(z3_);
    linter::for_each_value(tree, element, [&](const Node& v) {
      if (!v.is_string()) return;
      if (!variables || v.text.find("${") == std::string_view::npos) {
        any.push_back(resource_value(v.text));
        return;
      }
      any.push_back(resource_with_variables(v.text));
    });
    return any.empty() ? z3_.bool_val(false) : z3::mk_or(any);
  }

  // A Resource value with policy variables: the literal text and the variables' values, as expand_variables()
  // splits it.
  z3::expr resource_with_variables(std::string_view value) {
    std::vector<PatternPiece> pieces;
    z3::expr resolves = z3_.bool_val(true);
    std::size_t i = 0;
    while (i < value.size()) {
      std::size_t open = value.find("${", i);
      if (open == std::string_view::npos) {
        pieces.push_back({std::string(value.substr(i)), std::nullopt});
        break;
      }
      if (open > i) pieces.push_back({std::string(value.substr(i, open - i)), std::nullopt});
      std::size_t close = std::string_view::npos;
      bool quoted = false;
      for (std::size_t j = open + 2; j < value.size(); ++j) {
        if (value[j] == '\'') {
          quoted = !quoted;
        } else if (value[j] == '}' && !quoted) {
          close = j;
          break;
        }
      }
      if (close == std::string_view::npos) {
        pieces.push_back({std::string(value.substr(open)), std::nullopt});
        break;
      }
      std::string why;
      std::optional<SymbolicContext::Expanded> v = ctx_.variable(value.substr(open + 2, close - open - 2), &why);
      if (!v) throw Unsupported{why};
      pieces.push_back({std::string(), v->value});
      resolves = resolves && v->resolves;
      i = close + 1;
    }
    std::string why;
    std::optional<z3::expr> m = resource_formula(z3_, pieces, resource_, &why);
    if (!m) throw Unsupported{why};
    return resolves && *m;
  }

  // The Principal (or NotPrincipal) of a resource policy statement against the candidate, as principal_names() and
  // not_principal_applies() in evaluator.cpp read it.
  Naming naming(const linter::JsonTree& tree, const Statement& s) {
    z3::expr F = z3_.bool_val(false), T = z3_.bool_val(true);
    Naming out{F, F, F};
    bool service = who_.kind == Kind::Service, anonymous = who_.kind == Kind::Anonymous;
    if (const Node* pr = s.get(Element::Principal)) {
      if (pr->is_string()) {
        if (pr->text == "*") out = Naming{T, T, F};
        return out;
      }
      if (!pr->is_object()) return out;
      for (const Node& kind : tree.children(*pr)) {
        linter::for_each_value(tree, kind, [&](const Node& v) {
          if (!v.is_string()) return;
          if (kind.key == "AWS") {
            if (v.text == "*") {
              out.any = T;
              out.direct_or_everyone = T;
              return;
            }
            if (service || anonymous) return;
            if (is_account_id(v.text)) {
              out.any = out.any || principal_.account == lit(v.text);
              return;
            }
            std::string_view acct = arn_account(v.text);
            if (v.text.ends_with(":root") && !acct.empty()) {
              z3::expr same = principal_.account == lit(acct);
              out.any = out.any || same;
              if (who_.kind == Kind::Root) out.direct_or_everyone = out.direct_or_everyone || same;
              return;
            }
            z3::expr direct = principal_.arn == lit(v.text);
            out.any = out.any || direct;
            out.direct_or_everyone = out.direct_or_everyone || direct;
            if (principal_.role_arn) {
              z3::expr role = *principal_.role_arn == lit(v.text);
              out.any = out.any || role;
              out.role = out.role || role;
            }
          } else if (kind.key == "Service" && service) {
            if (linter::iequals(v.text, who_.service)) {
              out.any = T;
              out.direct_or_everyone = T;
            }
          } else if (kind.key == "Federated" || kind.key == "CanonicalUser") {
            z3::expr direct = principal_.arn == lit(v.text);
            out.any = out.any || direct;
            out.direct_or_everyone = out.direct_or_everyone || direct;
          }
        });
      }
      return out;
    }
    if (const Node* np = s.get(Element::NotPrincipal)) {
      std::vector<std::string_view> listed;
      if (np->is_string()) listed.push_back(np->text);
      if (np->is_object()) {
        for (const Node& kind : tree.children(*np)) {
          linter::for_each_value(tree, kind, [&](const Node& v) {
            if (v.is_string()) listed.push_back(v.text);
          });
        }
      }
      auto has = [&](const z3::expr& term) {
        z3::expr_vector any(z3_);
        for (std::string_view l : listed) any.push_back(term == lit(l));
        return any.empty() ? F : z3::mk_or(any);
      };
      if (std::find(listed.begin(), listed.end(), "*") != listed.end()) return out;
      z3::expr root = z3::concat(z3::concat(lit("arn:aws:iam::"), principal_.account), lit(":root"));
      z3::expr account_listed = has(root) || has(principal_.account);
      z3::expr applies = F;
      switch (who_.kind) {
        case Kind::User: applies = !(has(principal_.arn) && account_listed); break;
        case Kind::RoleSession: applies = !(has(principal_.arn) && has(*principal_.role_arn) && account_listed); break;
        case Kind::Root: applies = !account_listed; break;
        default: applies = !has(principal_.arn); break;
      }
      return Naming{applies, applies, F};
    }
    return out;
  }

  Prover::Impl& impl_;
  z3::context& z3_;
  const Candidate& who_;
  const ResourceClass& rc_;
  std::string tag_;
  bool policy_mode_;
  SymbolicContext ctx_;
  z3::expr action_;
  z3::expr_vector side_;
  Prover::Impl::Applicable applicable_;
  PrincipalTerms principal_;
  ResourceTerm resource_;
  bool prefix_known_ = false, class_is_prefix_ = false;
  std::string class_prefix_;
  std::optional<z3::expr> rest_;  // the free rest of a symbolic resource, after rest_start_
  std::string rest_start_;
};

}  // namespace

}  // namespace iamlint::solver

namespace iamlint::solver {

namespace {

enum class Sat : uint8_t { Yes, No, Unknown };

// One query's scope on the shared solver.
struct Scope {
  z3::solver& s;
  explicit Scope(z3::solver& solver) : s(solver) { s.push(); }
  // pop() throws only on a Z3 failure or a pop without its push; neither can be recovered from here.
  ~Scope() { s.pop(); }  // NOLINT(bugprone-exception-escape): std::terminate is the answer to either
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
};

struct CaseResult {
  Sat sat = Sat::No;
  std::string why;  // Unknown: the reason
  ProofStep step;   // Yes: the request, replayed
  bool mismatch = false;
  Candidate who;    // Yes: who (for chains)
};

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// A policy from text, kept in the environment (a counterexample's stand-in identity policy, a suggestion).
std::optional<PolicyId> add_policy_text(Environment& env, std::string name, std::string path, std::string text,
                                        linter::PolicyType type) {
  EnvPolicy& p = env.policies.emplace_back();
  p.name = std::move(name);
  p.path = path;
  p.type = type;
  p.source = std::make_shared<const linter::SourceFile>(std::move(path), std::move(text));
  linter::JsonLoader loader;
  if (loader.load(*p.source, p.tree)) {
    env.policies.pop_back();
    return std::nullopt;
  }
  linter::build_policy(*p.source, p.tree, type, linter::PolicyHolder::Managed, p.policy);
  return static_cast<PolicyId>(env.policies.size() - 1);
}

std::optional<PolicyId> add_policy_file(Environment& env, const std::string& path, linter::PolicyType type,
                                        std::string* error) {
  linter::ReadResult read = linter::read_source(path, linter::LoadLimits{}.max_file_size);
  if (!read.source) {
    *error = path + ": " + read.error;
    return std::nullopt;
  }
  EnvPolicy& p = env.policies.emplace_back();
  p.name = path;
  p.path = path;
  p.type = type;
  p.source = std::shared_ptr<const linter::SourceFile>(std::move(read.source));
  linter::JsonLoader loader;
  if (auto e = loader.load(*p.source, p.tree)) {
    linter::Position at = p.source->position(e->offset);
    *error = path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + e->message;
    env.policies.pop_back();
    return std::nullopt;
  }
  linter::build_policy(*p.source, p.tree, type, linter::PolicyHolder::Managed, p.policy);
  return static_cast<PolicyId>(env.policies.size() - 1);
}

}  // namespace

// The solving side: one query per case, models made readable, counterexamples replayed.
struct Solving {
  Prover::Impl& impl;
  const ActionDomain::Intervals& actions;
  std::string unknown;  // the first reason a case was UNKNOWN
  uint64_t& calls;

  // Whether `who` can perform one of the actions on a resource of `rc`; with the replayed request when it can.
  CaseResult solve(const Candidate& who, const ResourceClass& rc, const std::optional<std::string>& fixed_action = {}) {
    if (std::optional<CaseResult> hit = probe(who, rc, fixed_action)) return *hit;
    CaseResult out;
    out.who = who;
    std::string tag = "q" + std::to_string(impl.serial++) + ".";
    if (fixed_action) {
      std::optional<uint32_t> i = impl.domain->index(*fixed_action);
      impl.focus = i ? ActionDomain::Intervals{{*i, *i}} : ActionDomain::Intervals{};
    } else {
      impl.focus = actions;
    }
    try {
      Query q(impl, who, rc, tag);
      z3::expr allowed = q.allowed();
      if (allowed.is_false()) return out;  // decided without the solver
      z3::solver& s = impl.solver();
      Scope scope(s);
      z3::expr_vector asserted(impl.z3);
      asserted.push_back(q.side());
      if (impl.public_from) {
        // not-public: the caller's address lies in none of the networks the policies name that are /8 or smaller
        // (a policy that admits only such networks is not public; 0.0.0.0/1 is). Taken before axioms(), which
        // must follow every condition.
        std::string why;
        std::optional<z3::expr> outside =
            q.context().condition(impl.public_from->tree, *impl.public_from->tree.root(), true, &why);
        if (!outside) throw Unsupported{why};
        asserted.push_back(*outside);
      }
      asserted.push_back(q.context().axioms());
      asserted.push_back(fixed_action ? q.is_action(*fixed_action) : impl.domain->contains(q.action(), actions));
      asserted.push_back(allowed);
      for (const z3::expr& e : asserted) s.add(e);
      ++calls;
      z3::check_result r = s.check();
      if (r == z3::unsat) return out;
      if (r == z3::unknown) {
        out.sat = Sat::Unknown;
        out.why = "the solver gave no answer for " + who.label + " within the limits (--rlimit " +
                  std::to_string(impl.options.rlimit) + ", --timeout-ms " + std::to_string(impl.options.timeout_ms) +
                  "): " + s.reason_unknown();
        return out;
      }
      z3::model m = prefer(q, rc, s.get_model(), asserted);
      out.sat = Sat::Yes;
      out.step = replay(q, m, who, &out.mismatch);
    } catch (const Unsupported& u) {
      out.sat = Sat::Unknown;
      out.why = u.why;
    } catch (const z3::exception& e) {
      out.sat = Sat::Unknown;
      out.why = std::string("Z3: ") + e.msg();
    }
    return out;
  }

  // Before the solver, a few concrete requests straight through the evaluator: the property's actions on the
  // resources the policies that apply name (their wildcards filled), with no context. A listed principal's
  // counterexample is usually among them, and an evaluator decision needs no replay. Z3 is asked only when none is
  // allowed, to find a subtler request or to prove there is none.
  std::optional<CaseResult> probe(const Candidate& who, const ResourceClass& rc,
                                  const std::optional<std::string>& fixed_action) {
    if (who.unlisted || who.fresh_account) return std::nullopt;
    const Environment& env = impl.env;
    std::string principal;
    switch (who.kind) {
      case Kind::User: principal = env.users[static_cast<std::size_t>(who.user)].arn; break;
      case Kind::RoleSession: {
        const Role& r = env.roles[static_cast<std::size_t>(who.role)];
        principal = "arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/iamlint-session";
        break;
      }
      case Kind::Root: principal = "arn:aws:iam::" + who.account + ":root"; break;
      case Kind::Service: principal = who.service; break;
      case Kind::Anonymous: break;
      default: return std::nullopt;
    }
    std::vector<std::string> names;
    if (fixed_action) {
      names.push_back(*fixed_action);
    } else {
      // The property's own actions first, in its order ("write" reads as s3:PutObject before s3:DeleteObject).
      if (impl.current != nullptr) {
        for (const std::string& a : impl.current->actions) {
          if (!has_wildcard(a) && names.size() < 8) names.push_back(a);
        }
      }
      for (const auto& [lo, hi] : actions) {
        for (uint32_t i = lo; i <= hi && names.size() < 8; ++i) names.push_back(impl.domain->name(i));
        if (names.size() >= 8) break;
      }
    }
    std::vector<std::string> resources;
    auto consider = [&](std::string r) {
      if (resources.size() < 16 && resource_matches(rc.pattern, r) &&
          std::find(resources.begin(), resources.end(), r) == resources.end()) {
        resources.push_back(std::move(r));
      }
    };
    if (rc.kind == ResourceClass::Kind::Literal) {
      consider(rc.arn);
    } else {
      std::string start = rc.pattern.substr(0, rc.pattern.find_first_of("*?\\"));
      consider(start + "example-object");
      Prover::Impl::Applicable a = impl.applicable(who, rc);
      std::vector<PolicyId> ids = a.identity;
      if (a.resource_policy) ids.push_back(*a.resource_policy);
      for (PolicyId id : ids) {
        const EnvPolicy& p = env.policies[id];
        for (const Statement& st : p.policy.statements) {
          const Node* r = st.get(Element::Resource);
          if (st.effect != linter::Effect::Allow || r == nullptr) continue;
          linter::for_each_value(*p.policy.tree, *r, [&](const Node& v) {
            if (!v.is_string() || v.text.find("${") != std::string_view::npos) return;
            std::string filled, pieces;
            for (char c : v.text) filled += c == '*' ? std::string() : c == '?' ? std::string("x") : std::string(1, c);
            consider(filled);
            // The literal pieces of its resource segment after the class's start: "*Personalize*" gives
            // "bucket/Personalize".
            std::string_view text = v.text;
            std::optional<std::string> head = arn_head(text);
            std::string_view segment = head ? text.substr(head->size()) : text;
            for (char c : segment) pieces += c == '*' || c == '?' ? std::string() : std::string(1, c);
            consider(start + pieces);
          });
        }
      }
    }
    if (resources.empty()) return std::nullopt;
    Evaluator evaluator(env);
    for (const std::string& action : names) {
      for (const std::string& resource : resources) {
        Request q{principal, action, resource, {}};
        Explanation ex;
        if (evaluator.evaluate(q, &ex) != Decision::Allowed) continue;
        CaseResult out;
        out.sat = Sat::Yes;
        out.who = who;
        out.step.request = std::move(q);
        out.step.decision = Decision::Allowed;
        out.step.reason = ex.reason;
        out.step.deciding = ex.deciding;
        return out;
      }
    }
    return std::nullopt;
  }

  // Readable names where the model leaves them free: each preference kept when it is still satisfiable.
  // Readable names where the model leaves them free ("unlisted-user", "example-object", 999999999999): each group of
  // wishes is written into a copy of the model and kept when every asserted formula still evaluates to true there.
  // No solver call: asking Z3 again for each wish cost more than the query itself.
  z3::model prefer(const Query& q, const ResourceClass& rc, const z3::model& found, const z3::expr_vector& asserted) {
    z3::context& z3 = impl.z3;
    const PrincipalTerms& p = q.principal();
    auto lit = [&](std::string_view v) { return str_lit(z3, v); };
    using Wish = std::vector<std::pair<z3::expr, z3::expr>>;
    std::vector<std::vector<Wish>> wishes;  // each a list of alternatives: the first that holds is kept
    bool role = p.role_arn.has_value();
    if (p.name && p.path) {
      const char* name = role ? "unlisted-role" : "unlisted-user";
      wishes.push_back({{{*p.name, lit(name)}, {*p.path, lit(name)}}});
    }
    if (p.session) wishes.push_back({{{*p.session, lit("iamlint-session")}}});
    if (p.unique_id) wishes.push_back({{{*p.unique_id, lit(role ? "AROAUNLISTEDROLE0001" : "AIDAUNLISTEDUSER0001")}}});
    if (q.resource().tail) {
      std::string example;
      std::string_view pattern = rc.pattern;
      if (rc.kind == ResourceClass::Kind::BucketObject && !rc.head.empty()) {
        example = rc.arn.substr(rc.head.size()) + "/example-object";
      } else {
        std::string_view rest = rc.head.empty() ? pattern : pattern.substr(std::min(rc.head.size(), pattern.size()));
        for (char c : rest) example += c == '*' ? std::string("example") : c == '?' ? std::string("x") : std::string(1, c);
      }
      std::vector<Wish> tail;
      if (q.resource_rest() && example.starts_with(q.resource_start())) {
        tail.push_back({{*q.resource_rest(), lit(example.substr(q.resource_start().size()))}});
      }
      // Else the solver's own choice, made readable when it ends a path: "reports/" becomes "reports/example".
      if (q.resource_rest()) {
        std::string chosen = str_value(found.eval(*q.resource_rest(), true));
        if (chosen.empty() || chosen.back() == '/') tail.push_back({{*q.resource_rest(), lit(chosen + "example")}});
      }
      if (!tail.empty()) wishes.push_back(std::move(tail));
    }
    if (p.account.is_const() && p.account.decl().decl_kind() == Z3_OP_UNINTERPRETED) {
      wishes.push_back({{{p.account, lit("999999999999")}}});
    }
    z3::model current = found;
    for (const std::vector<Wish>& alternatives : wishes) {
      for (const Wish& wish : alternatives) {
        z3::model trial(current, z3, z3::model::translate());
        for (const auto& [term, value] : wish) {
          if (!term.is_const() || term.decl().decl_kind() != Z3_OP_UNINTERPRETED) continue;
          z3::func_decl d = term.decl();
          z3::expr v = value;
          trial.add_const_interp(d, v);
        }
        bool holds = true;
        for (int i = 0; holds && i < static_cast<int>(asserted.size()); ++i)
          holds = trial.eval(asserted[i], true).is_true();
        if (holds) {
          current = trial;
          break;
        }
      }
    }
    return current;
  }

  // The model as a request, decided by the evaluator; principals the environment does not list are added to it,
  // with their stand-in identity policy, for the replay only.
  ProofStep replay(const Query& q, const z3::model& m, const Candidate& who, bool* mismatch) {
    Environment& env = impl.env;
    ProofStep step;
    bool identity_allows = false;
    step.request = q.request(m, &step.principal_note, &identity_allows);
    std::size_t users = env.users.size(), roles = env.roles.size(), policies = env.policies.size();
    if (who.unlisted) {
      std::vector<PolicyId> ids;
      if (identity_allows) {
        std::string text = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":)" +
                           json_string(step.request.action) + R"(,"Resource":"*"}]})";
        if (auto id = add_policy_text(env, "stand-in identity policy", "(counterexample)", text,
                                      linter::PolicyType::Identity)) {
          ids.push_back(*id);
        }
      }
      const PrincipalTerms& p = q.principal();
      std::string account = std::string(arn_account(step.request.principal));
      if (who.kind == Kind::User) {
        User u;
        u.arn = step.request.principal;
        u.name = q.model_string(m, p.name);
        u.account = account;
        u.id = q.model_string(m, p.unique_id);
        u.policies = ids;
        env.users.push_back(std::move(u));
      } else {
        Role r;
        r.arn = str_value(m.eval(*p.role_arn, true));
        r.name = q.model_string(m, p.name);
        r.account = account;
        r.id = q.model_string(m, p.unique_id);
        r.policies = ids;
        env.roles.push_back(std::move(r));
      }
      env.index();
    }
    Explanation ex;
    step.decision = Evaluator(env).evaluate(step.request, &ex);
    step.reason = ex.reason;
    step.deciding = ex.deciding;
    if (who.unlisted) {
      for (StatementNote& n : step.deciding) {
        if (n.policy >= policies) n.policy = static_cast<PolicyId>(-1);  // the stand-in: gone after the replay
      }
      env.users.resize(users);
      env.roles.resize(roles);
      while (env.policies.size() > policies) env.policies.pop_back();
      env.index();
    }
    *mismatch = step.decision != Decision::Allowed;
    return step;
  }
};

}  // namespace iamlint::solver

namespace iamlint::solver {

namespace {

// Which candidates a property's principal list names: users, role sessions, group members, whole accounts,
// services.
bool names_candidate(const Environment& env, const std::vector<std::string>& principals, const Candidate& c) {
  for (const std::string& p : principals) {
    if (p == "*") return true;
    if (is_account_id(p) || (p.ends_with(":root") && p.starts_with("arn:"))) {
      std::string account = is_account_id(p) ? p : std::string(arn_account(p));
      if (!c.fresh_account && !c.account.empty() && c.account == account) return true;
      continue;
    }
    if (c.kind == Kind::Service && linter::iequals(p, c.service)) return true;
    if (c.user >= 0) {
      const User& u = env.users[static_cast<std::size_t>(c.user)];
      if (u.arn == p || std::find(u.groups.begin(), u.groups.end(), p) != u.groups.end()) return true;
    }
    if (c.role >= 0 && env.roles[static_cast<std::size_t>(c.role)].arn == p) return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

namespace {

std::vector<Candidate> all_candidates_named(const Prover::Impl& impl, const std::vector<Candidate>& all,
                                            const std::string& principal) {
  std::vector<Candidate> out;
  for (const Candidate& c : all) {
    if (names_candidate(impl.env, {principal}, c)) out.push_back(c);
  }
  return out;
}

// A way for `start` to perform one of the actions on one of the classes: directly, or by assuming up to `via`
// roles one after the other (breadth first: the shortest chain). The chain's steps: each sts:AssumeRole, then the
// request.
std::optional<std::vector<CaseResult>> reach(Prover::Impl& impl, Solving& solving, const Candidate& start,
                                             const std::vector<ResourceClass>& classes, unsigned via) {
  for (const ResourceClass& rc : classes) {
    CaseResult r = solving.solve(start, rc);
    if (r.sat == Sat::Yes) return std::vector<CaseResult>{r};
    if (r.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = r.why;
  }
  struct Hop {
    Candidate who;
    std::vector<CaseResult> chain;
  };
  std::vector<Hop> frontier = {{start, {}}};
  std::set<std::size_t> visited;
  for (unsigned depth = 0; depth < via && !frontier.empty(); ++depth) {
    std::vector<Hop> next;
    for (const Hop& from : frontier) {
      for (std::size_t i = 0; i < impl.env.roles.size(); ++i) {
        const Role& role = impl.env.roles[i];
        if (visited.count(i) != 0 || !role.trust) continue;
        if (from.who.role == static_cast<int>(i)) continue;
        ResourceClass rc = Prover::Impl::listed_class(role.arn, role.arn, role.account, -1, static_cast<int>(i));
        CaseResult hop = solving.solve(from.who, rc, std::string("sts:AssumeRole"));
        if (hop.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = hop.why;
        if (hop.sat != Sat::Yes) continue;
        visited.insert(i);
        Candidate session;
        session.kind = Kind::RoleSession;
        session.role = static_cast<int>(i);
        session.account = role.account;
        session.label = candidate_label(impl.env, session);
        std::vector<CaseResult> chain = from.chain;
        chain.push_back(hop);
        for (const ResourceClass& target : classes) {
          CaseResult r = solving.solve(session, target);
          if (r.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = r.why;
          if (r.sat != Sat::Yes) continue;
          chain.push_back(r);
          return chain;
        }
        next.push_back({session, chain});
      }
    }
    frontier = std::move(next);
  }
  return std::nullopt;
}

std::string resolve_path(const Property&, const std::string& path) {
  return path;  // load_properties resolves policy paths against the properties file already
}

// A policy-to-policy property: every request (no principal, no environment; all context keys free) that one policy
// allows and the other does not, or that a policy allows among the given actions and resources.
void compare_policies(Prover::Impl& impl, Solving& solving, const Property& property, PropertyResult& result) {
  Environment& env = impl.env;
  std::string error;
  std::optional<PolicyId> a = add_policy_file(env, resolve_path(property, property.policy_a),
                                              linter::PolicyType::Identity, &error);
  std::optional<PolicyId> b;
  if (a && property.kind != PropertyKind::AccessNotGranted) {
    b = add_policy_file(env, resolve_path(property, property.policy_b), linter::PolicyType::Identity, &error);
  }
  if (!a || (property.kind != PropertyKind::AccessNotGranted && !b)) {
    result.verdict = Verdict::Unknown;
    result.unknown_reason = error;
    result.summary = "not decided: " + error;
    return;
  }
  Candidate anyone;
  anyone.label = "any caller";
  std::vector<ResourceClass> classes;
  std::vector<std::string> patterns = property.kind == PropertyKind::AccessNotGranted && !property.resources.empty()
                                          ? property.resources
                                          : std::vector<std::string>{"*"};
  // A resource with a literal head (arn:aws:s3:::) can match only the patterns with that head, or wildcards in
  // theirs: one class per head the policies write, and one for every other resource, keeps the solver on the
  // resource segment instead of regular expressions over whole ARNs.
  std::set<std::string> heads;
  for (std::optional<PolicyId> id : {a, b}) {
    if (!id) continue;
    const EnvPolicy& p = env.policies[*id];
    for (const Statement& st : p.policy.statements) {
      for (Element e : {Element::Resource, Element::NotResource}) {
        if (const Node* n = st.get(e)) {
          linter::for_each_value(*p.policy.tree, *n, [&](const Node& v) {
            if (!v.is_string()) return;
            std::optional<std::string> head = arn_head(v.text);
            if (head && !has_wildcard(*head) && head->find("${") == std::string::npos) heads.insert(*head);
          });
        }
      }
    }
  }
  for (const std::string& pattern : patterns) {
    std::optional<std::string> head = arn_head(pattern);
    ResourceClass rc;
    rc.kind = ResourceClass::Kind::Unlisted;
    rc.pattern = pattern;
    if (head && !has_wildcard(*head)) {
      rc.head = *head;
      classes.push_back(rc);
      continue;
    }
    for (const std::string& h : heads) {
      ResourceClass one = rc;
      one.head = h;
      one.pattern = pattern == "*" ? h + "*" : pattern;
      if (pattern != "*" && !resource_matches(pattern, h + "x")) continue;
      classes.push_back(one);
    }
    rc.excluded_heads.assign(heads.begin(), heads.end());
    classes.push_back(rc);
  }
  std::vector<ProofStep> found;
  for (const ResourceClass& rc : classes) {
    try {
      impl.focus = property.kind == PropertyKind::AccessNotGranted
                       ? solving.actions
                       : ActionDomain::Intervals{{0, static_cast<uint32_t>(impl.domain->size() - 1)}};
      Query q(impl, anyone, rc, "p" + std::to_string(impl.serial++) + ".", true);
      z3::expr fa = q.allows(*a);
      z3::expr goal = fa && impl.domain->contains(q.action(), solving.actions);
      if (property.kind == PropertyKind::NoNewAccess) goal = q.allows(*b) && !fa;
      if (property.kind == PropertyKind::Equivalent) {
        z3::expr fb = q.allows(*b);
        goal = (fb && !fa) || (fa && !fb);
      }
      z3::solver& s = impl.solver();
      Scope scope(s);
      z3::expr_vector asserted(impl.z3);
      asserted.push_back(q.side());
      asserted.push_back(q.context().axioms());
      asserted.push_back(goal);
      for (const z3::expr& e : asserted) s.add(e);
      for (std::size_t k = 0; k < std::max<std::size_t>(1, impl.options.witnesses); ++k) {
          ++solving.calls;
        z3::check_result r = s.check();

        if (r == z3::unknown) {
          if (solving.unknown.empty()) {
          solving.unknown = "the solver gave no answer within the limits (--rlimit " +
                            std::to_string(impl.options.rlimit) + ", --timeout-ms " +
                            std::to_string(impl.options.timeout_ms) + "): " + s.reason_unknown();
        }
          break;
        }
        if (r == z3::unsat) break;
        z3::model m = solving.prefer(q, rc, s.get_model(), asserted);
        std::string note;
        bool unused = false;
        ProofStep step;
        step.request = q.request(m, &note, &unused);
        // The replay: each policy as the only identity policy of a user in the resource's account.
        auto decide = [&](PolicyId id, Explanation* ex) {
          Environment alone;
          std::string account(arn_account(step.request.resource));
          if (account.empty()) account = "123456789012";
          alone.accounts.push_back(Account{account, "policy check", {}, false});
          User u;
          u.name = "iamlint-policy-check";
          u.account = account;
          u.arn = "arn:aws:iam::" + account + ":user/" + u.name;
          std::string err;
          if (auto copy = add_policy_file(alone, env.policies[id].path, linter::PolicyType::Identity, &err)) {
            u.policies.push_back(*copy);
          }
          alone.users.push_back(u);
          alone.index();
          Request q2 = step.request;
          q2.principal = u.arn;
          Decision d = Evaluator(alone).evaluate(q2, ex);
          return d;
        };
        Explanation ex_a, ex_b;
        Decision da = decide(*a, &ex_a);
        Decision db = b ? decide(*b, &ex_b) : Decision::ImplicitDeny;
        bool confirmed = false;
        if (property.kind == PropertyKind::AccessNotGranted) {
          step.decision = da;
          step.reason = ex_a.reason;
          step.principal_note = "allowed by " + property.policy_a;
          confirmed = da == Decision::Allowed;
        } else {
          bool in_b = db == Decision::Allowed, in_a = da == Decision::Allowed;
          step.decision = in_b ? db : da;
          step.reason = (in_b ? ex_b : ex_a).reason;
          step.principal_note = std::string("allowed by ") + (in_b ? property.policy_b : property.policy_a) +
                                ", not by " + (in_b ? property.policy_a : property.policy_b);
          confirmed = in_a != in_b && (property.kind == PropertyKind::Equivalent || in_b);
        }
        step.request.principal.clear();
        result.replay_mismatch = result.replay_mismatch || !confirmed;
        found.push_back(step);
        // The next witness names another action.
        z3::expr other = q.action() != impl.z3.bv_val(*impl.domain->index(step.request.action), impl.domain->bits());
        s.add(other);
        asserted.push_back(other);
      }
      if (found.size() >= std::max<std::size_t>(1, impl.options.witnesses)) break;
    } catch (const Unsupported& u) {
      if (solving.unknown.empty()) solving.unknown = u.why;
    } catch (const z3::exception& e) {
      if (solving.unknown.empty()) solving.unknown = std::string("Z3: ") + e.msg();
    }
  }
  while (env.policies.size() > *a) env.policies.pop_back();
  impl.element_actions.clear();  // keyed by nodes of the policies just dropped
  if (!found.empty()) {
    result.verdict = Verdict::Refuted;
    result.steps = found;
    const ProofStep& first = found.front();
    result.summary = property.kind == PropertyKind::AccessNotGranted
                         ? property.policy_a + " grants " + first.request.action + " on " + first.request.resource
                         : first.principal_note + ": " + first.request.action + " on " + first.request.resource;
  } else if (!solving.unknown.empty()) {
    result.verdict = Verdict::Unknown;
    result.unknown_reason = solving.unknown;
    result.summary = "not decided: " + solving.unknown;
  } else {
    result.verdict = Verdict::Proved;
    result.summary = property.kind == PropertyKind::NoNewAccess   ? property.policy_b + " grants nothing that " + property.policy_a + " does not"
                     : property.kind == PropertyKind::Equivalent ? property.policy_a + " and " + property.policy_b + " allow the same requests"
                                                                  : property.policy_a + " grants none of the actions on the resources";
  }
}

}  // namespace

namespace {

// What "public" leaves out: the networks of aws:SourceIp conditions (IpAddress, NotIpAddress, their IfExists
// forms) with a prefix of /8 or longer for IPv4, /32 or longer for IPv6. An anonymous caller from inside one is a
// caller the policy's author chose; from anywhere else it is the public. As a Condition element:
// {"ForAllValues:NotIpAddress": {"aws:SourceIp": [...]}}, which also holds when the request has no address.
std::optional<Prover::Impl::SourceCondition> public_source_condition(const Environment& env) {
  std::set<std::string> networks;
  for (const EnvPolicy& p : env.policies) {
    const linter::JsonTree& tree = *p.policy.tree;
    for (const Statement& st : p.policy.statements) {
      const Node* c = st.get(Element::Condition);
      if (c == nullptr || !c->is_object()) continue;
      for (const Node& op : tree.children(*c)) {
        if (!op.is_object() || op.key.find("IpAddress") == std::string_view::npos) continue;
        for (const Node& key : tree.children(op)) {
          if (lower(key.key) != "aws:sourceip") continue;
          linter::for_each_value(tree, key, [&](const Node& v) {
            if (!v.is_string()) return;
            std::string_view text = v.text;
            std::size_t slash = text.find('/');
            int bits = slash == std::string_view::npos ? (text.find(':') == std::string_view::npos ? 32 : 128)
                                                       : std::atoi(std::string(text.substr(slash + 1)).c_str());
            bool v6 = text.find(':') != std::string_view::npos;
            if (bits >= (v6 ? 32 : 8)) networks.emplace(text);
          });
        }
      }
    }
  }
  if (networks.empty()) return std::nullopt;
  nlohmann::json c = {{"ForAllValues:NotIpAddress", {{"aws:SourceIp", networks}}}};
  Prover::Impl::SourceCondition out;
  out.source = std::make_shared<const linter::SourceFile>("(not-public)", c.dump());
  linter::JsonLoader loader;
  if (loader.load(*out.source, out.tree)) return std::nullopt;
  return out;
}

}  // namespace

namespace {

// Z3 does not keep to its limits on every regular expression: a pattern of many wildcards (`*a*a*…*b`) can run inside
// one check past --rlimit and --timeout-ms, for minutes and gigabytes. Real patterns have a few; a property with more
// than this in one pattern is UNKNOWN before any query, and says why (docs/limits.md).
constexpr std::size_t kMaxPatternWildcards = 32;

std::size_t wildcard_count(std::string_view pattern) {
  return static_cast<std::size_t>(std::count_if(pattern.begin(), pattern.end(), [](char c) { return c == '*' || c == '?'; }));
}

std::string over_wildcard_limit(std::string_view pattern, std::size_t n) {
  std::string shown(pattern.substr(0, 40));
  if (pattern.size() > 40) shown += "...";
  return "the pattern '" + shown + "' has " + std::to_string(n) + " wildcards, over the limit of " +
         std::to_string(kMaxPatternWildcards) + " per pattern given to the solver";
}

std::optional<std::string> too_many_wildcards(const Property& property) {
  for (const std::vector<std::string>* list : {&property.principals, &property.actions, &property.resources}) {
    for (const std::string& pattern : *list) {
      if (std::size_t n = wildcard_count(pattern); n > kMaxPatternWildcards) return over_wildcard_limit(pattern, n);
    }
  }
  return std::nullopt;
}

// The same bound on the environment's policies: any string of theirs may become a regular expression in a query (a
// Resource, a Principal, a StringLike value), so the first over the bound, with its place, makes every property
// UNKNOWN. Found once, when the prover is made.
std::optional<std::string> too_many_wildcards(const Environment& env) {
  for (const EnvPolicy& p : env.policies) {
    for (uint32_t id = 0; id < p.tree.size(); ++id) {
      const linter::Node& node = p.tree.at(id);
      if (!node.is_string()) continue;
      std::size_t n = wildcard_count(node.text);
      if (n <= kMaxPatternWildcards) continue;
      linter::Position at = p.policy.position(node.span.offset);
      return over_wildcard_limit(node.text, n) + ", in " + p.name + " (" + p.path + ":" + std::to_string(at.line) +
             ":" + std::to_string(at.column) + ")";
    }
  }
  return std::nullopt;
}

}  // namespace

Prover::Prover(Environment& env, ProverOptions options) : impl_(std::make_unique<Impl>(env, std::move(options))) {
  impl_->too_many_wildcards = too_many_wildcards(env);
}
Prover::~Prover() = default;

void Prover::prepare() {
  impl_->prepare(Property{});
  // Z3 sets up its string and bit-vector theories on the first query that uses them (about 30 ms): a throw-away
  // query here keeps that in the set-up time rather than in the first property's.
  z3::context& z3 = impl_->z3;
  z3::solver& s = impl_->solver();
  Scope scope(s);
  z3::expr x = z3.string_const("iamlint.warm-up");
  s.add(z3::prefixof(str_lit(z3, "arn:"), x) && z3::concat(x, str_lit(z3, "/")) != str_lit(z3, "arn:x/") &&
        z3::ule(z3.bv_const("iamlint.warm-up-bv", 15), z3.bv_val(3, 15)));
  s.check();
}

namespace {

// The order in which candidates are tried: listed principals first, then roots, then stand-ins; the counterexample
// shown is the first found, so the most concrete one.
int rank(const Candidate& c) {
  if (c.user >= 0 || c.role >= 0) return 0;
  if (c.kind == Kind::Root && !c.fresh_account) return 1;
  if (c.kind == Kind::Service || c.kind == Kind::Anonymous) return 2;  // anyone at all: the plainest counterexample
  if (c.unlisted && !c.fresh_account) return 3;
  return 4;
}

}  // namespace


PropertyResult Prover::prove(const Property& property) {
  auto start = std::chrono::steady_clock::now();
  Impl& impl = *impl_;
  PropertyResult result;
  result.property = &property;
  result.world = property.world.value_or(impl.options.world);
  std::optional<std::string> why = too_many_wildcards(property);
  if (!why) why = impl.too_many_wildcards;
  if (why) {
    result.verdict = Verdict::Unknown;
    result.unknown_reason = *why;
    result.summary = "not decided: " + *why;
    return result;
  }
  impl.prepare(property);
  impl.current = &property;
  ActionDomain::Intervals actions;
  for (const std::string& a : property.actions.empty() ? std::vector<std::string>{"*"} : property.actions) {
    actions = interval_union(actions, impl.domain->intervals(a));
  }
  uint64_t calls = 0;
  Solving solving{impl, actions, {}, calls};
  std::string coverage;
  std::vector<ResourceClass> classes = impl.resource_classes(property.resources, &coverage);
  std::vector<Candidate> all = impl.candidates(result.world, true);
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) { return rank(a) < rank(b); });
  std::string actions_text = join(property.actions, ", "), resources_text = join(property.resources, ", ");

  // Every candidate the filter keeps, against every class: the first request allowed.
  auto search = [&](const std::function<bool(const Candidate&)>& keep) -> std::optional<CaseResult> {
    for (const Candidate& c : all) {
      if (!keep(c)) continue;
      for (const ResourceClass& rc : classes) {
        CaseResult r = solving.solve(c, rc);
        if (r.sat == Sat::Yes) return r;
        if (r.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = r.why;
      }
    }
    return std::nullopt;
  };
  auto finish = [&](std::optional<CaseResult> found, const std::string& proved, const std::string& refuted) {
    if (found) {
      result.verdict = Verdict::Refuted;
      result.steps.push_back(found->step);
      result.replay_mismatch = found->mismatch;
      result.summary = refuted + ": " + found->who.label;
    } else if (!solving.unknown.empty()) {
      result.verdict = Verdict::Unknown;
      result.unknown_reason = solving.unknown;
      result.summary = "not decided: " + solving.unknown;
    } else {
      result.verdict = Verdict::Proved;
      result.summary = proved;
    }
  };

  switch (property.kind) {
    case PropertyKind::Only: {
      std::optional<CaseResult> found =
          search([&](const Candidate& c) { return !names_candidate(impl.env, property.principals, c); });
      finish(found, "only " + join(property.principals, ", ") + " can perform " + actions_text + " on " + resources_text,
             "another principal can perform " + (found ? found->step.request.action : std::string()));
      if (found && !suggesting_) suggest(property, result);
      break;
    }
    case PropertyKind::Cannot: {
      std::optional<std::vector<CaseResult>> chain;
      for (const Candidate& c : all) {
        if (!names_candidate(impl.env, property.principals, c)) continue;
        chain = reach(impl, solving, c, classes, property.via_roles);
        if (chain) break;
      }
      std::optional<CaseResult> found;
      if (chain) {
        found = chain->back();
        found->who = chain->front().who;
      }
      finish(found, join(property.principals, ", ") + " cannot perform " + actions_text + " on " + resources_text,
             "it can");
      if (chain) {
        result.steps.clear();
        for (const CaseResult& r : *chain) {
          result.steps.push_back(r.step);
          result.replay_mismatch = result.replay_mismatch || r.mismatch;
        }
      }
      break;
    }
    case PropertyKind::NoExternalAccess: {
      auto trusted = [&](const Candidate& c) {
        if (c.kind == Kind::Service) return true;
        if (c.kind == Kind::Anonymous || c.fresh_account) return false;
        if (std::find(property.accounts.begin(), property.accounts.end(), c.account) != property.accounts.end()) return true;
        return impl.env.organization && impl.env.account(c.account) != nullptr &&
               std::find(property.organizations.begin(), property.organizations.end(), impl.env.organization->id) !=
                   property.organizations.end();
      };
      std::optional<CaseResult> found = search([&](const Candidate& c) { return !trusted(c); });
      finish(found, "no principal outside " + join(property.accounts, ", ") + " can perform " + actions_text + " on " +
                        resources_text,
             "a principal outside the trusted accounts can");
      break;
    }
    case PropertyKind::NotPublic: {
      impl.public_from = public_source_condition(impl.env);
      std::optional<CaseResult> found = search(
          [&](const Candidate& c) { return c.kind == Kind::Anonymous || (c.fresh_account && c.kind != Kind::Service); });
      impl.public_from.reset();
      finish(found, resources_text + " is not public", "public");
      break;
    }
    case PropertyKind::Can: {
      // Each principal needs a witness: directly, or through up to via_roles role assumptions.
      bool every = true;
      for (const std::string& principal : property.principals) {
        std::vector<Candidate> starts;
        for (const Candidate& c : all_candidates_named(impl, all, principal)) starts.push_back(c);
        std::optional<std::vector<CaseResult>> chain;
        for (const Candidate& start : starts) {
          chain = reach(impl, solving, start, classes, property.via_roles);
          if (chain) break;
        }
        if (!chain) {
          every = false;
          result.summary = "no request of " + principal + " for " + actions_text + " on " + resources_text +
                           " is allowed" + (property.via_roles > 0 ? ", directly or through " +
                                                                          std::to_string(property.via_roles) +
                                                                          " role(s)" : std::string());
          break;
        }
        WhoCan w;
        w.principal = principal;
        for (const CaseResult& r : *chain) {
          w.witness.push_back(r.step);
          result.replay_mismatch = result.replay_mismatch || r.mismatch;
        }
        if (result.steps.empty()) result.steps = w.witness;
        if (property.principals.size() > 1) result.who.push_back(std::move(w));
      }
      if (every) {
        result.verdict = Verdict::Proved;
        result.summary = join(property.principals, ", ") + " can perform " + actions_text + " on " + resources_text;
      } else if (!solving.unknown.empty()) {
        result.verdict = Verdict::Unknown;
        result.unknown_reason = solving.unknown;
        result.summary = "not decided: " + solving.unknown;
        result.steps.clear();
      } else {
        result.verdict = Verdict::Refuted;
        result.steps.clear();
        result.who.clear();
      }
      break;
    }
    case PropertyKind::WhoCan: {
      for (const Candidate& c : all) {
        for (const ResourceClass& rc : classes) {
          CaseResult r = solving.solve(c, rc);
          if (r.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = r.why;
          if (r.sat != Sat::Yes) continue;
          result.replay_mismatch = result.replay_mismatch || r.mismatch;
          result.who.push_back(WhoCan{c.label, {r.step}});
          break;
        }
      }
      // Through roles: whoever can assume a role already listed (up to via_roles hops) can too, by way of it.
      std::vector<std::pair<Candidate, std::vector<CaseResult>>> frontier;
      for (const Candidate& c : all) {
        if (c.kind != Kind::RoleSession || c.role < 0) continue;
        for (const WhoCan& w : result.who) {
          if (w.principal == c.label) frontier.push_back({c, {}});
        }
      }
      std::set<std::string> listed;
      for (const WhoCan& w : result.who) listed.insert(w.principal);
      for (unsigned hop = 0; hop < property.via_roles && !frontier.empty(); ++hop) {
        std::vector<std::pair<Candidate, std::vector<CaseResult>>> next;
        for (const auto& [target, rest] : frontier) {
          const Role& role = impl.env.roles[static_cast<std::size_t>(target.role)];
          if (!role.trust) continue;
          ResourceClass rc = Prover::Impl::listed_class(role.arn, role.arn, role.account, -1, target.role);
          for (const Candidate& c : all) {
            if (listed.count(c.label) != 0) continue;
            CaseResult hop_result = solving.solve(c, rc, std::string("sts:AssumeRole"));
            if (hop_result.sat == Sat::Unknown && solving.unknown.empty()) solving.unknown = hop_result.why;
            if (hop_result.sat != Sat::Yes) continue;
            listed.insert(c.label);
            std::vector<CaseResult> chain = {hop_result};
            chain.insert(chain.end(), rest.begin(), rest.end());
            WhoCan w{c.label + ", by way of " + role.arn, {}};
            for (const CaseResult& r : chain) w.witness.push_back(r.step);
            // The last step: the role's own request, from the direct list.
            for (const WhoCan& direct : result.who) {
              if (direct.principal == target.label && !direct.witness.empty()) w.witness.push_back(direct.witness.back());
            }
            result.replay_mismatch = result.replay_mismatch || hop_result.mismatch;
            result.who.push_back(std::move(w));
            if (c.kind == Kind::RoleSession && c.role >= 0) next.emplace_back(c, chain);
          }
        }
        frontier = std::move(next);
      }
      result.verdict = solving.unknown.empty() ? Verdict::Proved : Verdict::Unknown;
      result.unknown_reason = solving.unknown;
      result.summary = std::to_string(result.who.size()) + " principal(s) can perform " + actions_text + " on " +
                       resources_text + (property.via_roles > 0 ? ", directly or through roles" : "");
      break;
    }
    case PropertyKind::NoNewAccess:
    case PropertyKind::Equivalent:
    case PropertyKind::AccessNotGranted:
      compare_policies(impl, solving, property, result);
      break;
  }
  if (!coverage.empty() && result.verdict == Verdict::Proved) result.summary += " (" + coverage + ")";
  result.solver_calls = calls;
  result.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void Prover::suggest(const Property& property, PropertyResult& result) {
  Environment& env = impl_->env;
  // The resource policy the claim rests on: the first listed resource (or the bucket of the objects) it names.
  Resource* target = nullptr;
  for (Resource& r : env.resources) {
    if (!r.policy) continue;
    for (const std::string& pattern : property.resources) {
      if (resource_matches(pattern, r.arn) || pattern.starts_with(r.arn + "/")) target = &r;
    }
    if (target != nullptr) break;
  }
  if (target == nullptr) return;
  std::vector<std::string> arns;
  for (const std::string& p : property.principals) {
    if (env.user(p) != nullptr || env.role(p) != nullptr) {
      arns.push_back(p);
    } else if (env.group(p) != nullptr) {
      for (const User& u : env.users) {
        if (std::find(u.groups.begin(), u.groups.end(), p) != u.groups.end()) arns.push_back(u.arn);
      }
    } else {
      return;  // accounts and services: no single condition key says it as plainly
    }
  }
  if (arns.empty()) return;
  nlohmann::json statement = {{"Sid", "DenyAllButTheAllowedPrincipals"},
                              {"Effect", "Deny"},
                              {"Principal", "*"},
                              {"Action", property.actions},
                              {"Resource", property.resources},
                              {"Condition", {{"StringNotEquals", {{"aws:PrincipalArn", arns}}}}}};
  const EnvPolicy& original = env.policies[*target->policy];
  std::string text = original.site.text.empty() ? std::string(original.source->text()) : std::string(original.site.text);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return;
  nlohmann::json& statements = doc["Statement"];
  if (statements.is_object()) statements = nlohmann::json::array({statements});
  if (!statements.is_array()) return;
  statements.push_back(statement);
  PolicyId before = *target->policy;
  std::size_t count = env.policies.size();
  std::optional<PolicyId> id = add_policy_text(env, original.name + " with the suggested statement", original.path,
                                               doc.dump(2), original.type);
  if (!id) return;
  result.suggestion = "add this statement to the policy of " + target->arn + " (" + original.path + "): " + statement.dump();
  target->policy = *id;
  suggesting_ = true;
  PropertyResult again = prove(property);
  suggesting_ = false;
  target->policy = before;
  while (env.policies.size() > count) env.policies.pop_back();
  impl_->element_actions.clear();  // keyed by nodes of the policies just dropped
  result.suggestion_verdict = again.verdict;
}

struct DecisionChecker::State {
  Environment& env;
  Prover::Impl impl;
  std::set<std::string> keys;  // every condition key the environment's policies read
  State(Environment& e) : env(e), impl(e, ProverOptions{}) {}
};

DecisionChecker::DecisionChecker(Environment& env) : state_(std::make_unique<State>(env)) {
  for (const EnvPolicy& p : env.policies) Prover::Impl::condition_keys(p, state_->keys);
}
DecisionChecker::~DecisionChecker() = default;

std::optional<bool> DecisionChecker::allowed(const Request& request, std::string* why) {
  Environment& env = state_->env;
  Prover::Impl& impl = state_->impl;
  Property property;
  property.actions = {request.action};
  impl.prepare(property);
  Candidate c;
  PrincipalInfo info = Evaluator(env).principal(request.principal);
  c.kind = info.kind;
  c.account = info.account;
  std::string session;
  switch (info.kind) {
    case Kind::User:
      if (info.user == nullptr) break;
      c.user = static_cast<int>(info.user - env.users.data());
      break;
    case Kind::RoleSession:
      if (info.role == nullptr) break;
      c.role = static_cast<int>(info.role - env.roles.data());
      session = request.principal.substr(request.principal.rfind('/') + 1);
      break;
    case Kind::Root: break;
    case Kind::Service: c.service = request.principal; break;
    case Kind::Anonymous:
    default: break;
  }
  if ((c.kind == Kind::User && c.user < 0) || (c.kind == Kind::RoleSession && c.role < 0) || c.kind == Kind::Unknown) {
    *why = "the principal is not one the encoding takes: " + request.principal;
    return std::nullopt;
  }
  if (c.kind == Kind::Root && std::find(impl.known_accounts.begin(), impl.known_accounts.end(), c.account) ==
                                  impl.known_accounts.end()) {
    c.fresh_account = false;  // a literal account all the same
  }
  c.label = candidate_label(env, c);
  ResourceClass rc;
  rc.arn = request.resource;
  rc.pattern = request.resource;
  if (const Resource* r = env.resource(request.resource)) {
    rc.resource = static_cast<int>(r - env.resources.data());
    rc.account = r->account;
  } else if (const Role* role = env.role(request.resource)) {
    rc.role = static_cast<int>(role - env.roles.data());
    rc.account = role->account;
  } else {
    impl.resolve_literal(rc);
  }
  try {
    std::optional<uint32_t> index = impl.domain->index(request.action);
    impl.focus = index ? ActionDomain::Intervals{{*index, *index}} : ActionDomain::Intervals{};
    Query q(impl, c, rc, "d" + std::to_string(impl.serial++) + ".");
    SymbolicContext& ctx = q.context();
    for (const std::string& k : state_->keys) {
      if (!ctx.is_bound(k)) ctx.bind_literal(k, std::nullopt);
    }
    for (const auto& [key, values] : request.context.entries()) ctx.bind_literal(key, values);
    z3::expr allowed = q.allowed();
    z3::solver& s = impl.solver();
    Scope scope(s);
    s.add(q.side());
    s.add(ctx.axioms());
    s.add(q.is_action(request.action));
    if (!session.empty() && q.principal().session) s.add(*q.principal().session == str_lit(impl.z3, session));
    s.add(allowed);
    z3::check_result r = s.check();
    if (r == z3::unknown) {
      *why = "the solver gave no answer: " + s.reason_unknown();
      return std::nullopt;
    }
    return r == z3::sat;
  } catch (const Unsupported& u) {
    *why = u.why;
    return std::nullopt;
  }
}

}  // namespace iamlint::solver
