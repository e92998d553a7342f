"""The terminal report (format ``table``): header, requirements by kind, what to add, warnings.

Built with Rich ``Text`` objects only, never markup strings, so "[bold]" in a plan stays text.
Colour follows the terminal: none when writing to a file or a pipe, or when NO_COLOR is set;
the status symbols (✔ ◐ ✘) and words carry the meaning without colour.
"""
from __future__ import annotations

import os
import shutil
import sys
from io import StringIO

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jfp.gate import fails_gate
from jfp.models import Evidence, Report, RequirementResult, Status
from jfp.report import view

_STYLE = {Status.met: "green", Status.partial: "yellow", Status.missing: "red"}
_DEFAULT_WIDTH = 100  # files and pipes: wide enough for the table, narrow enough to read


def _console(width: int | None, color: bool | None) -> Console:
    tty = sys.stdout.isatty()
    if color is None:
        color = tty and not os.environ.get("NO_COLOR")
    if width is None:
        # COLUMNS wins (as for any Unix tool), then the terminal's width, then the default.
        columns = os.environ.get("COLUMNS", "")
        if columns.isdigit():
            width = int(columns)
        else:
            width = shutil.get_terminal_size((_DEFAULT_WIDTH, 24)).columns if tty else _DEFAULT_WIDTH
    return Console(
        file=StringIO(), width=max(width, 40), force_terminal=color, no_color=not color,
        color_system="auto" if color else None, highlight=False, emoji=False, markup=False,
        legacy_windows=False, force_jupyter=False,
    )


def _status(result: RequirementResult) -> Text:
    style = "dim" if result.waived else _STYLE[result.status]
    return Text(view.status_label(result), style=style)


def _header(report: Report) -> Table:
    doc = report.document
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    facts = [doc.format]
    if doc.pages is not None:
        facts.append(f"{doc.pages} pages")
    facts.append(f"{doc.words:,} words")
    grid.add_row("Document", Text(f"{view.document_name(report)} ({', '.join(facts)})"))
    if doc.title:
        grid.add_row("Title", Text(view.clean(doc.title)))
    pack = f"{report.rulepack.id} {report.rulepack.version}"
    if report.plan_year:
        pack += f" · plan year {report.plan_year}"
    grid.add_row("Rule pack", Text(pack))
    if view.pack_reason(report):
        grid.add_row("Chosen by", Text(view.pack_reason(report)))
    if view.footprint_summary(report):
        grid.add_row("Footprint", Text(view.footprint_summary(report)))
    grid.add_row("Config", Text(view.config_text(report)))
    grid.add_row("Score", Text(f"{view.score_text(report.score)} / 100 · {view.summary_text(report)}"))
    grid.add_row("Gate", Text(view.gate_text(report), style="bold green" if report.gate.passed else "bold red"))
    return grid


def _table(report: Report, kind_results: list[RequirementResult], title: str) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, expand=True)
    table.add_column("Code", no_wrap=True)
    table.add_column("Requirement", ratio=2)
    table.add_column("Status", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Best evidence", ratio=3)
    for r in kind_results:
        dim = "dim" if r.waived else ""
        table.add_row(Text(r.code, style=dim), Text(view.clean(r.title), style=dim), _status(r),
                      Text(view.score_text(r.score), style=dim), Text(view.best_location(r, short=True), style=dim))
    return table


def _gap(report: Report, r: RequirementResult) -> Group:
    head = Text()
    head.append(f"{view.SYMBOL[r.status]} {r.code} {r.id}", style=f"bold {_STYLE[r.status]}")
    head.append(f" · {view.clean(r.title)}")
    meta = Text(f"{r.status.value} {r.kind.value} requirement, score {view.score_text(r.score)}",
                style="dim")
    if fails_gate(r, report.gate.fail_on):
        meta.append(" · ")
        meta.append("fails the gate", style="bold red")
    lines: list[Text] = [meta]
    for label, text in view.gap_parts(r):
        # The gap sentence reads best on its own; the other parts carry a label.
        lines.append(Text(text) if label == "Gap" else Text.assemble((f"{label}: ", "bold"), text))
    return Group(head, Padding(Group(*lines), (0, 0, 0, 4)))


def _quote(ev: Evidence) -> Padding:
    text = Text.assemble((view.location(ev), "cyan"), f" [{ev.strength.value}] ",
                         f"“{view.clean(ev.text)}”")
    return Padding(text, (0, 0, 0, 2))


def render(report: Report, *, verbose: bool = False, width: int | None = None,
           color: bool | None = None) -> str:
    """The report for a person at a terminal (or a .txt file); ``verbose`` lists every hit."""
    console = _console(width, color)
    console.print(Text("jfp · Joint Forward Plan check", style="bold"))
    console.print(_header(report))
    for kind, results in view.by_kind(report):
        console.print()
        console.print(_table(report, results, f"{view.KIND_LABEL[kind]} ({len(results)})"))
    todo = view.gaps(report)
    if todo:
        console.print()
        console.print(Text(f"What to add ({len(todo)})", style="bold underline"))
        for r in todo:
            console.print(_gap(report, r))
    for title, lines in ((f"Footprint ({len(view.footprint_lines(report))} bodies)", view.footprint_lines(report)),
                         (f"Not checked ({len(report.not_checked)})", view.not_checked_lines(report))):
        if lines:
            console.print()
            console.print(Text(title, style="bold underline"))
            for line in lines:
                console.print(Padding(Text(line), (0, 0, 0, 2)))
    waived = [r for r in report.results if r.waived]
    if waived:
        console.print()
        console.print(Text("Waived", style="bold underline"))
        for r in waived:
            until = f" (until {r.waiver_expires})" if r.waiver_expires else ""
            line = Text(f"{r.code} {r.id}: {view.clean(r.waiver_reason or '')}{until}", style="dim")
            console.print(Padding(line, (0, 0, 0, 2)))
    if verbose:
        console.print()
        console.print(Text("All evidence", style="bold underline"))
        for r in report.results:
            hits = r.hits or r.evidence
            console.print(Text(f"{r.code} {r.id} ({len(hits)} hits)", style="bold"))
            for ev in hits:
                console.print(_quote(ev))
    warnings = [(w.page, f"{w.code}: {view.clean(w.message)}") for w in report.document.warnings]
    if warnings or report.warnings:
        console.print()
        console.print(Text("Warnings", style="bold underline"))
        for page, message in warnings:
            where = f"p.{page} " if page else ""
            console.print(Padding(Text(f"⚠ {where}{message}", style="yellow"), (0, 0, 0, 2)))
        for message in report.warnings:
            console.print(Padding(Text(f"⚠ {view.clean(message)}", style="yellow"), (0, 0, 0, 2)))
    # Rich pads table cells to the full width; trailing blanks only bloat files and diffs.
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"


def gate_line(report: Report) -> str:
    """One line for --quiet: "jfp: kestrel.docx FAIL score 71.5 — missing statutory: S13 research"."""
    line = f"jfp: {view.document_name(report)} {view.gate_word(report)} score {view.score_text(report.score)}"
    if report.gate.reasons:
        line += " — " + "; ".join(report.gate.reasons)
    return line
