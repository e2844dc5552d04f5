// CloudFormation templates, JSON and YAML (docs/inputs.md, "CloudFormation"): how YAML becomes a located tree, which
// policies a template holds and how each is typed, what intrinsic functions resolve to, what stays symbolic and how
// rules treat it, and the template's own suppressions. The fixtures' findings are checked in test_inputs.cpp.
#include <catch2/catch.hpp>

#include "linter/cloudformation.hpp"
#include "linter/lint.hpp"
#include "linter/yaml_tree.hpp"
#include "tests/fixture_support.hpp"

using namespace iamlint;
using namespace iamlint::testing;
using linter::PolicyHolder;
using linter::PolicyType;
using linter::SiteKind;

namespace {

linter::FileResult lint_template(const std::string& name, const std::string& text,
                                 const std::vector<const linter::Rule*>& rules) {
  return lint_text(text, {}, rules, name);
}

std::vector<std::string> rows(const linter::FileResult& r) {
  std::vector<std::string> out;
  for (const linter::InputProblem& p : r.problems) {
    out.push_back("input " + (p.at ? std::to_string(p.at->line) + ":" + std::to_string(p.at->column) : "-") + " " +
                  p.message);
  }
  for (const linter::Finding& f : r.findings) {
    out.push_back(std::string(f.rule->id) + " " + f.pointer + " " + std::to_string(f.begin.line) + ":" +
                  std::to_string(f.begin.column) + "-" + std::to_string(f.end.column));
  }
  return out;
}

struct Loaded {
  std::unique_ptr<linter::SourceFile> source;
  linter::JsonTree tree;
  linter::Detection d;
};

void load(const std::string& name, const std::string& text, Loaded& out) {
  out.source = std::make_unique<linter::SourceFile>(name, text);
  bool yaml = linter::is_yaml_path(name, text);
  if (yaml) {
    REQUIRE_FALSE(linter::load_yaml(*out.source, out.tree, linter::LoadLimits{}));
  } else {
    linter::JsonLoader loader;
    REQUIRE_FALSE(loader.load(*out.source, out.tree));
  }
  out.d = linter::detect_input(out.tree, linter::InputType::Auto, linter::UnknownShape::Policy, yaml);
}

const linter::Rule* rule(std::string_view id) { return registry().find(id); }

}  // namespace

TEST_CASE("YAML becomes a tree of JSON types whose tokens are located in the file") {
  linter::SourceFile source("t.yaml",
                            "a: 12\n"
                            "b: '12'\n"
                            "c: true\n"
                            "d: ~\n"
                            "e: [x, \"y z\", 0x1F]\n"
                            "f: !GetAtt Bucket.Arn\n"
                            "g: plain text, with comma # comment\n");
  linter::JsonTree tree;
  REQUIRE_FALSE(linter::load_yaml(source, tree, linter::LoadLimits{}));
  const linter::Node& root = *tree.root();
  auto at = [&](std::string_view key) { return tree.member(root, key); };
  CHECK(at("a")->type == linter::JsonType::Number);
  CHECK(at("b")->type == linter::JsonType::String);  // quoted: a string, as CloudFormation reads it
  CHECK(at("c")->type == linter::JsonType::Bool);
  CHECK(at("d")->type == linter::JsonType::Null);
  const linter::Node* e = at("e");
  REQUIRE(e->is_array());
  std::vector<std::string> items;
  for (const linter::Node& i : tree.children(*e)) {
    items.push_back(std::string(linter::json_type_name(i.type)) + " " + std::string(i.text) + " " +
                    std::to_string(i.span.offset) + "+" + std::to_string(i.span.length));
  }
  // "y z" spans its quotes; 0x1F is no JSON number, so it stays a string.
  CHECK(items == std::vector<std::string>{"string x 31+1", "string y z 34+5", "string 0x1F 41+4"});
  // A short-form tag is the long form, the key spanning the tag and the value its own token.
  const linter::Node* f = at("f");
  REQUIRE(f->is_object());
  const linter::Node& fn = tree.at(f->first_child);
  CHECK(fn.key == "Fn::GetAtt");
  CHECK(source.text().substr(fn.key_span.offset, fn.key_span.length) == "!GetAtt");
  CHECK(source.text().substr(fn.span.offset, fn.span.length) == "Bucket.Arn");
  const linter::Node* g = at("g");
  CHECK(g->text == "plain text, with comma");
  CHECK(source.text().substr(g->span.offset, g->span.length) == "plain text, with comma");
}

