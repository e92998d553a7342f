"""Issue 12.8: real files that were refused or misread.

A main part named ``word/document2.xml`` by the relationships, a junk ``w:sz``, two zip
entries with one name, content Word imports through ``altChunk``, PDF pages with
``/Rotate`` and YAML front matter full of nested aliases. Fixtures are built in code.
"""
from __future__ import annotations

import io
import resource
import time
import zipfile
from pathlib import Path

import pytest

from jfp.errors import DocumentError
from jfp.parsers import parse
from tests.clirun import invoke
from tests.hostile.generate import _pdf_escape, minimal_pdf
from tests.hostile.test_hidden_text import RELS, VISIBLE, document
from tests.test_parse_docx import all_text, p, raw_docx, style_xml

DOC_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')


def rel(rid: str, kind: str, target: str) -> str:
    return (f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"'
            f' Target="{target}"/>')


def test_a_main_part_named_document2_by_the_relationships_is_read_with_its_styles(tmp_path: Path) -> None:
    styles = style_xml('<w:style w:type="paragraph" w:styleId="Big"><w:name w:val="heading 1"/></w:style>')
    path = raw_docx(tmp_path / "plan.docx", "", styles=None, document=None, extra={
        "_rels/.rels": RELS.format(target="/word/document2.xml"),
        "word/document2.xml": document(p("Our plan", "Big") + p(VISIBLE)),
        "word/_rels/document2.xml.rels": DOC_RELS.format(rels=rel("rId1", "styles", "styles2.xml")),
        "word/styles2.xml": styles,
    })
    # raw_docx always writes a word/document.xml; drop it so the package is a real document2 one.
    data = zipfile.ZipFile(path)
    parts = {i.filename: data.read(i) for i in data.infolist() if i.filename != "word/document.xml"}
    with zipfile.ZipFile(path, "w") as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    doc = parse(path)
    assert [s.heading for s in doc.iter_sections() if s.level] == ["Our plan"]
    assert "publish the milestones" in all_text(doc)
    assert not doc.warnings


@pytest.mark.parametrize("junk", ["inf", "-inf", "nan", "1e400", "-4", "abc", "", "24.5", "12pt"])
def test_a_junk_font_size_is_ignored_as_word_ignores_it(tmp_path: Path, junk: str) -> None:
    body = p("Our plan", "Heading1") + p(VISIBLE, rpr=f'<w:sz w:val="{junk}"/>')
    body += p("Styled with junk too.", rpr='<w:rStyle w:val="J"/>')
    doc = parse(raw_docx(tmp_path / "plan.docx", body,
                         f'<w:style w:type="character" w:styleId="J"><w:name w:val="J"/><w:rPr><w:sz w:val="{junk}"/></w:rPr></w:style>'))
    assert "publish the milestones" in all_text(doc) and "Styled with junk too." in all_text(doc)
    assert [s.heading for s in doc.iter_sections() if s.level] == ["Our plan"]


def test_two_zip_entries_with_one_name_are_refused_as_ambiguous(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document(p(VISIBLE)))
        with pytest.warns(UserWarning):
            zf.writestr("word/document.xml", document(p("Another text altogether.")))
    path = tmp_path / "plan.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DocumentError) as err:
        parse(path)
    assert "two zip entries named word/document.xml" in str(err.value) and "ambiguous" in str(err.value)
    result = invoke(["check", str(path)])
    assert result.exit_code == 3 and len(result.stderr.strip().splitlines()) == 1


def test_two_zip_entries_whose_names_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    path = raw_docx(tmp_path / "plan.docx", p(VISIBLE), extra={"Word/Document.xml": document(p("Other text."))})
    with pytest.raises(DocumentError) as err:
        parse(path)
    assert err.value.reason == "corrupt" and "ambiguous" in str(err.value)


CHUNK_HTML = ("<html><head><style>.n{display:none}</style></head><body><h2>Imported chapter</h2>"
              "<p>The chunk says the partners will <b>consult</b> residents.</p><p class=n>Not shown at all.</p>"
              "<ul><li>A listed point.</li></ul></body></html>")


def _chunked(tmp_path: Path, target: str, data: bytes | str) -> Path:
    body = p("Our plan", "Heading1") + p(VISIBLE) + '<w:altChunk r:id="rIdC"/>' + p("After the chunk.")
    doc = document(body).replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ')
    return raw_docx(tmp_path / "plan.docx", "", document=doc, extra={
        "word/_rels/document.xml.rels": DOC_RELS.format(rels=rel("rIdC", "aFChunk", target)),
        f"word/{target}": data,
    })


def test_an_html_alt_chunk_is_read_where_it_stands_without_its_hidden_text(tmp_path: Path) -> None:
    doc = parse(_chunked(tmp_path, "afchunk.htm", CHUNK_HTML))
    text = all_text(doc)
    assert "The chunk says the partners will consult residents." in text
    assert text.index("publish the milestones") < text.index("chunk says") < text.index("After the chunk.")
    assert "Imported chapter" in [s.heading for s in doc.iter_sections()]
    assert "Not shown" not in text
    assert [w.code for w in doc.warnings] == ["hidden-text"]


