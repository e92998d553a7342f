"""What a batch knows about each document once it is done: one ``DocResult`` per row.

A row is small (no evidence text), so workers send rows rather than whole reports, the
manifest can keep rows for resumed runs, and the summaries are built from rows alone.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jfp.models import Report, RulePackInfo, StatusCounts
from jfp.parsers import shown_path

# Reasons that depend on this run (time, memory, a dying process), not on the file:
# such rows are retried on the next run instead of being reused.
TRANSIENT_REASONS = frozenset({"timeout", "crash", "worker-died", "memory"})

_ICB = re.compile(
    r"\bNHS\s+((?:[A-Z][\w'’&.,-]*|and|of|the|upon|on)(?:\s+(?:[A-Z][\w'’&.,-]*|and|of|the|upon|on)){0,11}?)"
    r"\s+(Integrated\s+Care\s+Board|ICB)\b"
)


class ReqCell(BaseModel):
    """One requirement's outcome for one document (a heat-map cell)."""

    model_config = ConfigDict(frozen=True)

    code: str
    id: str
    title: str = ""
    kind: str = ""
    status: str
    waived: bool = False

    @property
    def column(self) -> str:
        """Column name in summary.csv: code and id, e.g. "S01 integration"."""
        return f"{self.code} {self.id}"


class DocResult(BaseModel):
    """One document's row in the batch summary: a checked report's headline or an error."""

    model_config = ConfigDict(frozen=True)

    file: str
    stem: str
    outcome: Literal["checked", "error"]
    sha256: str | None = None
    reused: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time the worker spent: seconds far above it mean a busy machine
    peak_mb: float | None = None  # the worker process's peak RSS so far (it may have checked earlier plans)
    icb: str | None = None
    title: str | None = None
    format: str | None = None
    pages: int | None = None
    words: int = 0
    score: float | None = None
    counts: StatusCounts | None = None
    gate_passed: bool | None = None
    gate_reasons: list[str] = Field(default_factory=list)
    requirements: list[ReqCell] = Field(default_factory=list)
    rulepack: RulePackInfo | None = None
    error_reason: str | None = None
    error: str | None = None
    reports: dict[str, str] = Field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """This row's contribution to the batch exit code (report-contract.md)."""
        if self.outcome == "error":
            return 3
        return 0 if self.gate_passed is not False else 1

    @field_validator("file")
    @classmethod
    def _reportable(cls, file: str) -> str:
        # A file name that is not valid UTF-8 cannot go into the JSON, CSV or HTML summaries.
        return shown_path(file)


class BatchResult(BaseModel):
    """Everything a batch run produced, in input order."""

    rows: list[DocResult]
    total: int
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """Worst of 0 all passed, 1 some failed the gate, 3 some unreadable; 130 if interrupted."""
        if self.interrupted:
            return 130
        return max((r.exit_code for r in self.rows), default=0)


def requirement_columns(rows: list[DocResult]) -> list[ReqCell]:
    """The requirements in rule-pack order, as the first checked document lists them."""
    seen: dict[str, ReqCell] = {}
    for row in rows:
        for cell in row.requirements:
            seen.setdefault(cell.column, cell)
    return list(seen.values())


def find_icb(texts: Iterable[str | None]) -> str | None:
    """The first "NHS <Name> Integrated Care Board" (or "... ICB") in the given texts."""
    for text in texts:
        if not text:
            continue
        match = _ICB.search(text)
        if match:
            name = " ".join(match.group(1).split()).rstrip(",")
            return f"NHS {name} Integrated Care Board"
    return None


def checked_row(report: Report, file: str, stem: str, icb: str | None, reports: dict[str, str]) -> DocResult:
    """The summary row for a document that was read and checked."""
    doc = report.document
    return DocResult(
        file=file,
        stem=stem,
        outcome="checked",
        sha256=doc.sha256,
        icb=icb or find_icb([doc.title]),
        title=doc.title,
        format=doc.format,
        pages=doc.pages,
        words=doc.words,
        score=report.score,
        counts=report.summary,
        gate_passed=report.gate.passed,
        gate_reasons=list(report.gate.reasons),
        requirements=[
            ReqCell(code=r.code, id=r.id, title=r.title, kind=r.kind.value, status=r.status.value, waived=r.waived)
            for r in report.results
        ],
        rulepack=report.rulepack,
        reports=reports,
    )


def error_row(file: str, stem: str, reason: str, message: str, sha256: str | None = None) -> DocResult:
    """The summary row for a document that could not be checked, with its reason."""
    return DocResult(file=file, stem=stem, outcome="error", sha256=sha256, error_reason=reason, error=message)
