/**
 * The page's static assets, served from memory under /assets/ (no build step, no inline style or
 * script: the Content-Security-Policy allows only these).
 */
export const STYLE_CSS = `
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6470; --bg: #fff; --line: #d8dde3; --bad: #b42318; --warn: #9a6700; --good: #1a7f37; --accent: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #9aa4b0; --bg: #14171a; --line: #2e353d; --bad: #ff7b72; --warn: #e3b341; --good: #56d364; --accent: #79a8ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.25rem; padding: .6rem 1rem; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a { color: var(--accent); text-decoration: none; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
header form { margin-left: auto; }
main { padding: 1rem; max-width: 80rem; }
h1 { font-size: 1.35rem; margin: 0 0 .75rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { font-weight: 600; white-space: nowrap; }
.num { text-align: right; }
.health-failing, .status-failed { color: var(--bad); font-weight: 600; }
.health-stale, .status-pending { color: var(--warn); font-weight: 600; }
.health-ok, .status-delivered { color: var(--good); }
.error-kind { font-weight: 600; }
.feed-text { unicode-bidi: isolate; }
.url, .summary { color: var(--muted); font-size: .85em; display: block; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
form.filters label, form.rule label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
select, input, textarea, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .3rem .45rem; }
button { cursor: pointer; border-color: var(--accent); color: var(--accent); }
textarea { width: 100%; min-height: 6rem; font-family: ui-monospace, monospace; }
form.rule { display: grid; gap: .6rem; max-width: 48rem; }
pre { background: color-mix(in srgb, var(--line) 35%, transparent); padding: .6rem; overflow-x: auto; }
.error { color: var(--bad); }
.ok { color: var(--good); }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
.chart { margin: 0 0 1rem; }
.chart svg { width: 100%; max-width: 40rem; height: 4rem; display: block; }
.chart rect { fill: var(--accent); }
td.activity { min-width: 10rem; }
svg.spark { display: block; width: 100%; max-width: 14rem; height: 1.5rem; margin: .1rem 0 .3rem; border-bottom: 1px solid var(--line); }
svg.spark path { fill: none; stroke-width: 1.4; }
svg.spark.new-items path.bar { stroke: var(--good); }
svg.spark.reads path.bar { stroke: var(--accent); }
svg.spark.reads path.failed { stroke: var(--bad); }
.spark-empty, .spark-caption { display: block; font-size: .75rem; color: var(--muted); }
.login { max-width: 24rem; display: grid; gap: .6rem; }
form.workbench .row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
ul.items { list-style: none; padding: 0; margin: 0; }
ul.items > li { border-bottom: 1px solid var(--line); padding: .4rem 0; }
ul.items .reasons { margin: .2rem 0 0; padding-left: 1.2rem; font-size: .9em; }
h2.added { color: var(--good); }
h2.removed { color: var(--bad); }
@media (max-width: 720px) {
  main { padding: .75rem; }
  table.cards thead { display: none; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .75rem; padding: .25rem .5rem; }
  table.cards td { border: 0; padding: .2rem 0; }
  table.cards td[data-label]::before { content: attr(data-label); display: block; font-size: .75rem; color: var(--muted); }
  .num { text-align: left; }
}
`;

/**
 * Progressive enhancement only (every form still works without it): a filter applies as soon as a
 * select changes; the workbench re-runs the rule while it is typed (the same GET page, fetched, its
 * result section swapped in) and picking a watch loads that watch's rule.
 */
export const APP_JS = `
document.querySelectorAll('form.filters select').forEach(function (select) {
  select.addEventListener('change', function () { select.form.submit(); });
});
(function () {
  var form = document.querySelector('form.workbench');
  if (!form) return;
  var timer = null;
  var sent = 0;
  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var ticket = ++sent;
    fetch('/workbench?' + query, { credentials: 'same-origin' }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (text) {
      if (text === null || ticket !== sent) return;
      var fresh = new DOMParser().parseFromString(text, 'text/html').getElementById('workbench-result');
      var current = document.getElementById('workbench-result');
      if (!fresh || !current) return;
      current.replaceWith(document.importNode(fresh, true));
      history.replaceState(null, '', '/workbench?' + query);
    }).catch(function () {});
  }
  form.querySelector('textarea').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  form.querySelector('select[name="form"]').addEventListener('change', refresh);
  form.querySelector('input[name="days"]').addEventListener('change', refresh);
  form.querySelector('select[name="watch"]').addEventListener('change', function (event) {
    var days = form.querySelector('input[name="days"]').value;
    location.assign('/workbench?watch=' + encodeURIComponent(event.target.value) + '&days=' + encodeURIComponent(days));
  });
})();
`;
