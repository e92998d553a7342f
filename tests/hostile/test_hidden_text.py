"""Issue 12.2: text a reader cannot see is never evidence, and the report says how much was set aside.

Each case hides one sentence, SECRET, in a plan that shows VISIBLE; the parsed document must
hold VISIBLE, not SECRET, and carry one ``hidden-text`` warning that counts SECRET's words.
Fixtures are written in code: raw WordprocessingML, PDF content streams, Markdown.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jfp.parsers import parse
from tests.hostile.generate import minimal_pdf, _pdf_escape
from tests.test_parse_docx import NAMESPACES, all_text, p, raw_docx

VISIBLE = "The partners will publish the milestones each year and report progress to both boards."
SECRET = "The plan describes how the board will discharge its safeguarding duties"  # 11 words
SECRET_WORDS = 11


def hidden_warning(doc) -> str:
    found = [w.message for w in doc.warnings if w.code == "hidden-text"]
    assert len(found) == 1, [w.code for w in doc.warnings]
    return found[0]


def assert_set_aside(doc, words: int = SECRET_WORDS) -> None:
    text = all_text(doc)
    assert "publish the milestones" in text
    assert "safeguarding" not in text
    assert hidden_warning(doc).startswith(f"{words} words of hidden text")


def secret_run(rpr: str = "", ppr: str = "") -> str:
    return p(SECRET, ppr=ppr, rpr=rpr)


# --------------------------------------------------------------------------- DOCX

HIDDEN_STYLES = (
    '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Secret2"><w:name w:val="Secret 2"/><w:basedOn w:val="Secret"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Gone"><w:name w:val="Gone"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Gone2"><w:name w:val="Gone 2"/><w:basedOn w:val="Gone"/></w:style>'
    '<w:style w:type="character" w:styleId="Tiny"><w:name w:val="Tiny"/><w:rPr><w:sz w:val="2"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="White"><w:name w:val="White"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>'
)

DOCX_CASES = {
    "character-style": secret_run('<w:rStyle w:val="Secret"/>'),
    "character-style-based-on": secret_run('<w:rStyle w:val="Secret2"/>'),
    "paragraph-style": p(SECRET, "Gone"),
    "paragraph-style-based-on": p(SECRET, "Gone2"),
    "spec-vanish": secret_run("<w:specVanish/>"),
    "one-point": secret_run('<w:sz w:val="2"/>'),
    "one-point-style": secret_run('<w:rStyle w:val="Tiny"/>'),
    "white-on-white": secret_run('<w:color w:val="FFFFFF"/>'),
    "white-style-on-white": secret_run('<w:rStyle w:val="White"/>'),
    "near-white": secret_run('<w:color w:val="FEFEFD"/>'),
    "theme-background-colour": secret_run('<w:color w:val="auto" w:themeColor="background1"/>'),
    "colour-of-its-shading": secret_run('<w:color w:val="1F3864"/><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>'),
    "colour-of-the-paragraph-shading": secret_run('<w:color w:val="C00000"/>', '<w:shd w:val="clear" w:fill="C00000"/>'),
    "white-in-a-white-cell": (
        '<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tcPr>'
        + secret_run('<w:color w:val="FFFFFF"/>') + "</w:tc></w:tr></w:tbl>"
    ),
    "hidden-drawing": (
        '<w:p><w:r><w:drawing><wp:anchor><wp:docPr id="1" name="Box" hidden="1"/><a:graphic><a:graphicData>'
        "<wps:wsp><wps:txbx><w:txbxContent>" + p(SECRET)
        + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    ),
    "hidden-vml-shape": (
        '<w:p><w:r><w:pict><v:shape style="position:absolute;visibility:hidden"><v:textbox><w:txbxContent>'
        + p(SECRET) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    ),
    "choice-word-does-not-take": (
        '<mc:AlternateContent xmlns:x9="http://example.com/never"><mc:Choice Requires="x9">'
        + p(SECRET) + "</mc:Choice><mc:Fallback>" + p("Fallback text shown.") + "</mc:Fallback></mc:AlternateContent>"
    ),
}


@pytest.mark.parametrize("case", sorted(DOCX_CASES))
def test_docx_hidden_text_is_set_aside_with_a_warning(tmp_path: Path, case: str) -> None:
    body = p("Our plan", "Heading1") + p(VISIBLE) + DOCX_CASES[case]
    assert_set_aside(parse(raw_docx(tmp_path / "plan.docx", body, HIDDEN_STYLES)))


def test_document_defaults_that_hide_every_paragraph_hide_them(tmp_path: Path) -> None:
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              f'<w:styles {NAMESPACES}><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Shown"><w:name w:val="Shown"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
              "</w:styles>")
    body = p(VISIBLE, "Shown") + p(SECRET)
    doc = parse(raw_docx(tmp_path / "plan.docx", body, None, extra={"word/styles.xml": styles}))
    assert_set_aside(doc)


def test_toggle_vanish_in_both_styles_cancels_as_in_word(tmp_path: Path) -> None:
    body = p(VISIBLE) + p("Shown twice hidden.", "Gone", rpr='<w:rStyle w:val="Secret"/>')
    doc = parse(raw_docx(tmp_path / "plan.docx", body, HIDDEN_STYLES))
    assert "Shown twice hidden." in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


def test_white_text_on_a_dark_cell_or_a_dark_page_or_in_a_shape_is_read(tmp_path: Path) -> None:
    white = '<w:color w:val="FFFFFF"/>'
    cell = ('<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>'
            + p("Header cell in white.", rpr=white) + "</w:tc></w:tr></w:tbl>")
    shaded = p("White on navy.", rpr=white + '<w:shd w:val="clear" w:fill="002060"/>')
    box = ('<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
           + p("White in a blue box.", rpr=white)
           + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>")
    doc = parse(raw_docx(tmp_path / "plan.docx", p(VISIBLE) + cell + shaded + box))
    text = all_text(doc)
    assert "Header cell in white." in text and "White on navy." in text and "White in a blue box." in text
    assert not [w for w in doc.warnings if w.code == "hidden-text"]
    page = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}>'
            f'<w:background w:color="000000"/><w:body>{p(VISIBLE, rpr=white)}</w:body></w:document>')
    assert "publish the milestones" in all_text(parse(raw_docx(tmp_path / "dark.docx", "", document=page)))


def test_white_text_in_a_styled_table_or_over_a_backdrop_is_read(tmp_path: Path) -> None:
    white = '<w:color w:val="FFFFFF" w:themeColor="background1"/>'
    styled = ('<w:tbl><w:tblPr><w:tblStyle w:val="GridTable4-Accent1"/></w:tblPr><w:tr><w:tc>'
              + p("Header from a dark table style.", rpr=white) + "</w:tc></w:tr></w:tbl>")
    doc = parse(raw_docx(tmp_path / "styled.docx", p(VISIBLE) + styled))
    assert "Header from a dark table style." in all_text(doc)
    backdrop = ('<w:p><w:r><w:drawing><wp:anchor behindDoc="1"><wp:docPr id="1" name="Cover"/></wp:anchor>'
                "</w:drawing></w:r></w:p>" + p("Cover title in white on the picture.", rpr=white))
    doc = parse(raw_docx(tmp_path / "cover.docx", backdrop + p(VISIBLE)))
    assert "Cover title in white on the picture." in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


def test_a_choice_word_takes_is_read_once_and_its_fallback_not_counted(tmp_path: Path) -> None:
    alt = ('<mc:AlternateContent><mc:Choice Requires="wps">' + p("Choice text.") + "</mc:Choice>"
           "<mc:Fallback>" + p("Fallback text.") + "</mc:Fallback></mc:AlternateContent>")
    doc = parse(raw_docx(tmp_path / "plan.docx", p(VISIBLE) + alt))
    assert "Choice text." in all_text(doc) and "Fallback text." not in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
        ' Target="{target}"/></Relationships>')


def document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>'


def test_an_orphan_document_part_the_relationships_do_not_name_is_not_read(tmp_path: Path) -> None:
    path = raw_docx(tmp_path / "plan.docx", "", document=document(p(SECRET)), extra={
        "_rels/.rels": RELS.format(target="word/main.xml"),
        "word/main.xml": document(p("Our plan", "Heading1") + p(VISIBLE)),
    })
    doc = parse(path)
    assert_set_aside(doc)
    assert "a document part the package does not use" in hidden_warning(doc)


# --------------------------------------------------------------------------- PDF


def _pdf(tmp_path: Path, secret_ops: bytes, page_extra: bytes = b"") -> Path:
    """A one-page PDF: a heading and VISIBLE in black, then ``secret_ops`` drawing SECRET."""
    shown = (b"BT /F1 16 Tf 72 760 Td (Our plan) Tj ET\nBT /F1 11 Tf 72 730 Td (%s) Tj ET\n" % _pdf_escape(VISIBLE))
    path = tmp_path / "plan.pdf"
    path.write_bytes(minimal_pdf([shown + secret_ops.replace(b"SECRET", _pdf_escape(SECRET))], page_extra=page_extra))
    return path


PDF_CASES = {
    "render-mode-3": b"BT /F1 11 Tf 3 Tr 72 700 Td (SECRET) Tj ET",
    "white-fill": b"1 1 1 rg BT /F1 11 Tf 72 700 Td (SECRET) Tj ET",
    "white-fill-gray": b"1 g BT /F1 11 Tf 72 700 Td (SECRET) Tj ET",
    "clipped-to-nothing": b"q 0 0 0 0 re W n BT /F1 11 Tf 72 700 Td (SECRET) Tj ET Q",
    "clipped-elsewhere": b"q 300 100 10 10 re W n BT /F1 11 Tf 72 700 Td (SECRET) Tj ET Q",
    "off-the-page": b"BT /F1 11 Tf 72 -500 Td (SECRET) Tj ET",
    "right-of-the-page": b"BT /F1 11 Tf 900 700 Td (SECRET) Tj ET",
    "point-one-point": b"BT /F1 0.1 Tf 72 700 Td (SECRET) Tj ET",
    "scaled-to-a-tenth": b"BT /F1 1 Tf 0.1 0 0 0.1 72 700 Tm (SECRET) Tj ET",
    "white-box-drawn-over": b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET 1 1 1 rg 60 690 480 30 re f",
    "black-box-drawn-over": b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET 0 g 60 690 480 30 re f",
}


@pytest.mark.parametrize("case", sorted(PDF_CASES))
def test_pdf_hidden_text_is_set_aside_with_a_warning(tmp_path: Path, case: str) -> None:
    assert_set_aside(parse(_pdf(tmp_path, PDF_CASES[case])))


def _form_pdf(tmp_path: Path, form_ops: bytes, before_do: bytes = b"") -> Path:
    """VISIBLE on the page, then a form XObject (drawn with ``Do``) holding ``form_ops`` with SECRET."""
    from tests.hostile.generate import _stream, assemble_pdf

    content = (b"BT /F1 16 Tf 72 760 Td (Our plan) Tj ET\nBT /F1 11 Tf 72 730 Td (%s) Tj ET\n" % _pdf_escape(VISIBLE)
               + b"q " + before_do + b" /X1 Do Q")
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray /Length 1 >>\nstream\n\x80\nendstream"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", _stream(content),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> >>",
        _stream(form_ops.replace(b"SECRET", _pdf_escape(SECRET)),
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> /XObject << /Im 7 0 R >> >> "),
        image,
    ]
    path = tmp_path / "form.pdf"
    path.write_bytes(assemble_pdf(objs, 1))
    return path


FORM_CASES = {
    "invisible-in-a-form": (b"BT /F1 11 Tf 3 Tr 72 700 Td (SECRET) Tj ET", b""),
    "white-in-a-form": (b"1 1 1 rg BT /F1 11 Tf 72 700 Td (SECRET) Tj ET", b""),
    "form-clipped-away": (b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET", b"0 0 0 0 re W n"),
    "form-off-the-page": (b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET", b"1 0 0 1 3000 0 cm"),
}


@pytest.mark.parametrize("case", sorted(FORM_CASES))
def test_pdf_hidden_text_inside_a_form_xobject_is_set_aside(tmp_path: Path, case: str) -> None:
    assert_set_aside(parse(_form_pdf(tmp_path, *FORM_CASES[case])))


def test_an_ocr_layer_inside_a_form_with_its_scan_is_read(tmp_path: Path) -> None:
    ops = b"q 400 0 0 40 60 690 cm /Im Do Q BT /F1 11 Tf 3 Tr 72 700 Td (SECRET) Tj ET"
    doc = parse(_form_pdf(tmp_path, ops))
    assert "safeguarding" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


def _layer_pdf(tmp_path: Path, config: bytes, layers: tuple[bytes, ...] = (b"(Hidden)",)) -> Path:
    """VISIBLE, then SECRET marked with the first of ``layers`` (OCGs 6, 7...); ``config`` is /OCProperties' /D."""
    from tests.hostile.generate import _stream, assemble_pdf

    content = (b"BT /F1 16 Tf 72 760 Td (Our plan) Tj ET\nBT /F1 11 Tf 72 730 Td (%s) Tj ET\n" % _pdf_escape(VISIBLE)
               + b"/OC /L0 BDC BT /F1 11 Tf 72 700 Td (%s) Tj ET EMC" % _pdf_escape(SECRET))
    refs = b" ".join(b"%d 0 R" % (6 + i) for i in range(len(layers)))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /OCProperties << /OCGs [" + refs + b"] /D << " + config + b" >> >> >>",
        b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", _stream(content),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> /Properties << /L0 6 0 R >> >> >>",
        *(b"<< /Type /OCG /Name " + name + b" >>" for name in layers),
    ]
    path = tmp_path / "layers.pdf"
    path.write_bytes(assemble_pdf(objs, 1))
    return path


