"""Read a Word .docx plan into a ``Document``.

``docx_read`` does the reading (package, styles, one walk of the body, what each paragraph
is) into a builder; this module gives it a ``DocumentBuilder``. (A parse recorded at
launch by ``jfp.prefetch`` is replayed by ``jfp.parsers.parse`` without coming here.)
"""
from __future__ import annotations

from pathlib import Path

from jfp.models import Document
from jfp.parsers import Limits, sha256_of
from jfp.parsers.builder import DocumentBuilder


def parse(path: Path, data: bytes, limits: Limits) -> Document:
    """Parse .docx bytes into a Document (DocumentError for corrupt, unsafe or non-Word files)."""
    name = str(path)
    builder = DocumentBuilder(name, "docx", sha256_of(data), len(data))
    # Imported here, not at the top: this front is imported before every fork, and a run
    # that replays a head start (jfp.prefetch) never needs lxml.
    from jfp.parsers.docx_read import read_into

    return read_into(name, data, limits, builder)
