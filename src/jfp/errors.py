"""Exceptions that map to the documented exit codes (report-contract.md)."""
from __future__ import annotations


class JfpError(Exception):
    """Base class: an expected failure with one clear sentence for the user."""

    exit_code = 2


class UsageError(JfpError):
    """Bad option, unknown rule pack, invalid rule file or config: exit 2."""

    exit_code = 2


class DocumentError(JfpError):
    """A document could not be read (corrupt, encrypted, unsupported, too large, no text): exit 3.

    ``reason`` is a short machine-friendly code ("corrupt", "encrypted", "unsupported",
    "too-large", "empty", "not-found", "timeout", ...); the message is one sentence that
    names the file.
    """

    exit_code = 3

    def __init__(self, path: str, message: str, reason: str = "unreadable") -> None:
        self.path = str(path)
        self.reason = reason
        self.detail = printable(message)
        super().__init__(f"{printable(self.path)}: {self.detail}")


def printable(text: str) -> str:
    """``text`` with control characters escaped, so a hostile file or zip-entry name stays on one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