@pytest.mark.parametrize("config", [b"/OFF [6 0 R]", b"/BaseState /OFF /ON [7 0 R]"], ids=["off", "base-state-off"])
def test_pdf_text_on_a_layer_turned_off_is_set_aside(tmp_path: Path, config: bytes) -> None:
    doc = parse(_layer_pdf(tmp_path, config, (b"<FEFF00480069006400640065006E>", b"(Shown)")))
    assert_set_aside(doc)
    assert "on a layer the document turns off" in hidden_warning(doc)


@pytest.mark.parametrize("config, layers", [
    (b"/ON [6 0 R]", (b"(Hidden)",)),
    (b"/OFF [7 0 R]", (b"(Twice)", b"(Twice)")),  # a shown layer shares the name of one turned off
], ids=["layer-on", "name-shared-with-a-shown-layer"])
def test_pdf_text_on_a_layer_shown_is_read(tmp_path: Path, config: bytes, layers: tuple[bytes, ...]) -> None:
    doc = parse(_layer_pdf(tmp_path, config, layers))
    assert "safeguarding" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


@pytest.mark.parametrize("image_first", [True, False], ids=["image-then-text", "text-then-image"])
def test_invisible_text_over_an_image_is_an_ocr_layer_and_is_read(tmp_path: Path, image_first: bool) -> None:
    image = b"\nq 400 0 0 40 60 690 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q\n"
    text = PDF_CASES["render-mode-3"]
    doc = parse(_pdf(tmp_path, image + text if image_first else text + image))
    assert "safeguarding" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


