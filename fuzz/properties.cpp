// A properties file (docs/properties.md), as `iamlint prove --properties` reads it, and a --property flow mapping
// (each text is read as both). Every error and every property read is located inside the text; a text without errors
// states at least one property, each with a name; nothing throws.
#include "fuzz/fuzz_support.hpp"
#include "solver/properties.hpp"

using namespace iamlint;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  for (const std::string file : {"fuzz/properties.yaml", "--property"}) {
    solver::PropertiesFile out = solver::parse_properties(text, file);
    linter::SourceFile source(file, std::string(text));
    for (const solver::PropertiesError& e : out.errors) {
      fuzz::require(e.file == file && !e.message.empty(), "an error without its file or message");
      if (e.line != 0) fuzz::require(fuzz::inside(source, {e.line, e.column}), "an error's line:col lies outside");
    }
    fuzz::require(!out.errors.empty() || !out.properties.empty(), "no error and no property");
    for (const solver::Property& p : out.properties) {
      fuzz::require(!p.name.empty() && p.file == file, "a property without its name or file");
      fuzz::require(fuzz::inside(source, {p.line, p.column}), "a property's line:col lies outside the text");
    }
  }
  return 0;
}
