// What a file holds: a bare policy, or a known wrapper around policies (AWS CLI outputs, account dumps, Terraform
// plans; CloudFormation later). Detection reads the loaded JSON tree and names each policy's place, its
// type and holder as that place implies; extraction turns one place into a policy text with a map back to the file.
// docs/inputs.md describes the shapes and how locations map.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/json_loader.hpp"
#include "linter/model.hpp"

namespace iamlint::linter {

enum class InputType : uint8_t {
  Auto,
  Policy,              // a bare policy document
  GetPolicyVersion,    // aws iam get-policy-version: PolicyVersion.Document
  GetRole,             // aws iam get-role: Role.AssumeRolePolicyDocument
  GetRolePolicy,       // aws iam get-role-policy: PolicyDocument (inline, role)
  GetUserPolicy,       // aws iam get-user-policy
  GetGroupPolicy,      // aws iam get-group-policy
  GetBucketPolicy,     // aws s3api get-bucket-policy: Policy, a JSON string
  DescribePolicy,      // aws organizations describe-policy: Policy.Content, a JSON string
  AuthorizationDetails,  // aws iam get-account-authorization-details: every policy of an account
  CloudFormation,        // a CloudFormation template, JSON or YAML
  TerraformPlan,         // terraform show -json of a plan (or a state): every policy of its AWS resources
};
std::string_view input_type_name(InputType type) noexcept;
std::optional<InputType> parse_input_type(std::string_view name) noexcept;
// Every name, Auto first: for the command line's choices and the docs.
std::vector<std::string_view> input_type_names();

// How a site's policy text is obtained.
enum class SiteKind : uint8_t {
  Document,          // the node is the policy: an object (a slice of the file) or a string of JSON
  Template,          // a CloudFormation value: intrinsic functions resolved, YAML rendered as JSON
  LambdaPermission,  // the node is an AWS::Lambda::Permission's Properties: the statement it adds
};

// A CloudFormation resource's `Metadata: {iamlint: {ignore: [{rule, reason}]}}` entry: findings of `rule` in the
// resource's policies are suppressed, with the reason.
struct TemplateIgnore {
  std::string rule;
  std::string reason;
  uint32_t offset = 0;  // the entry, in the file
  uint32_t index = 0;   // its position in the list
};

struct CfnTemplate;

// One policy found in a file.
struct PolicySite {
  const Node* node = nullptr;  // the value that holds it: an object, or a string of JSON (maybe URL-encoded)
  // The outer JSON pointer of that value ("/PolicyVersion/Document"); empty for a bare policy. Findings carry it
  // (Finding::policy) and fingerprints hash it, so that two policies of one file never share a fingerprint.
  std::string label;
  std::optional<PolicyType> type;      // what the place implies; none: inferred from the document
  std::optional<PolicyHolder> holder;  // likewise, for the size quota of identity policies
  // Whose policy it is, for people ("role ProdS3RWRole, inline policy s3-access"), when a file holds several
  // policies; empty for a file that wraps one. Findings carry it (Finding::label).
  std::string name;
  SiteKind kind = SiteKind::Document;
  std::vector<TemplateIgnore> ignores;
  // A resource policy's resource type, when the place says ("s3:bucket"): Policy::resource_type.
  std::string_view resource_type;
};

struct Detection {
  InputType type = InputType::Policy;  // the shape found; Auto: none, the file was skipped
  std::vector<PolicySite> sites;       // in document order; may be empty (an organizations tag policy)
  std::string skipped;                 // why nothing was found, when sites is empty
  std::optional<InputError> error;     // a forced shape that the file does not have
  // Faults that do not stop the others' checks (a template suppression without a reason), in document order.
  std::vector<InputError> problems;
  std::shared_ptr<const CfnTemplate> cfn;  // for SiteKind::Template and LambdaPermission sites
};

// What detection makes of a JSON file that is no known shape: not a wrapper, and not recognisably a policy (a root
// object with a Statement, or with a Version of "2012-10-17" or "2008-10-17", either name in any case).
enum class UnknownShape : uint8_t {
  Policy,  // a bare policy all the same, so that the rules say what is wrong with it: a file the user named
  Skip,    // no site, and Detection::skipped says why: a file found by walking a directory (a package.json)
};
// Detection::skipped for a file that is no known shape.
inline constexpr std::string_view kNoPolicyFound = "no policy found: not a policy, AWS CLI output, account dump, CloudFormation template or Terraform plan";

// `forced` Auto detects; a forced shape never skips. A bare policy with a Statement costs one member look-up, so
// plain policy files take the same path as before detection existed. `yaml`: the tree was read from YAML, where only
// a CloudFormation template is expected (anything else is skipped).
Detection detect_input(const JsonTree& tree, InputType forced, UnknownShape unknown = UnknownShape::Policy,
                       bool yaml = false);

// The text of a site that is not the file's root, ready to load: `text` (readable for padded_capacity bytes, as
// simdjson needs) and `map` to file offsets. An object site is a slice of the file; a string site is unescaped and,
// when it starts with '%', URL-decoded (RFC 3986: '+' stays '+'), each byte mapped to the escape that produced it.
struct SiteText {
  std::string_view text;
  std::size_t padded_capacity = 0;
  std::string storage;  // decoded bytes plus padding, reused across sites
  OffsetMap map;
  // Ranges of `text` that stand for values unknown until deployment: strings overlapping one are symbolic.
  std::vector<std::pair<uint32_t, uint32_t>> symbolic;

  void clear() noexcept {
    map.clear();
    storage.clear();
    symbolic.clear();
  }
  // Once `storage` holds the text: pads it for simdjson and points `text` at it.
  void seal() {
    std::size_t size = storage.size();
    storage.append(SourceFile::kPadding, '\0');
    text = std::string_view(storage.data(), size);
    padded_capacity = storage.size();
  }
};
// Marks the strings of a site's loaded tree that overlap its symbolic ranges (values known only at deployment).
// Public so that the environment loader (solver/manifest.cpp) loads a site exactly as lint does.
void mark_symbolic(const SiteText& site, JsonTree& tree);
// Fails (with a file offset) when a string holds an invalid URL escape; what the text then holds (invalid UTF-8,
// not JSON) is for the loader to say.
std::optional<InputError> site_text(const SourceFile& source, const JsonTree& tree, const Node& node, SiteText& out);

// The value of a JSON string node (`node.span` is its token in `file`), each byte mapped to the file offset where its
// character starts (the byte itself, or the backslash of its escape), plus one entry for the closing quote.
void json_string_map(std::string_view file, const Node& node, std::string& value, std::vector<uint32_t>& map);

// A file that is not JSON but a URL-encoded policy (the IAM API's value, saved as it came): its first character,
// after a BOM and white space, is '%'. Checked only after the file failed to load as JSON, so JSON files never pay.
bool is_url_encoded_file(std::string_view text) noexcept;
// Its decoded text, white space around it left out, with each byte mapped to its escape in the file.
std::optional<InputError> url_encoded_file_text(const SourceFile& source, SiteText& out);

}  // namespace iamlint::linter
