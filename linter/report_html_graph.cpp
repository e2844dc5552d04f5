// The access graph of the HTML report as SVG: laid out by Graphviz's dot when it is there, else by a layered layout
// of our own. Both give the same ids (n<i>, e<i>), classes and colours, so the page's script and legend serve both.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>  // NOLINT(modernize-deprecated-headers): POSIX's kill() is here, not in <csignal>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "linter/report_html.hpp"

extern char** environ;

namespace iamlint::linter {

namespace {

constexpr std::array<std::string_view, 4> kRiskColour = {"#64748b", "#d97706", "#ea580c", "#dc2626"};
constexpr std::string_view kCrossColour = "#7c3aed";
constexpr std::string_view kQuietStroke = "#94a3b8";
constexpr std::string_view kAccountFill = "#f8fafc";
constexpr std::string_view kAccountStroke = "#cbd5e1";
constexpr std::string_view kEscalateDash = "8 4";

Risk clamp_risk(Risk r) noexcept { return std::min<Risk>(r, 3); }

std::string_view kind_fill(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::Account: return "#e2e8f0";
    case NodeKind::User: return "#e0f2fe";
    case NodeKind::Group: return "#dcfce7";
    case NodeKind::Role: return "#ede9fe";
    case NodeKind::Service: return "#fef9c3";
    case NodeKind::Resource: return "#f1f5f9";
    case NodeKind::Anyone: return "#fee2e2";
  }
  return "#f1f5f9";
}

struct Stroke {
  std::string_view colour;
  std::string_view dash;  // SVG dasharray; empty: solid
  double width;
};

Stroke node_stroke(const GraphNode& n) noexcept {
  Risk r = clamp_risk(n.risk);
  return {r == 0 ? kQuietStroke : kRiskColour[r], "", r == 0 ? 1.0 : 1.5 + 0.5 * r};
}

// Risk decides the colour; a cross-account edge is dashed (and violet when nothing is known against it), a
// membership dotted; an edge of a counterexample is drawn thick.
Stroke edge_stroke(const GraphEdge& e) noexcept {
  Risk r = clamp_risk(e.risk);
  std::string_view colour = r != 0 ? kRiskColour[r] : e.cross_account ? kCrossColour : kRiskColour[0];
  // An escalation step is dashed red whatever else it is: it is what the audit shows.
  if (e.kind == EdgeKind::Escalate) return {kRiskColour[3], kEscalateDash, e.on_path ? 3.4 : 2.4};
  std::string_view dash = e.cross_account ? "7 4" : e.kind == EdgeKind::Member ? "2 3" : "";
  return {colour, dash, e.on_path ? 3.4 : e.kind == EdgeKind::Member ? 1.2 : 1.6};
}

// The classes both layouts give (dot adds "node" and "edge" itself).
std::string node_classes(const GraphNode& n) {
  return "kind-" + std::string(node_kind_name(n.kind)) + " risk-" + std::to_string(clamp_risk(n.risk));
}

std::string edge_classes(const GraphEdge& e) {
  std::string c = std::string(edge_kind_name(e.kind)) + " risk-" + std::to_string(clamp_risk(e.risk));
  if (e.cross_account) c += " cross-account";
  if (e.on_path) c += " on-path";
  return c;
}

// What a hover shows: the whole label and why the node has its risk.
std::string node_title(const GraphNode& n) {
  std::string t = n.label + " (" + std::string(node_kind_name(n.kind)) + ")\n" + n.id;
  for (const std::string& note : n.notes) t += "\n" + note;
  return t;
}

std::string edge_title(const AccessGraph& g, const GraphEdge& e, std::size_t from, std::size_t to) {
  std::string t = g.nodes[from].label + " \u2192 " + g.nodes[to].label + " (" + std::string(edge_kind_name(e.kind));
  if (e.cross_account) t += ", cross-account";
  if (e.on_path) t += e.kind == EdgeKind::Escalate ? ", on an escalation path" : ", on a counterexample";
  t += ")";
  if (!e.label.empty()) t += "\n" + e.label;
  return t;
}

// The line under a node's name: its kind, and its risk when there is one.
std::string kind_line(const GraphNode& n) {
  std::string line(node_kind_name(n.kind));
  if (n.risk > 0) line += " \u00b7 risk " + std::to_string(clamp_risk(n.risk));
  return line;
}

// The edges whose ends are both nodes of the graph, as node indices; the others cannot be drawn.
struct Ends {
  std::size_t edge, from, to;
};

std::vector<Ends> drawable_edges(const AccessGraph& g) {
  std::map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) index.emplace(g.nodes[i].id, i);
  std::vector<Ends> out;
  for (std::size_t k = 0; k < g.edges.size(); ++k) {
    auto f = index.find(g.edges[k].from), t = index.find(g.edges[k].to);
    if (f != index.end() && t != index.end()) out.push_back({k, f->second, t->second});
  }
  return out;
}