TEST_CASE("YAML faults are located, and aliases cannot blow the tree up") {
  linter::JsonTree tree;
  linter::SourceFile broken("t.yaml", "Resources:\n  A: [1, 2\n  B: 3\n");
  auto error = linter::load_yaml(broken, tree, linter::LoadLimits{});
  REQUIRE(error);
  CHECK(error->message.starts_with("YAML: "));
  // The "billion laughs": nine levels of ten aliases each would be a billion values.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
  }
  linter::SourceFile laughs("t.yaml", bomb);
  error = linter::load_yaml(laughs, tree, linter::LoadLimits{});
  REQUIRE(error);
  CHECK(error->message.find("expands (through aliases) to more than") != std::string::npos);
}

TEST_CASE("a string's bytes are mapped back through quotes, escapes, indentation and folding") {
  std::string text = "k: >\n  one\n  two\nq: \"a\\tb\"\n";
  std::vector<uint32_t> map;
  linter::yaml_string_map(text, 3, "one two\n", map);
  REQUIRE(map.size() == 9);
  CHECK(text.substr(map[0], 3) == "one");
  CHECK(text.substr(map[4], 3) == "two");
  map.clear();
  linter::yaml_string_map(text, static_cast<uint32_t>(text.find('"')), "a\tb", map);
  REQUIRE(map.size() == 4);
  CHECK(text[map[0]] == 'a');
  CHECK(text[map[1]] == '\\');  // the escape that produced the tab
  CHECK(text[map[2]] == 'b');
}

TEST_CASE("each resource's policies are found and typed from the resource") {
  Loaded t;
  load("t.yaml",
       "Resources:\n"
       "  R:\n"
       "    Type: AWS::IAM::Role\n"
       "    Properties:\n"
       "      AssumeRolePolicyDocument: {Statement: []}\n"
       "      PermissionsBoundary: !Ref Boundary\n"
       "      Policies: [{PolicyName: p, PolicyDocument: {Statement: []}}]\n"
       "  Boundary:\n"
       "    Type: AWS::IAM::ManagedPolicy\n"
       "    Properties: {PolicyDocument: {Statement: []}}\n"
       "  Shared:\n"
       "    Type: AWS::IAM::Policy\n"
       "    Properties: {PolicyName: s, Groups: [g], PolicyDocument: {Statement: []}}\n"
       "  Queue:\n"
       "    Type: AWS::SQS::QueuePolicy\n"
       "    Properties: {PolicyDocument: {Statement: []}}\n"
       "  Perm:\n"
       "    Type: AWS::Lambda::Permission\n"
       "    Properties: {Action: lambda:InvokeFunction, FunctionName: f, Principal: '*'}\n"
       "  Tags:\n"
       "    Type: AWS::Organizations::Policy\n"
       "    Properties: {Type: TAG_POLICY, Content: {}}\n",
       t);
  CHECK(t.d.type == linter::InputType::CloudFormation);
  struct Expected {
    std::string name;
    PolicyType type;
    PolicyHolder holder;
    std::string resource_type;
    SiteKind kind;
  };
  const std::vector<Expected> expected = {
      {"AWS::IAM::Role R, trust policy", PolicyType::Trust, PolicyHolder::Managed, "", SiteKind::Template},
      {"AWS::IAM::Role R, inline policy p", PolicyType::Identity, PolicyHolder::InlineRole, "", SiteKind::Template},
      {"AWS::IAM::ManagedPolicy Boundary, permissions boundary", PolicyType::PermissionsBoundary,
       PolicyHolder::Managed, "", SiteKind::Template},
      {"AWS::IAM::Policy Shared, policy s", PolicyType::Identity, PolicyHolder::InlineGroup, "", SiteKind::Template},
      {"AWS::SQS::QueuePolicy Queue, queue policy", PolicyType::Resource, PolicyHolder::Managed, "sqs:queue",
       SiteKind::Template},
      {"AWS::Lambda::Permission Perm, permission", PolicyType::Resource, PolicyHolder::Managed, "lambda:function",
       SiteKind::LambdaPermission},
  };
  REQUIRE(t.d.sites.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].name);
    CHECK(t.d.sites[i].name == expected[i].name);
    CHECK(t.d.sites[i].type == expected[i].type);
    CHECK(t.d.sites[i].holder == expected[i].holder);
    CHECK(t.d.sites[i].resource_type == expected[i].resource_type);
    CHECK(t.d.sites[i].kind == expected[i].kind);
  }
}

TEST_CASE("a JSON template's policy without intrinsics is read as a slice of the file; with them, rendered") {
  Loaded t;
  load("t.json",
       R"({"Resources": {"P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": )"
       R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}},)"
       R"( "Q": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"PolicyDocument": )"
       R"({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Ref": "B"}}]}}}}})",
       t);
  REQUIRE(t.d.sites.size() == 2);
  CHECK(t.d.sites[0].kind == SiteKind::Document);
  CHECK(t.d.sites[1].kind == SiteKind::Template);
}

