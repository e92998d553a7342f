"""The file a parser reads: what it really is, its bytes within the limits, its hash and its shown name.

The extension says what the user thinks the file is; the first bytes say what it is.
Both must agree, so a PDF renamed ``.docx`` is refused with a clear sentence rather
than half-read.
"""
from __future__ import annotations

import hashlib
import os

from jfp.errors import DocumentError, printable
from jfp.options import Limits

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

SUPPORTED_SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def sniff(data_head: bytes) -> str | None:
    """What the first bytes say the file is: "zip", "pdf", "ole" (old .doc / encrypted OOXML) or None."""
    if data_head.startswith(b"PK\x03\x04") or data_head.startswith(b"PK\x05\x06"):
        return "zip"
    if b"%PDF-" in data_head[:1024]:
        return "pdf"
    if data_head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    return None


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as documents and reports carry it: one line of valid UTF-8.

    A Linux file name need not be valid UTF-8; Python keeps such bytes as lone surrogates,
    which no UTF-8 report (JSON, HTML, a terminal) can hold. They are shown as ``\\xNN``,
    and control characters (a newline in a name would split the one-line gate result) as
    escapes, as in error messages.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", "backslashreplace")
    return printable(text)


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the file's bytes."""
    return hashlib.sha256(data).hexdigest()


def read_checked(path: Path, limits: Limits) -> tuple[str, bytes]:
    """Return (format, bytes) for a readable, supported, non-empty file within limits."""
    name = str(path)
    if not path.exists():
        raise DocumentError(name, "file not found.", "not-found")
    if path.is_dir():
        raise DocumentError(name, "is a directory, not a document.", "unsupported")
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DocumentError(
            name,
            f"unsupported file type '{path.suffix or '(none)'}'; jfp reads .docx, .pdf, .md and .txt.",
            "unsupported",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror}).", "unreadable") from None
    if size == 0:
        raise DocumentError(name, "the file is empty (0 bytes).", "empty")
    if size > limits.max_file_bytes:
        raise DocumentError(
            name,
            f"the file is {size / 1e6:.0f} MB, over the {limits.max_file_bytes / 1e6:.0f} MB limit.",
            "too-large",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot be read ({exc.strerror or exc}).", "unreadable") from None
    magic = sniff(data[:1024])
    if fmt == "docx":
        if magic == "pdf":
            raise DocumentError(name, "is named .docx but is a PDF; rename it to .pdf.", "wrong-type")
        if magic == "ole":
            raise DocumentError(
                name,
                "is an encrypted (password-protected) Word file or an old .doc file; save it as an unprotected .docx.",
                "encrypted",
            )
        if magic != "zip":
            raise DocumentError(name, "is not a Word .docx file (it is not a zip package).", "wrong-type")
    elif fmt == "pdf":
        if magic != "pdf":
            kind = "a zip/Office file" if magic == "zip" else "not a PDF"
            raise DocumentError(name, f"is named .pdf but is {kind}.", "wrong-type")
    else:
        # UTF-16 text (Notepad's "Unicode") is full of NULs but announces itself with a BOM.
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        if magic in ("zip", "pdf", "ole") or (b"\x00" in data[:4096] and not utf16):
            raise DocumentError(name, "is named as a text file but holds binary data.", "wrong-type")
    return fmt, data
