// Properties: named claims about an environment or about policies, which `iamlint prove` proves or refutes
// (docs/properties.md). Read from a YAML file, or one at a time from the command line as a YAML flow mapping; every
// fault is reported at file:line:col, all of them, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iamlint::solver {

enum class PropertyKind : uint8_t {
  Only,              // only `principals` can perform `actions` on `resources`
  Cannot,            // `principals` (each) can never perform `actions` on `resources` (through up to via_roles roles)
  Can,               // `principals` (each) can perform one of `actions` on `resources`, with a witness request
  NoExternalAccess,  // no principal outside `accounts` / `organizations` can perform `actions` on `resources`
  NotPublic,         // no anonymous caller and no principal of an unknown account can access `resources`
  NoNewAccess,       // policy `policy_b` allows nothing that `policy_a` does not
  Equivalent,        // `policy_a` and `policy_b` allow exactly the same requests
  AccessNotGranted,  // policy `policy_a` allows none of `actions` on `resources`
  WhoCan,            // a report, not a claim: every principal that can perform `actions` on `resources`
};
std::string_view property_kind_name(PropertyKind k) noexcept;  // as written in the file: "only", "no-new-access"

enum class World : uint8_t { Open, Closed };

struct Property {
  std::string name;  // as written; a generated "only #3" when the file gives none
  PropertyKind kind = PropertyKind::Only;
  // Where the property is written (its `- ` item), for messages and SARIF.
  std::string file;
  uint32_t line = 0, column = 0;

  // Principals as ARNs: a user, a role (its sessions), a group (its members), an account's root
  // (arn:aws:iam::111111111111:root, or the bare account id: every principal of the account), a service principal
  // (cloudtrail.amazonaws.com), or "*" (anyone: only for who-can).
  std::vector<std::string> principals;
  std::vector<std::string> actions;    // action patterns ("s3:PutObject", "s3:Put*"); at least one
  std::vector<std::string> resources;  // resource ARNs or ARN patterns ("arn:aws:s3:::prod-data-bucket/*")
  std::vector<std::string> accounts;        // no-external-access: the trusted account ids
  std::vector<std::string> organizations;   // no-external-access: trusted organization ids (o-...)
  unsigned via_roles = 0;  // can / cannot / only / who-can: follow role assumption chains up to this many roles
  // no-new-access / equivalent / access-not-granted: policy files, resolved against the properties file's folder.
  std::string policy_a, policy_b;
  std::optional<World> world;  // overrides --closed-world for this property
  // What the claim is expected to come out as in CI: true (the default) expects it to hold; `expect: refuted`
  // documents a claim known to be false (the example's "force access via the role only") so that a CI run passes
  // while it stays false and fails when it changes.
  bool expect_holds = true;
  // Context keys the caller is taken to send (can: "with MFA"); other keys stay free.
  std::vector<std::pair<std::string, std::vector<std::string>>> context;
};

struct PropertiesError {
  std::string file;
  uint32_t line = 0, column = 0;
  std::string message;
};

struct PropertiesFile {
  std::vector<Property> properties;
  std::vector<PropertiesError> errors;  // empty when every property was read
};

// Reads a properties file (docs/properties.md). Errors (unreadable file, bad YAML, unknown keys, a missing or
// ill-typed field, an unknown kind, an action pattern without a service, ...) are collected with their location;
// the properties that were read are kept.
PropertiesFile load_properties(const std::string& path);
// Reads properties from text; `file` is the name used in locations ("--property" for the command line). A single
// mapping (one property) or a document with `properties:` are both accepted. Policy files are resolved against
// `file`'s folder; "--property" has none, so they stay relative to the current directory.
PropertiesFile parse_properties(std::string_view text, const std::string& file);

}  // namespace iamlint::solver
