"""Document text made safe to show: no character that can rewrite a terminal or reorder a line.

A submitted file's headings, title and quotes reach the terminal, and through it the
reviewer. C0 and C1 controls (ESC, CSI U+009B, DCS U+0090, ST U+009C) can move the cursor,
recolour or retitle the terminal; bidi overrides, embeddings, isolates and marks
("Trojan Source") make a line read in another order than it is stored. People never need
them in a plan, so every output that shows document text passes it through here: the
terminal and outline renderers, Markdown, HTML, JUnit and SARIF (``jfp.report.view.clean``),
and the JSON outputs escape them (``escape_json``), which keeps them, losslessly, as ``\\uXXXX``.
"""
from __future__ import annotations

# Bidi controls: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM and the Arabic letter mark.
BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
C1 = tuple(range(0x80, 0xA0))
# Tab, newline and carriage return are whitespace and are handled by the callers.
C0 = (*range(0, 9), 11, 12, *range(14, 32), 127)
UNSAFE = frozenset((*C0, *C1, *BIDI))

_TO_SPACE = dict.fromkeys((*UNSAFE, 9, 10, 13), " ")
_ESCAPES = {c: f"\\u{c:04x}" for c in (*C1, *BIDI, 127)}


def one_line(text: str) -> str:
    """``text`` on one line, safe to show: controls and bidi controls become spaces, runs of whitespace one space."""
    return " ".join(text.translate(_TO_SPACE).split())


def escape_json(text: str) -> str:
    """JSON text with C1 controls, DEL and bidi controls written as ``\\uXXXX`` (JSON already escapes C0).

    They can stand only inside JSON strings, where the escape means the same character, so
    the document's text is kept exactly while a terminal showing the JSON never sees them.
    """
    if text.isascii():
        return text
    return text.translate(_ESCAPES)
