// Placeholder until the html writer lands (issue 7).
#include "linter/report.hpp"

namespace iamlint::linter {

void write_html(std::ostream&, const Report&) {}

}  // namespace iamlint::linter
