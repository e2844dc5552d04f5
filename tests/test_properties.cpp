// The properties reader (docs/properties.md): the example reads to exactly the expected properties; every fault of
// the bad fixtures comes out, all of them in one pass, at its file:line:col, with the properties that were fine kept;
// the command line's single property; policy files resolved against the properties file's folder.
#include <catch2/catch.hpp>

#include <sstream>

#include "fixture_support.hpp"
#include "solver/properties.hpp"

using namespace iamlint;
using namespace iamlint::solver;
namespace fs = std::filesystem;

namespace {

fs::path fixtures() { return testing::source_dir() / "fixtures" / "properties"; }

using Context = std::vector<std::pair<std::string, std::vector<std::string>>>;

Property expected(std::string name, PropertyKind kind, uint32_t line) {
  Property p;
  p.name = std::move(name);
  p.kind = kind;
  p.line = line;
  p.column = 3;
  return p;
}

void check_same(const Property& a, const Property& e) {
  INFO("property '" << e.name << "'");
  CHECK(a.name == e.name);
  CHECK(property_kind_name(a.kind) == property_kind_name(e.kind));
  CHECK(a.file == e.file);
  CHECK(a.line == e.line);
  CHECK(a.column == e.column);
  CHECK(a.principals == e.principals);
  CHECK(a.actions == e.actions);
  CHECK(a.resources == e.resources);
  CHECK(a.accounts == e.accounts);
  CHECK(a.organizations == e.organizations);
  CHECK(a.via_roles == e.via_roles);
  CHECK(a.policy_a == e.policy_a);
  CHECK(a.policy_b == e.policy_b);
  CHECK(a.world == e.world);
  CHECK(a.expect_holds == e.expect_holds);
  CHECK(a.context == e.context);
}

// "line:col message" a fault, then "kept: name" a property read, with the source folder left out of messages.
std::string rows(const PropertiesFile& f, const std::string& file) {
  std::string base = testing::source_dir().string() + "/";
  std::string out;
  for (const PropertiesError& e : f.errors) {
    CHECK(e.file == file);
    std::string message = e.message;
    for (std::size_t at; (at = message.find(base)) != std::string::npos;) message.erase(at, base.size());
    out += std::to_string(e.line) + ":" + std::to_string(e.column) + " " + message + "\n";
  }
  for (const Property& p : f.properties) out += "kept: " + p.name + "\n";
  return out;
}

std::string expected_rows(const fs::path& sidecar) {
  std::istringstream in(testing::read_file(sidecar));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("property kinds are named as the file writes them", "[properties]") {
  CHECK(property_kind_name(PropertyKind::Only) == "only");
  CHECK(property_kind_name(PropertyKind::Cannot) == "cannot");
  CHECK(property_kind_name(PropertyKind::Can) == "can");
  CHECK(property_kind_name(PropertyKind::NoExternalAccess) == "no-external-access");
  CHECK(property_kind_name(PropertyKind::NotPublic) == "not-public");
  CHECK(property_kind_name(PropertyKind::NoNewAccess) == "no-new-access");
  CHECK(property_kind_name(PropertyKind::Equivalent) == "equivalent");
  CHECK(property_kind_name(PropertyKind::AccessNotGranted) == "access-not-granted");
  CHECK(property_kind_name(PropertyKind::WhoCan) == "who-can");
}

TEST_CASE("the example reads to exactly the properties it states", "[properties]") {
  std::string file = (fixtures() / "good.yaml").string();
  PropertiesFile f = load_properties(file);
  INFO(rows(f, file));
  REQUIRE(f.errors.empty());
  std::string a = (fixtures() / "policies" / "a.json").string(), b = (fixtures() / "policies" / "b.json").string();
  const std::string role = "arn:aws:iam::222222222222:role/ProdS3RWRole";
  const std::string objects = "arn:aws:s3:::prod-data-bucket/*";

  std::vector<Property> want;
  Property& only = want.emplace_back(expected("only ProdS3RWRole can write prod-data-bucket", PropertyKind::Only, 4));
  only.principals = {role};
  only.actions = {"s3:PutObject", "s3:DeleteObject"};
  only.resources = {objects};
  only.expect_holds = false;
  Property& external = want.emplace_back(
      expected("no one outside the two accounts can assume ProdS3RWRole", PropertyKind::NoExternalAccess, 10));
  external.accounts = {"111111111111", "222222222222"};
  external.actions = {"sts:AssumeRole"};
  external.resources = {role};
  Property& can =
      want.emplace_back(expected("dev-user can write prod-data-bucket through ProdS3RWRole", PropertyKind::Can, 16));
  can.principals = {"arn:aws:iam::111111111111:user/dev-user"};
  can.actions = {"s3:PutObject"};
  can.resources = {objects};
  can.via_roles = 1;
  can.context = Context{{"aws:MultiFactorAuthPresent", {"true"}}};
  Property& closed =
      want.emplace_back(expected("only Developers can assume ProdS3RWRole (closed world)", PropertyKind::Only, 23));
  closed.principals = {"arn:aws:iam::111111111111:group/Developers"};
  closed.actions = {"sts:AssumeRole"};
  closed.resources = {role};
  closed.world = World::Closed;
  Property& pub = want.emplace_back(expected("the bucket is not public", PropertyKind::NotPublic, 29));
  pub.resources = {"arn:aws:s3:::prod-data-bucket", objects};
  pub.actions = {"*"};
  Property& fresh = want.emplace_back(expected("the new policy grants nothing more", PropertyKind::NoNewAccess, 31));
  fresh.policy_a = a;
  fresh.policy_b = b;
  Property& same = want.emplace_back(expected("same access", PropertyKind::Equivalent, 33));
  same.policy_a = a;
  same.policy_b = b;
  Property& iam = want.emplace_back(expected("no IAM writes", PropertyKind::AccessNotGranted, 35));
  iam.policy_a = a;
  iam.actions = {"iam:Put*", "iam:Attach*"};
  iam.resources = {"*"};
  Property& who = want.emplace_back(expected("who can read", PropertyKind::WhoCan, 37));
  who.principals = {"*"};  // anyone, when who-can names no principals
  who.actions = {"s3:GetObject"};
  who.resources = {objects};
  who.via_roles = 2;

  REQUIRE(f.properties.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    want[i].file = file;
    check_same(f.properties[i], want[i]);
  }
}

TEST_CASE("every fault of a bad properties file, at its line:col, with the properties that were fine", "[properties]") {
  std::size_t checked = 0;
  for (const fs::path& yaml : testing::fixture_files(fixtures())) {
    if (!yaml.filename().string().starts_with("bad-")) continue;
    DYNAMIC_SECTION(yaml.filename().string()) {
      fs::path sidecar = fs::path(yaml).replace_extension(".expected");
      REQUIRE(fs::exists(sidecar));
      PropertiesFile f = load_properties(yaml.string());
      CHECK(rows(f, yaml.string()) == expected_rows(sidecar));
    }
    ++checked;
  }
  CHECK(checked == 6);
}

TEST_CASE("a properties file that cannot be read is one fault without a place", "[properties]") {
  std::string file = (fixtures() / "no-such-file.yaml").string();
  PropertiesFile f = load_properties(file);
  CHECK(f.properties.empty());
  CHECK(rows(f, file) == "0:0 cannot read the properties file: cannot open: No such file or directory\n");
}

TEST_CASE("an empty properties text", "[properties]") {
  PropertiesFile f = parse_properties("", "empty.yaml");
  CHECK(rows(f, "empty.yaml") == "1:1 the YAML file holds no document\n");
}

TEST_CASE("one property from the command line", "[properties]") {
  SECTION("a flow mapping, a string for a list of one, unquoted account ids and context values") {
    PropertiesFile f = parse_properties(
        "{cannot: {principals: 111111111111, actions: s3:GetObject, resources: '*', via-roles: 0,"
        " context: {aws:MultiFactorAuthPresent: false, aws:SourceIp: [10.0.0.1, 10.0.0.2]}}, expect: holds,"
        " world: open}",
        "--property");
    CHECK(rows(f, "--property") == "kept: cannot #1\n");
    REQUIRE(f.properties.size() == 1);
    Property want = expected("cannot #1", PropertyKind::Cannot, 1);
    want.column = 1;
    want.file = "--property";
    want.principals = {"111111111111"};
    want.actions = {"s3:GetObject"};
    want.resources = {"*"};
    want.world = World::Open;
    want.context = Context{{"aws:MultiFactorAuthPresent", {"false"}}, {"aws:SourceIp", {"10.0.0.1", "10.0.0.2"}}};
    check_same(f.properties[0], want);
  }
  SECTION("a block mapping with a service principal and organizations only") {
    PropertiesFile f = parse_properties(
        "name: trusted\n"
        "no-external-access:\n"
        "  organizations: o-a1b2c3d4e5\n"
        "  actions: ['*']\n"
        "  resources: arn:aws:kms:us-east-1:222222222222:key/*\n",
        "--property");
    CHECK(rows(f, "--property") == "kept: trusted\n");
    REQUIRE(f.properties.size() == 1);
    CHECK(f.properties[0].organizations == std::vector<std::string>{"o-a1b2c3d4e5"});
    CHECK(f.properties[0].accounts.empty());
    CHECK(f.properties[0].resources == std::vector<std::string>{"arn:aws:kms:us-east-1:222222222222:key/*"});
  }
  SECTION("its faults are located in the option's text") {
    PropertiesFile f = parse_properties(
        "{only: {principals: [cloudtrail.amazonaws.com, 'arn:aws:iam:x'], actions: [s3], via-roles: 1.5}}",
        "--property");
    CHECK(rows(f, "--property") ==
          "1:48 a principal is an ARN, a 12-digit account id or a service principal, not 'arn:aws:iam:x'\n"
          "1:76 an action is 'service:action' (s3:GetObject, s3:Put*) or '*', not 's3'\n"
          "1:2 'only' has no 'resources'\n"
          "1:92 via-roles is a whole number from 0 to 5, not 1.5\n");
    CHECK(f.properties.empty());
  }
  SECTION("bad YAML gives yaml-cpp's fault at its place") {
    PropertiesFile f = parse_properties("{only: {principals: [x}", "--property");
    REQUIRE(f.errors.size() == 1);
    CHECK(f.errors[0].line == 1);
    CHECK(f.errors[0].message.starts_with("YAML: "));
  }
}

TEST_CASE("policy files are resolved against the properties file's folder", "[properties]") {
  auto policies = [](const PropertiesFile& f) {
    REQUIRE(f.errors.empty());
    REQUIRE(f.properties.size() == 1);
    return std::pair{f.properties[0].policy_a, f.properties[0].policy_b};
  };
  const char* text = "{no-new-access: {old: ../shared/./old.json, new: /etc/iamlint/new.json}}";
  // The absolute path is kept; a relative one joins the folder, normalized.
  CHECK(policies(parse_properties(text, "checks/ci/properties.yaml")) ==
        std::pair<std::string, std::string>{"checks/shared/old.json", "/etc/iamlint/new.json"});
  // The command line has no folder: the current directory's, as for any path given there.
  CHECK(policies(parse_properties(text, "--property")) ==
        std::pair<std::string, std::string>{"../shared/old.json", "/etc/iamlint/new.json"});
  CHECK(policies(parse_properties("{equivalent: {a: a.json, b: sub/b.json}}", "properties.yaml")) ==
        std::pair<std::string, std::string>{"a.json", "sub/b.json"});
}

TEST_CASE("unnamed properties are named by kind and place in the list", "[properties]") {
  PropertiesFile f = parse_properties(
      "properties:\n"
      "  - {not-public: {resources: 'arn:aws:s3:::b'}}\n"
      "  - name: named\n"
      "    who-can: {actions: ['*'], resources: ['*'], principals: ['*', 'arn:aws:iam::111111111111:root']}\n"
      "  - access-not-granted: {policy: p.json, actions: 'iam:*'}\n",
      "dir/p.yaml");
  CHECK(rows(f, "dir/p.yaml") == "kept: not-public #1\nkept: named\nkept: access-not-granted #3\n");
  REQUIRE(f.properties.size() == 3);
  CHECK(f.properties[0].line == 2);
  CHECK(f.properties[0].column == 3);  // its '- ', as for a block mapping, not the '{'
  CHECK(f.properties[0].actions == std::vector<std::string>{"*"});
  CHECK(f.properties[1].principals == std::vector<std::string>{"*", "arn:aws:iam::111111111111:root"});
  CHECK(f.properties[2].line == 5);
  CHECK(f.properties[2].column == 3);
  CHECK(f.properties[2].policy_a == "dir/p.json");
  CHECK(f.properties[2].resources == std::vector<std::string>{"*"});
}

TEST_CASE("the examples of docs/properties.md read without a fault", "[properties]") {
  std::string doc = testing::read_file(testing::source_dir() / "docs" / "properties.md");
  std::size_t blocks = 0;
  for (std::size_t at = 0; (at = doc.find("```yaml\n", at)) != std::string::npos;) {
    at += 8;
    std::size_t end = doc.find("```", at);
    REQUIRE(end != std::string::npos);
    PropertiesFile f = parse_properties(std::string_view(doc).substr(at, end - at), "docs/properties.md");
    INFO("block " << blocks + 1 << ":\n" << rows(f, "docs/properties.md"));
    CHECK(f.errors.empty());
    CHECK_FALSE(f.properties.empty());
    ++blocks;
    at = end + 3;
  }
  CHECK(blocks == 2);
}
