#include <algorithm>
#include <array>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/text.hpp"
#include "rules/common/principals.hpp"
#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"allow-meant-to-restrict",
     "{0} says it restricts, but an Allow only grants: it adds {1} and keeps no one else out, since a principal of "
     "the resource's own account needs nothing but its identity policy; to restrict (the Deny binds the account's "
     "administrators too: list any role that must keep access), add {2}"},
    {"allow-meant-to-restrict-key-account",
     "{0} says it restricts, but this key policy allows the account {1}, which hands the key to every principal of "
     "that account whose own identity policy allows these actions; to keep the key to the principals the policy "
     "names (and the account's root user), add {2}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn",
    "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM401",
    .name = "allow-meant-to-restrict",
    .severity = linter::Severity::Security,
    .category = linter::Category::Semantic,
    .summary = "An Allow in a resource policy that says it restricts access to the principals it names.",
    .description =
        "Flags an `Allow` statement of a resource policy (bucket, queue, topic, key, ...; never an identity or trust "
        "policy) when all of the following hold. (1) Its `Principal` is `{\"AWS\": ...}` alone, naming specific "
        "principals: no `*`, no wildcard, no `Service`, `Federated` or `CanonicalUser`. (2) Its `Sid`, or the "
        "policy's `Id`, says it means to restrict: split into words at CamelCase, `-`, `_` and other punctuation, "
        "it holds `Only`, `Solely`, `Exclusive(ly)`, `Restrict(s|ed|ing|ion)`, `Enforce(s|d)`, `Force(s|d)` "
        "anywhere, or begins with `Deny`, `Block`, `Prevent`, `Limit` or `Lock` (`LockToAdmins`, not "
        "`AllowObjectLock`); `Only` next to an access word (`ReadOnly`, `WriteOnly`, `OnlyList`) describes the "
        "access, not who gets it, and does not count. (3) It has no `Condition` but on `aws:SecureTransport`: "
        "with one, the word may speak of the condition (`RecentMfaOnly`, `OnlyFromOurVpce`), which a Deny on the "
        "principal would not enforce. (4) No Deny of the policy does the restricting: a Deny whose "
        "actions and resources overlap the statement's, that names everybody but some (`NotPrincipal`), or "
        "everybody (`Principal` `*`) with no condition or with a condition on the principal (`aws:PrincipalArn`, "
        "`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalTag/...`, `aws:userid`, ...); a Deny on "
        "`aws:SecureTransport` restricts transport, not principals. In a KMS key policy (every action `kms:`), "
        "an Allow naming only roles and users does restrict, since KMS requires the key policy to allow every "
        "caller; there the statement is flagged only when it names a whole account, which delegates the key to "
        "that account's identity policies. The message carries the Deny to add: `Principal` `*`, the statement's "
        "actions and resources, and a condition `ArnNotEquals` on `aws:PrincipalArn` listing the named roles and "
        "users, with `StringNotEquals` on `aws:PrincipalAccount` for named accounts (in a key policy, every "
        "principal the policy's Allows name, accounts as their root user, all under `aws:PrincipalArn`).",
    .rationale =
        "Risk: high. For every service but KMS (and IAM role trust), a principal of the resource's account reaches "
        "the resource when either its identity policy or the resource policy allows it: the IAM User Guide's "
        "evaluation logic adds the two, and only an explicit Deny subtracts. So `Allow` for one role adds that role "
        "and leaves every other principal of the account (and its root user) as it was; the policy reads as a "
        "lock and locks nothing. The intent word is required because the statement alone is not a mistake: an "
        "ordinary cross-account grant (\"let the analytics account read this bucket\") is exactly an Allow naming "
        "a principal, with no Deny, and must not be reported. Only the author's own words (`AllowOnly...`, "
        "`RestrictTo...`, `ForceAccessVia...`) say that the Allow was meant to keep others out. A service "
        "principal (`OnlyFromSns`) is out of scope: a service request carries no `aws:PrincipalArn`, so the Deny "
        "this rule suggests would deny the service itself, and such grants are narrowed by `aws:SourceArn` on "
        "the Allow, which is their usual meaning of \"only\". `iamlint prove` checks the same claim as an `only` "
        "property and refutes it.",
    .fix = "Keep the Allow and add the Deny the message gives, for instance `{\"Sid\": \"EnforceAllowOnlyAppRole\", "
           "\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": "
           "[\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"], \"Condition\": {\"ArnNotEquals\": {\"aws:PrincipalArn\": "
           "[\"arn:aws:iam::111122223333:role/AppRole\"]}}}`. Narrow its actions to what must be kept (writes, "
           "deletes) if others should still read. In a key policy, name the administrators and users instead of "
           "the account, or add the Deny.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

