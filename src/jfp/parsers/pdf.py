"""Read a PDF plan into a ``Document``.

``pdf_stream`` does the reading (pdfium text with sizes and positions, then the layout
rules) and returns a flat stream of headings and blocks; this module hands that stream to
``DocumentBuilder``. When ``jfp.prefetch`` already read the same bytes in a process started
at launch, its stream is used instead of reading again.
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
    stream = prefetch.take(name, sha256, limits)
    if stream is None:
        # Imported here, not at the top: with a head start this process never loads pdfium.
        from jfp.parsers.pdf_stream import read_stream

        stream = read_stream(name, data, limits)
    builder = DocumentBuilder(name, "pdf", sha256, len(data))
    for code, message, page in stream.warnings:
        builder.warn(code, message, page)
    for item in stream.items:
        if item.kind == "heading":
            builder.heading(item.text, item.level or 1, page=item.page)
        elif item.kind == "table":
            builder.block("table", "", page=item.page, rows=item.rows)
        else:
            builder.block(item.kind, item.text, page=item.page)
    return builder.build(pages=stream.pages, title=stream.title)
