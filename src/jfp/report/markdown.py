"""The Markdown report: pasteable into a board paper, a wiki page or a pull-request comment.

Every piece of document and rule text goes through ``escape``: Markdown punctuation is
backslash-escaped (CommonMark allows it before any ASCII punctuation), angle brackets
become entities so no HTML passes through, and "@" gets a word joiner so a quoted
"@everyone" never pings anyone in a GitHub comment.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from jfp.errors import DocumentError
from jfp.gate import fails_gate
from jfp.models import Report, RequirementResult
from jfp.report import view

_PUNCT = re.compile(r"([\\`*_{}\[\]#|~])")


def escape(text: str) -> str:
    """One line of document or rule text made inert in Markdown (tables included)."""
    text = view.clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    return text.replace("@", "@\u2060")


def _table(report: Report) -> list[str]:
    lines = ["| Code | Requirement | Kind | Status | Score | Best evidence |",
             "|---|---|---|---|--:|---|"]
    for _, results in view.by_kind(report):
        for r in results:
            status = view.status_label(r)
            if fails_gate(r, report.gate.fail_on):
                status = f"**{status}**"
            lines.append(f"| {r.code} | {escape(r.title)} | {r.kind.value} | {status} | "
                         f"{view.score_text(r.score)} | {escape(view.best_location(r))} |")
    return lines


def _gap(report: Report, r: RequirementResult) -> list[str]:
    flag = " — fails the gate" if fails_gate(r, report.gate.fail_on) else ""
    lines = [f"### {view.SYMBOL[r.status]} {r.code} {escape(r.title)} ({r.status.value}, {r.kind.value}){flag}", ""]
    lines += [f"- **{escape(label)}:** {escape(text)}" for label, text in view.gap_parts(r)]
    ev = view.best_evidence(r)
    if ev:
        lines.append(f"- **Closest evidence** ({escape(view.location(ev))}): “{escape(ev.text)}”")
    lines.append("")
    return lines


def render(report: Report, *, verbose: bool = False) -> str:
    """The report as GitHub-flavoured Markdown; ``verbose`` adds every hit per requirement."""
    doc = report.document
    year = f" · plan year {report.plan_year}" if report.plan_year else ""
    pages = f"{doc.pages} pages, " if doc.pages is not None else ""
    out = [
        f"## jfp: {escape(view.document_name(report))} — {view.gate_word(report)}, "
        f"score {view.score_text(report.score)}/100",
        "",
        f"**{view.summary_text(report)}** · {pages}{doc.words:,} words · rule pack "
        f"`{report.rulepack.id}` {escape(report.rulepack.version)}{year}",
        "",
        f"**Gate:** {escape(view.gate_text(report))}",
        "",
    ]
    if view.pack_reason(report):
        out[-2:-2] = [f"**Rule pack chosen by:** {escape(view.pack_reason(report))}", ""]
    out += _table(report)
    for title, lines in (("Footprint", view.footprint_lines(report)), ("Not checked", view.not_checked_lines(report))):
        if lines:
            out += ["", f"## {title} ({len(lines)})", "", *[f"- {escape(line)}" for line in lines]]
    todo = view.gaps(report)
    if todo:
        out += ["", f"## What to add ({len(todo)})", ""]
        for r in todo:
            out += _gap(report, r)
    waived = [r for r in report.results if r.waived]
    if waived:
        out += ["", "## Waived", ""]
        for r in waived:
            until = f" (until {r.waiver_expires})" if r.waiver_expires else ""
            out.append(f"- {r.code} {escape(r.title)}: {escape(r.waiver_reason or '')}{until}")
    if verbose:
        out += ["", "## All evidence", ""]
        for r in report.results:
            out.append(f"- **{r.code} {escape(r.title)}**")
            for ev in r.hits or r.evidence:
                out.append(f"  - {escape(view.location(ev))} ({ev.strength.value}): “{escape(ev.text)}”")
    warnings = [f"{w.code}" + (f" (p.{w.page})" if w.page else "") + f": {escape(w.message)}"
                for w in doc.warnings] + [escape(w) for w in report.warnings]
    if warnings:
        out += ["", "## Warnings", ""] + [f"- {w}" for w in warnings]
    return "\n".join(out).rstrip() + "\n"


def render_many(reports: list[Report], *, verbose: bool = False, unread: Sequence[DocumentError] = ()) -> str:
    """One page for every plan of a command: an overview table, then one part per plan."""
    if len(reports) == 1 and not unread:
        return render(reports[0], verbose=verbose)
    passed = sum(r.gate.passed for r in reports)
    out = [f"# jfp: {len(reports) + len(unread)} plans — {passed} pass, {len(reports) - passed} fail"
           + (f", {len(unread)} not read" if unread else ""), "",
           "| Plan | Gate | Score | Summary |", "|---|---|--:|---|"]
    for report in reports:
        out.append(f"| {escape(report.document.path)} | {view.gate_word(report)} | "
                   f"{view.score_text(report.score)} | {escape(view.summary_text(report))} |")
    for exc in unread:
        out.append(f"| {escape(exc.path)} | not read | — | {escape(exc.detail)} |")
    for report in reports:
        out += ["", "---", "", render(report, verbose=verbose).rstrip()]
    return "\n".join(out).rstrip() + "\n"
