"""Write notes into a copy of a DOCX as Word comments: lxml on the parts comments need.

Why lxml and not python-docx (whose 1.2 ``add_comment`` writes comments too; see
docs/annotate.md): python-docx re-serialises every XML part it loads (a LibreOffice-written
plan, opened and saved unchanged, came back with 11 parts rewritten, styles and numbering
among them), and it anchors a comment on ``Paragraph.runs``, which leaves out runs inside
hyperlinks, content controls and tracked insertions. Here only ``word/document.xml`` (the
markers), ``word/comments.xml`` (created or extended), its relationship and its content
type change; every other part is copied byte for byte. A comment's markers
(``w:commentRangeStart``, ``w:commentRangeEnd`` and a run holding ``w:commentReference``)
carry no text, so the document's text is untouched. Parts are parsed with the reader's
hardening (no DTD, no entities, no network, no huge trees) but keep their XML comments and
processing instructions.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from jfp.errors import UsageError
from jfp.options import Limits
from jfp.parsers.docx_package import DOCUMENT_PART, W_NS, Package

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jfp.annotate.notes import Note

W = "{%s}" % W_NS
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_RELS_PART = "word/_rels/document.xml.rels"
_TYPES_PART = "[Content_Types].xml"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
# Characters XML 1.0 cannot hold; a note's text never should, but a config's waiver reason might.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _parse(pkg: Package, name: str) -> etree._Element | None:
    data = pkg.read(name)
    if data is None:
        return None
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UsageError(f"{pkg.path}: cannot annotate: part {name} is not well-formed XML ({exc})") from None


def _bytes(root: etree._Element) -> bytes:
    standalone = root.getroottree().docinfo.standalone
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True if standalone else None)


def _comments_part(pkg: Package, rels: etree._Element) -> tuple[str, bool]:
    """The comments part's name, and whether it must be created (with its relationship)."""
    for rel in rels:
        if rel.get("Type") == COMMENTS_REL and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
            return name, not pkg.has(name)
    name, n = "word/comments.xml", 1
    while pkg.has(name):
        n += 1
        name = f"word/comments{n}.xml"
    ids = {rel.get("Id") for rel in rels}
    rid, k = "rIdJfpComments", 1
    while rid in ids:
        k += 1
        rid = f"rIdJfpComments{k}"
    etree.SubElement(rels, f"{{{_REL_NS}}}Relationship",
                     {"Id": rid, "Type": COMMENTS_REL, "Target": posixpath.relpath(name, "word")})
    return name, True


def _declare_type(types: etree._Element, name: str) -> None:
    part = "/" + name
    if not any(o.get("PartName", "").lower() == part.lower() for o in types.iter(f"{{{_CT_NS}}}Override")):
        etree.SubElement(types, f"{{{_CT_NS}}}Override", {"PartName": part, "ContentType": COMMENTS_TYPE})


def _next_id(*roots: etree._Element) -> int:
    """One more than any numeric w:id in these parts (comments, bookmarks, revisions alike)."""
    ids = [int(v) for root in roots for v in root.xpath("//@w:id", namespaces={"w": W_NS}) if v.isdigit()]
    return max(ids, default=-1) + 1


def _cell_text(tc: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in tc.iter(W + "t")).split())


def _row_paragraph(p: etree._Element, first_cell: str) -> etree._Element:
    """In the table that starts with paragraph ``p``, the first paragraph of the row whose
    first non-empty cell reads ``first_cell``; ``p`` when there is no such row."""
    tbl = next(p.iterancestors(W + "tbl"), None)
    if tbl is None:
        return p
    for tr in tbl.iter(W + "tr"):
        for tc in tr.iter(W + "tc"):
            text = _cell_text(tc)
            if text:
                if text == first_cell:
                    return next(tc.iter(W + "p"), p)
                break
    return p


def _anchor(p: etree._Element, cid: str) -> None:
    """Mark the whole paragraph as the comment's range and put the reference at its end."""
    pos = 1 if len(p) and p[0].tag == W + "pPr" else 0
    while pos < len(p) and p[pos].tag == W + "commentRangeStart":  # after the notes already there, in order
        pos += 1
    p.insert(pos, etree.Element(W + "commentRangeStart", {W + "id": cid}))
    etree.SubElement(p, W + "commentRangeEnd", {W + "id": cid})
    run = etree.SubElement(p, W + "r")
    etree.SubElement(run, W + "commentReference", {W + "id": cid})


def _comment(parent: etree._Element, cid: str, lines: list[str], author: str, initials: str, date: str) -> None:
    comment = etree.SubElement(parent, W + "comment",
                               {W + "id": cid, W + "author": author, W + "date": date, W + "initials": initials})
    for i, line in enumerate(lines):
        para = etree.SubElement(comment, W + "p")
        if i == 0:
            etree.SubElement(etree.SubElement(para, W + "r"), W + "annotationRef")
        run = etree.SubElement(para, W + "r")
        if i == 0:
            etree.SubElement(etree.SubElement(run, W + "rPr"), W + "b")
        text = etree.SubElement(run, W + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        text.text = _NOT_XML.sub(" ", line)


def write_comments(name: str, data: bytes, limits: Limits, notes: list[Note], author: str, initials: str,
                   date: str) -> tuple[bytes, int]:
    """The bytes of a copy of the DOCX ``data`` with ``notes`` as comments, and how many were written.

    A note whose paragraph is not in the body (it cannot be, unless the file changed) is left
    out. UsageError (exit 2) for a package this cannot annotate (ISO strict, a part that is not XML).
    """
    pkg = Package(name, data, limits)
    if _STRICT in (pkg.read(DOCUMENT_PART) or b""):
        raise UsageError(f"{name}: cannot annotate a Word 'Strict Open XML' document; save it as a normal .docx first")
    root = _parse(pkg, DOCUMENT_PART)
    body = root.find(W + "body") if root is not None else None
    if body is None:
        raise UsageError(f"{name}: cannot annotate: the document part has no body")
    rels = _parse(pkg, _RELS_PART)
    if rels is None:
        rels = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    types = _parse(pkg, _TYPES_PART)
    if types is None:  # not a package Word would open; the copy gets what it needs
        types = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    comments_name, created = _comments_part(pkg, rels)
    comments = None if created else _parse(pkg, comments_name)
    if comments is None:
        comments = etree.Element(W + "comments", nsmap={"w": W_NS})
    _declare_type(types, comments_name)

    paragraphs = list(body.iter(W + "p"))
    cid = _next_id(root, comments)
    written = 0
    for note in notes:
        if not 0 <= note.anchor < len(paragraphs):
            continue
        p = paragraphs[note.anchor]
        if note.row is not None:
            p = _row_paragraph(p, note.row)
        _anchor(p, str(cid))
        _comment(comments, str(cid), note.lines, author, initials, date)
        cid += 1
        written += 1

    changed = {DOCUMENT_PART: _bytes(root), _RELS_PART: _bytes(rels), _TYPES_PART: _bytes(types),
               comments_name: _bytes(comments)}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body_bytes = changed.pop(info.filename, None)
            if body_bytes is None:
                body_bytes = pkg.read(info.filename)
            zout.writestr(info, body_bytes, compress_type=info.compress_type)
        for part, part_bytes in changed.items():  # parts the source did not have
            zout.writestr(part, part_bytes)
    return out.getvalue(), written
