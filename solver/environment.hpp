// Who and what exists across accounts: the model the evaluator and the prover reason over. Built from an
// environment manifest (docs/environment.md), account dumps, CloudFormation templates and Terraform plans; every
// policy in it is loaded as the linter loads it, so explanations point at file:line:col.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linter/inputs.hpp"
#include "linter/model.hpp"
#include "linter/source.hpp"

namespace iamlint::solver {

// One policy document of the environment, loaded and kept alive with the text its nodes point into.
struct EnvPolicy {
  std::string name;   // for people: "role ProdS3RWRole, inline policy s3-access", "SCP deny-leaving"
  std::string path;   // the file it was read from
  std::string arn;    // a managed policy's ARN (customer or AWS managed); empty for inline, trust, resource, SCP
  linter::PolicyType type = linter::PolicyType::Identity;
  std::shared_ptr<const linter::SourceFile> source;
  linter::JsonTree tree;
  linter::SiteText site;  // the policy's own text and its map to the file, when it is not the whole file
  linter::Policy policy;  // the model the evaluator reads; its positions are in `source`
};
using PolicyId = uint32_t;  // index into Environment::policies

using Tags = std::map<std::string, std::string>;  // tag keys as written; matched case-insensitively

struct Account {
  std::string id;    // 12 digits
  std::string name;
  std::vector<std::string> ou_path;  // organizational units from the root down, ids ("ou-ab12-cdef3456")
  bool management = false;           // the organization's management account: SCPs and RCPs do not apply to it
};

struct Organization {
  std::string id;       // o-a1b2c3d4e5
  std::string root_id;  // r-ab12
  // SCPs and RCPs attached to the root, an OU or an account, by target id.
  std::unordered_map<std::string, std::vector<PolicyId>> scps, rcps;
};

struct Group {
  std::string arn, name, account;
  std::vector<PolicyId> policies;  // inline and attached
};

struct User {
  std::string arn, name, account, id;  // id: the unique id (AIDA...), for aws:userid
  std::vector<std::string> groups;     // group ARNs
  std::vector<PolicyId> policies;      // inline and attached (not the groups')
  std::optional<PolicyId> boundary;
  Tags tags;
  // Its credentials, when the manifest says (docs/environment.md): a console password, an MFA device, an active
  // access key. Unknown otherwise: account dumps do not carry them.
  std::optional<bool> console, mfa, access_keys;
};

struct Role {
  std::string arn, name, account, id;  // id: AROA...
  std::optional<PolicyId> trust;
  std::vector<PolicyId> policies;
  std::optional<PolicyId> boundary;
  uint32_t max_session_duration = 3600;
  Tags tags;
};

struct Resource {
  std::string arn;
  std::string account;  // the owner (an S3 bucket ARN has no account: the manifest or the dump says)
  std::string type;     // as the catalog names it: "s3:bucket", "kms:key"
  std::optional<PolicyId> policy;  // its resource policy (bucket policy, key policy, ...)
  Tags tags;
};

class Environment {
 public:
  std::vector<Account> accounts;
  std::optional<Organization> organization;
  std::vector<Group> groups;
  std::vector<User> users;
  std::vector<Role> roles;
  std::vector<Resource> resources;
  std::deque<EnvPolicy> policies;  // a deque: a policy's address never changes once loaded

  // Look-ups (exact ARN; filled by index()).
  const Account* account(std::string_view id) const;
  const User* user(std::string_view arn) const;
  const Group* group(std::string_view arn) const;
  const Role* role(std::string_view arn) const;
  const Resource* resource(std::string_view arn) const;
  // A managed policy (customer or AWS managed) by its ARN: what a boundary or an attachment names.
  std::optional<PolicyId> managed_policy(std::string_view arn) const;
  // Rebuilds the look-up tables after the vectors changed.
  void index();

 private:
  std::unordered_map<std::string_view, std::size_t> accounts_, users_, groups_, roles_, resources_, managed_;
};

}  // namespace iamlint::solver
