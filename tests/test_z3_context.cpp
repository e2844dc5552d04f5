// The Z3 encoding of the Condition element (solver/z3_context.hpp) against the plain evaluator (solver/conditions.hpp):
// hand-written cases per operator family, then a differential test over thousands of random blocks and contexts,
// in both directions (every concrete context decided alike; every context the solver finds replays as asked).
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "linter/json_loader.hpp"
#include "solver/conditions.hpp"
#include "solver/encoding_checks.hpp"

using namespace iamlint::solver;

namespace {

struct Condition {
  explicit Condition(std::string text) : source("condition.json", std::move(text)) {
    iamlint::linter::JsonLoader loader;
    auto error = loader.load(source, tree);
    REQUIRE_FALSE(error);
  }
  iamlint::linter::SourceFile source;
  iamlint::linter::JsonTree tree;
};

Context with(std::vector<std::pair<std::string, std::vector<std::string>>> entries) {
  Context c;
  for (auto& [k, v] : entries) c.set(k, std::move(v));
  return c;
}

// The reference, the encoding, and the expected value agree.
bool agree(const std::string& text, const Context& context, bool variables = true) {
  Condition c(text);
  bool reference = conditions_hold(c.tree, *c.tree.root(), context, nullptr, variables);
  std::string why;
  bool encoded = encoded_condition_holds(c.tree, *c.tree.root(), context, variables, &why);
  INFO(text);
  INFO(why);
  CHECK(why.empty());
  CHECK(encoded == reference);
  return encoded;
}

// A context the solver finds for `want`, replayed through the reference; false when there is none.
bool witness(const std::string& text, bool want, bool variables = true) {
  Condition c(text);
  std::string why;
  std::optional<Context> found = encoded_condition_witness(c.tree, *c.tree.root(), want, variables, &why);
  INFO(text);
  INFO(why);
  CHECK(why.empty());
  if (!found) return false;
  CHECK(conditions_hold(c.tree, *c.tree.root(), *found, nullptr, variables) == want);
  return true;
}

std::string witness_refusal(const std::string& text) {
  Condition c(text);
  std::string why;
  std::optional<Context> found = encoded_condition_witness(c.tree, *c.tree.root(), true, true, &why);
  CHECK_FALSE(found);
  return why;
}

const Context kEmpty;

}  // namespace

