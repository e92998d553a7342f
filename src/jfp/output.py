"""Writing reports to standard output whatever characters its encoding can hold.

Plans are full of characters an ASCII or code-page console cannot show (pound signs, dashes,
curly quotes), and Python's standard output refuses them with a UnicodeEncodeError: a
traceback instead of a report. Each format gets the substitute that keeps it valid:

- JSON and SARIF: ``\\u00a3`` escapes, which any JSON reader turns back into the character;
- HTML and JUnit XML: character references (``&#163;``), likewise lossless;
- text, tables and Markdown: ``?``, as a console would show it.

On a UTF-8 stream (the usual case) the text is written as it is. (One-line messages go
through ``say``, which escapes what such a console cannot show.)

Each report is flushed as it is written, so a full disk or a device error shows while the
command can still say so (``jfp.__main__``: one sentence, exit 2), not in a flush at exit.
"""
from __future__ import annotations

import codecs
import sys


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped = []
    for ch in error.object[error.start:error.end]:
        code = ord(ch)
        if code > 0xFFFF:  # JSON writes a character beyond the BMP as a surrogate pair
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error("jfp-json-escape", _json_escape)

# Report format -> the error handler that keeps it valid (anything else: "replace").
_HANDLERS = {
    "json": "jfp-json-escape",
    "sarif": "jfp-json-escape",
    "html": "xmlcharrefreplace",
    "junit": "xmlcharrefreplace",
}


def _holds_everything(encoding: str | None) -> bool:
    if not encoding:
        return True
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def printable_for(stream: object, text: str, fmt: str) -> str:
    """``text`` with what ``stream``'s encoding cannot hold replaced as ``fmt`` allows."""
    encoding = getattr(stream, "encoding", None)
    if _holds_everything(encoding):
        return text
    return text.encode(encoding, _HANDLERS.get(fmt, "replace")).decode(encoding)


def write(text: str, fmt: str, stream: object | None = None) -> None:
    """Write a rendered report (or outline) of format ``fmt`` to ``stream`` (standard output)."""
    stream = stream or sys.stdout
    stream.write(printable_for(stream, text, fmt))
    stream.flush()


def say(text: str, err: bool = False) -> None:
    """One line for the user: a message on standard error, or a result line on standard output.

    A console that cannot show a character of it (a file name in a code page) gets an
    escape for that character instead of a traceback.
    """
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write((text + "\n").encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()
