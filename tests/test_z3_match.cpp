// The Z3 encodings of Action and Resource (solver/z3_match.hpp) against the plain matchers action_matches() and
// resource_matches() (solver/match.hpp), through the checks of solver/encoding_checks.hpp: the action domain over
// the whole catalog, thousands of random resource patterns stressing the segment rules, and resources found by the
// solver replayed through resource_matches().
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "linter/catalog.hpp"
#include "solver/encoding_checks.hpp"
#include "solver/match.hpp"

// The interval helpers of solver/z3_match.hpp, declared again because that header includes z3++.h, which tests do
// not (ActionDomain::Intervals is this vector type, so these are the same functions).
namespace iamlint::solver {
using TestIntervals = std::vector<std::pair<uint32_t, uint32_t>>;
TestIntervals interval_union(const TestIntervals& a, const TestIntervals& b);
TestIntervals interval_intersection(const TestIntervals& a, const TestIntervals& b);
TestIntervals interval_complement(const TestIntervals& a, uint32_t size);
}  // namespace iamlint::solver

using namespace iamlint::solver;
using iamlint::linter::Catalog;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The domain as z3_match.hpp describes it: every catalog action, a stand-in per service and one for unknown
// services, sorted case-insensitively.
std::vector<std::string> expected_domain() {
  const Catalog& catalog = Catalog::embedded();
  std::vector<std::pair<std::string, std::string>> all;
  for (const auto& action : catalog.actions()) all.emplace_back(lower(catalog.full_name(action)), catalog.full_name(action));
  for (const auto& service : catalog.services()) {
    std::string name = std::string(service.prefix) + ":IamlintUnlistedAction";
    all.emplace_back(lower(name), name);
  }
  all.emplace_back("iamlint-unlisted-service:iamlintunlistedaction", "iamlint-unlisted-service:IamlintUnlistedAction");
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  all.erase(std::unique(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
            all.end());
  std::vector<std::string> names;
  for (auto& entry : all) names.push_back(std::move(entry.second));
  return names;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Portable randomness: std::mt19937 is specified exactly, the standard distributions are not.
struct Random {
  std::mt19937 rng{20240611};
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng() % n); }
  bool chance(unsigned percent) { return rng() % 100 < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
};

}  // namespace

TEST_CASE("Action domain: a pattern's intervals are exactly the names action_matches accepts", "[z3-match]") {
  const std::vector<std::string> domain = expected_domain();
  REQUIRE(domain.size() > 10000);
  // "*" gives the whole domain, in order: the catalog, the stand-ins, nothing else.
  REQUIRE(encoded_action_matches("*") == domain);
  const std::vector<std::string> patterns = {
      "s3:*", "S3:get*", "s3:*Object", "*", "iam:?etUser", "ec2:Describe*", "sts:AssumeRole", "unknownsvc:*",
      "*:Get*", "s3:Get*Acl",
      // A prefix that crosses service names, literals in other case, wildcards in the service, escapes, nothing.
      "s3*", "IAM:GETUSER", "?3:*", "s3:get?bject*", "*Object", "iam:*User*", "s3:Get\\*", "ec2:", "", "**",
      "iamlint-unlisted-service:*", "*:IamlintUnlistedAction", "s3:IamlintUnlisted*"};
  int nonempty = 0;
  for (const std::string& pattern : patterns) {
    INFO(pattern);
    std::vector<std::string> expect;
    for (const std::string& name : domain) {
      if (action_matches(pattern, name)) expect.push_back(name);
    }
    std::vector<std::string> got = encoded_action_matches(pattern);
    CHECK(got == expect);
    nonempty += expect.empty() ? 0 : 1;
  }
  INFO("patterns " << patterns.size() << ", with matches " << nonempty << ", domain " << domain.size());
  CHECK(nonempty == static_cast<int>(patterns.size()) - 4);  // unknownsvc:*, s3:Get\*, ec2: and "" match nothing
  // The stand-ins stand for the actions the catalog does not list: s3:* takes the s3 one, s3:Get* does not.
  CHECK(contains(encoded_action_matches("s3:*"), "s3:IamlintUnlistedAction"));
  CHECK_FALSE(contains(encoded_action_matches("s3:Get*"), "s3:IamlintUnlistedAction"));
  CHECK(encoded_action_matches("sts:AssumeRole") == std::vector<std::string>{"sts:AssumeRole"});
  CHECK(encoded_action_matches("IAM:GETUSER") == std::vector<std::string>{"iam:GetUser"});
  CHECK(encoded_action_matches("unknownsvc:*").empty());
  CHECK(encoded_action_matches("iamlint-unlisted-service:*") ==
        std::vector<std::string>{"iamlint-unlisted-service:IamlintUnlistedAction"});
  CHECK(encoded_action_matches("S3:get*") == encoded_action_matches("s3:Get*"));
}

