"""The HTML report: one self-contained page (inline CSS and JS, no network) to share or attach.

Every piece of document and rule text is escaped with ``html.escape``; data only ever
lands in element text or quoted attribute values, never in script or event handlers.
The one inline script is static, allowed by its hash in a Content-Security-Policy that
forbids everything else. Without JavaScript every row shows and the filters stay hidden.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape

from jfp.gate import fails_gate
from jfp.models import Evidence, Report, RequirementResult, Status
from jfp.report import view
from jfp.report.html_assets import CSS, SCRIPT

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def _e(text: str | None) -> str:
    """Document or rule text as safe HTML text on one line."""
    return escape(view.clean(text or ""), quote=True)


def _tone(score: float) -> str:
    return "good" if score >= 80 else ("fair" if score >= 50 else "poor")


def _status_pill(r: RequirementResult) -> str:
    cls = "waived" if r.waived else r.status.value
    return f'<span class="pill {cls}">{escape(view.status_label(r))}</span>'


def _quote(ev: Evidence) -> str:
    return (f'<blockquote class="quote {ev.strength.value}"><p>{_e(ev.text)}</p>'
            f'<footer>{_e(view.location(ev))} · {ev.strength.value}</footer></blockquote>')


def _detail(report: Report, r: RequirementResult, verbose: bool) -> str:
    parts = []
    if r.waived:
        until = f" until {_e(r.waiver_expires)}" if r.waiver_expires else ""
        parts.append(f'<p class="waiver"><strong>Waived{until}:</strong> {_e(r.waiver_reason)}</p>')
    if r.gap:
        parts.append(f'<p class="gap"><strong>Gap:</strong> {_e(r.gap)}</p>')
    if r.elements:
        items = "".join(
            f'<li class="{"found" if el.found else "absent"}">'
            f'<span aria-hidden="true">{"✔" if el.found else "✘"}</span> {_e(el.title)}'
            f'{"" if el.core else " <em>(optional)</em>"}'
            f'<span class="sr">{" found" if el.found else " not found"}</span></li>'
            for el in r.elements)
        parts.append(f'<h4>Elements</h4><ul class="elements">{items}</ul>')
    if r.evidence:
        parts.append("<h4>Evidence</h4>" + "".join(_quote(ev) for ev in r.evidence))
    if verbose and r.hits:
        parts.append(f"<h4>All hits ({len(r.hits)})</h4>" + "".join(_quote(ev) for ev in r.hits))
    if r.advice:
        parts.append(f'<p><strong>What to add:</strong> {_e(r.advice)}</p>')
    if r.guidance:
        parts.append(f'<h4>Guidance</h4><p class="guidance">{_e(r.guidance)}</p>')
    if r.basis:
        parts.append(f'<p class="basis">Basis: {_e(r.basis)}</p>')
    return "".join(parts)


def _row(report: Report, r: RequirementResult, verbose: bool) -> str:
    gap = "1" if (r.status is not Status.met and not r.waived) else "0"
    failing = " failing" if fails_gate(r, report.gate.fail_on) else ""
    return (
        f'<tr class="req{failing}" id="req-{escape(r.id, quote=True)}" data-kind="{r.kind.value}" '
        f'data-status="{r.status.value}" data-gap="{gap}">'
        f'<td class="code">{escape(r.code)}</td>'
        f'<td><details><summary>{_e(r.title)} <span class="rid">{escape(r.id)}</span></summary>'
        f'<div class="detail">{_detail(report, r, verbose)}</div></details></td>'
        f'<td>{_status_pill(r)}</td>'
        f'<td class="num">{view.score_text(r.score)}</td>'
        f'<td class="where">{_e(view.best_location(r))}</td></tr>'
    )


def _overview(report: Report) -> str:
    score = report.score
    bars = []
    for kind, results in view.by_kind(report):
        mean, met, total = view.kind_stats(report, kind)
        bars.append(
            f'<div class="kind"><div class="kind-head"><span>{escape(view.KIND_LABEL[kind])}</span>'
            f'<span>{met} of {total} met · {view.score_text(round(mean, 1))}</span></div>'
            f'<div class="bar" role="img" aria-label="{escape(view.KIND_LABEL[kind])}: average score '
            f'{view.score_text(round(mean, 1))} of 100"><span class="{_tone(mean)}" '
            f'style="width:{mean:.1f}%"></span></div></div>')
    gate = report.gate
    reasons = "".join(f"<li>{_e(reason)}</li>" for reason in gate.reasons)
    level = f"fail on {escape(gate.fail_on)}"
    if gate.fail_under is not None:
        level += f", fail under {view.score_text(gate.fail_under)}"
    return (
        '<section class="overview">'
        f'<div class="ring {_tone(score)}" style="--p:{score:.1f}" role="img" '
        f'aria-label="Overall score {view.score_text(score)} out of 100">'
        f'<span>{view.score_text(score)}</span><small>/ 100</small></div>'
        f'<div class="gate {"pass" if gate.passed else "fail"}"><div class="gate-word">'
        f'Gate {view.gate_word(report)}</div><div class="gate-level">{level}</div>'
        f'<ul>{reasons}</ul><p class="counts">{escape(view.summary_text(report))}</p></div>'
        f'<div class="kinds">{"".join(bars)}</div></section>'
    )


def _todo(report: Report) -> str:
    todo = view.gaps(report)
    if not todo:
        return ""
    cards = []
    for r in todo:
        flag = '<span class="flag">fails the gate</span>' if fails_gate(r, report.gate.fail_on) else ""
        body = [f"<p>{_e(text)}</p>" if label == "Gap" else
                f'<p class="{"guidance" if label.startswith("Guidance") else "part"}">'
                f"<strong>{_e(label)}:</strong> {_e(text)}</p>"
                for label, text in view.gap_parts(r)]
        cards.append(
            f'<article class="card {r.status.value}"><h3>{_status_pill(r)} {escape(r.code)} {_e(r.title)} '
            f'<span class="kindtag">{r.kind.value}</span> {flag}</h3>{"".join(body)}</article>')
    return f'<section><h2>What to add ({len(todo)})</h2>\n{chr(10).join(cards)}\n</section>'


def _warnings(report: Report) -> str:
    items = [f"<li><code>{escape(w.code)}</code>{f' p.{w.page}' if w.page else ''}: {_e(w.message)}</li>"
             for w in report.document.warnings]
    items += [f"<li>{_e(w)}</li>" for w in report.warnings]
    return f'<section><h2>Warnings</h2><ul class="warnings">\n{chr(10).join(items)}\n</ul></section>' if items else ""


def _listed(report: Report) -> str:
    """The footprint's bodies and the elements not checked, when there are any."""
    out = []
    for title, lines in (("Footprint", view.footprint_lines(report)), ("Not checked", view.not_checked_lines(report))):
        if lines:
            items = "\n".join(f"<li>{_e(line)}</li>" for line in lines)
            out.append(f"<section><h2>{title} ({len(lines)})</h2><ul>\n{items}\n</ul></section>")
    return "".join("\n" + part for part in out)


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as one self-contained HTML page; ``verbose`` adds every hit inside each requirement."""
    doc = report.document
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    facts = [doc.format] + ([f"{doc.pages} pages"] if doc.pages is not None else []) + [f"{doc.words:,} words"]
    pack = f"rule pack {report.rulepack.id} {report.rulepack.version}"
    if report.plan_year:
        pack += f" · plan year {report.plan_year}"
    if view.pack_reason(report):
        pack += f" ({view.pack_reason(report)})"
    pack += f" · config {view.config_text(report)}"
    gaps = sum(r.status is not Status.met and not r.waived for r in report.results)
    statutory = sum(r.kind.value == "statutory" for r in report.results)
    groups = []
    for kind, results in view.by_kind(report):
        groups.append(f'<tr class="group" data-kind="{kind.value}"><th colspan="5" scope="rowgroup">'
                      f'{escape(view.KIND_LABEL[kind])} ({len(results)})</th></tr>')
        groups += [_row(report, r, verbose) for r in results]
    name = _e(view.document_name(report))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP.format(digest=digest)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="jfp {escape(report.tool.version)}">
<title>jfp: {name} — {view.gate_word(report)}</title>
<style>{CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<p class="brand">jfp · Joint Forward Plan check</p>
<h1>{_e(doc.title) if doc.title else name}</h1>
<p class="meta">{_e(doc.path)} · {escape(" · ".join(facts))} · {_e(pack)}</p>
</div></header>
<main class="wrap">
{_overview(report)}
<section>
<h2>Requirements</h2>
<div class="toolbar" hidden>
<div class="filters" role="group" aria-label="Show requirements">
<button type="button" data-filter="all" aria-pressed="true">All ({len(report.results)})</button>
<button type="button" data-filter="gaps" aria-pressed="false">Gaps ({gaps})</button>
<button type="button" data-filter="statutory" aria-pressed="false">Statutory ({statutory})</button>
</div>
<button type="button" class="expand" data-expand="open">Expand all</button>
</div>
<table id="requirements">
<thead><tr><th scope="col">Code</th><th scope="col">Requirement</th><th scope="col">Status</th>
<th scope="col" class="num">Score</th><th scope="col">Best evidence</th></tr></thead>
<tbody>
{chr(10).join(groups)}
</tbody>
</table>
</section>
{_todo(report)}{_listed(report)}
{_warnings(report)}
</main>
<footer class="wrap foot">Checked by jfp {escape(report.tool.version)} with {_e(report.rulepack.title)}
({escape(report.rulepack.id)} {escape(report.rulepack.version)}). Document sha256 {escape(doc.sha256)}.
jfp reports what the plan's text evidences; it is not legal advice.</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""