// Words that say a statement is meant to keep others out, wherever they stand in the name.
constexpr std::array<std::string_view, 18> kIntentWords = {
    "only",       "solely",      "exclusive",  "exclusively", "restrict", "restricts",
    "restricted", "restricting", "restriction", "enforce",    "enforces", "enforced",
    "enforcing",  "force",       "forces",     "forced",      "forcing",  "lockdown"};
// Verbs that say so only as the name's first word: elsewhere they name an object (ObjectLock, PublicAccessBlock).
constexpr std::array<std::string_view, 12> kLeadingIntentWords = {
    "deny", "denies", "block", "blocks", "prevent", "prevents", "limit", "limits", "limited", "lock", "locks", "locked"};
// Next to "only", these make it a level of access (ReadOnly), not a set of principals.
constexpr std::array<std::string_view, 20> kAccessWords = {
    "read",    "write",   "view",    "list",   "get",      "put",     "append",
    "upload",  "download", "decrypt", "encrypt", "publish", "send",   "receive",
    "describe", "invoke",  "sign",    "verify",  "query",   "consume"};

bool among(std::string_view word, std::span<const std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// "ForceAccessViaProdS3RWRoleOnly" → force access via prod s3 rw role only; "restrict-to_admins" → restrict to
// admins. A word starts after punctuation, at an upper-case letter after a lower-case one or a digit, and at the
// last upper-case letter of an acronym that a lower-case letter follows (RWRole → rw role).
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_upper(c) && !is_lower(c) && !is_digit(c)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    if (!word.empty() && is_upper(c) && i > 0) {
      char before = name[i - 1];
      bool after_lower = is_lower(before) || is_digit(before);
      bool acronym_end = is_upper(before) && i + 1 < name.size() && is_lower(name[i + 1]);
      if (after_lower || acronym_end) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    word.push_back(lower(c));
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool says_it_restricts(std::string_view name) {
  std::vector<std::string> words = words_of(name);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (i == 0 && among(w, kLeadingIntentWords)) return true;
    if (!among(w, kIntentWords)) continue;
    if (w == "only") {
      bool access_before = i > 0 && among(words[i - 1], kAccessWords);
      bool access_after = i + 1 < words.size() && among(words[i + 1], kAccessWords);
      if (access_before || access_after) continue;
    }
    return true;
  }
  return false;
}

// The string values of an element (a string or an array of them), symbolic ones included: each stands for one
// specific value, which the suggested statement repeats as the template renders it.
template <typename F>
void for_each_string(const linter::JsonTree& tree, const Node* element, F&& f) {
  if (element == nullptr) return;
  if (element->is_string()) {
    f(*element);
  } else if (element->is_array()) {
    for (const Node& item : tree.children(*element)) {
      if (item.is_string()) f(item);
    }
  }
}

// The AWS principals an Allow names, when it names specific ones only: {"AWS": ...} and nothing else, no "*" and no
// wildcard. Empty otherwise.
std::vector<std::string_view> named_principals(const linter::JsonTree& tree, const Statement& s) {
  const Node* principal = s.get(Element::Principal);
  if (principal == nullptr || !principal->is_object() || principal->child_count != 1) return {};
  const Node* aws = tree.member(*principal, "AWS");
  if (aws == nullptr) return {};
  std::vector<std::string_view> names;
  bool specific = true;
  for_each_string(tree, aws, [&](const Node& v) {
    if (!v.symbolic && linter::has_wildcard(v.text)) specific = false;
    names.push_back(v.text);
  });
  if (!specific) return {};
  return names;
}

// A key policy: KMS requires it to allow every caller, so there an Allow naming roles and users does restrict.
bool is_key_policy(const Policy& policy) {
  if (policy.resource_type == "kms:key") return true;
  bool any = false, all_kms = true;
  for (const Statement& s : policy.statements) {
    for_each_string(*policy.tree, s.get(Element::Action), [&](const Node& v) {
      any = true;
      if (v.text.size() < 4 || !linter::iequals(v.text.substr(0, 4), "kms:")) all_kms = false;
    });
  }
  return any && all_kms;
}

// Whether two ARN patterns may name a common resource: one matches the other, or, both with wildcards, their
// literal beginnings agree. Symbolic values compare by their text (the same !GetAtt is the same resource).
bool may_overlap(std::string_view a, std::string_view b) {
  auto same = [](char p, char t) { return p == '?' || p == t; };
  if (!linter::has_wildcard(a)) return linter::glob_match(b, a, same);
  if (!linter::has_wildcard(b)) return linter::glob_match(a, b, same);
  std::string_view pa = a.substr(0, linter::find_wildcard(a)), pb = b.substr(0, linter::find_wildcard(b));
  return pa.starts_with(pb) || pb.starts_with(pa);
}

bool resources_overlap(const linter::JsonTree& tree, const Statement& deny, const Statement& allow) {
  const Node* dr = deny.get(Element::Resource);
  const Node* ar = allow.get(Element::Resource);
  if (dr == nullptr || ar == nullptr) return true;  // NotResource, or none: assume they meet
  bool overlap = false;
  for_each_string(tree, dr, [&](const Node& d) {
    for_each_string(tree, ar, [&](const Node& a) { overlap = overlap || may_overlap(d.text, a.text); });
  });
  return overlap;
}

bool actions_overlap(const Policy& policy, const Statement& deny, const Statement& allow) {
  const linter::StatementActions& d = linter::statement_actions(policy, deny);
  const linter::StatementActions& a = linter::statement_actions(policy, allow);
  if (d.actions.empty() || a.actions.empty()) return true;  // nothing known: assume they meet
  std::vector<uint32_t> common;
  std::set_intersection(d.actions.begin(), d.actions.end(), a.actions.begin(), a.actions.end(),
                        std::back_inserter(common));
  return !common.empty();
}

// A Deny that keeps principals out: everybody but some (NotPrincipal), or everybody (Principal "*") either
// unconditionally or on a condition about the principal. A Deny on aws:SecureTransport restricts transport only.
bool restricts_principals(const Policy& policy, const Statement& deny) {
  if (deny.has(Element::NotPrincipal)) return true;
  if (everyone_principal(*policy.tree, deny) == nullptr) return false;
  const Node* condition = deny.get(Element::Condition);
  if (condition == nullptr) return true;
  bool on_principal = false;
  for_each_condition(*policy.tree, deny, [&](const linter::ConditionOperator&, const Node& key) {
    unsigned kind = narrowing_kind_of_key(key.key);
    bool principal_key = key.key.size() >= 13 && linter::iequals(key.key.substr(0, 13), "aws:Principal");
    if ((kind & (kNarrowPrincipal | kNarrowOrganization)) != 0 || principal_key) on_principal = true;
  });
  return on_principal;
}

// Whether the Allow carries a condition other than aws:SecureTransport: then its intent word may speak of the
// condition ("RecentMfaOnly", "OnlyFromOurVpce"), which a Deny on the principal would not enforce.
bool has_own_condition(const Policy& policy, const Statement& allow) {
  bool other = false;
  for_each_condition(*policy.tree, allow, [&](const linter::ConditionOperator&, const Node& key) {
    if (!linter::iequals(key.key, "aws:SecureTransport")) other = true;
  });
  return other;
}

bool has_restricting_deny(const Policy& policy, const Statement& allow) {
  return std::any_of(policy.statements.begin(), policy.statements.end(), [&](const Statement& d) {
    return d.effect == linter::Effect::Deny && restricts_principals(policy, d) &&
           actions_overlap(policy, d, allow) && resources_overlap(*policy.tree, d, allow);
  });
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.append("\\u00");
      out.push_back(kHex[(c >> 4) & 0xf]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_json_list(std::string& out, const std::vector<std::string_view>& values) {
  out.push_back('[');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.append(", ");
    append_json_string(out, values[i]);
  }
  out.push_back(']');
}

// `"Action": "s3:*"` as the statement writes it (string or list), for the element that it has.
void append_element(std::string& out, const linter::JsonTree& tree, const Statement& s, Element element) {
  const Node* node = s.get(element);
  if (node == nullptr) return;
  out.append(", ");
  append_json_string(out, linter::element_name(element));
  out.append(": ");
  if (node->is_string()) {
    append_json_string(out, node->text);
    return;
  }
  std::vector<std::string_view> values;
  for_each_string(tree, node, [&](const Node& v) { values.push_back(v.text); });
  append_json_list(out, values);
}

// The Sid of the suggested Deny: Enforce + the flagged statement's Sid in CamelCase (restrict_to_admins gives
// EnforceRestrictToAdmins; a Sid may hold letters and digits only), or Enforce + its index.
std::string deny_sid(const Statement& s) {
  const Node* sid = s.get(Element::Sid);
  std::string out = "Enforce";
  if (sid != nullptr && sid->is_string()) {
    bool word_start = true;
    for (char c : sid->text) {
      if (!is_upper(c) && !is_lower(c) && !is_digit(c)) {
        word_start = true;
        continue;
      }
      out.push_back(word_start && is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c);
      word_start = false;
    }
  }
  if (out.size() == 7) out += "Statement" + std::to_string(s.index);
  return out;
}

// The Deny to add: everybody but `arns` (aws:PrincipalArn) and the principals of `accounts`
// (aws:PrincipalAccount), on the Allow's actions and resources. The two keys of one condition block are ANDed, so a
// request is denied only when its principal is neither a named one nor of a named account.
std::string suggested_deny(const Policy& policy, const Statement& s, const std::vector<std::string_view>& arns,
                           const std::vector<std::string_view>& accounts) {
  std::string out = "{\"Sid\": ";
  append_json_string(out, deny_sid(s));
  out.append(", \"Effect\": \"Deny\", \"Principal\": \"*\"");
  for (Element e : {Element::Action, Element::NotAction, Element::Resource, Element::NotResource}) {
    append_element(out, *policy.tree, s, e);
  }
  out.append(", \"Condition\": {");
  if (!arns.empty()) {
    out.append("\"ArnNotEquals\": {\"aws:PrincipalArn\": ");
    append_json_list(out, arns);
    out.push_back('}');
  }
  if (!accounts.empty()) {
    if (!arns.empty()) out.append(", ");
    out.append("\"StringNotEquals\": {\"aws:PrincipalAccount\": ");
    append_json_list(out, accounts);
    out.push_back('}');
  }
  out.append("}}");
  return out;
}

std::string quoted_list(const std::vector<std::string_view>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.append(i + 1 == values.size() ? " and " : ", ");
    out.append(values[i]);
  }
  return out;
}

std::string root_arn(std::string_view account) { return "arn:aws:iam::" + std::string(account) + ":root"; }

void add_unique(std::vector<std::string_view>& list, std::string_view value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

class AllowMeantToRestrict final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    bool resource_allow = policy.type == PolicyType::Resource && s.effect == linter::Effect::Allow;
    std::vector<std::string_view> named;
    if (resource_allow) named = named_principals(*policy.tree, s);
    if (named.empty() || has_own_condition(policy, s)) return;
    std::string intent = intent_of(policy, s);
    if (intent.empty()) return;
    bool key_policy = is_key_policy(policy);
    std::vector<std::string_view> accounts;
    for (std::string_view p : named) {
      std::string_view account = whole_account(p);
      if (!account.empty()) add_unique(accounts, account);
    }
    if (key_policy && accounts.empty()) return;
    if (has_restricting_deny(policy, s)) return;
    if (key_policy) {
      report_key_policy(policy, s, intent, accounts, out);
      return;
    }
    std::vector<std::string_view> arns;
    for (std::string_view p : named) {
      if (whole_account(p).empty()) add_unique(arns, p);
    }
    out.report(*s.node, "allow-meant-to-restrict", {intent, quoted_list(named), suggested_deny(policy, s, arns, accounts)});
  }

 private:
  // "Sid \"AllowOnlyX\"" or "the policy Id \"X\"" when either says the statement restricts; empty otherwise.
  static std::string intent_of(const Policy& policy, const Statement& s) {
    const Node* sid = s.get(Element::Sid);
    if (sid != nullptr && sid->is_string() && says_it_restricts(sid->text)) {
      return "Sid \"" + std::string(sid->text) + "\"";
    }
    if (policy.id != nullptr && policy.id->is_string() && says_it_restricts(policy.id->text)) {
      return "the policy Id \"" + std::string(policy.id->text) + "\"";
    }
    return {};
  }

  // In a key policy the Deny keeps every principal the policy's Allows name, and the root user of each account
  // they name (aws:PrincipalArn of the root user), so that the key stays manageable.
  static void report_key_policy(const Policy& policy, const Statement& s, const std::string& intent,
                                const std::vector<std::string_view>& accounts, Reporter& out) {
    std::vector<std::string> roots;
    std::vector<std::string_view> arns;
    for (const Statement& other : policy.statements) {
      if (other.effect != linter::Effect::Allow) continue;
      for (std::string_view p : named_principals(*policy.tree, other)) {
        if (whole_account(p).empty()) add_unique(arns, p);
      }
    }
    roots.reserve(accounts.size());
    for (std::string_view a : accounts) roots.push_back(root_arn(a));
    for (const std::string& r : roots) add_unique(arns, r);
    out.report(*s.node, "allow-meant-to-restrict-key-account",
               {intent, quoted_list(accounts), suggested_deny(policy, s, arns, {})});
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_allow_meant_to_restrict() { return std::make_unique<AllowMeantToRestrict>(); }

}  // namespace iamlint::rules