TEST_CASE("Interval helpers: union, intersection and complement of sorted disjoint intervals", "[z3-match]") {
  using I = TestIntervals;
  CHECK(interval_union(I{{0, 2}, {5, 7}}, I{{3, 3}, {9, 10}}) == I{{0, 3}, {5, 7}, {9, 10}});
  CHECK(interval_union(I{{0, 5}}, I{{2, 8}, {10, 12}}) == I{{0, 8}, {10, 12}});
  CHECK(interval_union(I{{4, 6}}, I{}) == I{{4, 6}});
  CHECK(interval_union(I{}, I{}).empty());
  CHECK(interval_intersection(I{{0, 5}, {8, 12}}, I{{3, 9}, {11, 20}}) == I{{3, 5}, {8, 9}, {11, 12}});
  CHECK(interval_intersection(I{{0, 5}}, I{}).empty());
  CHECK(interval_intersection(I{{0, 2}}, I{{3, 4}}).empty());
  CHECK(interval_intersection(I{{7, 7}}, I{{0, 9}}) == I{{7, 7}});
  CHECK(interval_complement(I{{0, 2}, {5, 7}}, 10) == I{{3, 4}, {8, 9}});
  CHECK(interval_complement(I{}, 4) == I{{0, 3}});
  CHECK(interval_complement(I{{0, 9}}, 10).empty());
  CHECK(interval_complement(I{{2, 2}}, 3) == I{{0, 1}});
  CHECK(interval_complement(I{}, 0).empty());
  CHECK(interval_complement(I{{0, 0xFFFFFFFFu}}, 0xFFFFFFFFu).empty());  // no overflow past the last number
  CHECK(interval_complement(I{{1, 0xFFFFFFFEu}}, 0xFFFFFFFFu) == I{{0, 0}});

  // Against sets of numbers, over a small universe.
  constexpr uint32_t kSize = 40;
  Random random;
  auto to_intervals = [](const std::vector<bool>& set) {
    I out;
    for (uint32_t i = 0; i < set.size(); ++i) {
      if (!set[i]) continue;
      if (!out.empty() && out.back().second + 1 == i) out.back().second = i;
      else out.emplace_back(i, i);
    }
    return out;
  };
  for (int round = 0; round < 500; ++round) {
    std::vector<bool> a(kSize), b(kSize), both(kSize), either(kSize), not_a(kSize);
    unsigned density = 10 + static_cast<unsigned>(random.below(80));
    for (uint32_t i = 0; i < kSize; ++i) {
      a[i] = random.chance(density);
      b[i] = random.chance(density);
      both[i] = a[i] && b[i];
      either[i] = a[i] || b[i];
      not_a[i] = !a[i];
    }
    INFO("round " << round);
    CHECK(interval_union(to_intervals(a), to_intervals(b)) == to_intervals(either));
    CHECK(interval_intersection(to_intervals(a), to_intervals(b)) == to_intervals(both));
    CHECK(interval_complement(to_intervals(a), kSize) == to_intervals(not_a));
  }
}

namespace {

// Random resources and Resource patterns made of pieces that stress the segment rules: empty segments, extra colons
// where a segment's trailing * may reach, ':' and '/' in the resource part, wildcards and escapes.
struct ResourceGenerator {
  Random random;
  const std::vector<std::string> partitions{"aws", "aws-cn"};
  const std::vector<std::string> services{"s3", "iam", "ec2", "sts"};
  const std::vector<std::string> regions{"", "us-east-1", "us-west-2", "eu-west-1"};
  const std::vector<std::string> accounts{"", "111111111111", "222222222222"};
  const std::vector<std::string> bits{"a", "b", "x", "/", "/", ":", "test", "bucket", "role", "user", "-", "1", ".jpg",
                                      "*", "?", "\\", "ab", "a:b", "//"};

