"""A stand-in for ``jfp.batch.worker.check_document`` used only by tests/test_batch.py.

It reads files with jfp's real sniffing and limits (``read_checked``) and a minimal
reader per format, and makes a small Report whose statuses come from the text
("S01=met"), so batch tests do not depend on the rule engine or the real parsers.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

from jfp.errors import DocumentError
from jfp.models import (
    DocumentSummary, Gate, Kind, RequirementResult, Report, RulePackInfo, Status, StatusCounts, ToolInfo,
)
from jfp.options import Options
from jfp.parsers import read_checked, sha256_of

REQUIREMENTS = [("S01", "integration", Kind.statutory), ("S02", "health-services", Kind.statutory),
                ("P01", "consultation-summary", Kind.process), ("R01", "workforce", Kind.recommended)]
PACK = RulePackInfo(id="fake-pack", title="Fake pack", version="1")


def _text(path: Path, fmt: str, data: bytes) -> tuple[str, int | None]:
    if fmt == "docx":
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise DocumentError(str(path), f"is not a readable Word file ({exc}).", "corrupt") from None
        return "\n".join(p.text for p in document.paragraphs), None
    if fmt == "pdf":
        if b"/Encrypt" in data:
            raise DocumentError(str(path), "is password-protected.", "encrypted")
        return data.decode("latin-1"), 1
    return data.decode("utf-8", "replace"), None


def batch_options(options: Options, jobs: int = 2, timeout: float | None = 30, formats=(), force: bool = False,
                  max_memory_mb: float | None = None) -> Options:
    """``options`` with what a batch run is given: workers, limits, extra formats, --force."""
    limits = replace(options.limits, timeout_seconds=timeout,
                     max_memory_mb=max_memory_mb if max_memory_mb is not None else options.limits.max_memory_mb)
    return replace(options, jobs=jobs, limits=limits, batch_formats=tuple(formats), force=force)


def check(path: Path, settings, pack=None) -> tuple[Report, str | None]:
    """Fake check: statuses from "Sxx=status" markers, a gate on missing requirements of the --fail-on kinds."""
    from jfp.batch.results import find_icb

    fmt, data = read_checked(path, settings.limits)
    text, pages = _text(path, fmt, data)
    if not text.strip():
        raise DocumentError(str(path), "the document has no text.", "empty")
    results = []
    for code, rid, kind in REQUIREMENTS:
        m = re.search(rf"{code}=(met|partial|missing)", text)
        status = Status(m.group(1) if m else "missing")
        results.append(RequirementResult(id=rid, code=code, title=f"Requirement {rid}", kind=kind, status=status,
                                         score={"met": 100.0, "partial": 50.0, "missing": 0.0}[status.value]))
    counts = StatusCounts(**{s.value: sum(r.status == s for r in results) for s in Status})
    gated = {"statutory": {Kind.statutory}, "process": {Kind.statutory, Kind.process},
             "any": set(Kind), "none": set()}[settings.fail_on]
    failed = [r.code for r in results if r.kind in gated and r.status == Status.missing]
    title = text.strip().splitlines()[0][:120]
    report = Report(
        tool=ToolInfo(version="test"),
        document=DocumentSummary(path=str(path), format=fmt, sha256=sha256_of(data), pages=pages,
                                 words=len(text.split()), title=title),
        rulepack=PACK,
        score=round(sum(r.score for r in results) / len(results), 1),
        summary=counts,
        results=results,
        gate=Gate(passed=not failed, reasons=[f"{c} is missing" for c in failed]),
    )
    return report, find_icb([title, text[:2000]])
