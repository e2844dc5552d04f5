#include <string>
#include <vector>

#include "linter/analysis.hpp"
#include "linter/catalog.hpp"
#include "linter/text.hpp"
#include "rules/common/validity_actions.hpp"
#include "rules/support.hpp"

namespace iamlint::rules {
namespace {

constexpr linter::MessageDef kMessages[] = {
    {"unknown-action", "{0} has no action \"{1}\", so \"{2}\" matches nothing"},
    {"unknown-action-did-you-mean", "{0} has no action \"{1}\", so \"{2}\" matches nothing; did you mean \"{3}\"?"},
    {"api-operation-not-permission",
     "\"{0}\" is the name of an API operation, not of an IAM action; the operation is authorized by {1}"},
};
constexpr std::string_view kReferences[] = {
    "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html",
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html"};

constexpr linter::Equivalent kEquivalents[] = {
    {"Access Analyzer", "INVALID_ACTION"},
};

constexpr linter::RuleMeta kMeta{
    .id = "IAM102",
    .name = "unknown-action",
    .severity = linter::Severity::Error,
    .category = linter::Category::Validity,
    .summary = "An action names an action its service does not have.",
    .description = "Flags an `Action` or `NotAction` value without wildcards whose service prefix is known but whose "
                   "action is not one of that service's actions (compared case-insensitively). It suggests the "
                   "closest action of the service, and, for API operations that are authorized by an IAM action of "
                   "another name (`s3:HeadObject`, `s3:ListObjectsV2`, `s3:DeleteObjects`, "
                   "`dynamodb:TransactWriteItems`, `sqs:SendMessageBatch`, `lambda:Invoke`), names that action.",
    .rationale = "IAM accepts the value and it matches nothing: the `Allow` grants nothing, and the request it was "
                 "meant for is denied; in a `Deny` the guardrail is missing. API operation names are the most "
                 "common cause: `s3:ListObjectsV2` is authorized by `s3:ListBucket`, not by an action of its own.",
    .fix = "Use the action from the Service Authorization Reference, e.g. `s3:ListBucket` for `ListObjectsV2` and "
           "`s3:GetObject` for `HeadObject`.",
    .messages = kMessages,
    .equivalents = kEquivalents,
    .references = kReferences,
};

struct ApiHint {
  std::string_view operation;  // as written in a policy by mistake, lower case
  std::string_view actions;    // the IAM actions that authorize it
};

// API operations whose IAM actions have other names, from the services' own documentation.
constexpr ApiHint kApiHints[] = {
    {"s3:headbucket", "s3:ListBucket"},
    {"s3:headobject", "s3:GetObject"},
    {"s3:listobjects", "s3:ListBucket"},
    {"s3:listobjectsv2", "s3:ListBucket"},
    {"s3:listobjectversions", "s3:ListBucketVersions"},
    {"s3:deleteobjects", "s3:DeleteObject"},
    {"s3:copyobject", "s3:GetObject (source) and s3:PutObject (destination)"},
    {"s3:uploadpartcopy", "s3:GetObject (source) and s3:PutObject (destination)"},
    {"s3:uploadpart", "s3:PutObject"},
    {"s3:createmultipartupload", "s3:PutObject"},
    {"s3:completemultipartupload", "s3:PutObject"},
    {"s3:listparts", "s3:ListMultipartUploadParts"},
    {"s3:listmultipartuploads", "s3:ListBucketMultipartUploads"},
    {"s3:selectobjectcontent", "s3:GetObject"},
    {"s3:getbucketencryption", "s3:GetEncryptionConfiguration"},
    {"s3:putbucketencryption", "s3:PutEncryptionConfiguration"},
    {"s3:deletebucketencryption", "s3:PutEncryptionConfiguration"},
    {"s3:getbucketlifecycleconfiguration", "s3:GetLifecycleConfiguration"},
    {"s3:putbucketlifecycleconfiguration", "s3:PutLifecycleConfiguration"},
    {"s3:putbucketreplication", "s3:PutReplicationConfiguration"},
    {"s3:putbucketnotificationconfiguration", "s3:PutBucketNotification"},
    {"dynamodb:transactgetitems", "dynamodb:GetItem"},
    {"dynamodb:transactwriteitems",
     "dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem and dynamodb:ConditionCheckItem"},
    {"sqs:sendmessagebatch", "sqs:SendMessage"},
    {"sqs:deletemessagebatch", "sqs:DeleteMessage"},
    {"sqs:changemessagevisibilitybatch", "sqs:ChangeMessageVisibility"},
    {"sns:publishbatch", "sns:Publish"},
    {"lambda:invoke", "lambda:InvokeFunction"},
};

std::string_view api_hint(std::string_view value) {
  std::string lowered(value);
  for (char& c : lowered) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  for (const ApiHint& h : kApiHints) {
    if (h.operation == lowered) return h.actions;
  }
  return {};
}

class UnknownAction final : public linter::Rule {
 public:
  const linter::RuleMeta& meta() const noexcept override { return kMeta; }
  uint32_t hooks() const noexcept override { return linter::kHookStatement; }
  void check_statement(const Policy& policy, const Statement& s, Reporter& out) const override {
    const linter::Catalog& catalog = linter::Catalog::embedded();
    validity::for_each_action_fact(policy, s, [&](const Node& v, const validity::ActionValue& a,
                                                  const linter::ActionValueFacts& facts) {
      if (a.form != validity::ActionForm::Named || linter::has_wildcard(a.action)) return;
      if (facts.service == nullptr || facts.action != nullptr) return;
      const linter::ServiceInfo* service = facts.service;
      if (std::string_view hint = api_hint(v.text); !hint.empty()) {
        out.report(v, "api-operation-not-permission", {v.text, hint});
        return;
      }
      std::vector<std::string_view> names;
      for (uint32_t i = service->actions_begin; i < service->actions_end; ++i) {
        names.push_back(catalog.actions()[i].name);
      }
      std::string_view near = did_you_mean(a.action, names);
      std::string description(service->name);
      if (near.empty()) {
        out.report(v, "unknown-action", {description, a.action, v.text});
      } else {
        std::string suggestion = std::string(service->prefix) + ":" + std::string(near);
        out.report(v, "unknown-action-did-you-mean", {description, a.action, v.text, suggestion});
      }
    });
  }
};

}  // namespace

std::unique_ptr<linter::Rule> make_unknown_action() { return std::make_unique<UnknownAction>(); }

}  // namespace iamlint::rules