  std::string resource_part() {
    std::string out;
    for (std::size_t n = random.below(5); n > 0; --n) out += random.pick(bits);
    return out;
  }

  std::string resource() {
    switch (random.below(20)) {
      case 0: return "*";
      case 1: return random.pick(std::vector<std::string>{"", "arn", "arn:aws", "arn:aws:s3", "s3://bucket/key"});
      case 2: return "arn:" + random.pick(partitions) + ":" + random.pick(services) + ":" + resource_part();
      default: break;
    }
    std::string region = random.pick(regions), account = random.pick(accounts);
    if (random.chance(10)) region += ":" + random.pick(regions);  // a colon more, as in "us-east-1:999"
    if (random.chance(10)) account += ":" + random.pick(accounts);
    return "arn:" + random.pick(partitions) + ":" + random.pick(services) + ":" + region + ":" + account + ":" +
           resource_part();
  }

  // A segment of the head as a pattern: kept, or with wildcards (often a trailing *, which may cross colons).
  std::string segment(const std::string& text, const std::vector<std::string>& pool) {
    switch (random.below(12)) {
      case 0: return "*";
      case 1: return "";
      case 2: return text.substr(0, random.below(text.size() + 1)) + "*";
      case 3: return text + "*";
      case 4:
        if (text.empty()) return "?";
        return text.substr(0, text.size() / 2) + "?" + text.substr(text.size() / 2 + 1);
      case 5:  // a * that is not the segment's last character
        if (text.size() < 2) return "*" + text;
        return text.substr(0, text.size() / 2) + "*" + text.substr(text.size() / 2 + 1);
      case 6: return random.pick(pool);
      case 7: return "*" + text.substr(text.size() / 2);
      default: return text;
    }
  }

  // The resource part as a pattern: wildcards and escapes over its characters.
  std::string resource_pattern(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      switch (random.below(14)) {
        case 0: out += '*'; break;                     // replaces the character
        case 1: out += '?'; break;
        case 2: out += std::string(1, c) + "*"; break;  // a * after it
        case 3:
          if (c == '*' || c == '?' || c == '\\') out += std::string("\\") + c;  // the character, escaped
          else out += c;
          break;
        case 4: i += random.below(3); out += '*'; break;  // a run replaced
        default: out += c;
      }
    }
    if (random.chance(15)) out += "*";
    if (random.chance(5)) out = "*" + out;
    return out;
  }

