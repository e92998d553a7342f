"""Turn a file into a ``Document``: read it within the limits (``source``), dispatch to its reader.

``parse`` is the parsers' one entry point; what the file is and whether it may be read at
all is decided in ``jfp.parsers.source``, whose names are re-exported here.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from jfp.errors import DocumentError
from jfp.mapper import serial
from jfp.options import DEFAULT_LIMITS, Limits  # noqa: F401 - the parsers' bounds, re-exported
from jfp.parsers.source import SUPPORTED_SUFFIXES, read_checked, sha256_of, shown_path, sniff  # noqa: F401

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

    from jfp.mapper import Mapper
    from jfp.models import Document


def parse(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, mapper: Mapper = serial) -> Document:
    """Parse one file into a Document, or raise DocumentError with one clear sentence.

    ``mapper`` (``jfp.mapper``) reads a long PDF's pages; the runner's may share them with
    other processes. The Document is the same whichever reads them.
    """
    from pathlib import Path

    p = Path(path)
    fmt, data = read_checked(p, limits)
    return require_text(read_document(p, fmt, data, limits, sha256_of(data), mapper), p)


# The readers that write into a builder; Markdown and text build their own Document.
_READ_INTO = {"docx": "jfp.parsers.docx_read", "pdf": "jfp.parsers.pdf_read"}


def read_document(path: Path, fmt: str, data: bytes, limits: Limits, sha256: str, mapper: Mapper = serial) -> Document:
    """The Document of ``data``, read by the format's reader; whatever a reader raises becomes a DocumentError."""
    with _one_sentence(path, fmt):
        if fmt not in _READ_INTO:
            from jfp.parsers import text

            return text.parse(path, data, limits)
        from jfp.parsers.builder import DocumentBuilder

        builder = DocumentBuilder(shown_path(path), fmt, sha256, len(data))
        if fmt == "pdf":
            from jfp.parsers import pdf_read

            return pdf_read.read_into(str(path), data, limits, builder, mapper)
        from jfp.parsers import docx_read

        return docx_read.read_into(str(path), data, limits, builder)


@contextmanager
def _one_sentence(p: Path, fmt: str) -> Iterator[None]:
    """Turn whatever a reader raises into a DocumentError with one clear sentence."""
    try:
        yield
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(str(p), "ran out of memory while reading the document.", "too-large") from None
    except RecursionError:
        raise DocumentError(str(p), "the document's structure is nested too deeply to read.", "corrupt") from None
    except Exception as exc:  # noqa: BLE001 - a parser bug must still be one clear sentence
        raise DocumentError(
            str(p), f"could not be read as {fmt.upper()} ({type(exc).__name__}: {exc}).", "corrupt"
        ) from exc


def require_text(doc: Document, p: Path) -> Document:
    """``doc``, unless it has no words: then the sentence that says why."""
    if doc.meta.words == 0:
        if any(w.code in ("no-text-layer", "needs-ocr") for w in doc.warnings):
            raise DocumentError(
                str(p), "has no text layer (scanned pages?); run OCR on it first.", "no-text"
            )
        raise DocumentError(str(p), "the document has no text.", "empty")
    return doc