@pytest.mark.parametrize("ops", [
    b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET 1 1 0 rg 60 690 480 30 re f",  # a flattened yellow highlight
    b"1 1 1 rg 60 690 480 30 re f 0 g BT /F1 11 Tf 72 700 Td (SECRET) Tj ET",  # a white box under the text
    b"BT /F1 11 Tf 72 700 Td (SECRET) Tj ET 1 1 1 rg 60 690 200 30 re f",  # a box over part of it
], ids=["coloured-box-over", "white-box-under", "partly-covered"])
def test_text_with_a_box_that_does_not_hide_it_is_read(tmp_path: Path, ops: bytes) -> None:
    doc = parse(_pdf(tmp_path, ops))
    assert "safeguarding" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


def test_white_text_on_a_dark_box_is_read(tmp_path: Path) -> None:
    box = b"0.1 0.2 0.4 rg 60 690 480 30 re f\n"
    doc = parse(_pdf(tmp_path, box + PDF_CASES["white-fill"]))
    assert "safeguarding" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


# --------------------------------------------------------------------------- Markdown

MARKDOWN_CASES = {
    "div-hidden": f"<div hidden>\n\n{SECRET}.\n\n</div>",
    "display-none": f'<div style="color: red; display: none">\n\n{SECRET}.\n\n</div>',
    "span-display-none": f'Shown words. <span style="display:none">{SECRET}</span>',
    "p-hidden-inline": f"<p hidden>{SECRET}</p>",
    "visibility-hidden": f'<section style="visibility:hidden">{SECRET}</section>',
    "class-hidden-by-style": f"<style>.x {{ display: none }}</style>\n\n<div class=\"x\">\n\n{SECRET}.\n\n</div>",
    "unclosed-hidden-div": f"<div hidden>\n\n{SECRET}.",
    "comment": f"<!-- {SECRET} -->",
    "white-text": f'<span style="color: #ffffff">{SECRET}</span>',
    "off-screen": f'<div style="position:absolute; left:-10000px">{SECRET}</div>',
    "screen-reader-only": f'<span style="position:absolute;width:1px;height:0;overflow:hidden">{SECRET}</span>',
    "zero-opacity": f'<p style="opacity:0">{SECRET}</p>',
    "font-white": f'<font color="#FFFFFF">{SECRET}</font>',
    "zero-font-size": f'<p style="font-size: 0px">{SECRET}</p>',
    "media-rule": f"<style>@media screen {{ #s {{ visibility: hidden }} }}</style>\n<p id=\"s\">{SECRET}</p>",
}


