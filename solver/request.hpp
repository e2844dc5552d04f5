// A request as IAM evaluates it: who (the principal), what (the action), on what (the resource), and the request
// context, the keys that conditions test. The evaluator (solver/evaluator.hpp) decides it; the prover's
// counterexamples are requests too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iamlint::solver {

// Condition keys and their values. Key names are case-insensitive (the condition operators page: "Condition key
// names are not case-sensitive"); values keep their case. A key holds one value, several (a multivalued key such
// as aws:TagKeys), or none (present but empty: what ForAllValues and ForAnyValue treat specially).
class Context {
 public:
  // Sets a key, replacing what it held.
  void set(std::string_view key, std::vector<std::string> values);
  void set(std::string_view key, std::string value) { set(key, std::vector<std::string>{std::move(value)}); }
  // Adds a value to a key (creating it).
  void add(std::string_view key, std::string value);
  void erase(std::string_view key);
  // The key's values, or null when the request does not have the key.
  const std::vector<std::string>* find(std::string_view key) const noexcept;

  // Every key (as first set, in that spelling) with its values, in the order set.
  const std::vector<std::pair<std::string, std::vector<std::string>>>& entries() const noexcept { return entries_; }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
};

struct Request {
  // The caller: an ARN (arn:aws:iam::111122223333:user/alice, an assumed-role session
  // arn:aws:sts::111122223333:assumed-role/Role/session, arn:aws:iam::111122223333:root), a service principal
  // (s3.amazonaws.com), or empty for an anonymous request.
  std::string principal;
  std::string action;    // service:Action, as the service names it (s3:PutObject)
  std::string resource;  // an ARN; "*" for actions that take no resource
  Context context;
  // The session policy passed when the role was assumed (AssumeRole's Policy): an index into the environment's
  // policies, or -1 for none. It limits what the identity policies and role-named grants give the session.
  int64_t session_policy = -1;
  // What-ifs, for `iamlint audit` (solver/audit.hpp): decide as if the caller's identity policies had been rewritten
  // to allow everything (what iam:PutUserPolicy on itself gives; their Denies, its boundary, SCPs and resource
  // policies still apply), or as if the user were also a member of the group `extra_group` (an ARN).
  bool identity_rewritten = false;
  std::string extra_group{};
};

}  // namespace iamlint::solver
