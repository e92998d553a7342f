"""``jfp annotate``: a copy of the plan with the report's findings in the margin.

``notes`` decides what each comment says and where (from the Document and its Report,
pure); ``docx_comments`` writes them into a copy of a DOCX as Word comments,
``pdf_notes`` into a copy of a PDF as highlights and notes. The runner
(``jfp.runner.annotate``) reads and checks the plan exactly as ``jfp check`` does, in the
same sandbox, and calls ``annotate_copy`` there; the command (``jfp.cli``) writes the copy.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from jfp import __version__
from jfp.errors import DocumentError, JfpError
from jfp.options import Limits

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.engine.loader import RulePack
    from jfp.models import Document, Report

AUTHOR = f"jfp {__version__}"  # every comment's author: a reviewer filters or deletes them all at once
INITIALS = "jfp"


@dataclass
class Annotated:
    """The annotated copy's bytes, the report it shows and how many comments of each kind it has."""

    data: bytes
    report: Report
    counts: dict[str, int] = field(default_factory=dict)  # "summary", "gap", "evidence"
    skipped: int = 0  # notes whose paragraph was not found (never, unless the file changed)
    placed: dict[str, int] = field(default_factory=dict)  # PDF: "highlighted", "noted", "skipped"

    @property
    def total(self) -> int:
        return sum(self.counts.values()) - self.skipped


def annotate_copy(name: str, data: bytes, doc: Document, report: Report, pack: RulePack | None,
                  limits: Limits, now: datetime | None = None) -> Annotated:
    """The DOCX ``data`` (read as ``doc``, checked as ``report``) with the findings as comments;
    a PDF's with them as annotations (``pdf_notes``)."""
    from jfp.annotate.notes import plan_notes

    notes = plan_notes(doc, report, pack)
    when = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    counts = Counter(n.kind for n in notes)
    try:
        if doc.meta.format == "pdf":
            from jfp.annotate.pdf_notes import write_pdf_notes

            copy, placed = write_pdf_notes(data, notes, AUTHOR, when)
            return Annotated(data=copy, report=report, counts=dict(counts), skipped=placed["skipped"], placed=placed)
        from jfp.annotate.docx_comments import write_comments

        copy, written = write_comments(name, data, limits, notes, AUTHOR, INITIALS, when)
        return Annotated(data=copy, report=report, counts=dict(counts), skipped=len(notes) - written)
    except (JfpError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - a file check could read but pdfium or lxml cannot write: one sentence
        raise DocumentError(name, f"was checked but its copy could not be written ({type(exc).__name__}: {exc}).",
                            "corrupt") from exc
