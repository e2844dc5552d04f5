#include "solver/evaluator.hpp"

#include <algorithm>

#include "solver/conditions.hpp"
#include "solver/match.hpp"

namespace iamlint::solver {

using linter::Element;
using linter::Node;
using linter::Statement;

std::string_view decision_name(Decision d) noexcept {
  switch (d) {
    case Decision::Allowed: return "Allowed";
    case Decision::ExplicitDeny: return "ExplicitlyDenied";
    case Decision::ImplicitDeny: return "ImplicitlyDenied";
  }
  return "?";
}

std::string_view policy_role_name(PolicyRole r) noexcept {
  switch (r) {
    case PolicyRole::Scp: return "SCP";
    case PolicyRole::Rcp: return "RCP";
    case PolicyRole::Resource: return "resource policy";
    case PolicyRole::Identity: return "identity policy";
    case PolicyRole::Boundary: return "permissions boundary";
    case PolicyRole::Session: return "session policy";
  }
  return "?";
}

namespace {

// How a statement's Principal names the caller: not at all, through its account (which then delegates to its own
// policies), directly (the user, the role, the session, the service), or as everyone ("*").
enum class Named : uint8_t { No, Account, Everyone, Role, Direct };

Named better(Named a, Named b) { return static_cast<uint8_t>(a) >= static_cast<uint8_t>(b) ? a : b; }

// What one AWS principal value names for this caller.
Named aws_value_names(std::string_view v, const PrincipalInfo& who) {
  if (v == "*") return Named::Everyone;
  if (who.kind == PrincipalInfo::Kind::Service || who.kind == PrincipalInfo::Kind::Anonymous) return Named::No;
  if (is_account_id(v)) return v == who.account ? Named::Account : Named::No;
  if (v.ends_with(":root") && arn_account(v) == who.account && !who.account.empty()) {
    return who.kind == PrincipalInfo::Kind::Root ? Named::Direct : Named::Account;
  }
  if (v == who.arn) return Named::Direct;
  if (!who.role_arn.empty() && v == who.role_arn) return Named::Role;
  return Named::No;
}

Named principal_names(const linter::JsonTree& tree, const Node& principal, const PrincipalInfo& who) {
  if (principal.is_string()) return principal.text == "*" ? Named::Everyone : Named::No;
  if (!principal.is_object()) return Named::No;
  Named out = Named::No;
  for (const Node& kind : tree.children(principal)) {
    linter::for_each_value(tree, kind, [&](const Node& v) {
      if (!v.is_string()) return;
      if (kind.key == "AWS") {
        out = better(out, aws_value_names(v.text, who));
      } else if (kind.key == "Service" && who.kind == PrincipalInfo::Kind::Service) {
        if (linter::iequals(v.text, who.arn)) out = better(out, Named::Direct);
      } else if ((kind.key == "Federated" || kind.key == "CanonicalUser") && v.text == who.arn) {
        out = better(out, Named::Direct);
      }
    });
  }
  return out;
}

// NotPrincipal applies to every caller that it does not list in full: a role session escapes it only when the
// session, its role and its account are all listed, a user when the user and its account are (the NotPrincipal
// section of the Principal element page).
bool not_principal_applies(const linter::JsonTree& tree, const Node& element, const PrincipalInfo& who) {
  std::vector<std::string_view> listed;
  if (element.is_string()) listed.push_back(element.text);
  if (element.is_object()) {
    for (const Node& kind : tree.children(element)) {
      linter::for_each_value(tree, kind, [&](const Node& v) {
        if (v.is_string()) listed.push_back(v.text);
      });
    }
  }
  auto has = [&](std::string_view s) { return std::find(listed.begin(), listed.end(), s) != listed.end(); };
  if (has("*")) return false;
  std::string root = "arn:aws:iam::" + who.account + ":root";
  switch (who.kind) {
    case PrincipalInfo::Kind::User: return !(has(who.arn) && (has(root) || has(who.account)));
    case PrincipalInfo::Kind::RoleSession:
      return !(has(who.arn) && has(who.role_arn) && (has(root) || has(who.account)));
    case PrincipalInfo::Kind::Root: return !(has(root) || has(who.account));
    default: return !has(who.arn);
  }
}

struct Applicable {
  PolicyRole role;
  PolicyId id;
};

class Run {
 public:
  Run(const Environment& env, const PrincipalInfo& who, const Request& request, const Context& context,
      Explanation* ex, const ActionIndex& index)
      : env_(env), who_(who), request_(request), context_(context), ex_(ex), index_(index) {
    std::size_t colon = request.action.find(':');
    service_ = request.action.substr(0, colon == std::string::npos ? 0 : colon);
    for (char& c : service_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }

  // Whether a value of the Action or NotAction member `element` matches the request's action.
  bool action_listed(const linter::JsonTree& tree, const Node& element) const {
    auto it = index_.elements.find(&element);
    if (it == index_.elements.end()) {
      return any_value(tree, element, [&](std::string_view v) { return action_matches(v, request_.action); });
    }
    const ActionIndex::Values& values = it->second;
    auto own = values.by_service.find(service_);
    if (own != values.by_service.end()) {
      for (std::string_view v : own->second) {
        if (action_matches(v, request_.action)) return true;
      }
    }
    for (std::string_view v : values.other) {
      if (action_matches(v, request_.action)) return true;
    }
    return false;
  }

  // Whether a statement applies to the request; `named` gets how its Principal names the caller.
  bool applies(const EnvPolicy& p, const Statement& s, bool with_principal, Named* named, std::string* why) const {
    const linter::JsonTree& tree = *p.policy.tree;
    action_matched_ = false;
    if (s.effect != linter::Effect::Allow && s.effect != linter::Effect::Deny) return fail(why, "no valid Effect");
    if (const Node* a = s.get(Element::Action)) {
      if (!action_listed(tree, *a)) {
        return fail(why, "Action does not match " + request_.action);
      }
    } else if (const Node* na = s.get(Element::NotAction)) {
      if (action_listed(tree, *na)) {
        return fail(why, "NotAction lists " + request_.action);
      }
    } else {
      return fail(why, "no Action");
    }
    action_matched_ = true;
    // Policy variables are replaced only in a policy of Version 2012-10-17; elsewhere ${...} is literal text.
    const Node* version = p.policy.version;
    bool variables = version != nullptr && version->is_string() && version->text == "2012-10-17";
    if (const Node* r = s.get(Element::Resource)) {
      if (!any_value(tree, *r, [&](std::string_view v) { return resource_value_matches(v, variables); })) {
        return fail(why, "Resource does not match " + request_.resource);
      }
    } else if (const Node* nr = s.get(Element::NotResource)) {
      if (any_value(tree, *nr, [&](std::string_view v) { return resource_value_matches(v, variables); })) {
        return fail(why, "NotResource lists " + request_.resource);
      }
    } else if (!with_principal) {
      return fail(why, "no Resource");  // a resource policy's statement may leave it out: its resource is meant
    }
    if (with_principal) {
      Named n = Named::No;
      if (const Node* pr = s.get(Element::Principal)) {
        n = principal_names(tree, *pr, who_);
      } else if (const Node* np = s.get(Element::NotPrincipal)) {
        n = not_principal_applies(tree, *np, who_) ? Named::Everyone : Named::No;
      }
      if (n == Named::No) return fail(why, "Principal does not name " + display(who_));
      if (named != nullptr) *named = n;
    }
    if (const Node* c = s.get(Element::Condition)) {
      ConditionFailure f;
      if (!conditions_hold(tree, *c, context_, &f, variables)) {
        return fail(why, f.reason.empty() ? "a condition fails" : f.reason);
      }
    }
    if (why != nullptr) *why = "matches";
    return true;
  }

  // The statements of one policy that apply, with the best way any Allow names the caller.
  struct Outcome {
    bool deny = false, allow = false;
    Named named = Named::No;
  };
  Outcome scan(const Applicable& a) {
    const EnvPolicy& p = env_.policies[a.id];
    bool with_principal = a.role == PolicyRole::Resource;
    Outcome out;
    for (std::size_t i = 0; i < p.policy.statements.size(); ++i) {
      const Statement& s = p.policy.statements[i];
      Named named = Named::No;
      std::string why;
      if (!applies(p, s, with_principal, &named, ex_ != nullptr ? &why : nullptr)) {
        if (ex_ != nullptr && action_matched_) {
          ex_->near.push_back(StatementNote{a.role, a.id, static_cast<uint32_t>(i), s.effect == linter::Effect::Allow,
                                            why});
        }
        continue;
      }
      bool allow = s.effect == linter::Effect::Allow;
      if (allow) {
        out.allow = true;
        out.named = better(out.named, named);
      } else {
        out.deny = true;
      }
      if (ex_ != nullptr) ex_->matched.push_back(StatementNote{a.role, a.id, static_cast<uint32_t>(i), allow, why});
    }
    return out;
  }

 private:
  template <typename F>
  static bool any_value(const linter::JsonTree& tree, const Node& element, F&& f) {
    bool any = false;
    linter::for_each_value(tree, element, [&](const Node& v) {
      if (!any && v.is_string() && f(v.text)) any = true;
    });
    return any;
  }

  bool resource_value_matches(std::string_view pattern, bool variables) const {
    if (!variables || pattern.find("${") == std::string_view::npos) return resource_matches(pattern, request_.resource);
    std::optional<std::string> expanded = expand_variables(pattern, context_, true);
    return expanded && resource_matches(*expanded, request_.resource);
  }

  static bool fail(std::string* why, std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  }

  static std::string display(const PrincipalInfo& who) {
    return who.kind == PrincipalInfo::Kind::Anonymous ? std::string("an anonymous caller") : who.arn;
  }

  const Environment& env_;
  const PrincipalInfo& who_;
  const Request& request_;
  const Context& context_;
  Explanation* ex_;
  const ActionIndex& index_;
  std::string service_;  // the request's service prefix, lower case
  mutable bool action_matched_ = false;  // set by applies(): the statement got past Action/NotAction
};

void set_default(Context& c, std::string_view key, std::string value) {
  if (c.find(key) == nullptr) c.set(key, std::move(value));
}

}  // namespace

Evaluator::Evaluator(const Environment& env) : env_(env) {
  for (const Role& r : env.roles) roles_by_name_.emplace(r.account + "/" + r.name, &r);
  // Below this many values a linear scan is as fast as the index.
  constexpr std::size_t kIndexFrom = 16;
  for (const EnvPolicy& p : env.policies) {
    if (p.policy.tree == nullptr) continue;
    const linter::JsonTree& tree = *p.policy.tree;
    for (const Statement& s : p.policy.statements) {
      for (Element e : {Element::Action, Element::NotAction}) {
        const Node* element = s.get(e);
        if (element == nullptr || !element->is_array() || element->child_count < kIndexFrom) continue;
        ActionIndex::Values& values = actions_.elements[element];
        linter::for_each_value(tree, *element, [&](const Node& v) {
          if (!v.is_string()) return;
          std::size_t colon = v.text.find(':');
          std::string_view service = v.text.substr(0, colon == std::string_view::npos ? 0 : colon);
          if (colon == std::string_view::npos || service.find_first_of("*?") != std::string_view::npos) {
            values.other.push_back(v.text);
            return;
          }
          std::string key(service);
          for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          values.by_service[key].push_back(v.text);
        });
      }
    }
  }
}

PrincipalInfo Evaluator::principal(std::string_view arn) const {
  PrincipalInfo p;
  p.arn = std::string(arn);
  if (arn.empty()) {
    p.kind = PrincipalInfo::Kind::Anonymous;
    return p;
  }
  if (!arn.starts_with("arn:")) {
    p.kind = arn.find('.') != std::string_view::npos ? PrincipalInfo::Kind::Service : PrincipalInfo::Kind::Unknown;
    if (is_account_id(arn)) {
      p.kind = PrincipalInfo::Kind::Root;
      p.account = std::string(arn);
      p.arn = "arn:aws:iam::" + p.account + ":root";
    }
    return p;
  }
  p.account = std::string(arn_account(arn));
  if (arn.ends_with(":root")) {
    p.kind = PrincipalInfo::Kind::Root;
  } else if (const User* u = env_.user(arn)) {
    p.kind = PrincipalInfo::Kind::User;
    p.user = u;
  } else if (const Role* r = env_.role(arn)) {
    // A role's ARN as the caller stands for a session of it.
    p.kind = PrincipalInfo::Kind::RoleSession;
    p.role = r;
    p.role_arn = r->arn;
  } else if (std::size_t at = arn.find(":assumed-role/"); at != std::string_view::npos) {
    std::string_view rest = arn.substr(at + 14);
    std::string_view name = rest.substr(0, rest.find('/'));
    auto it = roles_by_name_.find(p.account + "/" + std::string(name));
    p.kind = PrincipalInfo::Kind::RoleSession;
    if (it != roles_by_name_.end()) {
      p.role = it->second;
      p.role_arn = it->second->arn;
    } else {
      p.role_arn = "arn:aws:iam::" + p.account + ":role/" + std::string(name);
    }
  } else if (arn.find(":user/") != std::string_view::npos) {
    p.kind = PrincipalInfo::Kind::User;  // a user the environment does not list: no policies known
  }
  return p;
}

Decision Evaluator::evaluate(const Request& request, Explanation* ex) const {
  PrincipalInfo who = principal(request.principal);
  using Kind = PrincipalInfo::Kind;

  // The resource: one the environment lists, a role (for sts:AssumeRole), or only an ARN.
  const Resource* resource = env_.resource(request.resource);
  if (resource == nullptr && request.resource.starts_with("arn:aws:s3:::")) {
    // An object is governed by its bucket's policy, and owned by the bucket's owner.
    std::size_t slash = request.resource.find('/');
    if (slash != std::string::npos) resource = env_.resource(std::string_view(request.resource).substr(0, slash));
  }
  // A role's trust policy is its resource policy for the STS actions that use the role (AssumeRole and the like);
  // an IAM action on the role (iam:PutRolePolicy, iam:DeleteRole) is decided by the caller's policies alone (IAM User
  // Guide, "Roles terms and concepts": the trust policy defines which principals can assume the role).
  const Role* role = resource == nullptr ? env_.role(request.resource) : nullptr;
  bool sts_action = request.action.size() > 4 && linter::iequals(std::string_view(request.action).substr(0, 4), "sts:");
  const Role* role_resource = sts_action ? role : nullptr;
  std::string resource_account = resource != nullptr ? resource->account
                                 : role != nullptr    ? role->account
                                                      : std::string(arn_account(request.resource));
  // (A plain pointer rather than an optional: GCC 12 takes the optional's copy for uninitialised.)
  const PolicyId* resource_policy = resource != nullptr && resource->policy          ? &*resource->policy
                                    : role_resource != nullptr && role_resource->trust ? &*role_resource->trust
                                                                                       : nullptr;
  // A role's trust policy and a KMS key policy must allow the caller themselves: the caller's own policies alone
  // never suffice (the evaluation logic page, "Resource-based policies").
  bool explicit_only = role_resource != nullptr || (resource != nullptr && resource->type == "kms:key");

  // The request context, with what AWS sets from the environment.
  Context context = request.context;
  const Account* account = env_.account(who.account);
  if (who.kind == Kind::Service) {
    set_default(context, "aws:PrincipalIsAWSService", "true");
  } else if (who.kind != Kind::Anonymous) {
    set_default(context, "aws:PrincipalIsAWSService", "false");
    set_default(context, "aws:PrincipalAccount", who.account);
    set_default(context, "aws:PrincipalArn", who.role_arn.empty() ? who.arn : who.role_arn);
    const Tags* tags = nullptr;
    switch (who.kind) {
      case Kind::User:
        set_default(context, "aws:PrincipalType", "User");
        if (who.user != nullptr) {
          set_default(context, "aws:username", who.user->name);
          set_default(context, "aws:userid", who.user->id);
          tags = &who.user->tags;
        }
        break;
      case Kind::RoleSession:
        set_default(context, "aws:PrincipalType", "AssumedRole");
        if (who.role != nullptr) {
          std::string session = who.arn.substr(who.arn.rfind('/') + 1);
          set_default(context, "aws:userid", who.role->id + ":" + session);
          tags = &who.role->tags;
        }
        break;
      case Kind::Root:
        set_default(context, "aws:PrincipalType", "Account");
        set_default(context, "aws:userid", who.account);
        break;
      default: break;
    }
    if (tags != nullptr) {
      for (const auto& [k, v] : *tags) set_default(context, "aws:PrincipalTag/" + k, v);
    }
    if (env_.organization && account != nullptr) {
      set_default(context, "aws:PrincipalOrgID", env_.organization->id);
      std::string path = env_.organization->id + "/" + env_.organization->root_id + "/";
      for (const std::string& ou : account->ou_path) path += ou + "/";
      set_default(context, "aws:PrincipalOrgPaths", path);
    }
  }
  if (!resource_account.empty()) set_default(context, "aws:ResourceAccount", resource_account);
  if (resource != nullptr) {
    for (const auto& [k, v] : resource->tags) set_default(context, "aws:ResourceTag/" + k, v);
  }

  // The policies that apply, by kind.
  std::vector<Applicable> identity;
  std::optional<PolicyId> boundary;
  if (who.user != nullptr) {
    for (PolicyId id : who.user->policies) identity.push_back({PolicyRole::Identity, id});
    for (const std::string& g : who.user->groups) {
      if (const Group* group = env_.group(g)) {
        for (PolicyId id : group->policies) identity.push_back({PolicyRole::Identity, id});
      }
    }
    if (!request.extra_group.empty()) {
      if (const Group* group = env_.group(request.extra_group)) {
        for (PolicyId id : group->policies) identity.push_back({PolicyRole::Identity, id});
      }
    }
    boundary = who.user->boundary;
  } else if (who.role != nullptr) {
    for (PolicyId id : who.role->policies) identity.push_back({PolicyRole::Identity, id});
    boundary = who.role->boundary;
  }
  // SCPs govern the principals of member accounts, RCPs the resources of member accounts; level by level from the
  // root down, each level must allow.
  auto levels = [&](const Account* a, const std::unordered_map<std::string, std::vector<PolicyId>>& attached) {
    std::vector<std::pair<std::string, std::vector<PolicyId>>> out;
    // A policy type attached nowhere is one the organization has not enabled: it governs nothing. (Enabled, AWS
    // attaches its FullAWSAccess policy to every root, OU and account, and a manifest lists it.)
    if (!env_.organization || a == nullptr || a->management || attached.empty()) return out;
    std::vector<std::string> targets = {env_.organization->root_id};
    targets.insert(targets.end(), a->ou_path.begin(), a->ou_path.end());
    targets.push_back(a->id);
    for (const std::string& t : targets) {
      auto it = attached.find(t);
      out.emplace_back(t, it == attached.end() ? std::vector<PolicyId>{} : it->second);
    }
    return out;
  };
  bool governed = who.kind == Kind::User || who.kind == Kind::RoleSession || who.kind == Kind::Root;
  auto scp_levels = governed && env_.organization ? levels(account, env_.organization->scps)
                                                  : decltype(levels(nullptr, {})){};
  auto rcp_levels = who.kind != Kind::Service && env_.organization
                        ? levels(env_.account(resource_account), env_.organization->rcps)
                        : decltype(levels(nullptr, {})){};

  Run run(env_, who, request, context, ex, actions_);
  auto decide = [&](Decision d, std::string reason) {
    if (ex != nullptr) {
      ex->decision = d;
      ex->reason = std::move(reason);
      for (const StatementNote& n : ex->matched) {
        bool deciding = d == Decision::ExplicitDeny ? !n.allow : (d == Decision::Allowed && n.allow);
        if (deciding) ex->deciding.push_back(n);
      }
    }
    return d;
  };

  // Every policy is read once: its Denies and Allows.
  bool deny = false;
  std::vector<std::string> scp_blocked, rcp_blocked;
  for (const auto& [target, ids] : scp_levels) {
    bool allowed = false;
    for (PolicyId id : ids) {
      Run::Outcome o = run.scan({PolicyRole::Scp, id});
      deny = deny || o.deny;
      allowed = allowed || o.allow;
    }
    if (!allowed) scp_blocked.push_back(target);
  }
  for (const auto& [target, ids] : rcp_levels) {
    bool allowed = false;
    for (PolicyId id : ids) {
      Run::Outcome o = run.scan({PolicyRole::Rcp, id});
      deny = deny || o.deny;
      allowed = allowed || o.allow;
    }
    if (!allowed) rcp_blocked.push_back(target);
  }
  Run::Outcome res;
  if (resource_policy != nullptr) {
    res = run.scan({PolicyRole::Resource, *resource_policy});
    deny = deny || res.deny;
  }
  bool identity_allow = false;
  for (const Applicable& a : identity) {
    Run::Outcome o = run.scan(a);
    deny = deny || o.deny;
    identity_allow = identity_allow || o.allow;
  }
  if (request.identity_rewritten && who.kind != Kind::Anonymous && who.kind != Kind::Service) identity_allow = true;
  bool boundary_allow = true;
  if (boundary) {
    Run::Outcome o = run.scan({PolicyRole::Boundary, *boundary});
    deny = deny || o.deny;
    boundary_allow = o.allow;
  }
  // A session policy limits like a boundary: what the role's policies (or a grant to the role) give the session.
  bool session_allow = true;
  if (request.session_policy >= 0 && static_cast<std::size_t>(request.session_policy) < env_.policies.size()) {
    Run::Outcome o = run.scan({PolicyRole::Session, static_cast<PolicyId>(request.session_policy)});
    deny = deny || o.deny;
    session_allow = o.allow;
  }

  if (deny) return decide(Decision::ExplicitDeny, "an explicit Deny applies");
  if (!scp_blocked.empty()) {
    return decide(Decision::ImplicitDeny, "no SCP attached to " + scp_blocked.front() + " allows " + request.action);
  }
  if (!rcp_blocked.empty()) {
    return decide(Decision::ImplicitDeny, "no RCP attached to " + rcp_blocked.front() + " allows " + request.action);
  }

  // The account root user has every permission of its account; elsewhere only what resource policies give it.
  bool identity_grants = who.kind == Kind::Root || (identity_allow && boundary_allow && session_allow);
  std::string identity_gap = !identity_allow   ? "no identity policy of " + who.arn + " allows " + request.action
                             : !boundary_allow ? "the permissions boundary does not allow " + request.action
                                               : "the session policy does not allow " + request.action;
  bool same_account = resource_account.empty() || resource_account == who.account;
  // What grants on the caller's side, in words: the root user needs no policy (IAM User Guide, "AWS account root
  // user": complete access to all resources in the account).
  std::string identity_side = who.kind == Kind::Root
                                  ? "the root user of " + who.account + " has every permission in its account"
                                  : "an identity policy allows it";
  std::string resource_name = role_resource != nullptr ? "the trust policy of " + role_resource->arn
                              : resource != nullptr     ? "the resource policy of " + resource->arn
                                                        : "the resource policy of " + request.resource;

  // AWS STS API Reference, AssumeRole: "You cannot use AWS account root user credentials to call AssumeRole."
  if (who.kind == Kind::Root && linter::iequals(request.action, "sts:AssumeRole")) {
    return decide(Decision::ImplicitDeny, "the root user cannot call sts:AssumeRole (AWS STS API Reference, AssumeRole)");
  }
  if (who.kind == Kind::Anonymous || who.kind == Kind::Service) {
    if (res.allow) return decide(Decision::Allowed, resource_name + " allows it");
    return decide(Decision::ImplicitDeny, resource_name.empty() ? "nothing allows it" : resource_name + " does not allow it");
  }
  // A statement naming the user, the session, or everyone grants by itself; one naming the role grants within the
  // session's boundary; one naming the account delegates to the account's own policies.
  bool direct = res.named == Named::Direct || res.named == Named::Everyone ||
                (res.named == Named::Role && boundary_allow && session_allow);
  if (same_account) {
    if (res.allow && direct) return decide(Decision::Allowed, resource_name + " allows " + who.arn);
    if (explicit_only && !res.allow) {
      return decide(Decision::ImplicitDeny, resource_name + " does not allow " + who.arn);
    }
    if (identity_grants) return decide(Decision::Allowed, identity_side);
    return decide(Decision::ImplicitDeny, identity_gap);
  }
  // Across accounts both sides must allow: the caller's account through its identity policies, the resource's
  // account through its resource policy.
  if (!res.allow) {
    return decide(Decision::ImplicitDeny, resource_policy != nullptr
                                              ? resource_name + " does not allow " + who.arn
                                              : "no resource policy of " + request.resource + " allows " + who.arn);
  }
  if (!identity_grants) return decide(Decision::ImplicitDeny, identity_gap);
  return decide(Decision::Allowed, who.kind == Kind::Root ? identity_side + ", and " + resource_name + " allows it"
                                                          : "both the identity policy and " + resource_name + " allow it");
}

std::vector<Evaluator::Reach> Evaluator::reachable_roles(std::string_view principal, unsigned depth,
                                                         const Context& context) const {
  std::vector<Reach> out;
  std::vector<std::pair<std::string, std::vector<std::string>>> frontier = {{std::string(principal), {}}};
  std::unordered_map<const Role*, bool> seen;
  for (unsigned hop = 0; hop < depth && !frontier.empty(); ++hop) {
    std::vector<std::pair<std::string, std::vector<std::string>>> next;
    for (const auto& [caller, chain] : frontier) {
      for (const Role& r : env_.roles) {
        if (seen.count(&r) != 0 || (!r.trust)) continue;
        Request q{caller, "sts:AssumeRole", r.arn, context};
        if (evaluate(q) != Decision::Allowed) continue;
        seen[&r] = true;
        std::vector<std::string> c = chain;
        c.push_back(r.arn);
        out.push_back(Reach{&r, c});
        next.emplace_back("arn:aws:sts::" + r.account + ":assumed-role/" + r.name + "/iamlint", c);
      }
    }
    frontier = std::move(next);
  }
  return out;
}

}  // namespace iamlint::solver
