// An environment's Terraform plan (`include: [{terraform: plan.json}]` in the manifest, docs/environment.md): the
// IAM principals, managed policies, attachments, memberships and resource policies that a plan's planned values
// declare, added to the account that includes it. Kept apart from the manifest loader, which lends it a narrow host.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "linter/json_loader.hpp"
#include "linter/source.hpp"
#include "solver/environment.hpp"

namespace iamlint::solver {

// What the manifest loader lends an included file's reader: its environment, its policy loading (as lint loads a
// policy, located through the string map), its ARN registry, its problems and its end-of-load resolution.
class IncludeHost {
 public:
  enum class Owner : uint8_t { User, Group, Role };  // whose an attachment is

  virtual Environment& environment() = 0;
  // Reads a file named by a manifest node (relative to the manifest); null after reporting why.
  virtual std::shared_ptr<const linter::SourceFile> read_included(const linter::Node& file_node) = 0;
  virtual std::optional<PolicyId> load_policy(const std::shared_ptr<const linter::SourceFile>& source,
                                              const linter::JsonTree& tree, const linter::Node& node,
                                              linter::PolicyType type, linter::PolicyHolder holder, std::string name,
                                              std::string arn) = 0;
  // Registers an ARN as declared at this place; false (and reported) when it is taken.
  virtual bool claim_arn(const std::string& arn, const linter::SourceFile& source, uint32_t offset) = 0;
  virtual void report(const linter::SourceFile& source, uint32_t offset, std::string message, bool warning) = 0;
  virtual void report(const linter::Node& manifest_node, std::string message) = 0;
  // A customer managed policy now loaded, which attachments and boundaries may name by ARN.
  virtual void declare_managed(const std::string& arn, PolicyId id, const linter::SourceFile& source,
                               uint32_t offset) = 0;
  // A managed policy named by ARN, resolved once everything is loaded, as the manifest's own `managed:` entries.
  virtual void attach(std::string arn, const linter::SourceFile& source, uint32_t offset, Owner owner,
                      std::size_t index, bool boundary) = 0;

 protected:
  ~IncludeHost() = default;
};

// Adds the Terraform plan (or state) named by `file_node` to `account`. Problems go to the host: a file that is no
// plan is an error; an attachment or membership whose principal, group or policy cannot be told from the plan is a
// warning at its place.
void include_terraform(IncludeHost& host, const linter::Node& file_node, const std::string& account);

}  // namespace iamlint::solver
