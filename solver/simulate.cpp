#include "solver/simulate.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ostream>

#include "linter/catalog.hpp"
#include "solver/match.hpp"
#include "solver/manifest.hpp"

namespace iamlint::solver {

namespace {

// What kind of policy a statement is in, for people: a role's trust policy is the resource policy of a role.
std::string_view kind_of(const Environment& env, const StatementNote& n) {
  if (n.role == PolicyRole::Resource && env.policies[n.policy].type == linter::PolicyType::Trust) {
    return "trust policy";
  }
  return policy_role_name(n.role);
}

// Where a statement is, for people: file:line:col of the statement object.
struct Located {
  std::string path;
  linter::Position at;
  std::string sid;
};

Located locate(const Environment& env, const StatementNote& n) {
  const EnvPolicy& p = env.policies[n.policy];
  Located out{p.path, {}, {}};
  if (n.statement < p.policy.statements.size()) {
    const linter::Statement& s = p.policy.statements[n.statement];
    out.at = p.policy.position(s.node->span.offset);
    if (const linter::Node* sid = s.get(linter::Element::Sid); sid != nullptr && sid->is_string()) {
      out.sid = std::string(sid->text);
    }
  }
  return out;
}

struct Outcome {
  Request request;
  Explanation explanation;
  std::vector<std::string> chain;  // roles assumed on the way, when --via-roles found a way
};

void print_text(const Environment& env, const Outcome& o, std::ostream& out) {
  const Explanation& ex = o.explanation;
  out << decision_name(ex.decision) << ": " << (o.request.principal.empty() ? "anonymous" : o.request.principal)
      << ' ' << o.request.action << ' ' << o.request.resource << '\n';
  if (!o.chain.empty()) {
    out << "  by way of:";
    for (const std::string& r : o.chain) out << ' ' << r;
    out << '\n';
  }
  out << "  because " << ex.reason << '\n';
  for (const StatementNote& n : ex.matched) {
    Located l = locate(env, n);
    bool deciding = std::any_of(ex.deciding.begin(), ex.deciding.end(), [&](const StatementNote& d) {
      return d.policy == n.policy && d.statement == n.statement;
    });
    out << "  " << l.path << ':' << l.at.line << ':' << l.at.column << ": " << (deciding ? "deciding " : "")
        << (n.allow ? "Allow" : "Deny") << " in " << kind_of(env, n) << " '" << env.policies[n.policy].name
        << "'";
    if (!l.sid.empty()) out << " (Sid " << l.sid << ')';
    out << '\n';
  }
  for (const StatementNote& n : ex.near) {
    Located l = locate(env, n);
    out << "  " << l.path << ':' << l.at.line << ':' << l.at.column << ": not applied: " << (n.allow ? "Allow" : "Deny")
        << " in " << kind_of(env, n) << " '" << env.policies[n.policy].name << "'";
    if (!l.sid.empty()) out << " (Sid " << l.sid << ')';
    out << ": " << n.why << '\n';
  }
}

nlohmann::json to_json(const Environment& env, const Outcome& o) {
  nlohmann::json j;
  j["principal"] = o.request.principal;
  j["action"] = o.request.action;
  j["resource"] = o.request.resource;
  j["decision"] = std::string(decision_name(o.explanation.decision));
  j["reason"] = o.explanation.reason;
  if (!o.chain.empty()) j["via_roles"] = o.chain;
  auto statement = [&](const StatementNote& n) {
    Located l = locate(env, n);
    return nlohmann::json{{"policy", env.policies[n.policy].name},
                          {"kind", std::string(kind_of(env, n))},
                          {"path", l.path},
                          {"line", l.at.line},
                          {"column", l.at.column},
                          {"statement", n.statement},
                          {"sid", l.sid},
                          {"effect", n.allow ? "Allow" : "Deny"}};
  };
  nlohmann::json statements = nlohmann::json::array();
  for (const StatementNote& n : o.explanation.matched) {
    nlohmann::json s = statement(n);
    s["deciding"] = std::any_of(o.explanation.deciding.begin(), o.explanation.deciding.end(),
                                [&](const StatementNote& d) { return d.policy == n.policy && d.statement == n.statement; });
    statements.push_back(std::move(s));
  }
  j["statements"] = statements;
  nlohmann::json near = nlohmann::json::array();
  for (const StatementNote& n : o.explanation.near) {
    nlohmann::json s = statement(n);
    s["why"] = n.why;
    near.push_back(std::move(s));
  }
  j["not_applied"] = near;
  return j;
}

}  // namespace

// Loads a bare policy file as the session policy; its id, or none after telling `err` why.
std::optional<PolicyId> load_session_policy(Environment& env, const std::string& path, std::ostream& err) {
  linter::ReadResult read = linter::read_source(path, linter::LoadLimits{}.max_file_size);
  if (!read.source) {
    err << "iamlint: " << path << ": " << read.error << '\n';
    return std::nullopt;
  }
  EnvPolicy& p = env.policies.emplace_back();
  p.name = "session policy";
  p.path = path;
  p.type = linter::PolicyType::Session;
  p.source = std::shared_ptr<const linter::SourceFile>(std::move(read.source));
  linter::JsonLoader loader;
  if (auto error = loader.load(*p.source, p.tree)) {
    linter::Position at = p.source->position(error->offset);
    err << path << ':' << at.line << ':' << at.column << ": error: " << error->message << '\n';
    env.policies.pop_back();
    return std::nullopt;
  }
  linter::build_policy(*p.source, p.tree, linter::PolicyType::Session, linter::PolicyHolder::Managed, p.policy);
  return static_cast<PolicyId>(env.policies.size() - 1);
}

int simulate(Environment& env, const SimulateArgs& args, std::ostream& out, std::ostream& err) {
  Request base;
  if (!args.session_policy.empty()) {
    std::optional<PolicyId> id = load_session_policy(env, args.session_policy, err);
    if (!id) return 2;
    base.session_policy = *id;
  }
  base.principal = args.principal == "anonymous" ? std::string() : args.principal;
  base.resource = args.resource;
  for (const std::string& kv : args.context) {
    std::size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "iamlint: --context takes KEY=VALUE, not '" << kv << "'\n";
      return 2;
    }
    base.context.add(kv.substr(0, eq), kv.substr(eq + 1));
  }
  // An action pattern stands for every action of the catalog it matches.
  std::vector<std::string> actions;
  if (args.action.find_first_of("*?") != std::string::npos) {
    std::vector<const linter::ActionInfo*> found;
    const linter::Catalog& catalog = linter::Catalog::embedded();
    catalog.expand(args.action, found);
    for (const linter::ActionInfo* a : found) actions.push_back(catalog.full_name(*a));
    if (actions.empty()) {
      err << "iamlint: '" << args.action << "' matches no action of the service catalog\n";
      return 2;
    }
  } else {
    actions.push_back(args.action);
  }
  // A resource pattern stands for every resource (and role) of the environment it matches.
  std::vector<std::string> resources;
  if (args.resource != "*" && args.resource.find_first_of("*?") != std::string::npos) {
    for (const Resource& r : env.resources) {
      if (resource_matches(args.resource, r.arn)) resources.push_back(r.arn);
    }
    for (const Role& r : env.roles) {
      if (resource_matches(args.resource, r.arn)) resources.push_back(r.arn);
    }
    if (resources.empty()) {
      err << "iamlint: '" << args.resource << "' matches no resource of the environment\n";
      return 2;
    }
  } else {
    resources.push_back(args.resource);
  }
  Evaluator evaluator(env);
  std::vector<Outcome> outcomes;
  bool all_allowed = true;
  for (const std::string& resource : resources) {
    for (const std::string& action : actions) {
      Outcome o;
      o.request = base;
      o.request.action = action;
      o.request.resource = resource;
      evaluator.evaluate(o.request, &o.explanation);
      if (o.explanation.decision != Decision::Allowed && args.via_roles > 0) {
        for (const Evaluator::Reach& r : evaluator.reachable_roles(base.principal, args.via_roles, base.context)) {
          Outcome via;
          via.request = o.request;
          via.request.principal = "arn:aws:sts::" + r.role->account + ":assumed-role/" + r.role->name + "/iamlint";
          evaluator.evaluate(via.request, &via.explanation);
          if (via.explanation.decision == Decision::Allowed) {
            via.chain = r.chain;
            o = std::move(via);
            break;
          }
        }
      }
      all_allowed = all_allowed && o.explanation.decision == Decision::Allowed;
      outcomes.push_back(std::move(o));
    }
  }
  if (args.format == "json") {
    nlohmann::json doc;
    doc["schema_version"] = 1;
    doc["results"] = nlohmann::json::array();
    for (const Outcome& o : outcomes) doc["results"].push_back(to_json(env, o));
    out << doc.dump(2) << '\n';
  } else {
    for (const Outcome& o : outcomes) print_text(env, o, out);
  }
  return all_allowed ? 0 : 1;
}

}  // namespace iamlint::solver

