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


def parse_data(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS, mapper: Mapper = serial) -> dict:
    """The Document's JSON form (what ``parse(...).model_dump()`` gives), for ``jfp outline``.

    DOCX and PDF are built as plain data, without loading pydantic or the models: showing a
    document's tree needs neither. Markdown and text are read into the models as usual.
    """
    from pathlib import Path

    p = Path(path)
    fmt, data = read_checked(p, limits)
    if fmt not in _READ_INTO:
        return require_text(read_document(p, fmt, data, limits, sha256_of(data), mapper), p).model_dump()
    from jfp.parsers.builder import AS_DATA

    doc = read_document(p, fmt, data, limits, sha256_of(data), mapper, AS_DATA)
    _refuse_without_text(doc["meta"]["words"], [w["code"] for w in doc["warnings"]], p)
    return doc


def read_document(path: Path, fmt: str, data: bytes, limits: Limits, sha256: str, mapper: Mapper = serial,
                  make=None) -> Document:
    """The Document of ``data``, read by the format's reader; whatever a reader raises becomes a DocumentError.

    ``make`` is what the DOCX and PDF readers' builder makes its parts with (``builder.AS_DATA``:
    plain data); None, the models. A Document of any format but PDF (whose reader judges each
    page itself) has its garbled text set aside (``garbled_text``).
    """
    doc = _read_document(path, fmt, data, limits, sha256, mapper, make)
    if make is None and fmt != "pdf":
        from jfp.parsers.garbled_text import drop_garbled

        with _one_sentence(path, fmt):
            return drop_garbled(doc)
    return doc


def _read_document(path: Path, fmt: str, data: bytes, limits: Limits, sha256: str, mapper: Mapper, make):
    with _one_sentence(path, fmt):
        if fmt not in _READ_INTO:
            from jfp.parsers import text

            return text.parse(path, data, limits)
        from jfp.parsers.builder import DocumentBuilder

        builder = DocumentBuilder(shown_path(path), fmt, sha256, len(data), make)
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
    _refuse_without_text(doc.meta.words, [w.code for w in doc.warnings], p)
    return doc


def _refuse_without_text(words: int, warnings: list[str], p: Path) -> None:
    if words == 0:
        if any(code in ("no-text-layer", "needs-ocr") for code in warnings):
            raise DocumentError(
                str(p), "has no text layer (scanned pages?); run OCR on it first.", "no-text"
            )
        raise DocumentError(str(p), "the document has no text.", "empty")
