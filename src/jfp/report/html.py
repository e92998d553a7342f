"""The HTML report: one self-contained page (inline CSS and JS, no network) to share or attach.

Every piece of document and rule text is escaped with ``html.escape``; data only ever
lands in element text or quoted attribute values, never in script or event handlers.
The one inline script is static, allowed by its hash in a Content-Security-Policy that
forbids everything else. Without JavaScript every row shows and the filters stay hidden.

The page reads top-down as a planner works: the overview, then "What to add" (each gap
linked to its requirement's row and to the explanation of how jfp judges it), then every
requirement. Each row carries its best quote, so a printout or a phone (where the table
becomes one card per requirement) keeps the evidence. Several plans make one page with a
part per plan; the only links are fragments within the page.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from html import escape

from jfp.errors import DocumentError
from jfp.gate import fails_gate
from jfp import __version__
from jfp.models import Evidence, Report, RequirementResult, Status, Strength
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


def _element(el) -> str:
    """A found element gets a tick only when the plan evidences it; a bare mention is not
    enough, and "What to add" still asks for it, so it shows as mentioned only."""
    if el.found and el.strength is not Strength.mention:
        mark, cls, said = "✔", "found", "found"
    elif el.found:
        mark, cls, said = "◐", "mentioned", "mentioned only"
    else:
        mark, cls, said = "✘", "absent", "not found"
    optional = "" if el.core else " <em>(optional)</em>"
    shown = " <em>(mentioned only)</em>" if cls == "mentioned" else ""
    return (f'<li class="{cls}"><span aria-hidden="true">{mark}</span> {_e(el.title)}{optional}{shown}'
            f'<span class="sr"> {said}</span></li>')


def _why(r: RequirementResult, anchor: str, explanation: str | None) -> str:
    """The requirement's explanation: the guidance and the law, then ``jfp rules show``'s text."""
    parts = [f'<div class="why" id="{anchor}">']
    if r.guidance:
        parts.append(f'<h4>Guidance</h4><p class="guidance">{_e(r.guidance)}</p>')
    if r.basis:
        parts.append(f'<p class="basis">Basis: {_e(r.basis)}</p>')
    if explanation:
        parts.append(f'<details class="explain"><summary>How jfp judges it (<code>jfp rules show {escape(r.code)}</code>)'
                     f'</summary><pre>{escape(explanation.strip(), quote=True)}</pre></details>')
    parts.append("</div>")
    return "".join(parts)


def _detail(r: RequirementResult, verbose: bool, ids: _Ids, explanation: str | None) -> str:
    parts = []
    if r.waived:
        until = f" until {_e(r.waiver_expires)}" if r.waiver_expires else ""
        parts.append(f'<p class="waiver"><strong>Waived{until}:</strong> {_e(r.waiver_reason)}</p>')
    if r.gap:
        parts.append(f'<p class="gap"><strong>Gap:</strong> {_e(r.gap)}</p>')
    if r.elements:
        parts.append(f'<h4>Elements</h4><ul class="elements">{"".join(_element(el) for el in r.elements)}</ul>')
    if r.evidence:
        parts.append("<h4>Evidence</h4>" + "".join(_quote(ev) for ev in r.evidence))
    if verbose and r.hits:
        parts.append(f"<h4>All hits ({len(r.hits)})</h4>" + "".join(_quote(ev) for ev in r.hits))
    if r.advice:
        parts.append(f'<p><strong>What to add:</strong> {_e(r.advice)}</p>')
    parts.append(_why(r, ids.why(r), explanation))
    return "".join(parts)


class _Ids:
    """Element ids of one plan's part of the page: unique when a page holds several plans."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def req(self, r: RequirementResult) -> str:
        return escape(f"{self.prefix}req-{r.id}", quote=True)

    def why(self, r: RequirementResult) -> str:
        return escape(f"{self.prefix}why-{r.id}", quote=True)

    def gap(self, r: RequirementResult) -> str:
        return escape(f"{self.prefix}gap-{r.id}", quote=True)


def _best(r: RequirementResult) -> str:
    """The best-evidence cell: where, and the quote itself, so print and phones keep it."""
    ev = view.best_evidence(r)
    if ev is None:
        return '<span class="none">—</span>'
    return f'<span class="loc">{_e(view.location(ev))}</span> <q>{_e(ev.text)}</q>'


