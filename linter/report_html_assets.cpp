// The HTML report's style sheet and script, inlined into every report: it is one file that opens from disk and asks
// the network for nothing. Without the script every row and section shows; the script adds filters and the graph's
// details panel, and marks the page ready (data-ready="1") for the headless-browser test.
#include "linter/report_html_assets.hpp"

namespace iamlint::linter {

const std::string_view kReportCss = R"css(
:root{--fg:#0f172a;--muted:#475569;--faint:#94a3b8;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;
--error:#b91c1c;--security:#c2410c;--warning:#a16207;--suggestion:#1d4ed8;--ok:#15803d;--unknown:#64748b;
--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
Helvetica,Arial,sans-serif}
code,pre{font-family:var(--mono);font-size:12.5px}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#0f172a;color:#e2e8f0;padding:18px 32px;display:flex;align-items:center;gap:24px}
header.top h1{margin:0;font-size:22px;color:#fff;letter-spacing:.01em}
header.top .meta{color:#94a3b8;font-size:13px}header.top .meta code{color:#e2e8f0}
header.top .status{margin-left:auto;text-align:right}
.status-pill{display:inline-block;padding:4px 14px;border-radius:999px;font-weight:700;letter-spacing:.08em}
.status-pill.fail{background:#dc2626;color:#fff}.status-pill.pass{background:#16a34a;color:#fff}
.status .why{font-size:12px;color:#cbd5e1;margin-top:4px}
nav.toc{background:#1e293b;padding:6px 32px;display:flex;gap:20px}
nav.toc a{color:#cbd5e1;font-size:13px}
main{max-width:1400px;margin:0 auto;padding:8px 32px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:18px 0;
box-shadow:0 1px 2px rgba(15,23,42,.04)}
section>h2{margin:0 0 12px;font-size:18px}
h3{font-size:15px;margin:14px 0 8px}
.summary-body{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:28px}
.summary-part>h3{margin:16px 0 8px;font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(104px,1fr));gap:10px;margin-bottom:14px}
ul.glance{list-style:none;margin:0;padding:0}ul.glance li{padding:5px 0;border-bottom:1px solid var(--line)}
ul.glance .verdict{min-width:84px;text-align:center;margin-right:6px}
.card{border:1px solid var(--line);border-left:5px solid var(--faint);border-radius:8px;padding:10px 14px}
.card .n{font-size:28px;font-weight:700;line-height:1.1}.card .k{color:var(--muted);font-size:12px;
text-transform:uppercase;letter-spacing:.06em}.card .sub{color:var(--muted);font-size:12px}
.card.error{border-left-color:var(--error)}.card.security{border-left-color:var(--security)}
.card.warning{border-left-color:var(--warning)}.card.suggestion{border-left-color:var(--suggestion)}
.card.proved{border-left-color:var(--ok)}.card.refuted{border-left-color:var(--error)}
.card.unknown{border-left-color:var(--unknown)}.card.files{border-left-color:#0f172a}
.card.env{border-left-color:#7c3aed}.summary-part>h3:first-child{margin-top:0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
th{background:#f8fafc;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
table.counts{width:100%}table.counts td.n,table.counts th.n{text-align:right}
tr.finding.suppressed{opacity:.6}
.sev{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11.5px;font-weight:600;color:#fff}
.sev.error{background:var(--error)}.sev.security{background:var(--security)}.sev.warning{background:var(--warning)}
.sev.suggestion{background:var(--suggestion)}
.loc{white-space:nowrap}.rule-name{color:var(--muted);font-size:12px}.label{color:var(--muted);font-size:12px}
.tag{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 6px;font-size:11.5px;
color:var(--muted);margin-left:6px}
pre.excerpt{background:#0f172a;color:#e2e8f0;border-radius:6px;padding:8px 0;margin:8px 0 2px;overflow-x:auto;
tab-size:2}
pre.excerpt .l{display:block;padding:0 12px 0 0}pre.excerpt .l.hit{background:#1e293b}
pre.excerpt .ln{display:inline-block;width:46px;padding-right:10px;text-align:right;color:#64748b;
user-select:none}
pre.excerpt mark{background:#fbbf24;color:#0f172a;border-radius:2px;padding:0 1px}
.filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;margin-bottom:10px;padding:10px 12px;
background:#f8fafc;border:1px solid var(--line);border-radius:8px}
.filters label{font-size:13px;color:var(--muted)}.filters select{margin-left:4px;max-width:320px}
.filters .count{margin-left:auto;color:var(--muted);font-size:12px}
article.property{border:1px solid var(--line);border-left:5px solid var(--unknown);border-radius:8px;
padding:12px 16px;margin:12px 0}
article.property.proved{border-left-color:var(--ok)}article.property.refuted{border-left-color:var(--error)}
article.property h3{margin:0 0 6px;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;font-size:12px;font-weight:700;color:#fff;
letter-spacing:.06em}
.verdict.proved{background:var(--ok)}.verdict.refuted{background:var(--error)}.verdict.unknown{background:var(--unknown)}
.expect{font-size:12px;font-weight:600}.expect.bad{color:var(--error)}.expect.good{color:var(--ok)}
.prop-meta{color:var(--muted);font-size:12.5px}
.summary-line{margin:6px 0}
article.audit-path{border:1px solid var(--line);border-left:5px solid var(--error);border-radius:8px;
padding:10px 14px;margin:10px 0}article.audit-path h4{margin:0 0 6px}ol.audit-steps>li{margin:6px 0 10px}
table.audit-findings td{font-size:13px;overflow-wrap:anywhere}
table.steps{table-layout:fixed}table.steps td{font-size:13px;overflow-wrap:anywhere}
table.steps th:nth-child(1){width:32px}table.steps th:nth-child(3){width:118px}
table.steps th:nth-child(6){width:19%}table.steps th:nth-child(7){width:22%}table.steps td code{overflow-wrap:anywhere}table.steps td.action{white-space:nowrap}
.decision.allowed{color:var(--error);font-weight:600}.decision.denied{color:var(--ok);font-weight:600}
.reason{color:var(--muted);font-size:12px}
pre.suggestion{background:#f8fafc;border:1px solid var(--line);border-radius:6px;padding:10px 12px;
overflow-x:auto}
.suggestion-words{margin:4px 0;color:var(--muted);overflow-wrap:anywhere}
ul.graph-notes{margin:8px 0 0;padding-left:18px;color:var(--warning);font-size:12.5px}
.note{color:var(--muted)}.warn{color:var(--error);font-weight:600}
figure.graph{margin:0;overflow-x:auto;border:1px solid var(--line);border-radius:8px;background:#fff;padding:8px}
figure.graph svg{max-width:100%;height:auto;display:block;margin:0 auto}figure.graph.actual svg{max-width:none}
figure.graph .node{cursor:pointer}
figure.graph.focus .node:not(.hot),figure.graph.focus .edge:not(.hot),
figure.graph.focus .edge-label:not(.hot){opacity:.15}
figure.graph.path-only .edge:not(.on-path),figure.graph.path-only .edge-label:not(.on-path){opacity:.12}
.graph-tools{display:flex;gap:16px;align-items:center;margin-bottom:8px;font-size:13px;color:var(--muted)}
#graph-details{border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin-top:10px;background:#f8fafc}
#graph-details h4{margin:0 0 4px}#graph-details ul{margin:4px 0;padding-left:18px}
.legend{display:flex;flex-wrap:wrap;gap:28px;margin-top:12px;font-size:12.5px;color:var(--muted)}
.legend h4{margin:0 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--fg)}
.legend ul{list-style:none;margin:0;padding:0}.legend li{display:flex;align-items:center;gap:8px;margin:2px 0}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 24px}
@media print{nav.toc,.filters,.graph-tools{display:none}section{break-inside:avoid-page}}
)css";

const std::string_view kReportJs = R"js(
(function () {
  'use strict';
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function byId(id) { return document.getElementById(id); }

  var table = byId('findings-table');
  if (table) {
    var bar = byId('filters'), rule = byId('filter-rule'), file = byId('filter-file');
    var hidden = byId('filter-suppressed'), count = byId('filter-count');
    var rows = all('tbody tr.finding', table);
    var apply = function () {
      var sev = {}, shown = 0;
      all('input[data-severity]', bar).forEach(function (c) { sev[c.dataset.severity] = c.checked; });
      rows.forEach(function (tr) {
        var d = tr.dataset;
        var show = sev[d.severity] !== false && (!rule.value || d.rule === rule.value) &&
          (!file.value || d.file === file.value) && (hidden.checked || d.suppressed !== '1');
        tr.hidden = !show;
        if (show) shown++;
      });
      count.textContent = shown + ' of ' + rows.length + ' shown';
    };
    all('input, select', bar).forEach(function (c) { c.addEventListener('change', apply); });
    bar.hidden = false;
    apply();
  }

  var dataEl = byId('report-data');
  var figure = document.querySelector('figure.graph');
  if (dataEl && figure) {
    var data = JSON.parse(dataEl.textContent);
    var panel = byId('graph-details');
    var text = function (tag, s) { var e = document.createElement(tag); e.textContent = s; return e; };
    var clear = function () {
      figure.classList.remove('focus');
      all('.hot', figure).forEach(function (e) { e.classList.remove('hot'); });
      panel.hidden = true;
    };
    var show = function (id) {
      var node = data.nodes[id];
      if (!node) return;
      clear();
      figure.classList.add('focus');
      byId(id).classList.add('hot');
      panel.replaceChildren(text('h4', node.label + ' (' + node.kind + ')'), text('code', node.id));
      var list = document.createElement('ul');
      node.notes.forEach(function (n) { list.appendChild(text('li', n)); });
      data.edges.forEach(function (e) {
        if (e.from !== id && e.to !== id) return;
        [e.id, e.from, e.to].forEach(function (x) { var el = byId(x); if (el) el.classList.add('hot'); });
        all('[data-edge="' + e.id + '"]', figure).forEach(function (l) { l.classList.add('hot'); });
        var other = data.nodes[e.from === id ? e.to : e.from];
        list.appendChild(text('li', (e.from === id ? '\u2192 ' : '\u2190 ') + other.label + ': ' + e.kind +
          (e.label ? ' (' + e.label + ')' : '') + (e.cross ? ', cross-account' : '')));
      });
      panel.appendChild(list);
      panel.hidden = false;
    };
    figure.addEventListener('click', function (ev) {
      var g = ev.target.closest ? ev.target.closest('g.node') : null;
      if (g && data.nodes[g.id]) show(g.id); else clear();
    });
    var actual = byId('graph-actual-size');
    actual.addEventListener('change', function () { figure.classList.toggle('actual', actual.checked); });
    var pathOnly = byId('graph-path-only');
    if (pathOnly) {
      pathOnly.addEventListener('change', function () { figure.classList.toggle('path-only', pathOnly.checked); });
      all('.edge.on-path', figure).forEach(function (e) {
        all('[data-edge="' + e.id + '"]', figure).forEach(function (l) { l.classList.add('on-path'); });
      });
    }
    byId('graph-tools').hidden = false;
  }
  document.body.dataset.ready = '1';
})();
)js";

}  // namespace iamlint::linter
