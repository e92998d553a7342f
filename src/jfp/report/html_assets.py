"""The HTML report's static stylesheet and script, kept apart from the markup code.

The script is static text: the page's Content-Security-Policy allows it by its SHA-256,
so any change here changes the hash automatically and nothing else can run.
Colours follow the NHS identity palette (blue #005EB8, dark blue #003087, green #007F3B,
warm yellow #FFB81C, red #D5281B) with text contrast of at least 4.5:1.
"""
from __future__ import annotations

CSS = """
:root{--blue:#005eb8;--dark:#003087;--green:#007f3b;--yellow:#ffb81c;--red:#d5281b;
--grey:#425563;--pale:#e8edee;--line:#d8dde0;--text:#212b32;--bg:#f0f4f5}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{font-family:"Frutiger W01","Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--text);background:var(--bg);line-height:1.45;font-size:16px}
body{margin:0}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
.top{background:var(--blue);color:#fff;padding:18px 0 20px}
.brand{margin:0;font-weight:700;letter-spacing:.02em;opacity:.9;font-size:.9rem}
.top h1{margin:.2em 0 .15em;font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}
.meta{margin:0;opacity:.92;font-size:.92rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:28px 0 12px;color:var(--dark)}
h4{margin:14px 0 6px;font-size:.95rem;color:var(--grey);text-transform:uppercase;letter-spacing:.04em}
.overview{display:grid;grid-template-columns:auto 1fr 1.3fr;gap:20px;align-items:stretch;
margin-top:24px}
.overview>*{background:#fff;border-radius:6px;padding:18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.ring{--c:var(--green);width:150px;height:150px;border-radius:50%;display:flex;
flex-direction:column;align-items:center;justify-content:center;padding:0;
background:radial-gradient(closest-side,#fff 78%,transparent 80% 100%),
conic-gradient(var(--c) calc(var(--p)*1%),var(--pale) 0);align-self:center}
.ring.fair{--c:var(--yellow)}.ring.poor{--c:var(--red)}
.ring span{font-size:2.4rem;font-weight:700;line-height:1}.ring small{color:var(--grey)}
.gate{border-left:8px solid var(--green)}
.gate.fail{border-left-color:var(--red)}
.gate-word{font-size:1.5rem;font-weight:700}
.gate.pass .gate-word{color:var(--green)}.gate.fail .gate-word{color:var(--red)}
.gate-level{color:var(--grey);font-size:.9rem}
.gate ul{margin:8px 0;padding-left:20px}
.counts{margin:6px 0 0;font-weight:600}
.kind{margin-bottom:14px}.kind:last-child{margin-bottom:0}
.kind-head{display:flex;justify-content:space-between;gap:12px;font-size:.92rem;margin-bottom:4px}
.kind-head span:first-child{font-weight:600}
.bar{height:12px;background:var(--pale);border-radius:6px;overflow:hidden}
.bar span{display:block;height:100%;background:var(--green)}
.bar .fair{background:var(--yellow)}.bar .poor{background:var(--red)}
.toolbar{display:flex;justify-content:space-between;align-items:center;gap:12px;margin-bottom:10px;
flex-wrap:wrap}
.filters{display:inline-flex;border:2px solid var(--blue);border-radius:6px;overflow:hidden}
button{font:inherit;cursor:pointer}
.filters button{border:0;background:#fff;color:var(--blue);padding:6px 14px;font-weight:600}
.filters button+button{border-left:2px solid var(--blue)}
.filters button[aria-pressed=true]{background:var(--blue);color:#fff}
button:focus-visible,summary:focus-visible{outline:3px solid var(--yellow);outline-offset:2px}
.expand{border:2px solid var(--grey);background:#fff;color:var(--grey);border-radius:6px;
padding:4px 12px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:6px;overflow:hidden;
box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{padding:9px 12px;text-align:left;vertical-align:top;border-bottom:1px solid var(--line)}
thead th{background:var(--dark);color:#fff;font-size:.9rem}
tr.group th{background:var(--pale);color:var(--dark);font-size:.95rem}
td.code{font-weight:700;white-space:nowrap;font-variant-numeric:tabular-nums}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.where{color:var(--grey);font-size:.9rem;overflow-wrap:anywhere;max-width:340px}
tr.failing td.code{box-shadow:inset 4px 0 var(--red)}
summary{cursor:pointer;font-weight:600;overflow-wrap:anywhere}
.rid{font-weight:400;color:var(--grey);font-size:.85rem;font-family:ui-monospace,Menlo,Consolas,monospace}
.detail{padding:4px 0 6px}
.detail p{margin:6px 0}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.85rem;font-weight:700;
white-space:nowrap}
.pill.met{background:#e5f2ea;color:var(--green)}
.pill.partial{background:#fff4d6;color:#7a5200}
.pill.missing{background:#fbe4e2;color:var(--red)}
.pill.waived{background:var(--pale);color:var(--grey)}
.elements{list-style:none;padding:0;margin:0}
.elements li{padding:2px 0}
.elements .found span[aria-hidden]{color:var(--green)}
.elements .absent span[aria-hidden]{color:var(--red)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.quote{margin:8px 0;padding:8px 12px;border-left:4px solid var(--blue);background:#f7f9fa}
.quote.mention{border-left-color:var(--line)}
.quote p{margin:0;overflow-wrap:anywhere}
.quote footer{font-size:.85rem;color:var(--grey);margin-top:4px}
.guidance{color:var(--grey)}
.basis{font-size:.85rem;color:var(--grey)}
.waiver{background:var(--pale);padding:6px 10px;border-radius:4px}
.card{background:#fff;border-radius:6px;padding:12px 18px;margin-bottom:12px;
border-left:6px solid var(--yellow);box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card.missing{border-left-color:var(--red)}
.card h3{margin:4px 0 8px;font-size:1.05rem}
.card p{margin:6px 0}
.kindtag{font-size:.8rem;font-weight:400;color:var(--grey);border:1px solid var(--line);
border-radius:4px;padding:1px 6px}
.flag{font-size:.8rem;color:#fff;background:var(--red);border-radius:4px;padding:2px 6px}
.warnings li{margin:4px 0;overflow-wrap:anywhere}
.foot{color:var(--grey);font-size:.85rem;padding-top:24px;padding-bottom:32px;overflow-wrap:anywhere}
td.where q{display:block;color:var(--text);font-size:.85rem;margin-top:2px;quotes:"\\201C" "\\201D"}
.elements .mentioned span[aria-hidden]{color:#7a5200}
.links{font-size:.9rem}
a{color:var(--blue)}
a:focus-visible{outline:3px solid var(--yellow);outline-offset:2px}
.explain pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem;background:#f7f9fa;
padding:8px 12px;border-radius:4px}
.explain summary{font-weight:400;color:var(--blue)}
.contents ul{background:#fff;border-radius:6px;padding:14px 14px 14px 34px;margin-top:20px}
article.plan+article.plan{margin-top:32px;border-top:4px solid var(--dark)}
.plan .foot{padding-bottom:8px}
/* A phone or a printed page: one card per requirement, labels in place of the header row,
   the best quote kept (it is what a reviewer checks). */
@media (max-width:860px),print{.overview{grid-template-columns:1fr}.ring{justify-self:center}
table.requirements thead{display:none}
table.requirements,table.requirements tbody,table.requirements tr,table.requirements td,
table.requirements th{display:block;width:100%}
table.requirements tr.req{border-bottom:1px solid var(--line);padding:6px 0}
table.requirements td{border:0;padding:3px 12px}
table.requirements td.where{max-width:none}
table.requirements td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--grey)}
table.requirements td.num{text-align:left}}
@media print{html{background:#fff}.toolbar{display:none!important}
.overview>*,table,.card{box-shadow:none;border:1px solid var(--line)}
.card,tr.req{break-inside:avoid}a{color:inherit;text-decoration:none}}
"""

