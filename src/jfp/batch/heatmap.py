"""``summary.html``: one self-contained page comparing every plan, requirement by requirement.

Documents run down, requirements across; each cell is coloured by status, shows a symbol
too (colour is not the only cue) and links to that document's own report. Headers sort
the table (inline script, no external assets); each requirement header says how many
plans meet it. Every piece of text from a document or a file name is HTML-escaped.
"""
from __future__ import annotations

import os
from html import escape

from jfp.batch.results import BatchResult, DocResult, ReqCell, requirement_columns

_SYMBOL = {"met": "✓", "partial": "◐", "missing": "✗", "waived": "W"}
# Sort keys: better outcomes sort higher; documents that could not be read sort lowest.
_RANK = {"met": 4, "waived": 3, "partial": 2, "missing": 1}

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1d1d1d}
h1{font-size:1.3rem;margin:0 0 .3rem}
.meta,.legend{margin:.2rem 0 .8rem;color:#444}
.legend span{display:inline-block;padding:0 .5rem;margin-right:.4rem;border-radius:3px}
.wrap{overflow:auto;max-height:85vh;max-width:100%}
table{border-collapse:separate;border-spacing:0}
th,td{border:1px solid #d0d0d0;border-width:0 1px 1px 0;padding:.2rem .3rem;text-align:center;white-space:nowrap}
tr>:first-child{border-left-width:1px}thead th{border-top-width:1px}
thead th{position:sticky;top:0;background:#f3f3f3;z-index:1;vertical-align:bottom}
/* Thirty requirement columns fit a wide screen: the met count wraps under the code. */
thead th small{white-space:normal;min-width:2.2rem}
th.doc,td.txt{text-align:left;white-space:normal;min-width:9rem;max-width:16rem;overflow-wrap:anywhere}
/* The plan's name stays in view when the table scrolls sideways. */
th.doc{position:sticky;left:0;z-index:2;background:#fff;box-shadow:2px 0 0 #d0d0d0}
thead th.doc{z-index:3;background:#f3f3f3}
thead button{font:inherit;font-weight:600;background:none;border:0;cursor:pointer;padding:0;color:inherit}
thead small{display:block;font-weight:400;color:#555}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
td a{display:block;color:inherit;text-decoration:none}
.st-met{background:#c8e6c9}.st-partial{background:#ffe0a3}.st-missing{background:#f4b6b6}
.st-waived{background:#d9d9f3}.st-none{background:#eee;color:#777}
.gate-fail{color:#a40000;font-weight:600}.gate-error{color:#7a2e00;font-weight:600}
.err{display:block;color:#7a2e00;font-size:.85em}
"""

_JS = """
(function(){
  var table=document.getElementById('heatmap');
  var heads=table.tHead.rows[0].cells;
  function key(row,i,num){
    var cell=row.cells[i]; var v=cell.getAttribute('data-sort');
    if(v===null){v=cell.textContent.trim();}
    if(num){var n=parseFloat(v);return isNaN(n)?-Infinity:n;}
    return v.toLowerCase();
  }
  Array.prototype.forEach.call(heads,function(th,i){
    var button=th.querySelector('button'); if(!button){return;}
    button.addEventListener('click',function(){
      var num=th.getAttribute('data-type')==='num';
      var asc=th.getAttribute('aria-sort')!=='ascending';
      Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
      th.setAttribute('aria-sort',asc?'ascending':'descending');
      var body=table.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=key(a,i,num),y=key(b,i,num);
        var c=x<y?-1:(x>y?1:0);
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
"""


def _header(label: str, kind: str, extra: str = "", title: str = "", css: str = "") -> str:
    attrs = f' data-type="{kind}" scope="col"'
    if title:
        attrs += f' title="{escape(title)}"'
    if css:
        attrs += f' class="{css}"'
    return f"<th{attrs}><button type=\"button\">{escape(label)}</button>{extra}</th>"


def _met_counts(result: BatchResult, col: ReqCell) -> tuple[int, int]:
    met = checked = 0
    for row in result.rows:
        for cell in row.requirements:
            if cell.column == col.column:
                checked += 1
                met += cell.status == "met" and not cell.waived
    return met, checked


def _link(row: DocResult) -> str:
    return row.reports.get("html") or row.reports.get("json") or ""


def _cell(row: DocResult, col: ReqCell) -> str:
    cell = next((c for c in row.requirements if c.column == col.column), None)
    if cell is None:
        return '<td class="st-none" data-sort="0">–</td>'
    status = "waived" if cell.waived else cell.status
    href = _link(row)
    if href and "html" in row.reports:
        href += f"#req-{cell.id}"  # the anchor jfp.report.html gives each requirement row
    label = f"{col.code} {col.id}: {status}"
    inner = f'<a href="{escape(href)}" title="{escape(label)}" aria-label="{escape(label)}">{_SYMBOL.get(status, "?")}</a>'
    return f'<td class="st-{escape(status)}" data-sort="{_RANK.get(status, 0)}">{inner}</td>'


def _display_names(rows: list[DocResult]) -> dict[str, str]:
    """File names without the folder every input shares, so the column stays narrow."""
    files = [r.file for r in rows]
    try:
        common = os.path.commonpath([os.path.dirname(f) for f in files]) if len(files) > 1 else ""
    except ValueError:  # a mix of absolute and relative paths
        common = ""
    if not common:
        return {f: f for f in files}
    return {f: os.path.relpath(f, common) for f in files}


def _row(row: DocResult, columns: list[ReqCell], shown: str) -> str:
    href = _link(row)
    name = escape(shown)
    title = f' title="{escape(row.file)}"'
    doc = f'<a href="{escape(href)}"{title}>{name}</a>' if href else f"<span{title}>{name}</span>"
    if row.outcome == "error":
        doc += f'<span class="err">could not be read ({escape(row.error_reason or "")}): {escape(row.error or "")}</span>'
        gate, gate_css, gate_rank = "error", "gate-error", 0
    elif row.gate_passed is False:
        gate, gate_css, gate_rank = "fail", "gate-fail", 1
    else:
        gate, gate_css, gate_rank = "pass", "gate-pass", 2
    score = "" if row.score is None else f"{row.score:.1f}"
    cells = [
        f'<th scope="row" class="doc">{doc}</th>',
        f'<td class="txt">{escape(row.icb or "")}</td>',
        f'<td data-sort="{row.pages if row.pages is not None else -1}">{row.pages if row.pages is not None else ""}</td>',
        f'<td data-sort="{score or -1}">{score}</td>',
        f'<td class="{gate_css}" data-sort="{gate_rank}">{gate}</td>',
    ]
    cells += [_cell(row, col) for col in columns]
    return "<tr>" + "".join(cells) + "</tr>"


def render_heatmap(result: BatchResult, title: str) -> str:
    """The whole summary.html page."""
    columns = requirement_columns(result.rows)
    heads = [
        _header("Document", "text", css="doc"),
        _header("ICB", "text"),
        _header("Pages", "num"),
        _header("Score", "num"),
        _header("Gate", "num"),
    ]
    for col in columns:
        met, checked = _met_counts(result, col)
        heads.append(
            _header(col.code, "num", f"<small>{met}/{checked} met</small>", title=f"{col.code} {col.id}: {col.title}")
        )
    rows = result.rows
    errors = sum(r.outcome == "error" for r in rows)
    failed = sum(r.gate_passed is False for r in rows)
    meta = f"{len(rows)} of {result.total} documents: {len(rows) - errors} checked, {failed} failed the gate, {errors} could not be read."
    if result.interrupted:
        meta += " The run was interrupted; re-run the same command to finish."
    legend = "".join(f'<span class="st-{s}">{_SYMBOL[s]} {s}</span>' for s in _SYMBOL)
    shown = _display_names(rows)
    body = "\n".join(_row(r, columns, shown[r.file]) for r in rows)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n<p class=\"meta\">{escape(meta)}</p>\n<p class=\"legend\">{legend}</p>\n"
        f"<div class=\"wrap\"><table id=\"heatmap\">\n<thead><tr>{''.join(heads)}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody>\n</table></div>\n<script>{_JS}</script>\n</body>\n</html>\n"
    )