// The account columns: the listed accounts in their order, then accounts only nodes name, then (empty id) the
// principals of no account: services, anyone.
std::vector<std::pair<std::string, std::string>> account_columns(const AccessGraph& g) {
  std::vector<std::pair<std::string, std::string>> cols = g.accounts;
  auto known = [&](const std::string& id) {
    return std::any_of(cols.begin(), cols.end(), [&](const auto& c) { return c.first == id; });
  };
  bool outside = false;
  for (const GraphNode& n : g.nodes) {
    if (n.account.empty()) outside = true;
    else if (!known(n.account)) cols.emplace_back(n.account, "");
  }
  if (outside) cols.emplace_back("", "");
  return cols;
}

std::string account_title(const std::pair<std::string, std::string>& a) {
  if (a.first.empty()) return "Outside any account";
  return a.second.empty() ? "Account " + a.first : a.second + " (" + a.first + ")";
}

std::string shorten(const std::string& s, std::size_t max_points) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++points > max_points - 1) return s.substr(0, i) + "\u2026";
  }
  return s;
}

std::string num(double v) {
  std::ostringstream o;
  o.precision(1);
  o << std::fixed << v;
  std::string s = o.str();
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

// "n3", "e0": the element ids of nodes and edges (built by append: GCC 12 warns falsely on "n" + string).
std::string element_id(char prefix, std::size_t index) {
  std::string id(1, prefix);
  id += std::to_string(index);
  return id;
}

// An SVG path of one cubic Bezier curve.
std::string cubic(double x1, double y1, double cx1, double cy1, double cx2, double cy2, double x2, double y2) {
  std::ostringstream o;
  o << 'M' << num(x1) << ',' << num(y1) << " C" << num(cx1) << ',' << num(cy1) << ' ' << num(cx2) << ','
    << num(cy2) << ' ' << num(x2) << ',' << num(y2);
  return o.str();
}

// ---- dot ----------------------------------------------------------------------------------------------------------

std::string dot_quote(std::string_view text) {
  std::string clean = clean_text(text);
  std::string out = "\"";
  for (char c : clean) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + '"';
}

std::string_view dot_shape(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::Group: return "folder";
    case NodeKind::Service: return "hexagon";
    case NodeKind::Resource: return "cylinder";
    case NodeKind::Anyone: return "octagon";
    case NodeKind::Account:
    case NodeKind::User:
    case NodeKind::Role: return "box";
  }
  return "box";
}

void dot_node(std::ostream& o, const GraphNode& n, std::size_t i, std::string_view indent) {
  Stroke s = node_stroke(n);
  // An HTML-like label, for the kind under the name as in the simple layout; its text escaped as HTML.
  o << indent << 'n' << i << " [id=\"n" << i << "\", class=" << dot_quote(node_classes(n)) << ", label=<<b>"
    << html_escape(shorten(n.label, 40)) << "</b><br/><font point-size=\"9\" color=\"#475569\">"
    << kind_line(n) << "</font>>, shape=" << dot_shape(n.kind) << ", fillcolor=\"" << kind_fill(n.kind)
    << "\", color=\"" << s.colour << "\", penwidth=" << num(s.width) << "];\n";
}

// ---- running a child with a deadline -------------------------------------------------------------------------------

