"""Read a PDF plan into a ``Document``.

``pdf_read`` does the reading (pdfium text with sizes and positions, then the layout
rules) into a builder; this module gives it a ``DocumentBuilder``. (A parse recorded at
launch by ``jfp.prefetch`` is replayed by ``jfp.parsers.parse`` without coming here.)
"""
from __future__ import annotations

from pathlib import Path

from jfp.models import Document
from jfp.parsers import Limits, sha256_of
from jfp.parsers.builder import DocumentBuilder


def parse(path: Path, data: bytes, limits: Limits) -> Document:
    """Parse a PDF's bytes into a Document, or raise DocumentError with one clear sentence."""
    name = str(path)
    builder = DocumentBuilder(name, "pdf", sha256_of(data), len(data))
    # Imported here, not at the top: this front is imported before every fork, and a run
    # that replays a head start (jfp.prefetch) never needs pdfium.
    from jfp.parsers.pdf_read import read_into

    return read_into(name, data, limits, builder)
