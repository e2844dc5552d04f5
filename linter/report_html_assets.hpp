// The HTML report's inline style sheet and script (linter/report_html_assets.cpp).
#pragma once

#include <string_view>

namespace iamlint::linter {

extern const std::string_view kReportCss;
extern const std::string_view kReportJs;

}  // namespace iamlint::linter
