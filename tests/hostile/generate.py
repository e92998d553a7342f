"""Build hostile and broken documents in a folder, at test time (no committed blobs).

``build_cases(folder)`` writes every case and returns ``Case`` records saying what jfp
must do with each: refuse it (exit 3, one sentence naming the file, a given reason) or
read it. Some mutations (a bit flipped somewhere in a zip or PDF) may or may not leave a
readable document; those cases accept either outcome, but never a traceback.
"""
from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

# Written beside the cases; a document that tries to pull it in must never show it.
MARKER = "JFP-EXTERNAL-ENTITY-MARKER-7f3a"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PROSE = (
    "The partners will agree a shared plan for community services, publish the milestones "
    "each year and report progress to both boards so that residents can see what has changed."
)


@dataclass(frozen=True)
class Case:
    """One hostile input and what jfp must do with it.

    ``reasons``: the DocumentError reasons allowed when refused; ``readable``: True (must be
    read), False (must be refused) or None (either, e.g. a bit flip that missed).
    """

    name: str
    path: Path
    readable: bool | None
    reasons: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- DOCX


def good_docx_bytes() -> bytes:
    """A small valid plan written by python-docx."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = "Hostile test plan"
    doc.add_heading("1 Our plan", 1)
    for n in range(6):
        doc.add_paragraph(f"{PROSE} Paragraph {n}.")
    doc.add_heading("1.1 Research", 2)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Measure"
    table.cell(1, 1).text = "41%"
    doc.add_paragraph(PROSE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>') -> str:
    """A word/document.xml around ``body``."""
    return f'{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def docx_from_parts(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding the given parts (just enough of a package for jfp)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def repeated_entry_zip(document: bytes, payload: bytes, count: int) -> bytes:
    """A zip of word/document.xml plus ``count`` copies of ``payload``, deflated only once.

    Written by hand because zipfile would compress and checksum every copy again.
    """
    def deflate(data: bytes) -> bytes:
        co = zlib.compressobj(9, zlib.DEFLATED, -15)
        return co.compress(data) + co.flush()

    doc_entry = (b"word/document.xml", deflate(document), zlib.crc32(document), len(document))
    packed = deflate(payload)
    crc = zlib.crc32(payload)
    entries = [doc_entry] + [(b"word/media/m%d.bin" % i, packed, crc, len(payload)) for i in range(count)]
    out, central = bytearray(), bytearray()
    for name, data, crc32, size in entries:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc32, len(data), size, len(name), 0)
        out += name + data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc32, len(data), size,
                               len(name), 0, 0, 0, 0, 0, offset) + name
    start = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def _patch_entry(data: bytes, name: bytes, *, size: int | None = None, flags: int | None = None,
                 method: int | None = None, version: int | None = None) -> bytes:
    """Rewrite the declared size, flags or method of ``name`` in both its local and central headers."""
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) >= 0:
        n = struct.unpack_from("<H", out, pos + 26)[0]
        if out[pos + 30:pos + 30 + n] == name:
            if flags is not None:
                struct.pack_into("<H", out, pos + 6, flags)
            if method is not None:
                struct.pack_into("<H", out, pos + 8, method)
            if size is not None:
                struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        n = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46:pos + 46 + n] == name:
            if version is not None:  # "version needed to extract"
                struct.pack_into("<H", out, pos + 6, version)
            if flags is not None:
                struct.pack_into("<H", out, pos + 8, flags)
            if method is not None:
                struct.pack_into("<H", out, pos + 10, method)
            if size is not None:
                struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def flip_bits(data: bytes, seed: int, count: int = 6, start: int = 0) -> bytes:
    """``data`` with ``count`` random bits flipped after ``start`` (deterministic per seed)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        i = rng.randrange(start, len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _docx_cases(folder: Path) -> list[Case]:
    good = good_docx_bytes()
    cases: list[Case] = []

    def add(name: str, data: bytes, readable: bool | None, *reasons: str) -> None:
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        cases.append(Case(name, path, readable, reasons))

    add("docx-good", good, True)
    add("docx-truncated-half", good[: len(good) // 2], False, "corrupt", "wrong-type")
    add("docx-truncated-tail", good[:-10], False, "corrupt", "wrong-type")
    add("docx-truncated-header", good[:30], False, "corrupt", "wrong-type")
    doc_at = good.find(b"word/document.xml")
    for seed in range(3):
        add(f"docx-bitflip-{seed}", flip_bits(good, seed, start=doc_at), None, "corrupt", "wrong-type", "too-large")
    add("docx-declared-bomb", _patch_entry(good, b"word/document.xml", size=0xFFFFFFF0), False, "too-large")
    add("docx-understated-size", _patch_entry(good, b"word/document.xml", size=40), False, "corrupt", "too-large")
    add("docx-ratio-bomb", docx_from_parts({"word/document.xml": document_xml(_para(PROSE)),
                                            "word/media/a.bin": b"\0" * (3 << 20)}), False, "too-large")
    # Many entries each under the per-entry ratio floor, together over the total limit.
    add("docx-many-entries-bomb", repeated_entry_zip(document_xml(_para(PROSE)).encode(), b"\0" * (1 << 20), 420),
        False, "too-large")
    add("docx-encrypted-entry", _patch_entry(good, b"word/document.xml", flags=1), False, "encrypted", "corrupt")
    # Found by fuzz/fuzz_parsers.py: zipfile raises NotImplementedError for it.
    add("docx-future-zip-version", _patch_entry(good, b"word/document.xml", version=84), False, "corrupt")
    add("docx-unknown-compression", _patch_entry(good, b"word/document.xml", method=99), False, "corrupt")
    add("docx-no-document-part", docx_from_parts({"word/other.xml": "<x/>"}), False, "wrong-type")
    add("docx-encrypted-package", docx_from_parts({"EncryptionInfo": b"\0" * 8, "EncryptedPackage": b"\0" * 8,
                                                   "word/document.xml": document_xml(_para(PROSE))}),
        False, "encrypted")
    add("docx-document-not-xml", docx_from_parts({"word/document.xml": bytes(range(256)) * 4}),
        False, "corrupt")
    add("docx-document-empty-part", docx_from_parts({"word/document.xml": b""}), False, "corrupt")
    add("docx-no-body", docx_from_parts({"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'}), False, "corrupt")
    add("docx-images-only", docx_from_parts({"word/document.xml": document_xml(
        '<w:p><w:r><w:drawing/></w:r></w:p>' * 3)}), False, "empty")
    add("docx-styles-garbage", docx_from_parts({"word/document.xml": document_xml(_para(PROSE)),
                                                "word/styles.xml": b"\x89PNG garbage"}), None, "corrupt")
    add("docx-path-traversal-names", docx_from_parts({"word/document.xml": document_xml(_para(PROSE)),
                                                      "../../evil.txt": "x", "/abs/evil.txt": "x"}), True)

    laughs = (
        '<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    bomb_body = _para("&j;") + _para(PROSE)
    add("docx-billion-laughs", docx_from_parts({"word/document.xml": document_xml(
        bomb_body, '<?xml version="1.0" encoding="UTF-8"?>' + laughs)}), False, "corrupt")
    # UTF-16 hides "<!DOCTYPE" from a byte search; the XML parser itself must stay safe.
    add("docx-billion-laughs-utf16", docx_from_parts({"word/document.xml": document_xml(
        bomb_body, '<?xml version="1.0" encoding="UTF-16"?>' + laughs).encode("utf-16")}), None, "corrupt")
    marker = folder / "marker.txt"
    marker.write_text(MARKER, encoding="utf-8")
    xxe = f'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "{marker.as_uri()}">]>'
    xxe_body = _para("Start &ext; end.") + _para(PROSE)
    add("docx-external-entity", docx_from_parts({"word/document.xml": document_xml(
        xxe_body, '<?xml version="1.0" encoding="UTF-8"?>' + xxe)}), False, "corrupt")
    add("docx-external-entity-utf16", docx_from_parts({"word/document.xml": document_xml(
        xxe_body, '<?xml version="1.0" encoding="UTF-16"?>' + xxe).encode("utf-16")}), None, "corrupt")
    param = (f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{marker.as_uri()}"> %p;]>')
    add("docx-parameter-entity-utf16", docx_from_parts({"word/document.xml": document_xml(
        _para(PROSE), '<?xml version="1.0" encoding="UTF-16"?>' + param).encode("utf-16")}), None, "corrupt")
    xinclude = (f'<w:p xmlns:xi="http://www.w3.org/2001/XInclude"><w:r><w:t>'
                f'<xi:include href="{marker.as_uri()}" parse="text"/></w:t></w:r></w:p>')
    add("docx-xinclude", docx_from_parts({"word/document.xml": document_xml(xinclude + _para(PROSE))}), True)
    deep = "<w:sdt><w:sdtContent>" * 5000 + _para(PROSE) + "</w:sdtContent></w:sdt>" * 5000
    add("docx-deep-nesting", docx_from_parts({"word/document.xml": document_xml(deep)}), False, "corrupt")
    tables = ("<w:tbl><w:tr><w:tc>" * 120) + _para(PROSE) + ("</w:tc></w:tr></w:tbl>" * 120)
    add("docx-nested-tables", docx_from_parts({"word/document.xml": document_xml(tables + _para(PROSE))}),
        None, "corrupt")
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Pages>999999999</Pages><Words>20</Words></Properties>")
    add("docx-huge-page-count", docx_from_parts({"word/document.xml": document_xml(_para(PROSE)),
                                                 "docProps/app.xml": app}), False, "too-large")
    add("docx-zero-bytes", b"", False, "empty")
    add("docx-really-pdf", minimal_pdf([text_stream([PROSE])]), False, "wrong-type")
    add("docx-ole", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, False, "encrypted")
    return cases


# ----------------------------------------------------------------------------- PDF


def _pdf_escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def text_stream(lines: list[str], size: float = 11) -> bytes:
    """A page content stream drawing ``lines`` top down in Helvetica."""
    out = [b"BT", b"/F1 %g Tf" % size]
    y = 780.0
    for line in lines:
        y -= size * 1.4
        out.append(b"1 0 0 1 72 %g Tm (%s) Tj" % (y, _pdf_escape(line)))
    out.append(b"ET")
    return b"\n".join(out)


def assemble_pdf(objs: list[bytes], root: int, trailer: bytes = b"") -> bytes:
    """Serialise numbered objects (1-based) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def minimal_pdf(contents: list[bytes], *, page_extra: bytes = b"", pages_extra: bytes = b"",
                mediabox: bytes = b"[0 0 595 842]") -> bytes:
    """Objects: 1 catalog, 2 pages, 3 font, then (content, page) pairs."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for content in contents:
        objs.append(_stream(content))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> %s>>" % (mediabox, len(objs), page_extra))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d %s>>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids), pages_extra)
    return assemble_pdf(objs, 1)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(lines: list[str], user: str, owner: str = "owner") -> bytes:
    """A one-page PDF under the standard security handler, revision 2 (40-bit RC4)."""
    def pad(pw: str) -> bytes:
        return (pw.encode("latin-1") + _PAD)[:32]

    doc_id = hashlib.md5(b"jfp hostile").digest()
    o_entry = _rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    perms = struct.pack("<i", -44)
    key = hashlib.md5(pad(user) + o_entry + perms + doc_id).digest()[:5]
    u_entry = _rc4(key, _PAD)
    content = text_stream(lines)
    obj_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(_rc4(obj_key, content)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -44 >>" % (o_entry.hex().encode(), u_entry.hex().encode()),
    ]
    return assemble_pdf(objs, 1, b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (doc_id.hex().encode(), doc_id.hex().encode()))


def _pdf_cases(folder: Path) -> list[Case]:
    body = [PROSE[i:i + 80] for i in range(0, len(PROSE), 80)] * 4
    good = minimal_pdf([text_stream(["1 Our plan", *body]), text_stream(body)])
    cases: list[Case] = []

    def add(name: str, data: bytes, readable: bool | None, *reasons: str) -> None:
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        cases.append(Case(name, path, readable, reasons))

    add("pdf-good", good, True)
    add("pdf-truncated-half", good[: len(good) // 2], None, "corrupt", "empty", "no-text")
    add("pdf-truncated-header", good[:9], False, "corrupt")
    for seed in range(3):
        add(f"pdf-bitflip-{seed}", flip_bits(good, seed, count=12, start=20), None,
            "corrupt", "empty", "no-text", "wrong-type")
    add("pdf-garbage-after-header", b"%PDF-1.7\n" + bytes(range(256)) * 64, False, "corrupt")
    add("pdf-zero-bytes", b"", False, "empty")
    add("pdf-really-docx", good_docx_bytes(), False, "wrong-type")

    # Object loops: a Pages node among its own kids, a Parent cycle, a reference cycle.
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>", _stream(text_stream(body))]
    add("pdf-kids-loop", assemble_pdf(objs, 1), None, "corrupt", "empty")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 /Parent 6 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>", _stream(text_stream(body)),
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"]
    add("pdf-parent-loop", assemble_pdf(objs, 1), None, "corrupt", "empty", "no-text")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Contents [5 0 R 5 0 R] /Resources 7 0 R >>",
            b"<< /Length 8 0 R >>\nstream\nBT ET\nendstream", b"7 0 R", b"6 0 R", b"8 0 R"]
    add("pdf-reference-loop", assemble_pdf(objs, 1), None, "corrupt", "empty", "no-text")
    looped = bytearray(good)
    looped = looped.replace(b"trailer\n<<", b"trailer\n<< /Prev %d" % good.rfind(b"xref"))
    add("pdf-xref-prev-loop", bytes(looped), None, "corrupt", "empty")
    deep = b"[" * 20000 + b"]" * 20000
    add("pdf-deep-array", minimal_pdf([text_stream(body)], page_extra=b"/Deep " + deep + b" "), None, "corrupt")
    add("pdf-deep-content", minimal_pdf([b"q " * 50000 + text_stream(body) + b" Q" * 50000]), None,
        "corrupt", "no-text")

    add("pdf-declared-huge-count", minimal_pdf([text_stream(body)], pages_extra=b"/Count 999999999 "), None,
        "too-large", "corrupt")
    # Thousands of real pages sharing one content stream: a tiny file over the page limit.
    n = 2100
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _stream(text_stream(body[:2]))]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    objs += [page] * n
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in range(5, 5 + n)), n)
    add("pdf-too-many-pages", assemble_pdf(objs, 1), False, "too-large")

    image = bytes((x * 13 + y * 7) % 256 for y in range(16) for x in range(16))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            _stream(image, b"/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
                           b"/BitsPerComponent 8 "),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /XObject << /Im0 3 0 R >> >> >>",
            _stream(b"q 400 0 0 400 100 300 cm /Im0 Do Q")]
    add("pdf-images-only", assemble_pdf(objs, 1), False, "no-text")
    add("pdf-encrypted-user-password", encrypted_pdf(["1 Our plan", *body], user="secret"), False, "encrypted")
    add("pdf-encrypted-owner-only", encrypted_pdf(["1 Our plan", *body], user=""), True)
    add("pdf-zero-mediabox", minimal_pdf([text_stream(body)], mediabox=b"[0 0 0 0]"), None, "corrupt", "no-text")
    add("pdf-degenerate-text-matrix", minimal_pdf([b"BT /F1 0 Tf 0 0 0 0 0 0 Tm (" + b"x" * 50 + b") Tj ET",
                                                    text_stream(body, size=1e-6), text_stream(body, size=1e9)]),
        None, "corrupt", "no-text", "empty")
    return cases


# ----------------------------------------------------------------------------- text and files


def _text_cases(folder: Path) -> list[Case]:
    cases: list[Case] = []

    def add(name: str, suffix: str, data: bytes, readable: bool | None, *reasons: str) -> None:
        path = folder / f"{name}{suffix}"
        path.write_bytes(data)
        cases.append(Case(name, path, readable, reasons))

    text = f"# Our plan\n\n{PROSE}\n\n## Research\n\n{PROSE} Caf\u00e9 \u2013 \u201cquoted\u201d.\n"
    add("text-cp1252", ".md", text.encode("cp1252"), True)
    add("text-latin1-undefined-cp1252", ".txt", (PROSE + " \x81\x8d\x90").encode("latin-1"), True)
    add("text-utf16-bom", ".md", text.encode("utf-16"), True)
    add("text-shift-jis", ".txt", ("\u8a08\u753b " * 200 + PROSE).encode("shift_jis"), True)
    add("text-long-line", ".md", (PROSE + " *a* _b_ [c](d) `e` ").encode() * 2000, True)
    add("text-long-pipes", ".md", b"| " * 100000 + b"\n" + PROSE.encode(), True)
    add("text-deep-quotes", ".md", b">" * 200000 + b" " + PROSE.encode(), True)
    add("text-many-headings", ".md", b"".join(b"#" * (i % 7 + 1) + b" H%d\n" % i for i in range(5000)), True)
    add("text-controls-only", ".txt", bytes(range(1, 9)) * 100, False, "empty")
    add("text-whitespace-only", ".md", b" \n\t\n" * 1000, False, "empty")
    add("text-zero-bytes", ".txt", b"", False, "empty")
    add("text-nul-bytes", ".txt", PROSE.encode() + b"\0\0\0", False, "wrong-type")
    add("text-really-zip", ".md", good_docx_bytes(), False, "wrong-type")
    return cases


def _file_cases(folder: Path) -> list[Case]:
    cases: list[Case] = []
    directory = folder / "a-directory.docx"
    directory.mkdir()
    cases.append(Case("directory-named-docx", directory, False, ("unsupported",)))
    cases.append(Case("missing-file", folder / "missing.pdf", False, ("not-found",)))
    fifo = folder / "a-fifo.txt"
    os.mkfifo(fifo)
    cases.append(Case("fifo-named-txt", fifo, False, ("empty", "unsupported", "unreadable")))
    loop = folder / "loop.docx"
    loop.symlink_to(folder / "loop.docx")
    cases.append(Case("symlink-loop", loop, False, ("not-found", "unreadable")))
    old = folder / "old-word.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    cases.append(Case("unsupported-suffix", old, False, ("unsupported",)))
    evil = folder / "evil\nname\x1b[31m.docx"
    evil.write_bytes(b"not a zip")
    cases.append(Case("control-chars-in-name", evil, False, ("wrong-type",)))
    return cases


def build_cases(folder: Path) -> list[Case]:
    """Write every hostile case into ``folder`` and describe what jfp must do with each."""
    folder.mkdir(parents=True, exist_ok=True)
    return [*_docx_cases(folder), *_pdf_cases(folder), *_text_cases(folder), *_file_cases(folder)]