namespace iamlint::solver {

linter::ExtraCommand simulate_command() {
  linter::ExtraCommand c;
  c.name = "simulate";
  c.description = "Decide a request against an environment, as AWS would, and say why";
  c.setup = [](CLI::App& app, const std::vector<const linter::Rule*>&) {
    auto args = std::make_shared<SimulateArgs>();
    app.add_option("--env", args->env, "Environment manifest (docs/environment.md)")->required();
    app.add_option("--principal", args->principal,
                   "Caller: user, role or assumed-role session ARN, account root, service principal, or anonymous")
        ->required();
    app.add_option("--action", args->action, "Action, or a pattern (s3:Put*) for every action it matches")->required();
    app.add_option("--resource", args->resource, "Resource ARN; * for actions without one")->capture_default_str();
    app.add_option("--context", args->context, "Request context KEY=VALUE (repeat a key for several values)")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--via-roles", args->via_roles,
                   "When denied, try the roles the principal can assume in at most N hops")
        ->capture_default_str();
    app.add_option("--session-policy", args->session_policy, "A policy file passed as the session policy");
    app.add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    return [args](std::ostream& out, std::ostream& err) {
      Environment env;
      std::vector<EnvProblem> warnings;
      if (auto error = load_environment(args->env, env, &warnings)) {
        err << error->describe();
        return 2;
      }
      for (const EnvProblem& w : warnings) err << w.describe() << '\n';
      return simulate(env, *args, out, err);
    };
  };
  return c;
}

}  // namespace iamlint::solver