SCRIPT = """
(function () {
  "use strict";
  // One plan's part of the page at a time: its own filters, its own table.
  Array.prototype.forEach.call(document.querySelectorAll("article.plan"), function (plan) {
    var toolbar = plan.querySelector(".toolbar");
    var table = plan.querySelector("table.requirements");
    if (!toolbar || !table) { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr.req"));
    var groups = Array.prototype.slice.call(table.querySelectorAll("tr.group"));
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button[data-filter]"));
    function shows(row, filter) {
      if (filter === "gaps") { return row.getAttribute("data-gap") === "1"; }
      if (filter === "statutory") { return row.getAttribute("data-kind") === "statutory"; }
      return true;
    }
    function apply(filter) {
      rows.forEach(function (row) { row.hidden = !shows(row, filter); });
      groups.forEach(function (group) {
        var kind = group.getAttribute("data-kind");
        group.hidden = !rows.some(function (row) {
          return !row.hidden && row.getAttribute("data-kind") === kind;
        });
      });
      buttons.forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === filter));
      });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { apply(b.getAttribute("data-filter")); });
    });
    var expand = toolbar.querySelector("button[data-expand]");
    expand.addEventListener("click", function () {
      var open = expand.getAttribute("data-expand") === "open";
      table.querySelectorAll("details").forEach(function (d) { d.open = open; });
      expand.setAttribute("data-expand", open ? "close" : "open");
      expand.textContent = open ? "Collapse all" : "Expand all";
    });
    toolbar.hidden = false;
  });
  // A link from a gap card opens the requirement it points at (and shows its row).
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) { return; }
    var row = target.closest("tr");
    if (row) { row.hidden = false; }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    var inner = target.querySelector("details");
    if (inner) { inner.open = true; }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
"""