def _row(report: Report, r: RequirementResult, verbose: bool, ids: _Ids, explanation: str | None) -> str:
    gap = "1" if (r.status is not Status.met and not r.waived) else "0"
    failing = " failing" if fails_gate(r, report.gate.fail_on) else ""
    return (
        f'<tr class="req{failing}" id="{ids.req(r)}" data-kind="{r.kind.value}" '
        f'data-status="{r.status.value}" data-gap="{gap}">'
        f'<td class="code">{escape(r.code)}</td>'
        f'<td><details><summary>{_e(r.title)} <span class="rid">{escape(r.id)}</span></summary>'
        f'<div class="detail">{_detail(r, verbose, ids, explanation)}</div></details></td>'
        f'<td class="status">{_status_pill(r)}</td>'
        f'<td class="num" data-label="Score">{view.score_text(r.score)}</td>'
        f'<td class="where" data-label="Best evidence">{_best(r)}</td></tr>'
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


def _todo(report: Report, ids: _Ids) -> str:
    todo = view.gaps(report)
    if not todo:
        return ""
    cards = []
    for r in todo:
        flag = '<span class="flag">fails the gate</span>' if fails_gate(r, report.gate.fail_on) else ""
        body = [f"<p>{_e(text)}</p>" if label == "Gap" else
                f'<p class="part"><strong>{_e(label)}:</strong> {_e(text)}</p>'
                for label, text in view.gap_parts(r) if not label.startswith("Guidance")]
        links = (f'<p class="links"><a href="#{ids.req(r)}">Evidence and elements</a> · '
                 f'<a href="#{ids.why(r)}">What the guidance asks and how jfp judges it</a></p>')
        cards.append(
            f'<article class="card {r.status.value}" id="{ids.gap(r)}"><h3>{_status_pill(r)} {escape(r.code)} '
            f'{_e(r.title)} <span class="kindtag">{r.kind.value}</span> {flag}</h3>{"".join(body)}{links}</article>')
    return f'<section class="todo"><h2>What to add ({len(todo)})</h2>\n{chr(10).join(cards)}\n</section>'


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


def _plan(report: Report, verbose: bool, ids: _Ids, explanations: Mapping[str, str]) -> str:
    """One plan's part of the page: heading, overview, what to add, requirements, warnings."""
    doc = report.document
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
        groups += [_row(report, r, verbose, ids, explanations.get(r.id)) for r in results]
    name = _e(view.document_name(report))
    return f"""<article class="plan" id="{escape(ids.prefix + 'plan', quote=True)}">
<header class="top"><div class="wrap">
<p class="brand">jfp · Joint Forward Plan check</p>
<h1>{_e(doc.title) if doc.title else name}</h1>
<p class="meta">{_e(doc.path)} · {escape(" · ".join(facts))} · {_e(pack)}</p>
</div></header>
<main class="wrap">
{_overview(report)}
{_todo(report, ids)}
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
<table class="requirements">
<thead><tr><th scope="col">Code</th><th scope="col">Requirement</th><th scope="col">Status</th>
<th scope="col" class="num">Score</th><th scope="col">Best evidence</th></tr></thead>
<tbody>
{chr(10).join(groups)}
</tbody>
</table>
</section>
{_listed(report)}
{_warnings(report)}
<p class="foot">Checked by jfp {escape(report.tool.version)} with {_e(report.rulepack.title)}
({escape(report.rulepack.id)} {escape(report.rulepack.version)}). Document sha256 {escape(doc.sha256)}.</p>
</main>
</article>"""


def _contents(reports: list[Report], unread: Sequence[DocumentError]) -> str:
    """The overview of a page with several plans: one line per plan, linked to its part."""
    rows = [f'<li><a href="#p{i + 1}-plan">{_e(r.document.path)}</a> — Gate {view.gate_word(r)}, '
            f'score {view.score_text(r.score)} · {escape(view.summary_text(r))}</li>' for i, r in enumerate(reports)]
    rows += [f'<li>{_e(e.path)} — not read: {_e(e.detail)}</li>' for e in unread]
    passed = sum(r.gate.passed for r in reports)
    return (f'<header class="top"><div class="wrap"><p class="brand">jfp · Joint Forward Plan check</p>'
            f'<h1>{len(reports) + len(unread)} plans: {passed} pass, {len(reports) - passed} fail'
            f'{f", {len(unread)} not read" if unread else ""}</h1></div></header>'
            f'<nav class="wrap contents" aria-label="Plans"><ul>{"".join(rows)}</ul></nav>')


def render(report: Report, *, verbose: bool = False, explanations: Mapping[str, str] | None = None) -> str:
    """The report as one self-contained HTML page; ``verbose`` adds every hit inside each requirement.

    ``explanations`` maps a requirement id to its ``jfp rules show`` text (the command
    line passes it; without it a requirement is explained by its guidance and basis).
    """
    return render_many([report], verbose=verbose, explanations=explanations)


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = (),
                explanations: Mapping[str, str] | None = None) -> str:
    """One page for every plan of a command: a part per plan (ids prefixed p1-, p2-, ...)."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    single = len(reports) == 1 and not unread
    explanations = explanations or {}
    parts = [_plan(r, verbose, _Ids("" if single else f"p{i + 1}-"), explanations) for i, r in enumerate(reports)]
    if single:
        title = f"jfp: {_e(view.document_name(reports[0]))} — {view.gate_word(reports[0])}"
        version = reports[0].tool.version
    else:
        parts.insert(0, _contents(reports, unread))
        title = f"jfp: {len(reports) + len(unread)} plans"
        version = reports[0].tool.version if reports else __version__
    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP.format(digest=digest)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="jfp {escape(version)}">
<title>{title}</title>
<style>{CSS}</style>
</head>
<body>
{body}
<footer class="wrap foot">jfp reports what the plan's text evidences; it is not legal advice.</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""