  // Splits at the first five colons: the head segments and the rest (empty when there are fewer).
  static std::pair<std::vector<std::string>, std::string> split(const std::string& arn) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (segments.size() < 5) {
      std::size_t c = arn.find(':', start);
      if (c == std::string::npos) {
        segments.push_back(arn.substr(start));
        return {segments, {}};
      }
      segments.push_back(arn.substr(start, c - start));
      start = c + 1;
    }
    return {segments, arn.substr(start)};
  }

  // How often a head segment of a derived pattern is changed (the witness test keeps it low: patterns whose head
  // segments all miss are hard for the solver and say little).
  unsigned head_noise = 100;

  std::string pattern_from(const std::string& resource) {
    auto [segments, rest] = split(resource);
    if (segments.size() < 5 || random.chance(10)) return independent_pattern();
    const std::vector<const std::vector<std::string>*> pools{&partitions, &partitions, &services, &regions, &accounts};
    std::string out = "arn";
    for (std::size_t k = 1; k < 5; ++k) {
      out += ":" + (random.chance(head_noise) ? segment(segments[k], *pools[k]) : segments[k]);
    }
    if (random.chance(10)) {  // "arn:aws:ec2:*": the pattern ends early with a trailing *
      auto [cut, unused] = split(out);
      std::size_t keep = 1 + random.below(4);
      out = "arn";
      for (std::size_t k = 1; k < keep; ++k) out += ":" + cut[k];
      return out + ":" + (random.chance(50) ? "*" : cut[keep] + "*");
    }
    return out + ":" + resource_pattern(rest);
  }

  std::string pattern_for(const std::string& resource, unsigned derived = 75) {
    return random.chance(derived) ? pattern_from(resource) : independent_pattern();
  }

  // A resource part the pattern's resource part would match, more or less: its wildcards filled at random.
  std::string instance(const std::string& pattern) {
    std::string rest = pattern.starts_with("arn:") ? split(pattern).second : pattern;
    std::string out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
      char c = rest[i];
      if (c == '*') out += random.pick(std::vector<std::string>{"", "a", "/", ":", "x/y", "a:b", "role/x"});
      else if (c == '?') out += random.pick(std::vector<std::string>{"a", "/", ":", "x"});
      else if (c == '\\' && i + 1 < rest.size() && (rest[i + 1] == '*' || rest[i + 1] == '?' || rest[i + 1] == '\\'))
        out += rest[++i];
      else out += c;
    }
    return out;
  }

  std::string independent_pattern() {
    switch (random.below(12)) {
      case 0: return "*";
      case 1: return random.pick(std::vector<std::string>{"arn:*", "arn:aws:*", "arn:aws:s3:*", "arn:aws:ec2:*:*",
                                                          "*/x", "arn*", "arn:aws:iam::*:*", "arn:*:*:*:*:*"});
      default: break;
    }
    return "arn:" + segment(random.pick(partitions), partitions) + ":" + segment(random.pick(services), services) +
           ":" + segment(random.pick(regions), regions) + ":" + segment(random.pick(accounts), accounts) + ":" +
           resource_pattern(resource_part());
  }
};

struct TableRow {
  const char* pattern;
  const char* resource;
  bool expect;
};

}  // namespace

