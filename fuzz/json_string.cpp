// A policy as a JSON string inside a wrapper (aws s3api get-bucket-policy's Policy, aws organizations
// describe-policy's Policy.Content, a URL-encoded PolicyVersion.Document as the IAM API returns it): the string is
// unescaped (and URL-decoded) into its own text, loaded and linted with a map back to the file. The bytes are the
// policy, put in each of the three. Besides the locations, a policy read from a string is linted exactly as the same
// text in a file of its own: the same findings (rule, message, pointer), and a problem in one when there is one in
// the other.
#include <algorithm>
#include <cstdio>
#include <tuple>
#include <vector>

#include "fuzz/fuzz_support.hpp"

using namespace iamlint;

namespace {

void append_url_encoded(std::string& out, std::string_view s) {
  for (char c : s) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
    out.append(buf);
  }
}

using Row = std::tuple<std::string_view, std::string_view, std::string>;

std::vector<Row> rows(const linter::FileResult& r) {
  std::vector<Row> out;
  for (const linter::Finding& f : r.findings) out.emplace_back(f.rule->id, f.message_id, f.pointer);
  std::sort(out.begin(), out.end());
  return out;
}

// The wrapper's file, for each of the three.
std::string wrapped(int kind, std::string_view policy) {
  std::string file;
  switch (kind) {
    case 0: return "{\"Policy\": " + fuzz::json_string(policy) + "}\n";
    case 1:
      return "{\"Policy\": {\"PolicySummary\": {\"Id\": \"p-1\"}, \"Content\": " + fuzz::json_string(policy) + "}}\n";
    default:
      file = "{\"PolicyVersion\": {\"Document\": \"";
      append_url_encoded(file, policy);
      return file + "\", \"VersionId\": \"v1\", \"IsDefaultVersion\": true}}\n";
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view policy = fuzz::as_text(data, size);
  linter::LintOptions options;
  options.policy_type = linter::PolicyType::Resource;  // what a wrapper would imply, the same for every run
  options.holder = linter::PolicyHolder::Managed;
  options.input_type = linter::InputType::Policy;  // the text alone is a bare policy, whatever it looks like
  const linter::FileResult alone = fuzz::lint_checked(policy, "alone.json", options);
  options.input_type = linter::InputType::Auto;
  std::size_t first = policy.find_first_not_of(" \t\r\n");
  for (int kind = 0; kind < 3; ++kind) {
    linter::FileResult in_string = fuzz::lint_checked(wrapped(kind, policy), "fuzz.json", options);
    // A byte that is not UTF-8 cannot be in a JSON string, so the wrapper itself is refused: nothing to compare.
    if (kind != 2 && !fuzz::valid_utf8(policy)) {
      fuzz::require(in_string.findings.empty() && in_string.problems.size() == 1,
                    "a wrapper with bytes that are not UTF-8 loaded");
      continue;
    }
    // A URL-encoded string is decoded once, and a file of its own that starts with '%' is decoded once too: an
    // encoded text that decodes to another encoded one is rightly read differently.
    if (kind == 2 && first != std::string_view::npos && policy[first] == '%') continue;
    fuzz::require(in_string.problems.empty() == alone.problems.empty(),
                  "a policy in a string and the same text alone disagree on whether it loads");
    fuzz::require(rows(in_string) == rows(alone), "a policy in a string has other findings than the same text alone");
  }
  return 0;
}
