// Placeholder until the markdown writer lands (issue 7).
#include "linter/report.hpp"

namespace iamlint::linter {

void write_markdown(std::ostream&, const Report&) {}

}  // namespace iamlint::linter
