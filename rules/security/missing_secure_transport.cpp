#include "rules/conditions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"missing-secure-transport",
     "this bucket policy does not deny requests over plain HTTP; add a Deny for Principal \"*\" on the bucket and "
     "its objects with \"Bool\": {\"aws:SecureTransport\": \"false\"}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule"};

constexpr linter::RuleMeta kMeta{
    .id = "IAM225",
    .name = "missing-secure-transport",
    .severity = linter::Severity::Suggestion,
    .category = linter::Category::Security,
    .summary = "An S3 bucket policy does not deny requests without TLS.",
    .description = "Flags, once per document, a resource policy whose statements name only S3 buckets and "
                   "objects (`arn:aws:s3:::…`), or that a template or plan declares for a bucket (`AWS::S3::BucketPolicy`, "
                   "`aws_s3_bucket_policy`), and that has no `Deny` statement with `Bool` or `BoolIfExists` "
                   "`aws:SecureTransport` `false`. Reported at the `Statement` key.",
    .rationale = "S3 accepts plain HTTP. Data and request signatures then cross the network unencrypted; the AWS "
                 "Foundational Security Best Practices control S3.5 asks bucket policies to deny it.",
    .fix = "Add `{\"Sid\": \"DenyInsecureTransport\", \"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": "
           "\"s3:*\", \"Resource\": [\"arn:aws:s3:::bucket\", \"arn:aws:s3:::bucket/*\"], \"Condition\": "
           "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}}`.",
    .messages = kMessages,
    .equivalents = {},
    .references = kReferences,
};

bool is_s3_arn(std::string_view r) {
  if (r.substr(0, 8) != "arn:aws:" && r.substr(0, 8) != "arn:aws-") return false;
  auto colon = r.find(':', 4);
  return colon != std::string_view::npos && r.substr(colon, 6) == ":s3:::";
}

class MissingSecureTransport final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookDocument; }
  void check_document(const Policy& policy, Reporter& out) const override {
    if (policy.type != PolicyType::Resource || policy.statement == nullptr || policy.statements.empty()) return;
    const linter::JsonTree& tree = *policy.tree;
    bool only_s3 = true, any_resource = false, denies_http = false;
    for (const Statement& s : policy.statements) {
      for (Element e : {Element::Resource, Element::NotResource}) {
        if (const Node* r = s.get(e)) {
          linter::for_each_value(tree, *r, [&](const Node& v) {
            any_resource = true;
            if (!v.is_string() || !is_s3_arn(v.text)) only_s3 = false;
          });
        }
      }
      if (s.effect != linter::Effect::Deny) continue;
      for_each_condition(tree, s, [&](const linter::ConditionOperator& op, const Node& key) {
        if (op.qualifier == linter::ConditionQualifier::None && op.base == "Bool" &&
            linter::iequals(key.key, "aws:SecureTransport") && values_are_bool(tree, key, false)) {
          denies_http = true;
        }
      });
    }
    // A template's AWS::S3::BucketPolicy is a bucket policy whatever its Resource says (often `!GetAtt B.Arn`).
    bool bucket = policy.resource_type == "s3:bucket" || (only_s3 && any_resource);
    if (bucket && !denies_http) {
      out.report(*policy.statement, "missing-secure-transport", {}, linter::Part::Key);
    }
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_missing_secure_transport() { return std::make_unique<MissingSecureTransport>(); }

}  // namespace iamlint::rules