class Fd {
 public:
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Feeds `input` to the child's standard input and collects its standard output until it closes it, within the
// deadline. The input goes through a socket, not a pipe: send(MSG_NOSIGNAL) fails instead of raising SIGPIPE when
// the child exits without reading, and a library must not change the process's signal handling.
std::optional<std::string> exchange(int in, int out, const std::string& input, int timeout_ms) {
  constexpr std::size_t kMaxOutput = 64u << 20;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string output;
  std::size_t sent = 0;
  bool writing = true;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd fds[2] = {{out, POLLIN, 0}, {writing ? in : -1, POLLOUT, 0}};
    int ready = ::poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return std::nullopt;
    if (ready <= 0) continue;
    if (writing && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      ssize_t n = ::send(in, input.data() + sent, input.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return std::nullopt;
      if (n > 0) sent += static_cast<std::size_t>(n);
      if (sent == input.size()) {
        ::shutdown(in, SHUT_WR);
        writing = false;
      }
    }
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      ssize_t n = ::read(out, buf, sizeof buf);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return std::nullopt;
      if (n == 0) return writing ? std::nullopt : std::optional<std::string>(std::move(output));
      if (n > 0) output.append(buf, static_cast<std::size_t>(n));
      if (output.size() > kMaxOutput) return std::nullopt;
    }
  }
}

std::optional<std::string> run_program(const std::string& program, const std::vector<std::string>& args,
                                       const std::string& input, int timeout_ms) {
  int in_pair[2], out_pipe[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) return std::nullopt;
  Fd in_parent(in_pair[0]), in_child(in_pair[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return std::nullopt;
  Fd out_parent(out_pipe[0]), out_child(out_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_child.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_child.get(), 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> argv_text = {program};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  bool by_path = program.find('/') == std::string::npos;
  int rc = by_path ? ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ)
                   : ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return std::nullopt;
  in_child.reset();
  out_child.reset();
  ::fcntl(out_parent.get(), F_SETFL, O_NONBLOCK);

  std::optional<std::string> output = exchange(in_parent.get(), out_parent.get(), input, timeout_ms);
  if (!output) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!output || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return output;
}

bool contains_ci(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != text.end();
}

// Graphviz titles its nodes and edges with their DOT names (n3, n0->n3): the report's titles say more.
std::string retitle(const std::string& svg, const AccessGraph& g, const std::vector<Ends>& ends) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t open = svg.find("<title>", pos);
    std::size_t close = open == std::string::npos ? open : svg.find("</title>", open);
    if (close == std::string::npos) break;
    std::size_t id_at = svg.rfind(" id=\"", open);
    std::string title;
    if (id_at != std::string::npos && id_at > pos) {
      std::size_t start = id_at + 5, stop = svg.find('"', start);
      std::string id = svg.substr(start, stop - start);
      std::size_t k = id.size() > 1 ? std::strtoul(id.c_str() + 1, nullptr, 10) : SIZE_MAX;
      if (id[0] == 'n' && k < g.nodes.size()) title = node_title(g.nodes[k]);
      for (const Ends& e : ends) {
        if (id[0] == 'e' && e.edge == k) title = edge_title(g, g.edges[k], e.from, e.to);
      }
    }
    std::size_t body = open + 7;
    out.append(svg, pos, body - pos);
    out += title.empty() ? svg.substr(body, close - body) : html_escape(title);
    pos = close;
  }
  out.append(svg, pos);
  return out;
}

// ---- the simple layout ---------------------------------------------------------------------------------------------

constexpr double kNodeHeight = 46, kHGap = 22, kRowGap = 78, kColumnGap = 56, kPad = 18, kHeader = 34,
                 kGutter = 36;

double node_width(const GraphNode& n) {
  std::size_t points = 0;
  for (char c : shorten(n.label, 34)) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return std::clamp(24.0 + 7.0 * static_cast<double>(points), 120.0, 270.0);
}

struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  double cx() const noexcept { return x + w / 2; }
  double cy() const noexcept { return y + h / 2; }
};

