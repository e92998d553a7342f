"""Read a PDF plan into a ``Document``.

``pdf_read`` does the reading (pdfium text with sizes and positions, then the layout
rules) into a builder; this module gives it a ``DocumentBuilder``. When ``jfp.prefetch``
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
    """Parse a PDF's bytes into a Document, or raise DocumentError with one clear sentence."""
    name = str(path)
    sha256 = sha256_of(data)
    builder = DocumentBuilder(name, "pdf", sha256, len(data))
    recording = prefetch.take(name, sha256, limits)
    if recording is not None:
        return recording.replay(builder)
    # Imported here, not at the top: with a head start this process never loads pdfium.
    from jfp.parsers.pdf_read import read_into

    return read_into(name, data, limits, builder)
