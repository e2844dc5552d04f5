// Writes the HTML report of the running example (tests/report_example.hpp) for the headless-browser test, until
// `iamlint report` can make it from fixtures/cross-account/ itself.
// Usage: write_example_report SOURCE_DIR OUT.html [auto|simple|dot]
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>

#include "linter/report_html.hpp"
#include "tests/report_example.hpp"

int main(int argc, char** argv) {
  using namespace iamlint::linter;
  if (argc < 3) {
    std::cerr << "usage: write_example_report SOURCE_DIR OUT.html [auto|simple|dot]\n";
    return 2;
  }
  std::string out_path = argv[2];
  if (out_path[0] != '/') {
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd) != nullptr) out_path = std::string(cwd) + "/" + out_path;
  }
  if (::chdir(argv[1]) != 0) {
    std::cerr << "write_example_report: cannot enter " << argv[1] << ": " << std::strerror(errno) << "\n";
    return 2;
  }
  std::string layout = argc > 3 ? argv[3] : "auto";
  HtmlOptions options;
  if (layout == "auto") options.dot = find_dot();
  if (layout == "dot") options.dot = "dot";
  auto example = iamlint::testing::cross_account_example();
  std::ofstream out(out_path, std::ios::binary);
  write_html(out, example->report, options);
  out.close();
  if (!out) {
    std::cerr << "write_example_report: cannot write " << out_path << "\n";
    return 2;
  }
  return 0;
}
