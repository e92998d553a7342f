"""Progress on stderr while a batch runs: a rich bar on a terminal, plain lines otherwise.

The runner calls ``begin``, ``started``, ``finished`` and ``end``; nothing else in the
batch prints. Plain lines (``--quiet``, or stderr not a terminal) are one per document,
so logs from CI and cron stay readable.
"""
from __future__ import annotations

import sys
from typing import Protocol, TextIO

from jfp.batch.results import DocResult
from jfp.errors import printable


class Progress(Protocol):
    """What the runner reports as it goes."""

    def begin(self, total: int, reused: int) -> None:
        """The run starts: ``total`` documents, ``reused`` of them unchanged since last time."""

    def started(self, file: str) -> None:
        """A worker took this document."""

    def finished(self, row: DocResult) -> None:
        """A document is done (checked or error)."""

    def end(self) -> None:
        """The run stopped (finished or interrupted)."""


class NullProgress:
    """Says nothing (library use and tests)."""

    def begin(self, total: int, reused: int) -> None:
        """Nothing."""

    def started(self, file: str) -> None:
        """Nothing."""

    def finished(self, row: DocResult) -> None:
        """Nothing."""

    def end(self) -> None:
        """Nothing."""


def describe(row: DocResult) -> str:
    """One short line about a finished document (a name's controls and bidi marks escaped, as in errors)."""
    name = printable(row.file)
    if row.outcome == "error":
        return f"ERROR {name}: {row.error_reason}: {printable(row.error or '')}"
    gate = "pass" if row.gate_passed is not False else "FAIL"
    score = f"{row.score:.1f}" if row.score is not None else "-"
    return f"{gate:<5} {name}  score {score}"


class LineProgress:
    """One line per document on a stream; safe for logs and pipes."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = self.done = 0

    def begin(self, total: int, reused: int) -> None:
        """Announce the run."""
        self.total, self.done = total, reused
        skipped = f" ({reused} unchanged, skipped)" if reused else ""
        print(f"jfp batch: {total} documents{skipped}", file=self.stream, flush=True)

    def started(self, file: str) -> None:
        """Lines only when something finishes."""

    def finished(self, row: DocResult) -> None:
        """One line: position, outcome, file."""
        self.done += 1
        print(f"[{self.done}/{self.total}] {describe(row)}", file=self.stream, flush=True)

    def end(self) -> None:
        """Nothing more to say; the command prints the totals."""


class RichProgress:
    """A live bar: done/total, the files being checked now, and failures so far."""

    def __init__(self, console=None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console or Console(stderr=True)
        self.bar = Progress(
            TextColumn("[bold]checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failures]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", style="dim", markup=False),
            console=self.console,
            transient=False,
        )
        self.task = None
        self.current: list[str] = []
        self.failures = 0

    def _fields(self) -> dict:
        names = ", ".join(f.rsplit("/", 1)[-1] for f in self.current[:3])
        failed = f"[red]{self.failures} failed[/]" if self.failures else ""
        return {"current": names, "failures": failed}

    def begin(self, total: int, reused: int) -> None:
        """Start the bar, counting reused documents as done."""
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, completed=reused, **self._fields())

    def started(self, file: str) -> None:
        """Show the file among those being checked."""
        self.current.append(file)
        self.bar.update(self.task, **self._fields())

    def finished(self, row: DocResult) -> None:
        """Advance; print failures above the bar so they stay on screen."""
        if row.file in self.current:
            self.current.remove(row.file)
        if row.outcome == "error":
            from rich.text import Text

            self.failures += 1
            self.bar.console.print(Text(describe(row), style="red"))
        self.bar.update(self.task, advance=1, **self._fields())

    def end(self) -> None:
        """Stop the bar."""
        self.bar.stop()


def make_progress(quiet: bool) -> Progress:
    """The rich bar on an interactive stderr, one line per document otherwise."""
    if quiet or not sys.stderr.isatty():
        return LineProgress()
    return RichProgress()
