// The prover: properties of a whole environment (solver/properties.hpp), proved or refuted with Z3, every
// counterexample replayed through the evaluator (docs/prove.md). Results are values, never exceptions: PROVED when
// the negated property is unsatisfiable, REFUTED with a concrete request, UNKNOWN with the reason (a resource limit,
// a construct the encoding cannot express). Nothing is called proved on a limit.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "solver/environment.hpp"
#include "solver/evaluator.hpp"
#include "solver/properties.hpp"
#include "solver/request.hpp"

namespace iamlint::solver {

enum class Verdict : uint8_t { Proved, Refuted, Unknown };
std::string_view verdict_name(Verdict v) noexcept;  // "PROVED", "REFUTED", "UNKNOWN"

// One request of a counterexample or a witness, as the evaluator decided it on replay.
struct ProofStep {
  Request request;
  // Who the principal is, in words, when the environment does not list it: "a user of 222222222222 that the
  // environment does not list, with an identity policy that allows s3:PutObject on arn:aws:s3:::prod-data-bucket/x".
  std::string principal_note;
  Decision decision = Decision::ImplicitDeny;  // the evaluator's decision on replay
  std::string reason;                           // the evaluator's reason
  std::vector<StatementNote> deciding;          // the statements it rests on
};

struct WhoCan {
  std::string principal;  // an ARN, or a description of a principal the environment does not list
  std::vector<ProofStep> witness;
};

struct PropertyResult {
  const Property* property = nullptr;
  Verdict verdict = Verdict::Unknown;
  World world = World::Open;
  std::string summary;  // one line: what was shown
  // REFUTED: the request that breaks the claim (for a chain: each sts:AssumeRole hop, then the request);
  // can PROVED: the witness the same way.
  std::vector<ProofStep> steps;
  std::string unknown_reason;
  // A refuted exclusive-access (only) claim on a resource with a resource policy: the statement that would make it
  // hold, as JSON, and whether adding it was proved to do so.
  std::string suggestion;
  std::optional<Verdict> suggestion_verdict;
  std::vector<WhoCan> who;  // who-can
  double millis = 0;
  uint64_t solver_calls = 0;
  bool replay_mismatch = false;  // an internal error: the evaluator disagreed with the encoding (see summary)
};

struct ProverOptions {
  World world = World::Open;
  uint64_t rlimit = 20'000'000;  // Z3's deterministic resource limit per query
  unsigned timeout_ms = 10'000;  // and wall time per query
  // Policy-to-policy properties: how many refuting requests to find, each naming another action (iamlint diff
  // lists the new access this way).
  std::size_t witnesses = 1;
};

class Prover {
 public:
  // The prover adds principals the environment does not list (the open world's stand-ins) to `env` only while it
  // replays a counterexample; `env` is otherwise unchanged.
  Prover(Environment& env, ProverOptions options);
  ~Prover();
  Prover(const Prover&) = delete;
  Prover& operator=(const Prover&) = delete;

  PropertyResult prove(const Property& property);

  // What every property needs from the environment (the action domain over the catalog and the policies' actions,
  // the accounts and services they name, the solver), done once; prove() does it on first use. Calling it first
  // keeps the one-time cost out of the first property's time.
  void prepare();

  struct Impl;  // solver/prover.cpp; named here so that the encoding's helpers there can reach it

 private:
  // For a refuted `only` on a resource with a resource policy: the Deny that would make it hold, proved.
  void suggest(const Property& property, PropertyResult& result);

  std::unique_ptr<Impl> impl_;
  bool suggesting_ = false;
};

}  // namespace iamlint::solver