@pytest.mark.parametrize("case", sorted(MARKDOWN_CASES))
def test_markdown_hidden_html_is_set_aside_with_a_warning(tmp_path: Path, case: str) -> None:
    path = tmp_path / "plan.md"
    path.write_text(f"# Our plan\n\n{VISIBLE}\n\n{MARKDOWN_CASES[case]}\n", encoding="utf-8")
    assert_set_aside(parse(path))


def test_markdown_inside_a_visible_div_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(f'# Our plan\n\n<div align="center">\n\n{VISIBLE}\n\n</div>\n', encoding="utf-8")
    doc = parse(path)
    assert "publish the milestones" in all_text(doc)
    assert not [w for w in doc.warnings if w.code == "hidden-text"]


def test_the_warning_reaches_the_report(tmp_path: Path) -> None:
    import json

    from tests.clirun import invoke

    path = tmp_path / "plan.md"
    path.write_text(f"# Our plan\n\n{VISIBLE}\n\n<div hidden>{SECRET}</div>\n", encoding="utf-8")
    result = invoke(["check", "--format", "json", str(path)])
    warnings = json.loads(result.stdout)["document"]["warnings"]
    assert [w["code"] for w in warnings if w["code"] == "hidden-text"] == ["hidden-text"]


def test_text_hidden_by_a_style_counts_as_if_it_were_deleted(tmp_path: Path) -> None:
    """End to end: a strong plan whose body is hidden by a character style meets what the same plan without it meets."""
    import json

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    from tests.clirun import invoke

    sample = Path(__file__).resolve().parents[2] / "samples" / "harrowfield-strong.docx"
    hidden, deleted = Document(sample), Document(sample)
    style = hidden.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    style.font.hidden = True
    for doc, hide in ((hidden, True), (deleted, False)):
        for para in doc.paragraphs:
            if para.style.name.lower().startswith(("heading", "title")) or len(para.text.split()) < 25:
                continue
            for run in para.runs:
                if hide:
                    run.style = style
                else:
                    run.text = ""
    results = {}
    for name, doc in (("hidden", hidden), ("deleted", deleted), ("shown", Document(sample))):
        doc.save(tmp_path / f"{name}.docx")
        out = invoke(["check", "--format", "json", str(tmp_path / f"{name}.docx")])
        report = json.loads(out.stdout)
        results[name] = {r["id"]: r["status"] for r in report["results"]}
        if name == "hidden":
            assert [w["code"] for w in report["document"]["warnings"] if w["code"] == "hidden-text"] == ["hidden-text"]
    assert results["hidden"] == results["deleted"]
    assert results["hidden"] != results["shown"]