TEST_CASE("Resource encoding: the Resource page's cases", "[z3-match]") {
  // "IAM JSON policy elements: Resource", the DOC-EXAMPLE-BUCKET table, and the segment rules (tests/test_match.cpp).
  constexpr const char* kBucket = "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*";
  const std::vector<TableRow> rows = {
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test/3/object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/3/test/4/object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1///test///object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET//test/object.jpg", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/test/", true},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1-test/object.jpg", false},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/test/object.jpg", false},
      {kBucket, "arn:aws:s3:::DOC-EXAMPLE-BUCKET/1/2/test.jpg", false},
      {"arn:aws:iam::123456789012:user/accounting/*", "arn:aws:iam::123456789012:user/accounting/bob", true},
      {"arn:aws:ec2:us-east-?:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
      {"arn:aws:ec2:us-east-?:123456789012:instance/*", "arn:aws:ec2:us-east-12:123456789012:instance/i-1", false},
      {"arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob", false},
      {"*", "arn:aws:iam::123456789012:user/bob", true},
      {"*", "*", true},
      {"arn:aws:s3:::bucket/*", "*", false},
      {"arn:aws:ec2:us*1:123456789012:instance/x", "arn:aws:ec2:us:9:1:123456789012:instance/x", false},
      {"arn:aws:ec2:us?east-1:123456789012:instance/x", "arn:aws:ec2:us:east-1:123456789012:instance/x", false},
      {"arn:aws:ec2:*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
      {"arn:aws:ec2:us-*:123456789012:instance/x", "arn:aws:ec2:us-east-1:999:123456789012:instance/x", true},
      {"arn:aws:ec2:eu-*:123456789012:instance/x", "arn:aws:ec2:us-east-1:123456789012:instance/x", false},
      {"arn:aws:logs:us-east-1:123456789012:log-group:*", "arn:aws:logs:us-east-1:123456789012:log-group:a:log-stream:b",
       true},
      {"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false},
      {"arn:aws:s3:::bucket", "arn:aws:s3::bucket", false},
      // A trailing * of the account reaching into the resource part, which has colons of its own.
      {"arn:aws:iam::*:role/x", "arn:aws:iam::111:a:b:role/x", true},
      {"arn:aws:iam::*:role/x", "arn:aws:iam::111:a:b:role/y", false},
  };
  for (const TableRow& row : rows) {
    INFO(row.pattern << " against " << row.resource);
    REQUIRE(resource_matches(row.pattern, row.resource) == row.expect);  // the table is the reference's too
    CHECK(encoded_resource_matches(row.pattern, row.resource) == row.expect);
  }
}

TEST_CASE("Resource encoding: random patterns and resources agree with resource_matches", "[z3-match]") {
  ResourceGenerator gen;
  constexpr int kCases = 20000;
  int matched = 0, mismatches = 0;
  for (int i = 0; i < kCases; ++i) {
    std::string resource = gen.resource();
    std::string pattern = gen.pattern_for(resource);
    bool expect = resource_matches(pattern, resource);
    matched += expect ? 1 : 0;
    if (encoded_resource_matches(pattern, resource) != expect) {
      ++mismatches;
      if (mismatches <= 10) {
        INFO("pattern " << pattern << " resource " << resource << " expected " << expect);
        CHECK(false);
      }
    }
  }
  WARN(kCases << " random resource cases, " << matched << " matching, " << mismatches << " mismatches");
  CHECK(mismatches == 0);
  // Both outcomes well represented, or the comparison proves little.
  CHECK(matched > kCases / 5);
  CHECK(matched < kCases * 4 / 5);
}

TEST_CASE("Resource encoding: the resources the solver finds satisfy what was asked and none is missed", "[z3-match]") {
  ResourceGenerator gen;
  gen.random.rng.seed(7);
  gen.head_noise = 25;
  const std::vector<std::string> heads{"arn:aws:s3:::", "arn:aws:iam::111111111111:",
                                       "arn:aws-cn:ec2:us-east-1:111111111111:", "arn:aws:sts::222222222222:"};
  constexpr int kCases = 120;
  constexpr int kTries = 300;
  int found = 0, none = 0, missed = 0, gave_up = 0;
  for (int i = 0; i < kCases; ++i) {
    const std::string& head = gen.random.pick(heads);
    auto near_pattern = [&] { return gen.pattern_for(head + gen.resource_part(), 90); };
    const std::string pattern = near_pattern();
    const bool want = gen.random.chance(60);
    std::vector<std::pair<std::string, bool>> others;
    for (std::size_t n = gen.random.below(3); n > 0; --n) others.emplace_back(near_pattern(), gen.random.chance(50));
    auto satisfies = [&](const std::string& resource) {
      if (resource_matches(pattern, resource) != want) return false;
      return std::all_of(others.begin(), others.end(),
                         [&](const auto& other) { return resource_matches(other.first, resource) == other.second; });
    };
    INFO("head " << head << " pattern " << pattern << " want " << want << " others " << others.size());
    for (const auto& [other, value] : others) INFO("other " << other << " " << value);
    std::optional<std::string> witness;
    try {
      witness = encoded_resource_witness(head, pattern, want, others);
    } catch (const std::runtime_error&) {  // the solver's resource limit: counted, not a wrong answer
      ++gave_up;
      continue;
    }
    if (witness) {
      ++found;
      INFO("witness " << *witness);
      CHECK(witness->starts_with(head));
      CHECK(satisfies(*witness));
      continue;
    }
    ++none;
    // Unsatisfiable, the solver says: resources with this head built to come close must all fail.
    for (int t = 0; t < kTries; ++t) {
      std::string tail = t % 3 == 0 ? gen.resource_part()
                         : t % 3 == 1 ? gen.instance(pattern)
                                      : gen.instance(others.empty() ? pattern : gen.random.pick(others).first);
      if (satisfies(head + tail)) {
        ++missed;
        INFO("missed " << head + tail);
        CHECK(false);
        break;
      }
    }
  }
  WARN(kCases << " witness cases: " << found << " found and replayed, " << none << " unsatisfiable, each spot-checked with "
              << kTries << " resources, " << gave_up << " beyond the solver's resource limit");
  CHECK(gave_up <= kCases / 20);
  CHECK(missed == 0);
  CHECK(found > kCases / 4);
  CHECK(none > kCases / 20);
}
