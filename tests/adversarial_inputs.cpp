#include "tests/adversarial_inputs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

namespace iamlint::testing {

namespace {

std::string policy_with(const std::string& statements) {
  return "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}\n";
}

}  // namespace

std::vector<AdversarialInput> adversarial_inputs(std::size_t statements) {
  std::vector<AdversarialInput> out;
  constexpr std::size_t kDeep = 100000;
  auto nested = [](std::string head, std::size_t depth, std::string_view tail) {
    head.append(depth, '[');
    head.append(depth, ']');
    head += tail;
    return head;
  };
  out.push_back({"deep-array.json", nested("{\"Version\": \"2012-10-17\", \"Statement\": ", kDeep, "}\n")});
  {
    std::string t;
    for (std::size_t i = 0; i < kDeep; ++i) t += "{\"a\":";
    t += '1';
    t.append(kDeep, '}');
    t += '\n';
    out.push_back({"deep-object.json", std::move(t)});
  }
  out.push_back({"deep-flow.yaml", nested("AWSTemplateFormatVersion: \"2010-09-09\"\nResources: ", kDeep, "\n")});
  {
    std::string t = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n";
    for (std::size_t i = 0; i < 2000; ++i) t += std::string(i + 1, ' ') + "- \n";
    out.push_back({"deep-block.yaml", std::move(t)});
  }
  {
    std::string t;
    t.reserve(statements * 90);
    for (std::size_t i = 0; i < statements; ++i) {
      if (i != 0) t += ",\n";
      t += "{\"Sid\": \"S" + std::to_string(i) + "\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", " +
           "\"Resource\": \"arn:aws:s3:::bucket-" + std::to_string(i) + "/*\"}";
    }
    out.push_back({"statements.json", policy_with(t)});
  }
  const std::string big(10u << 20, 'a');
  out.push_back({"string-10mb-resource.json",
                 policy_with("{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::" +
                             big + "\"}")});
  out.push_back({"string-10mb-key.json", "{\"Version\": \"2012-10-17\", \"" + big + "\": 1, \"Statement\": []}\n"});
  {
    // `*a*a*a…b` against `aaaa…`: what makes a backtracking matcher take n·m steps.
    std::string pattern;
    for (int i = 0; i < 5000; ++i) pattern += "*a";
    pattern += "b";
    out.push_back({"wildcard-blowup.json",
                   policy_with("{\"Effect\": \"Allow\", \"Action\": \"s3:" + pattern + "\", \"Resource\": \"arn:aws:s3:::" +
                               pattern + "\", \"Condition\": {\"StringLike\": {\"s3:prefix\": \"" + pattern + "\"}}}")});
  }
  out.push_back({"one-gigabyte.json", "", uint64_t{1} << 30});
  return out;
}

std::string write_adversarial(const std::string& dir, const AdversarialInput& input) {
  std::string path = dir + "/" + input.name;
  if (input.sparse_size != 0) {
    // A hole of that size: no disk written, and every byte reads as NUL (not JSON, if it were ever read).
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      if (::ftruncate(fd, static_cast<off_t>(input.sparse_size)) != 0) path.clear();
      ::close(fd);
    }
    return path;
  }
  std::ofstream(path, std::ios::binary) << input.text;
  return path;
}

}  // namespace iamlint::testing
