// The pieces of the HTML report (docs/report.md) that tests reach separately: escaping, source excerpts, and the
// access graph's two layouts. write_html (report.hpp) puts them together.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "linter/report.hpp"

namespace iamlint::linter {

// The text with invalid UTF-8 (valid_utf8) and control characters other than tab and line feed replaced by U+FFFD.
std::string clean_text(std::string_view text);

// Text for HTML content and attribute values: & < > " ' escaped, invalid UTF-8 and control characters other than
// tab and line feed replaced by U+FFFD, so that no input can open a tag, leave an attribute or break the encoding.
std::string html_escape(std::string_view text);

// JSON for a <script type="application/json"> block: also '<', '>' and '&' as \u escapes, so that no string can
// close the script element.
std::string script_json_escape(std::string_view json);

enum class GraphLayout : uint8_t {
  Simple,  // computed here: accounts as columns, node kinds as rows
  Dot,     // Graphviz's dot, run as a child process
};

struct HtmlOptions {
  // The dot program for the graph; none: the simple layout. write_html(out, report) takes find_dot().
  std::optional<std::string> dot;
  int dot_timeout_ms = 20'000;
};

// IAMLINT_DOT when set ("none" or empty: no dot), else `dot` when an executable of that name is on PATH.
std::optional<std::string> find_dot();

void write_html(std::ostream& out, const Report& report, const HtmlOptions& options);

// The graph as DOT: a cluster per account, node ids n<index>, edge ids e<index>, colours set explicitly.
std::string graph_dot(const AccessGraph& graph);
// Runs `program -Tsvg` with `dot_text` on its standard input; the <svg> element alone, or none when the program
// cannot be run, fails, exceeds the time, or gives something that is not a plain SVG.
std::optional<std::string> run_dot(const std::string& program, const std::string& dot_text, int timeout_ms);
// The simple layout as an <svg> element, with the same node and edge ids and classes as the dot layout.
std::string graph_svg_simple(const AccessGraph& graph);

// What the graph's colours, dashes and shapes mean, as HTML; with `escalate`, the audit's escalation steps too.
std::string graph_legend(bool escalate = false);

// The nodes (by element id n<i>) and drawable edges as JSON, for the page's script.
std::string graph_data_json(const AccessGraph& graph);

struct GraphPicture {
  std::string svg;
  GraphLayout layout = GraphLayout::Simple;
};
// With dot when `dot` names a program that gives an SVG, else the simple layout.
GraphPicture graph_svg(const AccessGraph& graph, const std::optional<std::string>& dot, int timeout_ms);

}  // namespace iamlint::linter
