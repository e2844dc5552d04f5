#include "rules/registry.hpp"

namespace iamlint::rules {

// One factory per rule file.
std::unique_ptr<linter::Rule> make_missing_version();
std::unique_ptr<linter::Rule> make_invalid_version();
std::unique_ptr<linter::Rule> make_outdated_version();
std::unique_ptr<linter::Rule> make_missing_statement();
std::unique_ptr<linter::Rule> make_missing_effect();
std::unique_ptr<linter::Rule> make_invalid_effect();
std::unique_ptr<linter::Rule> make_action_and_not_action();
std::unique_ptr<linter::Rule> make_missing_action();
std::unique_ptr<linter::Rule> make_resource_and_not_resource();
std::unique_ptr<linter::Rule> make_missing_resource();
std::unique_ptr<linter::Rule> make_principal_in_identity_policy();
std::unique_ptr<linter::Rule> make_missing_principal();
std::unique_ptr<linter::Rule> make_not_principal_in_trust_policy();
std::unique_ptr<linter::Rule> make_resource_in_trust_policy();
std::unique_ptr<linter::Rule> make_unknown_element();
std::unique_ptr<linter::Rule> make_wrong_type();
std::unique_ptr<linter::Rule> make_duplicate_sid();
std::unique_ptr<linter::Rule> make_invalid_sid();
std::unique_ptr<linter::Rule> make_empty_element();
std::unique_ptr<linter::Rule> make_duplicate_key();
std::unique_ptr<linter::Rule> make_case_variant_key();
std::unique_ptr<linter::Rule> make_policy_size_exceeded();
std::unique_ptr<linter::Rule> make_service_wildcard_action();
std::unique_ptr<linter::Rule> make_whole_account_trust();

Registry::Registry() {
  // Sorted by id; scripts/new-rule inserts new lines in order and the registry test checks it.
  rules_.push_back(make_missing_version());               // IAM001
  rules_.push_back(make_invalid_version());               // IAM002
  rules_.push_back(make_outdated_version());              // IAM003
  rules_.push_back(make_missing_statement());             // IAM004
  rules_.push_back(make_missing_effect());                // IAM005
  rules_.push_back(make_invalid_effect());                // IAM006
  rules_.push_back(make_action_and_not_action());         // IAM007
  rules_.push_back(make_missing_action());                // IAM008
  rules_.push_back(make_resource_and_not_resource());     // IAM009
  rules_.push_back(make_missing_resource());              // IAM010
  rules_.push_back(make_principal_in_identity_policy());  // IAM011
  rules_.push_back(make_missing_principal());             // IAM012
  rules_.push_back(make_not_principal_in_trust_policy()); // IAM013
  rules_.push_back(make_resource_in_trust_policy());      // IAM014
  rules_.push_back(make_unknown_element());               // IAM015
  rules_.push_back(make_wrong_type());                    // IAM016
  rules_.push_back(make_duplicate_sid());                 // IAM017
  rules_.push_back(make_invalid_sid());                   // IAM018
  rules_.push_back(make_empty_element());                 // IAM019
  rules_.push_back(make_duplicate_key());                 // IAM020
  rules_.push_back(make_case_variant_key());              // IAM021
  rules_.push_back(make_policy_size_exceeded());          // IAM022
  rules_.push_back(make_service_wildcard_action());       // IAM201
  rules_.push_back(make_whole_account_trust());           // IAM220
  for (const auto& r : rules_) view_.push_back(r.get());
}

const linter::Rule* Registry::find(std::string_view id_or_name) const noexcept {
  for (const linter::Rule* r : view_) {
    if (r->meta().id == id_or_name || r->meta().name == id_or_name) return r;
  }
  return nullptr;
}

}  // namespace iamlint::rules
