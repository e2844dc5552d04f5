// Placeholder until the junit writer lands (issue 7).
#include "linter/report.hpp"

namespace iamlint::linter {

void write_junit(std::ostream&, const Report&) {}

}  // namespace iamlint::linter