// The kinds as rows, top to bottom in the direction edges mostly run: users join groups, which assume roles, which
// reach resources.
int kind_row(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::Anyone: return 0;
    case NodeKind::Account: return 1;
    case NodeKind::Service: return 2;
    case NodeKind::User: return 3;
    case NodeKind::Group: return 4;
    case NodeKind::Role: return 5;
    case NodeKind::Resource: return 6;
  }
  return 6;
}
constexpr int kRows = 7;

struct Layout {
  std::vector<Box> nodes;
  std::vector<Box> columns;  // one per account column
  std::vector<std::size_t> column_of;  // per node
  double width = 0, height = 0;
};

Layout simple_layout(const AccessGraph& g, const std::vector<std::pair<std::string, std::string>>& cols) {
  Layout L;
  L.nodes.resize(g.nodes.size());
  L.column_of.resize(g.nodes.size());
  // cells[column][row]: the nodes, in the graph's order.
  std::vector<std::array<std::vector<std::size_t>, kRows>> cells(cols.size());
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    std::size_t c = 0;
    while (c + 1 < cols.size() && cols[c].first != g.nodes[i].account) ++c;
    L.column_of[i] = c;
    cells[c][kind_row(g.nodes[i].kind)].push_back(i);
  }
  std::array<bool, kRows> used{};
  for (const auto& col : cells) {
    for (int r = 0; r < kRows; ++r) used[r] = used[r] || !col[r].empty();
  }
  std::array<double, kRows> row_y{};
  double y = kHeader + kPad;
  for (int r = 0; r < kRows; ++r) {
    row_y[r] = y;
    if (used[r]) y += kNodeHeight + kRowGap;
  }
  double bottom = y - kRowGap + kPad;
  double x = kPad;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    double inner = 0;
    for (int r = 0; r < kRows; ++r) {
      double w = 0;
      for (std::size_t i : cells[c][r]) w += node_width(g.nodes[i]) + kHGap;
      inner = std::max(inner, w - kHGap);
    }
    inner = std::max(inner, 8.0 * static_cast<double>(account_title(cols[c]).size()));
    Box col{x, kPad, inner + 2 * kPad + kGutter, bottom};
    for (int r = 0; r < kRows; ++r) {
      double w = 0;
      for (std::size_t i : cells[c][r]) w += node_width(g.nodes[i]) + kHGap;
      double nx = col.x + kPad + (inner - (w - kHGap)) / 2;
      for (std::size_t i : cells[c][r]) {
        L.nodes[i] = {nx, row_y[r] + kPad, node_width(g.nodes[i]), kNodeHeight};
        nx += L.nodes[i].w + kHGap;
      }
    }
    L.columns.push_back(col);
    x += col.w + kColumnGap;
  }
  L.width = x - kColumnGap + kPad;
  L.height = bottom + 2 * kPad;
  return L;
}

// An edge's path, and where its label goes.
struct Drawn {
  std::string d;
  double label_x, label_y;
};

using Point = std::pair<double, double>;

// A polyline with its corners rounded.
std::string rounded(std::vector<Point> p, double radius) {
  p.erase(std::unique(p.begin(), p.end()), p.end());
  std::ostringstream o;
  o << 'M' << num(p[0].first) << ',' << num(p[0].second);
  for (std::size_t i = 1; i + 1 < p.size(); ++i) {
    auto [x0, y0] = p[i - 1];
    auto [x1, y1] = p[i];
    auto [x2, y2] = p[i + 1];
    double in = std::hypot(x1 - x0, y1 - y0), out = std::hypot(x2 - x1, y2 - y1);
    double k = std::min({radius, in / 2, out / 2});
    o << " L" << num(x1 - (x1 - x0) / in * k) << ',' << num(y1 - (y1 - y0) / in * k) << " Q" << num(x1) << ','
      << num(y1) << ' ' << num(x1 + (x2 - x1) / out * k) << ',' << num(y1 + (y2 - y1) / out * k);
  }
  o << " L" << num(p.back().first) << ',' << num(p.back().second);
  return o.str();
}

