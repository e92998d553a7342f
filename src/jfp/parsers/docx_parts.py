"""The parts of a .docx that Word shows: the main document the relationships name, its styles, its altChunks.

Word opens the part that ``_rels/.rels`` names as the office document (``word/document2.xml``
is valid) and finds the styles through that part's own relationships; a
``word/document.xml`` that nothing names is never shown, so it is not read (its words
count as hidden text). An ``altChunk`` is another part, HTML, plain text or a whole .docx,
that Word imports where the chunk stands: those three are read (one level deep: a chunk's
own chunks are only warned about); MHTML, RTF and anything else are left out with an
``unread-chunk`` warning.
"""
from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field

from lxml import etree

from jfp.errors import DocumentError
from jfp.options import Limits
from jfp.parsers.docx_body import Body, Para, Table, walk
from jfp.parsers.docx_hidden import background_of, words_in
from jfp.parsers.docx_package import DOCUMENT_PART, Package
from jfp.parsers.docx_styles import NO_STYLE, StyleTable, W

_HTML = (".htm", ".html", ".xhtml", ".xht")
_DOCX = (".docx", ".docm", ".dotx", ".dotm")
_HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}


@dataclass
class MainDocument:
    """The walked main part and what the reader must say about the rest of the package."""

    body: Body
    styles: StyleTable
    orphan_words: int = 0  # words of a word/document.xml the package does not use
    chunk_hidden: int = 0  # words hidden inside the altChunks that were read
    chunk_errors: list[str] = field(default_factory=list)


def read_main(pkg: Package, limits: Limits) -> MainDocument:
    """Walk the main document part with its styles, reading altChunks where they stand."""
    main = _read_body(pkg, pkg.main, limits, depth=0)
    if pkg.main != DOCUMENT_PART and pkg.has(DOCUMENT_PART):
        try:
            orphan = pkg.xml(DOCUMENT_PART)
        except DocumentError as exc:
            if exc.reason == "too-large":
                raise
            orphan = None
        main.orphan_words = words_in(orphan) if orphan is not None else 0
    return main


def _read_body(pkg: Package, part: str, limits: Limits, depth: int) -> MainDocument:
    root = pkg.xml(part)
    body_el = root.find(W + "body") if root is not None else None
    if body_el is None:
        if root is not None and etree.QName(root).localname != "document":
            raise DocumentError(pkg.path, f"is a zip file but not a Word document ({part} is not one).", "wrong-type")
        raise DocumentError(pkg.path, "is not a valid .docx file (the document part has no body).", "corrupt")
    rels = pkg.part_relationships(part)
    styles_part = next((target for kind, target, ext in rels.values() if kind == "styles" and not ext), None)
    if styles_part is None or not pkg.has(styles_part):
        styles_part = "word/styles.xml"
    styles = StyleTable(pkg.xml(styles_part) if pkg.has(styles_part) else None)
    doc = MainDocument(Body(), styles)
    # A part is read once however many altChunks name it: a thousand references to one big
    # chunk must not mean a thousand parses (each copy still shows, as in Word).
    read: dict[str, list[Para | Table] | None] = {}

    def chunk(rel_id: str) -> tuple[list[Para | Table] | None, str]:
        kind, target, external = rels.get(rel_id, ("", rel_id or "?", False))
        if kind != "aFChunk" or external or not pkg.has(target) or depth > 0:
            return None, target
        if target not in read:
            read[target] = _read_chunk(pkg, target, limits, doc)
        items = read[target]
        return (None if items is None else [copy(item) for item in items]), target

    doc.body = walk(body_el, styles, None if _behind_text(root) else background_of(root), chunk,
                    notes=_notes(pkg, rels))
    return doc


# Footnotes and endnotes are printed on the page, so a reader sees them: the parts the main
# part's relationships name, by kind, and each note's id.
_NOTE_PARTS = {"footnotes": "footnote", "endnotes": "endnote"}


def _notes(pkg: Package, rels: dict[str, tuple[str, str, bool]]) -> dict[tuple[str, str], etree._Element]:
    """Each footnote and endnote by (kind, w:id), without the separators Word draws above them."""
    notes: dict[tuple[str, str], etree._Element] = {}
    for kind, target, external in rels.values():
        note = _NOTE_PARTS.get(kind)
        if note is None or external or not pkg.has(target):
            continue
        root = pkg.xml(target)
        for el in root if root is not None else ():
            if el.tag == W + note and el.get(W + "type") in (None, "normal"):
                notes[(note, el.get(W + "id", ""))] = el
    return notes


_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"


def _behind_text(root: etree._Element) -> bool:
    """Whether a picture or shape lies behind the text somewhere (a cover page's dark backdrop).

    Where it lies is not worked out, so in such a document no text is judged by its colour:
    white text on the backdrop would otherwise be taken for white on white.
    """
    if any(a.get("behindDoc", "").lower() in ("1", "true", "on") for a in root.iter(_ANCHOR)):
        return True
    for pict in root.iter(W + "pict"):
        for el in pict.iter():
            style = el.get("style") if isinstance(el.tag, str) else None
            if style and "z-index:-" in style.replace(" ", ""):
                return True
    return False


def _read_chunk(pkg: Package, target: str, limits: Limits, doc: MainDocument) -> list[Para | Table] | None:
    """The records of one altChunk part, or None when its kind is not read."""
    lower = target.lower()
    data = pkg.read(target) or b""
    if lower.endswith(_DOCX):
        try:
            inner = _read_inner_docx(pkg, target, data, limits)
        except DocumentError as exc:
            if exc.reason == "too-large":
                raise
            doc.chunk_errors.append(target)
            return []
        doc.chunk_hidden += sum(inner.body.hidden.values()) + inner.orphan_words
        doc.chunk_errors += inner.body.unread_chunks
        return inner.body.items
    if lower.endswith(_HTML) or lower.endswith(".txt"):
        text = _decode(data)
        if lower.endswith(".txt"):
            return [_para(line.strip()) for line in text.splitlines() if line.strip()]
        from jfp.parsers.html_chunk import html_blocks  # only a package with an HTML chunk pays for html.parser

        blocks, hidden = html_blocks(text)
        doc.chunk_hidden += hidden
        return [_para(text, _HEADING_TAGS.get(tag), tag == "li") for tag, text in blocks]
    return None


def _read_inner_docx(pkg: Package, target: str, data: bytes, limits: Limits) -> MainDocument:
    inner = Package(f"{pkg.path} ({target})", data, limits)
    return _read_body(inner, inner.main, limits, depth=1)


def _para(text: str, heading: int | None = None, listed: bool = False) -> Para:
    return Para(text=text, style=NO_STYLE, context="body", breaks=(0, 0), heading=heading, listed=listed)


def _decode(data: bytes) -> str:
    """An HTML or text chunk's characters: its BOM, else UTF-8, else Windows' code page."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