TEST_CASE("Z3 condition encoding: string operators", "[z3-context]") {
  CHECK(agree(R"({"StringEquals": {"k": "john"}})", with({{"K", {"john"}}})));
  CHECK_FALSE(agree(R"({"StringEquals": {"k": "john"}})", with({{"k", {"John"}}})));
  CHECK(agree(R"({"StringEqualsIgnoreCase": {"k": "jOhn*"}})", with({{"k", {"JOHN*"}}})));
  CHECK_FALSE(agree(R"({"StringEqualsIgnoreCase": {"k": "john*"}})", with({{"k", {"johnny"}}})));
  CHECK(agree(R"({"StringNotEqualsIgnoreCase": {"k": "john"}})", with({{"k", {"johnny"}}})));
  CHECK(agree(R"({"StringLike": {"k": "home/*"}})", with({{"k", {"home/a/b"}}})));
  CHECK(agree(R"({"StringLike": {"k": "a?c*"}})", with({{"k", {"abcd"}}})));
  CHECK_FALSE(agree(R"({"StringLike": {"k": "a?c"}})", with({{"k", {"ac"}}})));
  CHECK(agree(R"({"StringNotLike": {"k": ["a*", "b*"]}})", with({{"k", {"c"}}})));
  CHECK_FALSE(agree(R"({"StringNotLike": {"k": ["a*", "b*"]}})", with({{"k", {"b"}}})));
  CHECK(agree(R"({"StringEquals": {"k": 10}})", with({{"k", {"10"}}})));
  CHECK(witness(R"({"StringLike": {"k": "a?c*"}})", true));
  CHECK(witness(R"({"StringLike": {"k": "a?c*"}})", false));
  CHECK(witness(R"({"StringEqualsIgnoreCase": {"k": "Ab"}, "StringNotEquals": {"k": ["ab", "AB", "Ab"]}})", true));
  CHECK_FALSE(witness(R"({"StringEquals": {"k": "a"}, "StringNotEquals": {"k": "a"}})", true));
}

TEST_CASE("Z3 condition encoding: numeric operators, integers exact and doubles", "[z3-context]") {
  CHECK(agree(R"({"NumericEquals": {"k": "10"}})", with({{"k", {"10.0"}}})));
  CHECK_FALSE(agree(R"({"NumericEquals": {"k": "9007199254740993"}})", with({{"k", {"9007199254740992"}}})));
  CHECK(agree(R"({"NumericEquals": {"k": "9007199254740992.0"}})", with({{"k", {"9007199254740993"}}})));
  CHECK(agree(R"({"NumericLessThan": {"k": "2.5"}})", with({{"k", {"2"}}})));
  CHECK_FALSE(agree(R"({"NumericNotEquals": {"k": "10"}})", with({{"k", {"ten"}}})));
  CHECK_FALSE(agree(R"({"NumericEquals": {"k": "ten"}})", with({{"k", {"10"}}})));
  CHECK(agree(R"({"NumericGreaterThanEquals": {"k": "-1.5"}})", with({{"k", {"-1.5"}}})));
  CHECK(witness(R"({"NumericLessThan": {"k": "2.5"}, "NumericGreaterThan": {"k": "2"}})", true));  // a double
  // Beyond 2^53 integers still compare exactly.
  CHECK(witness(R"({"NumericGreaterThan": {"k": "9007199254740992"}, "NumericLessThan": {"k": "9007199254740994"}})", true));
  CHECK_FALSE(witness(R"({"NumericGreaterThan": {"k": "4"}, "NumericLessThan": {"k": "4.0"}})", true));
  CHECK(witness(R"({"NumericNotEquals": {"k": "1"}})", false));
}

TEST_CASE("Z3 condition encoding: date operators, ISO and epoch", "[z3-context]") {
  CHECK(agree(R"({"DateEquals": {"k": "2020-01-01T00:00:00Z"}})", with({{"k", {"1577836800"}}})));
  CHECK(agree(R"({"DateEquals": {"k": "2020-01-01T01:00:00+01:00"}})", with({{"k", {"2020-01-01"}}})));
  CHECK_FALSE(agree(R"({"DateEquals": {"k": "2020-01-01T00:00:00Z"}})", with({{"k", {"1577836800.000001"}}})));
  CHECK(agree(R"({"DateLessThan": {"k": "1577836800.5"}})", with({{"k", {"2020-01-01T00:00:00.499999Z"}}})));
  CHECK_FALSE(agree(R"({"DateNotEquals": {"k": "yesterday"}})", with({{"k", {"2020-01-01"}}})));
  CHECK(witness(R"({"DateGreaterThan": {"k": "2020-01-01T00:00:00Z"}, "DateLessThan": {"k": "2020-01-01T00:00:00.000002Z"}})", true));
  CHECK(witness(R"({"DateLessThan": {"k": "1900-01-01"}})", true));  // before the epoch: written as ISO
  CHECK(witness(R"({"DateLessThan": {"k": "0000-01-01T00:00:00Z"}})", true));  // before year 0 in UTC
  CHECK_FALSE(witness(R"({"DateLessThan": {"k": "0000-01-01T00:00:00+23:59"}})", true));
}

TEST_CASE("Z3 condition encoding: Bool, Binary, IP and ARN operators", "[z3-context]") {
  CHECK(agree(R"({"Bool": {"k": true}})", with({{"k", {"TRUE"}}})));
  CHECK_FALSE(agree(R"({"Bool": {"k": "true"}})", with({{"k", {"1"}}})));
  CHECK(agree(R"({"BinaryEquals": {"k": "QmluYXJ5"}})", with({{"k", {"QmluYXJ5"}}})));
  CHECK(agree(R"({"IpAddress": {"k": ["203.0.113.0/24", "2001:DB8::/32"]}})", with({{"k", {"2001:db8::5"}}})));
  CHECK_FALSE(agree(R"({"IpAddress": {"k": "::/0"}})", with({{"k", {"10.0.0.1"}}})));
  CHECK(agree(R"({"NotIpAddress": {"k": "10.0.0.0/9"}})", with({{"k", {"10.128.0.0"}}})));
  CHECK_FALSE(agree(R"({"NotIpAddress": {"k": "10.0.0.0/9"}})", with({{"k", {"not-an-ip"}}})));
  const std::string arn = "arn:aws:sns:us-east-1:123456789012:my-topic";
  CHECK(agree(R"({"ArnLike": {"k": "arn:aws:sns:us-east-?:*:my-*"}})", with({{"k", {arn}}})));
  CHECK_FALSE(agree(R"({"ArnLike": {"k": "arn:aws:*:123456789012:my-topic"}})", with({{"k", {arn}}})));
  CHECK(agree(R"({"ArnNotEquals": {"k": "arn:aws:sns:us-east-1:123456789012:other"}})", with({{"k", {arn}}})));
  CHECK_FALSE(agree(R"({"ArnLike": {"k": "arn:aws:sns:*:*:*"}})", with({{"k", {"my-topic"}}})));
  CHECK(witness(R"({"Bool": {"k": "true"}})", true));
  CHECK(witness(R"({"Bool": {"k": "true"}, "StringLike": {"k": "T*"}})", true));  // text and boolean tied
  CHECK_FALSE(witness(R"({"Bool": {"k": "true"}, "StringNotEqualsIgnoreCase": {"k": "TRUE"}})", true));
  CHECK_FALSE(witness(R"({"Bool": {"k": "true"}, "ArnLike": {"k": "*:*:*:*:*:*"}})", true));
  CHECK(witness(R"({"BinaryEquals": {"k": "QUI="}})", true));
  CHECK(witness(R"({"IpAddress": {"k": "2001:db8::/32"}, "NotIpAddress": {"k": "2001:db8::/33"}})", true));
  CHECK(witness(R"({"ArnLike": {"k": "arn:*:iam::*:role/?"}, "ArnNotLike": {"k": "arn:aws:*:*:*:*"}})", true));
  CHECK_FALSE(witness(R"({"ArnLike": {"k": "arn:aws*"}})", true));  // fewer than six components
  // Read by a String and an Arn operator: the text and its components tied together.
  const char* both = R"({"StringLike": {"k": "*:role/*"}, "ArnLike": {"k": "arn:aws:iam::*:*"}, "ArnNotLike": {"k": "*:*:*:*:1?:*"}})";
  CHECK(witness(both, true));
  CHECK(witness(both, false));
  CHECK_FALSE(witness(R"({"StringLike": {"k": "a:b:c:d"}, "ArnLike": {"k": "*:*:*:*:*:*"}})", true));
}

TEST_CASE("Z3 condition encoding: missing keys, IfExists, Null", "[z3-context]") {
  CHECK_FALSE(agree(R"({"StringEquals": {"k": "a"}})", kEmpty));
  CHECK(agree(R"({"StringNotEquals": {"k": "a"}})", kEmpty));
  CHECK(agree(R"({"NumericLessThanIfExists": {"k": "1"}})", kEmpty));
  CHECK(agree(R"({"NotIpAddressIfExists": {"k": "10.0.0.0/8"}})", with({{"k", {}}})));
  CHECK(agree(R"({"Null": {"k": "true"}})", with({{"k", {}}})));
  CHECK_FALSE(agree(R"({"Null": {"k": "false"}})", kEmpty));
  CHECK_FALSE(agree(R"({"NullIfExists": {"k": "true"}})", kEmpty));
  CHECK_FALSE(agree(R"({"Null": {"k": "maybe"}})", kEmpty));
  // A wrong-typed policy value fails the key even when the key is missing.
  CHECK_FALSE(agree(R"({"StringNotEquals": {"k": null}})", kEmpty));
  CHECK_FALSE(agree(R"({"StringNotEquals": {"k": []}})", kEmpty));
  CHECK(witness(R"({"Null": {"k": "false"}, "StringNotLikeIfExists": {"k": "*"}})", false));
  // Only with several values: a plain negated operator does not compare them.
  CHECK(witness(R"({"Null": {"k": "false"}, "StringNotLikeIfExists": {"k": "*"}})", true));
  CHECK_FALSE(witness(R"({"Null": {"k": "false"}, "StringNotLikeIfExists": {"k": "*"}, "StringLike": {"k": "*"}})", true));
}

TEST_CASE("Z3 condition encoding: ForAllValues and ForAnyValue, empty, missing and several values", "[z3-context]") {
  const char* all = R"({"ForAllValues:StringEquals": {"k": ["a", "b"]}})";
  CHECK(agree(all, kEmpty));
  CHECK(agree(all, with({{"k", {}}})));
  CHECK(agree(all, with({{"k", {"a", "b", "a"}}})));
  CHECK_FALSE(agree(all, with({{"k", {"a", "c"}}})));
  const char* any = R"({"ForAnyValue:StringNotEquals": {"k": ["a", "b"]}})";
  CHECK_FALSE(agree(any, kEmpty));
  CHECK(agree(any, with({{"k", {"a", "c"}}})));
  CHECK_FALSE(agree(any, with({{"k", {"b", "a"}}})));
  CHECK(agree(R"({"ForAnyValue:StringEqualsIfExists": {"k": "a"}})", kEmpty));
  // A plain operator on several values: only a negated one holds.
  CHECK_FALSE(agree(R"({"StringLike": {"k": "*"}})", with({{"k", {"a", "b"}}})));
  CHECK(agree(R"({"StringNotEquals": {"k": "a"}})", with({{"k", {"a", "a"}}})));
  // Three set tests need three different values.
  const char* three = R"({"ForAnyValue:StringEquals": {"k": "a"}, "ForAnyValue:StringLike": {"K": "b*"},
                          "ForAllValues:StringLike": {"k": ["a", "b*", "c"]}, "ForAnyValue:StringEquals": {"k": "c"}})";
  CHECK(witness(three, true));
  CHECK(witness(three, false));
  // Several values and a plain negated test with one set test.
  CHECK(witness(R"({"ForAllValues:StringEquals": {"k": "a"}, "StringNotEquals": {"k": "a"}, "Null": {"k": "false"}})", true));
  // More set tests than slots: refused, not guessed.
  const char* five = R"({"ForAnyValue:StringEquals": {"k": "a"}, "ForAnyValue:StringLike": {"k": "b*"},
                         "ForAnyValue:StringEquals": {"k": "c"}, "ForAnyValue:StringEquals": {"k": "d"},
                         "ForAnyValue:StringEquals": {"k": "e"}})";
  CHECK(witness_refusal(five).find("more than") != std::string::npos);
  // A key read as two incompatible types: refused.
  CHECK(witness_refusal(R"({"StringEquals": {"k": "1"}, "NumericEquals": {"k": "1"}})").find("numeric") !=
        std::string::npos);
}

TEST_CASE("Z3 condition encoding: policy variables in values", "[z3-context]") {
  Context ctx = with({{"aws:username", {"alice"}}, {"owner", {"alice"}}, {"prefix", {"home/alice/x"}}});
  CHECK(agree(R"({"StringEquals": {"owner": "${aws:username}"}})", ctx));
  CHECK(agree(R"({"StringLike": {"prefix": "home/${AWS:UserName}/*"}})", ctx));
  CHECK_FALSE(agree(R"({"StringLike": {"prefix": "home/${aws:userid}/*"}})", ctx));
  CHECK(agree(R"({"StringLike": {"prefix": "home/${aws:userid, 'alice'}/*"}})", ctx));
  CHECK(agree(R"({"StringNotEquals": {"owner": "${aws:userid}"}})", ctx));
  CHECK(agree(R"({"StringLike": {"k": "a${*}"}})", with({{"k", {"a*"}}})));
  CHECK_FALSE(agree(R"({"StringLike": {"k": "a${*}"}})", with({{"k", {"ab"}}})));
  CHECK(agree(R"({"StringEquals": {"k": "a${*}b${$}"}})", with({{"k", {"a*b$"}}})));
  CHECK_FALSE(agree(R"({"StringEquals": {"k": "${v}"}})", with({{"k", {"a"}}, {"v", {"a", "a"}}})));
  CHECK(agree(R"({"StringEquals": {"k": "${v}"}})", with({{"k", {"${v}"}}}), false));
  CHECK_FALSE(agree(R"({"NumericEquals": {"k": "${n}"}})", with({{"k", {"1"}}, {"n", {"1"}}})));
  // Free keys in a StringEquals value: a concatenation of terms.
  CHECK(witness(R"({"StringEquals": {"owner": "x-${aws:username}"}, "StringLike": {"aws:username": "b*"}})", true));
  CHECK(witness(R"({"StringEquals": {"owner": "${aws:userid, 'none'}"}, "Null": {"aws:userid": "false"}})", false));
  CHECK(witness(R"({"StringNotEquals": {"owner": "${u}"}, "StringEquals": {"owner": "a"}})", true));
  // A free key in a pattern cannot be a regular expression.
  CHECK(witness_refusal(R"({"StringLike": {"prefix": "home/${aws:username}/*"}})").find("pattern") !=
        std::string::npos);
}

// ---- The differential test ----------------------------------------------------------------------------------------

namespace {

// std::mt19937 is portable; the distributions are written out so that every platform draws the same cases.
struct Random {
  std::mt19937 rng{20261206};
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
  bool chance(unsigned percent) { return rng() % 100 < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

const std::vector<std::string> kBases = {
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
    "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
    "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
    "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"};

// Values by the family that reads them, and a few that every family sees (so that wrong types occur).
const std::vector<std::string> kStrings = {"a", "ab", "A", "a*b", "a*", "*b", "a?", "?", "*", "", "AB", "b"};
const std::vector<std::string> kNumbers = {"10", "-3", "2.5", "10.0", "1e1", "0", "-0", "9007199254740993",
                                           "9007199254740992", "2", "3", "-2.5"};
const std::vector<std::string> kDates = {"2020-01-01T00:00:00Z", "1577836800", "2019-12-31", "1577836800.5",
                                         "2020-01-01T00:00:00.5Z", "1969-07-20T20:17:00-04:00", "0", "2020-02-30"};
const std::vector<std::string> kIps = {"10.0.0.0/8", "10.1.2.3", "::1", "2001:db8::/32", "2001:db8::5",
                                       "10.0.0.0/9", "0.0.0.0/0", "::ffff:10.1.2.3", "10.128.0.1", "1:2:3"};
const std::vector<std::string> kArns = {"arn:aws:iam::111111111111:role/x", "arn:aws:iam::111111111111:role/*",
                                        "arn:*:iam::*:role/?", "arn:aws:s3:::b*", "arn:aws:s3:::b:c",
                                        "arn:aws:iam::1:root", "arn:aws*", "arn:aws:iam::111111111111:role/y"};
const std::vector<std::string> kOther = {"true", "TRUE", "false", "QQ==", "QUI=", "QUI", "!", "10", "a",
                                         "${k1}", "${K2, 'a'}", "x${*}", "${k3}b", "${$}"};

const std::vector<std::string>& pool(Random& r, const std::string& base) {
  if (r.chance(20)) return kOther;
  if (base.rfind("String", 0) == 0) return kStrings;
  if (base.rfind("Numeric", 0) == 0) return kNumbers;
  if (base.rfind("Date", 0) == 0) return kDates;
  if (base.find("Ip") != std::string::npos) return kIps;
  if (base.rfind("Arn", 0) == 0) return kArns;
  return kOther;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

const std::vector<std::string> kKeys = {"k1", "K2", "k3"};

// A random block: one to three operators over a pool of three keys; half the blocks keep one family for a key.
std::string random_block(Random& r) {
  std::string out = "{";
  std::size_t ops = 1 + r.below(3);
  const std::string family_base = r.pick(kBases);
  for (std::size_t i = 0; i < ops; ++i) {
    std::string base = r.chance(50) ? family_base : r.pick(kBases);
    std::string name = base;
    if (r.chance(35)) name.insert(0, r.chance(50) ? "ForAllValues:" : "ForAnyValue:");
    if (r.chance(25)) name += "IfExists";
    if (base == "Null" && name != "Null" && r.chance(70)) name = "Null";
    if (base == "Null") {  // Null reads booleans
      if (i) out += ",";
      out += json_string(name);
      out += ": {";
      out += json_string(r.pick(kKeys));
      out += ": ";
      out += json_string(r.pick(std::vector<std::string>{"true", "false", "TRUE", "maybe"}));
      out += "}";
      continue;
    }
    if (i) out += ",";
    out += json_string(name);
    out += ": {";
    std::size_t keys = 1 + r.below(2);
    for (std::size_t k = 0; k < keys; ++k) {
      if (k) out += ",";
      out += json_string(r.pick(kKeys));
      out += ": ";
      std::size_t values = 1 + r.below(3);
      bool array = values > 1 || r.chance(20);
      if (r.chance(2)) {
        out += r.chance(50) ? "null" : "[]";
        continue;
      }
      if (array) out += "[";
      for (std::size_t v = 0; v < values; ++v) {
        if (v) out += ",";
        const std::string& value = r.pick(pool(r, base));
        if (value == "10" && r.chance(30)) out += "10";  // a JSON number
        else if (value == "true" && r.chance(30)) out += "true";
        else out += json_string(value);
      }
      if (array) out += "]";
    }
    out += "}";
  }
  return out + "}";
}

const std::vector<std::string> kContextValues = [] {
  std::vector<std::string> all;
  for (const auto* p : {&kStrings, &kNumbers, &kDates, &kIps, &kArns, &kOther}) all.insert(all.end(), p->begin(), p->end());
  all.push_back("x*");
  all.push_back("2001:db8::1:5");
  all.push_back("arn:aws:iam::111111111111:role/a");
  return all;
}();

Context random_context(Random& r) {
  Context c;
  for (const std::string& key : kKeys) {
    if (r.chance(25)) continue;
    std::vector<std::string> values;
    std::size_t n = r.chance(10) ? 0 : r.chance(60) ? 1 : 1 + r.below(3);
    for (std::size_t i = 0; i < n; ++i) values.push_back(r.pick(kContextValues));
    std::string spelled = key;
    if (r.chance(20)) spelled[0] = static_cast<char>(spelled[0] ^ 0x20);  // key names are case-insensitive
    c.set(spelled, std::move(values));
  }
  return c;
}

}  // namespace

TEST_CASE("Z3 condition encoding: differential against conditions_hold", "[z3-context]") {
  Random r;
  constexpr std::size_t kBlocks = 5000;
  constexpr std::size_t kContexts = 2;
  constexpr std::size_t kWitnessEvery = 10;
  std::size_t pairs = 0, witnesses = 0, refused = 0, none = 0;
  std::map<std::string, std::size_t> reasons;
  for (std::size_t b = 0; b < kBlocks; ++b) {
    Condition c(random_block(r));
    const auto& tree = c.tree;
    const auto& root = *tree.root();
    const bool variables = !r.chance(10);
    INFO(c.source.text());
    INFO("variables " << variables);
    bool reference_seen[2] = {false, false};
    for (std::size_t i = 0; i < kContexts; ++i) {
      Context ctx = random_context(r);
      bool reference = conditions_hold(tree, root, ctx, nullptr, variables);
      reference_seen[reference] = true;
      std::string why;
      bool encoded = encoded_condition_holds(tree, root, ctx, variables, &why);
      std::string shown;
      for (const auto& [k, vs] : ctx.entries()) {
        shown += k;
        shown += "=[";
        for (const auto& v : vs) shown += json_string(v) + ",";
        shown += "] ";
      }
      INFO("context " << shown);
      INFO(why);
      REQUIRE(why.empty());
      REQUIRE(encoded == reference);
      ++pairs;
    }
    // A witness costs a solver search (tens of milliseconds with ARN wildcards): every tenth block. Its soundness
    // spot check ("no context gives it") reads more random contexts, through the reference only.
    if (b % kWitnessEvery == 0) {
      for (std::size_t i = 0; i < 30; ++i) reference_seen[conditions_hold(tree, root, random_context(r), nullptr, variables)] = true;
    }
    for (bool want : {true, false}) {
      if (b % kWitnessEvery != 0) break;
      std::string why;
      std::optional<Context> found = encoded_condition_witness(tree, root, want, variables, &why);
      if (found) {
        ++witnesses;
        std::string shown;
        for (const auto& [k, vs] : found->entries()) {
          shown += k;
        shown += "=[";
          for (const auto& v : vs) shown += json_string(v) + ",";
          shown += "] ";
        }
        INFO("want " << want << " witness " << shown);
        REQUIRE(conditions_hold(tree, root, *found, nullptr, variables) == want);
      } else if (!why.empty()) {
        ++refused;
        ++reasons[why.substr(0, why.find(' ', why.find(' ') + 1))];  // the first two words
      } else {
        ++none;
        INFO("want " << want << ": the solver found no context, yet a random one gives it");
        REQUIRE_FALSE(reference_seen[want]);
      }
    }
  }
  WARN("z3-context differential: " << kBlocks << " blocks, " << pairs << " block/context pairs decided alike, "
                                   << witnesses << " witnesses replayed, " << none << " proved impossible, "
                                   << refused << " refused");
  std::string shown;
  for (const auto& [reason, count] : reasons) shown += "\n  " + std::to_string(count) + "x " + reason + "...";
  WARN("refusals by reason:" << shown);
  CHECK(pairs == kBlocks * kContexts);
  CHECK(witnesses > kBlocks / kWitnessEvery);  // most blocks are encodable both ways
}
