"""Read a Word .docx plan into a ``Document``.

``docx_read`` does the reading (package, styles, one walk of the body, what each paragraph
is) into a builder; this module gives it a ``DocumentBuilder``. When ``jfp.prefetch``
already read the same bytes in a process started at launch, that process's recorded
builder calls are replayed instead of reading the file again.
"""
from __future__ import annotations

from pathlib import Path

from jfp import prefetch
from jfp.models import Document
from jfp.parsers import Limits, sha256_of
from jfp.parsers.builder import DocumentBuilder


def parse(path: Path, data: bytes, limits: Limits) -> Document:
    """Parse .docx bytes into a Document (DocumentError for corrupt, unsafe or non-Word files)."""
    name = str(path)
    sha256 = sha256_of(data)
    builder = DocumentBuilder(name, "docx", sha256, len(data))
    recording = prefetch.take(name, sha256, limits)
    if recording is not None:
        return recording.replay(builder)
    # Imported here, not at the top: with a head start this process never loads lxml.
    from jfp.parsers.docx_read import read_into

    return read_into(name, data, limits, builder)