// Next to each other in a row: side to side. One row apart: a curve from the bottom of one to the top of the other,
// which stays in the gap between the rows. Further: down into the gap below the source's row, along it to the gap
// beside the column (or the column's own right margin when both are in one column), along that to the gap above the
// target, and into the target: through gaps only, so that no edge seems to end at a node it passes. `spread` moves
// parallel edges apart, `lane` edges that share gaps.
Drawn route(const Layout& L, std::size_t from, std::size_t to, double spread, int lane) {
  const Box &a = L.nodes[from], &b = L.nodes[to];
  std::size_t ca = L.column_of[from], cb = L.column_of[to];
  double rows = (b.y - a.y) / (kNodeHeight + kRowGap);
  if (std::abs(rows) < 0.5 && ca == cb && std::abs(a.cx() - b.cx()) <= (a.w + b.w) / 2 + kHGap + 1) {
    bool right = b.x > a.x;
    double x1 = right ? a.x + a.w : a.x, x2 = right ? b.x : b.x + b.w, y = a.cy() + spread;
    return {cubic(x1, y, x1 + (x2 - x1) / 3, y, x2 - (x2 - x1) / 3, y, x2, y), (x1 + x2) / 2, y};
  }
  if (std::abs(rows) >= 0.5 && std::abs(rows) < 1.5) {
    bool down = rows > 0;
    double x1 = a.cx() + spread, x2 = b.cx() + spread;
    double y1 = down ? a.y + a.h : a.y, y2 = down ? b.y : b.y + b.h, bend = (y2 - y1) / 2;
    return {cubic(x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2), (x1 + x2) / 2, (y1 + y2) / 2};
  }
  bool down = rows > -0.5;  // in one row: by the gap below it
  double off = 6.0 * lane;
  // Off the centres too, so that routes meeting at a node arrive side by side.
  Point start{a.cx() + spread + 3 * off, down ? a.y + a.h : a.y};
  Point end{b.cx() + spread + 3 * off, (std::abs(rows) < 0.5) == down ? b.y + b.h : b.y};
  double below_a = down ? a.y + a.h + kRowGap / 2 + off : a.y - kRowGap / 2 - off;
  if (std::abs(rows) < 0.5) {
    return {rounded({start, {start.first, below_a}, {end.first, below_a}, end}, 10), (start.first + end.first) / 2,
            below_a};
  }
  double above_b = down ? b.y - kRowGap / 2 - off : b.y + b.h + kRowGap / 2 + off;
  const Box& col = L.columns[ca];
  double gx = ca == cb ? col.x + col.w - kGutter / 2 : cb > ca ? col.x + col.w + kColumnGap / 2 : col.x - kColumnGap / 2;
  gx += off;
  return {rounded({start, {start.first, below_a}, {gx, below_a}, {gx, above_b}, {end.first, above_b}, end}, 10),
          (gx + end.first) / 2, above_b};
}

std::string marker_name(std::size_t risk) {
  std::string id = "arrow-r";
  id += std::to_string(risk);
  return id;
}

std::string marker_id(const GraphEdge& e) {
  Stroke s = edge_stroke(e);
  for (std::size_t r = 0; r < kRiskColour.size(); ++r) {
    if (s.colour == kRiskColour[r]) return marker_name(r);
  }
  return "arrow-x";
}

void svg_marker(std::ostream& o, std::string_view id, std::string_view colour) {
  o << "<marker id=\"" << id << "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
    << "markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" "
    << "fill=\"" << colour << "\"/></marker>";
}

// Edge labels: each where its curve is halfway, moved down a line at a time off the labels already placed.
class LabelPlacer {
 public:
  std::pair<double, double> place(double x, double y, double w) {
    constexpr double kLine = 14;
    for (int tries = 0; tries < 8; ++tries) {
      bool clash = std::any_of(placed_.begin(), placed_.end(), [&](const Box& b) {
        return std::abs(b.cx() - x) < (b.w + w) / 2 && std::abs(b.cy() - y) < kLine;
      });
      if (!clash) break;
      y += kLine;
    }
    placed_.push_back({x - w / 2, y - kLine / 2, w, kLine});
    return {x, y};
  }

 private:
  std::vector<Box> placed_;
};

}  // namespace

// ---- the public pieces ---------------------------------------------------------------------------------------------

