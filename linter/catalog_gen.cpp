// Build-time tool: parses the service catalog and the global condition keys once, as Catalog::embedded() did at
// every start-up, and writes the image that catalog_data.cpp embeds. It reads the image back and checks that it
// writes the same bytes, so that a reader out of step with the writer fails the build, not a user's run.
//   iamlint_catalog_gen CATALOG.txt GLOBAL_KEYS.txt OUT.bin
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

#include "linter/catalog.hpp"

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: iamlint_catalog_gen CATALOG GLOBAL_KEYS OUT\n";
    return 2;
  }
  try {
    // One text, as embedded() parsed the two in turn; the newline keeps a last line without one apart.
    std::string text = read_file(argv[1]);
    if (!text.empty() && text.back() != '\n') text += '\n';
    text += read_file(argv[2]);
    auto catalog = iamlint::linter::Catalog::parse(text);
    std::string image = catalog->to_image();
    if (iamlint::linter::Catalog::from_image(image)->to_image() != image) {
      throw std::runtime_error("the image does not read back to itself");
    }
    // Written aside and renamed, so that an interrupted build leaves no truncated image behind.
    std::string tmp = std::string(argv[3]) + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out.write(image.data(), static_cast<std::streamsize>(image.size()));
      if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), argv[3]) != 0) throw std::runtime_error(std::string("cannot write ") + argv[3]);
  } catch (const std::exception& e) {
    std::cerr << "iamlint_catalog_gen: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
