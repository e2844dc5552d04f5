// Fingerprints, which identify a finding across reformatting and line moves, and baselines: files of fingerprints
// whose findings are accepted for now, so that only new findings fail a build (docs/configuration.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linter/config.hpp"
#include "linter/engine.hpp"
#include "linter/json_tree.hpp"

namespace iamlint::linter {

struct LintResult;

inline constexpr int kBaselineVersion = 1;  // bumped whenever the fingerprint definition changes

// 64-bit FNV-1a: small and stable across platforms and releases, which std::hash is not.
inline constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
uint64_t fnv1a64(std::string_view bytes, uint64_t state = kFnvOffsetBasis) noexcept;
std::string hex64(uint64_t value);  // 16 lowercase hex digits

// A node's canonical JSON text: object members sorted by key (bytewise; repeated keys keep their order), arrays in
// order, no whitespace, strings escaped only where JSON requires it (\" \\ and \u00XX for control characters),
// numbers as written.
void canonical_json(const JsonTree& tree, const Node& node, std::string& out);

// Sets each finding's fingerprint; `path` is the file's path as fingerprints name it (relative, '/'-separated).
void assign_fingerprints(const Policy& policy, std::string_view path, std::vector<Finding>& findings);

// The fingerprints of a baseline file; one finding matches one entry.
struct Baseline {
  std::string path;
  std::unordered_map<std::string, uint32_t> counts;  // fingerprint → entries
  std::size_t size = 0;
};

std::optional<FileError> load_baseline(const std::string& path, Baseline& out);
// The fingerprints of every finding of the run that is not suppressed.
Baseline baseline_of(const LintResult& result);
// Writes them, with each finding's rule, path and pointer for readers, sorted so that diffs stay small.
std::optional<FileError> write_baseline(const std::string& path, const LintResult& result,
                                        std::string_view tool_version);
// Marks the findings the baseline holds (suppressed findings are left alone), in result order.
void apply_baseline(const Baseline& baseline, LintResult& result);

}  // namespace iamlint::linter