def test_a_text_and_a_docx_alt_chunk_are_read(tmp_path: Path) -> None:
    doc = parse(_chunked(tmp_path, "chunk.txt", "First imported line.\r\nSecond imported line.\r\n"))
    assert "First imported line." in all_text(doc) and "Second imported line." in all_text(doc)
    inner = tmp_path / "inner.docx"
    raw_docx(inner, p("Inner heading", "Heading1") + p("Text from the inner document."))
    doc = parse(_chunked(tmp_path, "chunk.docx", inner.read_bytes()))
    assert "Text from the inner document." in all_text(doc)
    assert "Inner heading" in [s.heading for s in doc.iter_sections()]


def test_an_alt_chunk_jfp_cannot_read_is_warned_about(tmp_path: Path) -> None:
    doc = parse(_chunked(tmp_path, "chunk.mht", b"MIME-Version: 1.0\r\n\r\nsome mhtml"))
    assert [w.code for w in doc.warnings] == ["unread-chunk"]
    assert "chunk.mht" in doc.warnings[0].message


def _laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append(f"title: *{chr(96 + levels)}")
    return "\n".join(lines)


def test_front_matter_with_nested_aliases_is_skipped_fast_in_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(f"---\n{_laughs()}\n---\n# Our plan\n\n{VISIBLE}\n", encoding="utf-8")
    assert len(path.read_bytes()) < 1100
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    doc = parse(path)
    assert time.perf_counter() - start < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB
    assert doc.meta.title == "Our plan"
    assert "lol" not in all_text(doc)


def test_plain_front_matter_still_gives_the_title_and_is_not_evidence(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(f"---\ntitle: Joint Forward Plan\nduty: safeguarding\n---\n# Our plan\n\n{VISIBLE}\n", encoding="utf-8")
    doc = parse(path)
    assert doc.meta.title == "Joint Forward Plan" and "safeguarding" not in all_text(doc)


# --------------------------------------------------------------------------- PDF /Rotate

# The matrix taking the displayed landscape page (842 x 595, y up) to user space under each /Rotate.
_TO_USER = {0: b"1 0 0 1 0 0", 90: b"0 1 -1 0 595 0", 180: b"-1 0 0 -1 842 595", 270: b"0 -1 1 0 0 842"}
LEFT = ["The left column opens the chapter on", "community services and says how the", "partners will publish milestones."]
RIGHT = ["The right column closes the chapter", "on workforce and says how the boards", "will report progress every year."]
ROWS = [("Measure", "Target"), ("Waiting times", "18 weeks"), ("Discharges", "Within a day")]


def landscape_pdf(rotate: int) -> bytes:
    """A landscape page as a reader sees it, whatever its /Rotate: a heading, two columns, a ruled table.

    Everything is drawn in display coordinates through one ``cm`` that undoes the rotation,
    as a producer turning a portrait page into a landscape one does.
    """
    ops = [b"q " + _TO_USER[rotate] + b" cm", b"BT /F1 18 Tf 1 0 0 1 72 515 Tm (Chapter 2 Our services) Tj ET"]
    for x, lines in ((72, LEFT), (460, RIGHT)):
        for k, line in enumerate(lines):
            ops.append(b"BT /F1 11 Tf 1 0 0 1 %d %d Tm (%s) Tj ET" % (x, 475 - 14 * k, _pdf_escape(line)))
    top = 380
    for k, (a, b) in enumerate(ROWS):
        y = top - 24 * k
        ops.append(b"BT /F1 10 Tf 1 0 0 1 80 %d Tm (%s) Tj ET" % (y - 16, _pdf_escape(a)))
        ops.append(b"BT /F1 10 Tf 1 0 0 1 330 %d Tm (%s) Tj ET" % (y - 16, _pdf_escape(b)))
    ops.append(b"0.5 w")
    for k in range(len(ROWS) + 1):
        ops.append(b"72 %d m 572 %d l S" % (top - 24 * k, top - 24 * k))
    for x in (72, 322, 572):
        ops.append(b"%d %d m %d %d l S" % (x, top, x, top - 24 * len(ROWS)))
    ops.append(b"Q")
    box = b"[0 0 842 595]" if rotate in (0, 180) else b"[0 0 595 842]"
    return minimal_pdf([b"\n".join(ops)], mediabox=box, page_extra=b"/Rotate %d " % rotate)


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_reads_in_the_order_a_reader_sees_it(tmp_path: Path, rotate: int) -> None:
    def read(r: int):
        path = tmp_path / f"plan-{r}.pdf"
        path.write_bytes(landscape_pdf(r))
        doc = parse(path)
        return [(s.heading, [(b.kind, b.text) for b in s.blocks]) for s in doc.iter_sections()]

    upright = read(0)
    assert upright == [("Chapter 2 Our services", [
        ("paragraph", " ".join(LEFT)), ("paragraph", " ".join(RIGHT)),
        ("table", "\n".join(" | ".join(row) for row in ROWS)),
    ])]
    assert read(rotate) == upright