TEST_CASE("values known only at deployment are symbolic: never a wildcard, never a malformed ARN") {
  // The same statement on "*" is a finding; on !GetAtt, !Ref or a !Sub of an attribute it is one unknown bucket.
  std::string tmpl =
      "Parameters:\n"
      "  Name: {Type: String}\n"
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::IAM::ManagedPolicy\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Statement:\n"
      "          - {Effect: Allow, Action: s3:PutObject, Resource: !GetAtt Bucket.Arn}\n"
      "          - {Effect: Allow, Action: s3:PutObject, Resource: !Sub '${Bucket.Arn}/*'}\n"
      "          - {Effect: Allow, Action: s3:PutObject, Resource: !Join ['', ['arn:aws:s3:::', !Ref Name]]}\n"
      "          - {Effect: Allow, Action: s3:PutObject, Resource: '*'}\n";
  linter::FileResult r =
      lint_template("t.yaml", tmpl, {rule("IAM114"), rule("IAM116"), rule("IAM207"), rule("IAM115")});
  CHECK(rows(r) == std::vector<std::string>{"IAM207 /Statement/3/Resource 12:61-64"});
}

TEST_CASE("parameters' defaults, mappings and conditions resolve; NoValue removes what it stands for") {
  std::string tmpl =
      "Parameters:\n"
      "  Env: {Type: String, Default: prod}\n"
      "  Accounts: {Type: CommaDelimitedList, Default: '111122223333,444455556666'}\n"
      "Mappings:\n"
      "  M: {prod: {Action: 's3:GetObjekt'}}\n"
      "Conditions:\n"
      "  Prod: !Equals [!Ref Env, prod]\n"
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Statement:\n"
      "          - Effect: Allow\n"
      "            Principal: {AWS: !Ref Accounts}\n"
      "            Action: !FindInMap [M, !Ref Env, Action]\n"
      "            Resource: arn:aws:s3:::b/*\n"
      "            Condition: !If [Prod, !Ref AWS::NoValue, {Bool: {aws:SecureTransport: 'true'}}]\n";
  linter::FileResult r = lint_template("t.yaml", tmpl, {rule("IAM102"), rule("IAM009")});
  // The mapping's action is checked where the mapping writes it; the Condition is gone in prod.
  CHECK(rows(r) == std::vector<std::string>{"IAM102 /Statement/0/Action 5:22-36"});
}

TEST_CASE("an AWS::Lambda::Permission is checked as the statement it adds to the function's policy") {
  std::string tmpl =
      "Resources:\n"
      "  Public:\n"
      "    Type: AWS::Lambda::Permission\n"
      "    Properties:\n"
      "      Action: lambda:InvokeFunctionUrl\n"
      "      FunctionName: !Ref Fn\n"
      "      Principal: '*'\n"
      "      FunctionUrlAuthType: NONE\n"
      "  FromBucket:\n"
      "    Type: AWS::Lambda::Permission\n"
      "    Properties:\n"
      "      Action: lambda:InvokeFunction\n"
      "      FunctionName: resize\n"
      "      Principal: s3.amazonaws.com\n";
  linter::FileResult r = lint_template("t.yaml", tmpl, {rule("IAM224"), rule("IAM223"), rule("IAM238")});
  CHECK(rows(r) == std::vector<std::string>{"IAM224 /Statement/0/Principal 7:18-21",
                                            "IAM238 /Statement/0/Condition/StringEquals/lambda:FunctionUrlAuthType 8:28-32",
                                            "IAM223 /Statement/0/Principal/Service 14:18-34"});
}

TEST_CASE("a template's suppressions mark findings with their reason, shown with --show-suppressed") {
  std::string tmpl =
      "Resources:\n"
      "  P:\n"
      "    Type: AWS::S3::BucketPolicy\n"
      "    Metadata:\n"
      "      iamlint:\n"
      "        ignore:\n"
      "          - {rule: IAM224, reason: the public website}\n"
      "    Properties:\n"
      "      PolicyDocument:\n"
      "        Statement: [{Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::w/*'}]\n";
  linter::FileResult r = lint_template("t.yaml", tmpl, {rule("IAM224")});
  REQUIRE(r.findings.size() == 1);
  REQUIRE(r.findings[0].suppressed);
  CHECK(r.findings[0].suppressed->reason == "the public website");
  CHECK(r.findings[0].suppressed->source == "template");
  CHECK(r.findings[0].suppressed->at.line == 7);
  CHECK(r.findings[0].suppressed->at.column == 13);
}