std::string graph_dot(const AccessGraph& g) {
  std::ostringstream o;
  o << "digraph access {\n"
    << "  graph [rankdir=TB, bgcolor=\"transparent\", fontname=\"Helvetica\", fontsize=12, nodesep=0.35, "
       "ranksep=0.75, newrank=true];\n"
    << "  node [style=\"filled,rounded\", fontname=\"Helvetica\", fontsize=11, fontcolor=\"#0f172a\", "
       "margin=\"0.14,0.05\", height=0.45];\n"
    << "  edge [fontname=\"Helvetica\", fontsize=9, fontcolor=\"#334155\", arrowsize=0.7];\n";
  auto cols = account_columns(g);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    bool outside = cols[c].first.empty();
    if (!outside) {
      o << "  subgraph cluster_" << c << " {\n    id=\"a" << c << "\"; label=" << dot_quote(account_title(cols[c]))
        << "; style=\"filled,rounded\"; fillcolor=\"" << kAccountFill << "\"; color=\"" << kAccountStroke
        << "\"; fontcolor=\"#334155\";\n";
    }
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
      if (g.nodes[i].account == cols[c].first) dot_node(o, g.nodes[i], i, outside ? "  " : "    ");
    }
    if (!outside) o << "  }\n";
  }
  for (const Ends& e : drawable_edges(g)) {
    const GraphEdge& edge = g.edges[e.edge];
    Stroke s = edge_stroke(edge);
    o << "  n" << e.from << " -> n" << e.to << " [id=\"e" << e.edge << "\", class=" << dot_quote(edge_classes(edge))
      << ", color=\"" << s.colour << "\", penwidth=" << num(s.width);
    if (!s.dash.empty()) o << ", style=" << (edge.kind == EdgeKind::Member ? "dotted" : "dashed");
    if (!edge.label.empty()) o << ", label=" << dot_quote(shorten(edge.label, 40));
    o << "];\n";
  }
  o << "}\n";
  return o.str();
}

std::optional<std::string> run_dot(const std::string& program, const std::string& dot_text, int timeout_ms) {
  std::optional<std::string> out = run_program(program, {"-Tsvg"}, dot_text, timeout_ms);
  if (!out) return std::nullopt;
  std::size_t begin = out->find("<svg");
  std::size_t end = out->rfind("</svg>");
  if (begin == std::string::npos || end == std::string::npos || end < begin) return std::nullopt;
  std::string svg = out->substr(begin, end + 6 - begin);
  // Only drawing: our DOT asks for no links or scripts, so a picture with any is not one to trust.
  for (std::string_view bad : {"<script", "<foreignobject", "href", "javascript:", "<iframe"}) {
    if (contains_ci(svg, bad)) return std::nullopt;
  }
  return svg;
}

