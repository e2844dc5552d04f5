// Injected by tests/render-report --interact into a copy of a report, after the report's own script: uses the filters
// and the graph as a reviewer would, and writes what happened into a pre element (id render-probe), a line a check.
(function () {
  'use strict';
  var out = [];
  function check(name, ok, detail) { out.push(name + (ok ? ' ok' : ' FAILED: ' + detail)); }
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll('tr.finding'), function (tr) { return !tr.hidden; });
  }
  function change(el) { el.dispatchEvent(new Event('change', { bubbles: true })); }
  var boxes = document.querySelectorAll('#filters input[data-severity]');
  if (boxes.length) {
    var keep = visible()[0].dataset.severity;
    boxes.forEach(function (b) { b.checked = b.dataset.severity === keep; change(b); });
    var shown = visible();
    var all = document.querySelectorAll('tr.finding[data-severity="' + keep + '"]:not([data-suppressed])').length;
    check('severity-filter', shown.length === all && shown.every(function (tr) { return tr.dataset.severity === keep; }),
      shown.length + ' rows shown, ' + all + ' of severity ' + keep);
    boxes.forEach(function (b) { b.checked = true; change(b); });
    var rule = document.getElementById('filter-rule');
    rule.value = rule.options[rule.options.length - 1].value;
    change(rule);
    shown = visible();
    check('rule-filter', shown.length > 0 && shown.every(function (tr) { return tr.dataset.rule === rule.value; }) &&
      document.getElementById('filter-count').textContent.indexOf(shown.length + ' of ') === 0,
      shown.length + ' rows shown for ' + rule.value);
    rule.value = '';
    change(rule);
  }
  var node = document.querySelector('figure.graph g.node');
  if (node) {
    node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    var panel = document.getElementById('graph-details');
    var label = JSON.parse(document.getElementById('report-data').textContent).nodes[node.id].label;
    check('graph-click', !panel.hidden && panel.textContent.indexOf(label) === 0 && node.classList.contains('hot'),
      'panel hidden: ' + panel.hidden + ', text: ' + panel.textContent.slice(0, 80));
  }
  var pre = document.createElement('pre');
  pre.id = 'render-probe';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
