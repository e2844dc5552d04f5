// Placeholder until the sarif writer lands (issue 7).
#include "linter/report.hpp"

namespace iamlint::linter {

void write_sarif(std::ostream&, const Report&) {}

}  // namespace iamlint::linter