std::string graph_svg_simple(const AccessGraph& g) {
  auto cols = account_columns(g);
  Layout L = simple_layout(g, cols);
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph-svg simple\" width=\"" << num(L.width)
    << "\" height=\"" << num(L.height) << "\" viewBox=\"0 0 " << num(L.width) << ' ' << num(L.height)
    << "\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\" role=\"img\" "
       "aria-label=\"Access graph\">\n<defs>";
  for (std::size_t r = 0; r < kRiskColour.size(); ++r) svg_marker(o, marker_name(r), kRiskColour[r]);
  svg_marker(o, "arrow-x", kCrossColour);
  o << "</defs>\n";
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const Box& b = L.columns[c];
    bool outside = cols[c].first.empty();
    o << "<g id=\"a" << c << "\" class=\"cluster\"><rect x=\"" << num(b.x) << "\" y=\"" << num(b.y) << "\" width=\""
      << num(b.w) << "\" height=\"" << num(b.h) << "\" rx=\"10\" fill=\"" << (outside ? "none" : kAccountFill)
      << "\" stroke=\"" << kAccountStroke << '"' << (outside ? " stroke-dasharray=\"4 4\"" : "")
      << "/><text x=\"" << num(b.x + 14) << "\" y=\"" << num(b.y + 23)
      << "\" font-size=\"13\" font-weight=\"600\" fill=\"#334155\">" << html_escape(account_title(cols[c]))
      << "</text></g>\n";
  }
  // Edges under the nodes, labels over everything.
  std::vector<Ends> ends = drawable_edges(g);
  std::map<std::pair<std::size_t, std::size_t>, int> parallel;
  int lanes = 0;
  std::ostringstream labels;
  LabelPlacer placer;
  // A counterexample's edges last, so that no other edge is drawn over them.
  std::stable_partition(ends.begin(), ends.end(), [&](const Ends& e) { return !g.edges[e.edge].on_path; });
  for (const Ends& e : ends) {
    const GraphEdge& edge = g.edges[e.edge];
    Stroke s = edge_stroke(edge);
    const Box& a = L.nodes[e.from];
    int nth = parallel[{std::min(e.from, e.to), std::max(e.from, e.to)}]++;
    std::string d;
    if (e.from == e.to) {
      d = cubic(a.x + a.w - 20, a.y, a.x + a.w - 20, a.y - 30, a.x + a.w + 30, a.y + 10, a.x + a.w, a.y + 14);
    } else {
      Drawn r = route(L, e.from, e.to, 10.0 * nth, lanes++ % 5 - 2);
      d = r.d;
      if (!edge.label.empty()) {
        std::string text = shorten(edge.label, 40);
        auto [lx, ly] = placer.place(r.label_x, r.label_y, 6.0 * static_cast<double>(text.size()) + 8);
        labels << "<text class=\"edge-label\" data-edge=\"e" << e.edge << "\" x=\"" << num(lx) << "\" y=\""
               << num(ly + 3.5) << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#334155\" stroke=\"#ffffff\" "
               << "stroke-width=\"3\" paint-order=\"stroke\">" << html_escape(text) << "</text>\n";
      }
    }
    o << "<g id=\"e" << e.edge << "\" class=\"edge " << edge_classes(edge) << "\"><title>"
      << html_escape(edge_title(g, edge, e.from, e.to)) << "</title>";
    if (edge.on_path) {
      o << "<path d=\"" << d << "\" fill=\"none\" stroke=\"#fecaca\" stroke-width=\"9\" stroke-linecap=\"round\"/>";
    }
    o << "<path d=\"" << d << "\" fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"" << num(s.width) << '"';
    if (!s.dash.empty()) o << " stroke-dasharray=\"" << s.dash << '"';
    o << " marker-end=\"url(#" << marker_id(edge) << ")\"/></g>\n";
  }
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const GraphNode& n = g.nodes[i];
    const Box& b = L.nodes[i];
    Stroke s = node_stroke(n);
    o << "<g id=\"n" << i << "\" class=\"node " << node_classes(n) << "\"><title>" << html_escape(node_title(n))
      << "</title><rect x=\"" << num(b.x) << "\" y=\"" << num(b.y) << "\" width=\"" << num(b.w) << "\" height=\""
      << num(b.h) << "\" rx=\"" << (n.kind == NodeKind::Resource ? 4 : 10) << "\" fill=\"" << kind_fill(n.kind)
      << "\" stroke=\"" << s.colour << "\" stroke-width=\"" << num(s.width) << "\"/><text x=\"" << num(b.cx())
      << "\" y=\"" << num(b.y + 18) << "\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"600\" "
      << "fill=\"#0f172a\">" << html_escape(shorten(n.label, 34)) << "</text><text x=\"" << num(b.cx()) << "\" y=\""
      << num(b.y + 34) << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"#475569\" letter-spacing=\"0.06em\">"
      << kind_line(n) << "</text></g>\n";
  }
  o << labels.str() << "</svg>";
  return o.str();
}

GraphPicture graph_svg(const AccessGraph& graph, const std::optional<std::string>& dot, int timeout_ms) {
  if (dot) {
    if (std::optional<std::string> svg = run_dot(*dot, graph_dot(graph), timeout_ms)) {
      return {retitle(*svg, graph, drawable_edges(graph)), GraphLayout::Dot};
    }
  }
  return {graph_svg_simple(graph), GraphLayout::Simple};
}

