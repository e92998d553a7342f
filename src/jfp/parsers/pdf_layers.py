"""Which optional-content layers (OCGs) a PDF shows by default, so text on a layer turned off is not read.

pdfium tells which layer a page object is marked with (its ``/OC`` mark names the OCG) but
not which layers the document turns off, so that is read here from the file's bytes: the
catalog's ``/OCProperties /D`` dictionary (``/OFF [...]``, or ``/BaseState /OFF`` with its
``/ON [...]``) and the ``/Name`` of each OCG. Objects inside compressed object streams are
not seen, so such a file's layers are all taken as shown (its text is read). A name that
belongs to a layer shown and to one turned off is taken as shown.
"""
from __future__ import annotations

import re

_OCG = re.compile(rb"/Type\s*/OCG(?![A-Za-z])")
_HEAD = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R")
_NAME = re.compile(rb"/Name\s*(\((?:\\.|[^\\)]){0,500}\)|<[0-9A-Fa-f\s]{0,2000}>)")
_D = re.compile(rb"/D\s*<<(.{0,20000}?)>>", re.S)


def hidden_layers(data: bytes) -> frozenset[str]:
    """The names of the layers the document turns off by default (empty for most PDFs)."""
    if b"/OCProperties" not in data or b"/OCG" not in data:
        return frozenset()
    names: dict[bytes, str] = {}
    # Found from each "/Type /OCG" outwards, not by scanning every object: a large designed
    # PDF has thousands of objects and a handful of layers.
    for m in _OCG.finditer(data):
        head = data.rfind(b" obj", max(0, m.start() - 4000), m.start())
        end = data.find(b"endobj", m.end(), m.end() + 4000)
        if head < 0 or end < 0:
            continue
        number = _HEAD.search(data, max(0, head - 30), head + 4)
        found = _NAME.search(data, head, end)
        if number and found:
            names[number.group(1)] = _text(found.group(1))
    start = data.find(b"/OCProperties")
    d = _D.search(data, start, start + 40000)
    if d is None or not names:
        return frozenset()
    config = d.group(1)
    off = set(_refs(config, b"/OFF"))
    if re.search(rb"/BaseState\s*/OFF", config):
        on = set(_refs(config, b"/ON"))
        off |= {n for n in names if n not in on}
    shown = {names[n] for n in names if n not in off}
    return frozenset(names[n] for n in off if n in names and names[n] not in shown)


def _refs(config: bytes, key: bytes) -> list[bytes]:
    m = re.search(re.escape(key) + rb"\s*\[([^\]]{0,20000})\]", config)
    return _REF.findall(m.group(1)) if m else []


def _text(raw: bytes) -> str:
    """A PDF string's text: a literal (escapes undone) or hex, UTF-16 with its BOM or PDFDocEncoding."""
    if raw.startswith(b"<"):
        digits = re.sub(rb"\s", b"", raw[1:-1])
        value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    else:
        value = re.sub(rb"\\(.)", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(m.group(1), m.group(1)), raw[1:-1])
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be", errors="replace")
    return value.decode("latin-1")