std::optional<std::string> find_dot() {
  if (const char* env = std::getenv("IAMLINT_DOT")) {
    std::string v = env;
    if (v.empty() || v == "none") return std::nullopt;
    return v;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    std::string candidate = (dir.empty() ? "." : dir) + "/dot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::string graph_data_json(const AccessGraph& g) {
  nlohmann::json nodes = nlohmann::json::object(), edges = nlohmann::json::array();
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    const GraphNode& n = g.nodes[i];
    nodes[element_id('n', i)] = {{"id", n.id},       {"label", n.label}, {"kind", node_kind_name(n.kind)},
                                      {"account", n.account}, {"risk", n.risk},   {"notes", n.notes}};
  }
  for (const Ends& e : drawable_edges(g)) {
    const GraphEdge& edge = g.edges[e.edge];
    edges.push_back({{"id", element_id('e', e.edge)},
                     {"from", element_id('n', e.from)},
                     {"to", element_id('n', e.to)},
                     {"kind", edge_kind_name(edge.kind)},
                     {"label", edge.label},
                     {"cross", edge.cross_account},
                     {"risk", edge.risk},
                     {"path", edge.on_path}});
  }
  nlohmann::json data = {{"nodes", nodes}, {"edges", edges}};
  return script_json_escape(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string graph_legend(bool escalate) {
  std::ostringstream o;
  auto line = [&](std::string_view label, std::string_view colour, std::string_view dash, double width,
                  bool halo) {
    o << "<li><svg width=\"44\" height=\"14\" aria-hidden=\"true\">";
    if (halo) o << "<line x1=\"2\" y1=\"7\" x2=\"42\" y2=\"7\" stroke=\"#fecaca\" stroke-width=\"9\"/>";
    o << "<line x1=\"2\" y1=\"7\" x2=\"42\" y2=\"7\" stroke=\"" << colour << "\" stroke-width=\"" << num(width)
      << '"';
    if (!dash.empty()) o << " stroke-dasharray=\"" << dash << '"';
    o << "/></svg>" << label << "</li>";
  };
  auto box = [&](std::string_view label, std::string_view fill, std::string_view stroke, double width) {
    o << "<li><svg width=\"28\" height=\"16\" aria-hidden=\"true\"><rect x=\"2\" y=\"2\" width=\"24\" height=\"12\" "
      << "rx=\"4\" fill=\"" << fill << "\" stroke=\"" << stroke << "\" stroke-width=\"" << num(width)
      << "\"/></svg>" << label << "</li>";
  };
  o << "<div class=\"legend\"><div><h4>Nodes</h4><ul>";
  for (NodeKind k : {NodeKind::Account, NodeKind::User, NodeKind::Group, NodeKind::Role, NodeKind::Service,
                     NodeKind::Resource, NodeKind::Anyone}) {
    std::string_view name = k == NodeKind::Account ? "account (root)" : node_kind_name(k);
    box(name, kind_fill(k), kQuietStroke, 1);
  }
  o << "</ul></div><div><h4>Risk (border and edge colour)</h4><ul>";
  constexpr std::array<std::string_view, 4> kRiskText = {"nothing known against it", "warnings or suggestions",
                                                         "a security finding", "an error, or on a counterexample"};
  for (std::size_t r = 0; r < kRiskColour.size(); ++r) {
    box(std::to_string(r) + " \u2013 " + std::string(kRiskText[r]), "#ffffff", r == 0 ? kQuietStroke : kRiskColour[r],
        r == 0 ? 1.0 : 1.5 + 0.5 * static_cast<double>(r));
  }
  o << "</ul></div><div><h4>Edges</h4><ul>";
  line("member of a group", kRiskColour[0], "2 3", 1.2, false);
  line("may assume a role, or act on a resource (label: the actions)", kRiskColour[0], "", 1.6, false);
  line("cross-account (dashed; violet unless at risk)", kCrossColour, "7 4", 1.6, false);
  line("on a refuted property's counterexample", kRiskColour[3], "", 3.4, true);
  if (escalate) line("a step of an escalation path (label: the method)", kRiskColour[3], kEscalateDash, 3.4, true);
  o << "</ul></div></div>";
  return o.str();
}

}  // namespace iamlint::linter
