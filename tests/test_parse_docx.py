"""Tests for the DOCX parser: fixtures are built in tmp_path with python-docx or as raw XML zips."""
from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from jfp.errors import DocumentError
from jfp.models import Document
from jfp.parsers import Limits, parse

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'
)
FILLER = "The board agreed the plan after a long discussion with every partner in the system."
CORPUS_DIRS = [Path(__file__).resolve().parents[2] / "shared" / "corpus", Path("/work/shared/corpus")]


# --------------------------------------------------------------------------- helpers


def p(text: str, style: str | None = None, ppr: str = "", rpr: str = "") -> str:
    """A raw w:p with one run."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if style_xml or ppr else ""
    run_props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:p>{props}<w:r>{run_props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def style_xml(styles: str = "") -> str:
    """A styles part with a Normal default, heading 1/2, toc 1 and whatever is passed."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NAMESPACES}>'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>'
        f"{styles}</w:styles>"
    )


def raw_docx(
    path: Path,
    body: str,
    styles: str | None = "",
    extra: dict[str, str | bytes] | None = None,
    document: str | None = None,
) -> Path:
    """Write a minimal .docx whose body is ``body`` (raw WordprocessingML)."""
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": document
        or '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>",
    }
    if styles is not None:
        parts["word/styles.xml"] = style_xml(styles)
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return path


def headings(doc: Document) -> list[tuple[int, str, str]]:
    """(level, heading, path) of every section with a heading."""
    return [(s.level, s.heading, s.heading_path) for s in doc.iter_sections() if s.level > 0]


def texts(doc: Document) -> list[str]:
    """Every block's text in order."""
    return [b.text for _, b in doc.iter_blocks()]


def all_text(doc: Document) -> str:
    """Headings and blocks as one string, for absence checks."""
    return "\n".join([s.heading for s in doc.iter_sections()] + texts(doc))


def section(doc: Document, heading: str):
    """The section with that heading."""
    return next(s for s in doc.iter_sections() if s.heading == heading)


# --------------------------------------------------------------------------- headings


def test_styled_headings_build_the_tree_and_title_comes_from_core_properties(tmp_path: Path) -> None:
    d = WordDocument()
    d.core_properties.title = "Our Joint Forward Plan"
    d.add_paragraph("Cover words before any heading.")
    d.add_heading("1 Introduction", 1)
    d.add_paragraph(FILLER)
    d.add_heading("Scope", 2)
    d.add_paragraph(FILLER)
    d.add_heading("Detail", 3)
    d.add_paragraph(FILLER)
    d.add_heading("2 Delivery", 1)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "plan.docx")

    doc = parse(tmp_path / "plan.docx")

    assert doc.meta.format == "docx"
    assert doc.meta.title == "Our Joint Forward Plan"
    assert headings(doc) == [
        (1, "1 Introduction", "1 Introduction"),
        (2, "Scope", "1 Introduction > Scope"),
        (3, "Detail", "1 Introduction > Scope > Detail"),
        (1, "2 Delivery", "2 Delivery"),
    ]
    assert doc.sections[0].level == 0 and texts(doc)[0] == "Cover words before any heading."
    assert [b.text for b in section(doc, "Detail").blocks] == [FILLER]
    assert all(b.page is None for _, b in doc.iter_blocks())  # no breaks: no pretend pages
    assert doc.meta.pages is None  # python-docx's template app.xml says 1 page of 0 words


def test_title_style_paragraph_is_the_title_when_core_title_is_empty(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_paragraph("Healthier Together 2024 to 2029", style="Title")
    d.add_heading("Foreword", 1)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "t.docx")

    doc = parse(tmp_path / "t.docx")

    assert doc.meta.title == "Healthier Together 2024 to 2029"
    assert headings(doc) == [(1, "Foreword", "Foreword")]


def test_first_heading_is_the_title_without_title_style_or_core_title(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_paragraph("Draft for discussion")
    d.add_heading("Kestrel Plan", 1)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "t.docx")

    assert parse(tmp_path / "t.docx").meta.title == "Kestrel Plan"


def test_fake_bold_and_large_headings_rank_by_size(tmp_path: Path) -> None:
    d = WordDocument()
    big = d.add_paragraph().add_run("Our priorities")
    big.bold, big.font.size = True, Pt(18)
    d.add_paragraph(FILLER)
    d.add_paragraph().add_run("Better access to care").bold = True
    d.add_paragraph(FILLER)
    lead = d.add_paragraph()
    lead.add_run("Bold lead-in.").bold = True
    lead.add_run(" " + FILLER)
    d.add_paragraph().add_run("This whole sentence is bold but it ends with a full stop.").bold = True
    d.add_paragraph().add_run(
        "A bold line that is far too long to be a heading because it keeps going on and on"
    ).bold = True
    d.add_paragraph().add_run("Larger but not bold").font.size = Pt(18)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "fake.docx")

    doc = parse(tmp_path / "fake.docx")

    assert headings(doc) == [
        (1, "Our priorities", "Our priorities"),
        (2, "Better access to care", "Our priorities > Better access to care"),
        (1, "Larger but not bold", "Larger but not bold"),
    ]
    body = texts(doc)
    assert any(t.startswith("Bold lead-in. The board") for t in body)
    assert "This whole sentence is bold but it ends with a full stop." in body


def test_bold_lines_nest_under_styled_headings_and_cover_page_is_not_a_heading(tmp_path: Path) -> None:
    d = WordDocument()
    logo = d.add_paragraph().add_run("NHS")
    logo.bold, logo.font.size = True, Pt(30)
    d.add_heading("Delivery", 1)
    d.add_paragraph(FILLER)
    d.add_paragraph().add_run("Key milestones").bold = True
    d.add_paragraph(FILLER)
    d.save(tmp_path / "mixed.docx")

    doc = parse(tmp_path / "mixed.docx")

    assert headings(doc) == [(1, "Delivery", "Delivery"), (2, "Key milestones", "Delivery > Key milestones")]
    assert texts(doc)[0] == "NHS"


def test_numbered_headings_take_their_level_from_the_number(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_paragraph().add_run("3 Delivering the plan").bold = True
    d.add_paragraph(FILLER)
    d.add_paragraph("3.2 Research and innovation")
    d.add_paragraph(FILLER)
    d.add_paragraph("3.2.1 Working with universities")
    d.add_paragraph(FILLER)
    d.add_paragraph("1 We will recruit thirty nurses")  # plain, single number: a typed list item
    d.add_paragraph("2.5 million people live in the area")  # not a capital after the number
    d.save(tmp_path / "num.docx")

    doc = parse(tmp_path / "num.docx")

    assert headings(doc) == [
        (1, "3 Delivering the plan", "3 Delivering the plan"),
        (2, "3.2 Research and innovation", "3 Delivering the plan > 3.2 Research and innovation"),
        (
            3,
            "3.2.1 Working with universities",
            "3 Delivering the plan > 3.2 Research and innovation > 3.2.1 Working with universities",
        ),
    ]
    assert "1 We will recruit thirty nurses" in texts(doc)


def test_outline_levels_and_localised_heading_styles(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="SubChapter"><w:name w:val="Sub chapter"/>'
        '<w:basedOn w:val="Chapter"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Inherits"><w:name w:val="Inherits"/>'
        '<w:basedOn w:val="SubChapter"/></w:style>'
    )
    body = (
        p("Einleitung", "berschrift1")
        + p(FILLER)
        + p("Chapter by style", "Chapter")
        + p("Section by inherited outline level", "Inherits")
        + p(FILLER)
        + p("Direct outline level", ppr='<w:outlineLvl w:val="2"/>')
        + p(FILLER)
        + p("Body outline level is not a heading", ppr='<w:outlineLvl w:val="9"/>')
    )
    doc = parse(raw_docx(tmp_path / "ol.docx", body, styles))

    assert headings(doc) == [
        (1, "Einleitung", "Einleitung"),
        (1, "Chapter by style", "Chapter by style"),
        (2, "Section by inherited outline level", "Chapter by style > Section by inherited outline level"),
        (
            3,
            "Direct outline level",
            "Chapter by style > Section by inherited outline level > Direct outline level",
        ),
    ]
    assert "Body outline level is not a heading" in texts(doc)


def test_heading_styled_paragraph_that_is_long_is_body_text(tmp_path: Path) -> None:
    long_text = " ".join([FILLER] * 6)
    doc = parse(raw_docx(tmp_path / "long.docx", p("Real heading", "Heading1") + p(long_text, "Heading1")))
    assert headings(doc) == [(1, "Real heading", "Real heading")]
    assert texts(doc) == [long_text]


# --------------------------------------------------------------------------- lists and tables


def test_list_items_from_list_styles_and_numbering(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered steps"/>'
        '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
    )
    numpr = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'
    body = (
        p("Intro", "Heading1")
        + p("bullet by style", "ListBullet")
        + p("numbered by paragraph", ppr=numpr)
        + p("numbered by style", "Numbered")
        + p("numbering switched off", "Numbered", ppr='<w:numPr><w:numId w:val="0"/></w:numPr>')
        + p("Plain paragraph with several words in it.")
    )
    doc = parse(raw_docx(tmp_path / "lists.docx", body, styles))

    kinds = [(b.kind, b.text) for _, b in doc.iter_blocks()]
    assert kinds == [
        ("list_item", "bullet by style"),
        ("list_item", "numbered by paragraph"),
        ("list_item", "numbered by style"),
        ("paragraph", "numbering switched off"),
        ("paragraph", "Plain paragraph with several words in it."),
    ]


def test_python_docx_list_styles_and_bold_list_item_is_not_a_heading(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_heading("Actions", 1)
    d.add_paragraph("Open two hubs", style="List Bullet")
    d.add_paragraph("Recruit staff", style="List Number")
    d.add_paragraph(style="List Bullet").add_run("Bold bullet").bold = True
    d.save(tmp_path / "l.docx")

    doc = parse(tmp_path / "l.docx")

    assert headings(doc) == [(1, "Actions", "Actions")]
    blocks = section(doc, "Actions").blocks
    assert [(b.kind, b.text, b.style) for b in blocks] == [
        ("list_item", "Open two hubs", "List Bullet"),
        ("list_item", "Recruit staff", "List Number"),
        ("list_item", "Bold bullet", "List Bullet"),
    ]


def test_tables_keep_their_place_merged_cells_read_once_nested_flattened(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_heading("Finance", 1)
    d.add_paragraph("Before the table.")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "Spanning header"
    t.cell(0, 2).text = "Year"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "Tall cell"
    t.cell(1, 1).text = "a"
    t.cell(1, 2).text = "2025"
    t.cell(2, 1).text = "b"
    t.cell(2, 2).paragraphs[0].add_run("Bold cell").bold = True
    inner = t.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner one"
    inner.cell(0, 1).text = "inner two"
    d.add_paragraph("After the table.")
    d.save(tmp_path / "tables.docx")

    doc = parse(tmp_path / "tables.docx")

    assert headings(doc) == [(1, "Finance", "Finance")]
    blocks = section(doc, "Finance").blocks
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    table = blocks[1]
    assert table.rows == [
        ["Spanning header", "Year"],
        ["Tall cell", "a", "2025"],
        ["", "b inner one | inner two", "Bold cell"],
    ]
    assert table.text.count("Spanning header") == 1 and table.text.count("Tall cell") == 1


def test_headings_inside_table_cells_are_not_headings_and_legacy_merges_read_once(tmp_path: Path) -> None:
    cell = p("Heading in a cell", "Heading1") + p("cell text")
    merged = '<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr>' + p("wide") + "</w:tc>"
    merged += '<w:tc><w:tcPr><w:hMerge/></w:tcPr>' + p("wide") + "</w:tc>"
    body = (
        p("Top", "Heading1")
        + f"<w:tbl><w:tr><w:tc>{cell}</w:tc><w:tc>{p('x')}</w:tc></w:tr><w:tr>{merged}</w:tr></w:tbl>"
    )
    doc = parse(raw_docx(tmp_path / "cellh.docx", body))
    assert headings(doc) == [(1, "Top", "Top")]
    assert section(doc, "Top").blocks[0].rows == [["Heading in a cell cell text", "x"], ["wide", ""]]


# --------------------------------------------------------------------------- what is not body text


def test_captions_in_bold_are_not_headings(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_heading("Workforce", 1)
    d.add_paragraph().add_run("Table 3 Staff in post by group").bold = True
    d.add_paragraph().add_run("Source: ICB workforce return").bold = True
    d.add_paragraph().add_run("Our workforce plan").bold = True
    d.add_paragraph(FILLER)
    d.save(tmp_path / "cap.docx")

    doc = parse(tmp_path / "cap.docx")

    assert headings(doc) == [(1, "Workforce", "Workforce"), (2, "Our workforce plan", "Workforce > Our workforce plan")]
    assert texts(doc)[:2] == ["Table 3 Staff in post by group", "Source: ICB workforce return"]


def test_strict_ooxml_namespace_is_read(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    body = p("Strict heading", "Heading1") + p(FILLER)
    document = (
        f'<?xml version="1.0"?><w:document xmlns:w="{strict}"><w:body>{body}</w:body></w:document>'
    )
    styles = {"word/styles.xml": style_xml().replace(W_NS, strict)}
    doc = parse(raw_docx(tmp_path / "strict.docx", "", styles=None, extra=styles, document=document))
    assert headings(doc) == [(1, "Strict heading", "Strict heading")]
    assert texts(doc) == [FILLER]


def test_header_and_footer_are_not_read(tmp_path: Path) -> None:
    d = WordDocument()
    d.sections[0].header.paragraphs[0].text = "HEADERWORD confidential draft"
    d.sections[0].footer.paragraphs[0].text = "FOOTERWORD page"
    d.add_heading("Body", 1)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "hf.docx")

    doc = parse(tmp_path / "hf.docx")

    assert "HEADERWORD" not in all_text(doc) and "FOOTERWORD" not in all_text(doc)
    assert texts(doc) == [FILLER]


def test_footnotes_and_endnotes_are_read_after_the_paragraph_that_cites_them(tmp_path: Path) -> None:
    # Word prints notes on the page, so a reader sees them; the separator Word draws above them
    # is not text, and a note cited twice is read once.
    body = (
        '<w:p><w:r><w:t xml:space="preserve">We will open two hubs by 2026.</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">A second paragraph cites the same note.</w:t></w:r>'
        '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:endnoteReference w:id="2"/></w:r></w:p>'
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NAMESPACES}>'
        f'<w:footnote w:type="separator" w:id="-1">{p("SEPARATORWORD")}</w:footnote>'
        f'<w:footnote w:id="1">{p("Both hubs are funded from the capital programme agreed in 2025.")}</w:footnote>'
        "</w:footnotes>"
    )
    endnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {NAMESPACES}>'
        f'<w:endnote w:id="2">{p("Source: the 2024 population survey.")}</w:endnote></w:endnotes>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
        'Target="footnotes.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" '
        'Target="endnotes.xml"/></Relationships>'
    )
    path = raw_docx(tmp_path / "notes.docx", body, extra={
        "word/footnotes.xml": notes, "word/endnotes.xml": endnotes, "word/_rels/document.xml.rels": rels})

    doc = parse(path)

    assert texts(doc) == [
        "We will open two hubs by 2026.",
        "Both hubs are funded from the capital programme agreed in 2025.",
        "A second paragraph cites the same note.",
        "Source: the 2024 population survey.",
    ]
    assert "SEPARATORWORD" not in all_text(doc)


def test_a_one_cell_table_is_a_box_whose_paragraphs_are_paragraphs(tmp_path: Path) -> None:
    # A shaded one-cell table is how Word users draw a callout: its title line and its text are
    # two paragraphs, as the PDF of the same page shows them, not one table row run together.
    box = (f"<w:tbl><w:tr><w:tc>{p('What the assessment changed', rpr='<w:b/>')}"
           f"{p('We assessed the draft plan in January 2026 and added a target for Deaf people.')}</w:tc></w:tr></w:tbl>")
    grid = (f"<w:tbl><w:tr><w:tc>{p('Measure')}</w:tc><w:tc>{p('Target')}</w:tc></w:tr>"
            f"<w:tr><w:tc>{p('Waits')}</w:tc><w:tc>{p('18 weeks')}</w:tc></w:tr></w:tbl>")
    doc = parse(raw_docx(tmp_path / "box.docx", p("Our plan", "Heading1") + box + grid))

    kinds = [(b.kind, b.text) for s in doc.iter_sections() for b in s.blocks]
    assert kinds[:2] == [("paragraph", "What the assessment changed"),
                         ("paragraph", "We assessed the draft plan in January 2026 and added a target for Deaf people.")]
    assert kinds[2][0] == "table"
    assert [h[1] for h in headings(doc)] == ["Our plan"]  # the bold title line in the box is no heading


def test_tables_of_contents_are_skipped(tmp_path: Path) -> None:
    toc_sdt = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
        f"<w:sdtContent>{p('Contents', 'Heading1')}{p('SDTENTRY Introduction 3', 'TOC1')}</w:sdtContent></w:sdt>"
    )
    toc_field = (
        p("Table of Contents", "Heading1")
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>FIELDENTRY one</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>FIELDENTRY 3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:t>FIELDENTRY two</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    typed = (
        p("Contents")
        + p("Introduction ........ 3")
        + p("Delivery<w:tab/>7".replace("<w:tab/>", "</w:t><w:tab/><w:t>"))
    )
    body = (
        toc_sdt
        + toc_field
        + p("STYLEENTRY Delivery 7", "TOC1")
        + typed
        + p("Introduction", "Heading1")
        + p(FILLER)
        + p("Delivery", "Heading1")
        + p("Contents of this chapter are short.")
    )
    doc = parse(raw_docx(tmp_path / "toc.docx", body))

    assert headings(doc) == [(1, "Introduction", "Introduction"), (1, "Delivery", "Delivery")]
    flat = all_text(doc)
    for marker in ("SDTENTRY", "FIELDENTRY", "STYLEENTRY", "........", "Contents\n"):
        assert marker not in flat
    assert texts(doc) == [FILLER, "Contents of this chapter are short."]


def test_contents_list_without_page_numbers_is_skipped_when_it_repeats_headings(tmp_path: Path) -> None:
    body = (
        p("Contents", "Heading1")
        + p("Foreword")
        + p("Our plan")
        + p("Foreword", "Heading1")
        + p(FILLER)
        + p("Our plan", "Heading1")
        + p(FILLER)
    )
    doc = parse(raw_docx(tmp_path / "contents.docx", body))
    assert headings(doc) == [(1, "Foreword", "Foreword"), (1, "Our plan", "Our plan")]
    assert texts(doc) == [FILLER, FILLER]


def test_tracked_changes_fields_soft_hyphens_and_tabs(tmp_path: Path) -> None:
    body = (
        p("Changes", "Heading1")
        + '<w:p><w:r><w:t xml:space="preserve">We will </w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>never </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve">con</w:t><w:softHyphen/><w:t xml:space="preserve">sult.</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>See page</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 12</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Role</w:t></w:r></w:p>'
        '<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDENWORD</w:t></w:r><w:r><w:t>Shown</w:t></w:r></w:p>'
        '<w:del w:id="3" w:author="a"><w:p><w:r><w:delText>DELETEDPARA</w:delText></w:r></w:p></w:del>'
    )
    doc = parse(raw_docx(tmp_path / "tc.docx", body))

    assert texts(doc) == ["We will always consult.", "See page 12", "Name Role", "Shown"]
    assert "PAGEREF" not in all_text(doc) and "never" not in all_text(doc)
    # Hidden text is set aside and said so (issue 12.2).
    assert [w.code for w in doc.warnings] == ["tracked-changes", "hidden-text"]
    assert doc.warnings[1].message.startswith("1 word of hidden text (1 formatted as hidden)")


def test_text_boxes_are_read_once_and_content_controls_are_read(tmp_path: Path) -> None:
    box = f"<w:txbxContent>{p('Boxed words about neighbourhood teams.')}</w:txbxContent>"
    alternate = (
        "<w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}'
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    body = (
        p("Boxes", "Heading1")
        + f'<w:p><w:r><w:t xml:space="preserve">Anchor paragraph. </w:t></w:r>{alternate}</w:p>'
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{p('Block control text.')}</w:sdtContent></w:sdt>"
        + '<w:p><w:r><w:t xml:space="preserve">Inline </w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>control</w:t></w:r>'
        "</w:sdtContent></w:sdt><w:r><w:t xml:space=\"preserve\"> text.</w:t></w:r></w:p>"
        + f"<w:tbl><w:tr><w:tc>{p('row one')}</w:tc></w:tr>"
        + f"<w:sdt><w:sdtContent><w:tr><w:tc>{p('row in a control')}</w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    doc = parse(raw_docx(tmp_path / "box.docx", body))

    assert texts(doc) == [
        "Anchor paragraph.",
        "Boxed words about neighbourhood teams.",
        "Block control text.",
        "Inline control text.",
        "row one\nrow in a control",
    ]


# --------------------------------------------------------------------------- pages


def test_rendered_page_breaks_give_pages_and_explicit_breaks_are_not_double_counted(tmp_path: Path) -> None:
    body = (
        p("One", "Heading1")
        + '<w:p><w:r><w:t xml:space="preserve">Starts on page one and </w:t><w:lastRenderedPageBreak/>'
        '<w:t>ends on page two.</w:t></w:r></w:p>'
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + '<w:p><w:r><w:lastRenderedPageBreak/><w:t>Page three.</w:t></w:r></w:p>'
        + p("Two", "Heading1")
        + '<w:p><w:r><w:lastRenderedPageBreak/><w:t>Page four.</w:t></w:r></w:p>'
    )
    doc = parse(raw_docx(tmp_path / "pages.docx", body))

    assert [(b.text, b.page) for _, b in doc.iter_blocks()] == [
        ("Starts on page one and ends on page two.", 1),
        ("Page three.", 3),
        ("Page four.", 4),
    ]
    assert (section(doc, "One").page_start, section(doc, "One").page_end) == (1, 3)
    assert section(doc, "Two").page_start == 3
    assert doc.meta.pages == 4
    assert doc.warnings == []


def test_explicit_page_breaks_give_pages_when_nothing_was_rendered(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_heading("First", 1)
    d.add_paragraph(FILLER)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading("Second", 1)
    d.add_paragraph(FILLER)
    d.add_heading("Third", 1).paragraph_format.page_break_before = True
    d.add_paragraph(FILLER)
    d.add_section(WD_SECTION.NEW_PAGE)
    d.add_heading("Fourth", 1)
    d.add_paragraph(FILLER)
    d.add_section(WD_SECTION.CONTINUOUS)
    d.add_paragraph(FILLER)
    d.save(tmp_path / "br.docx")

    doc = parse(tmp_path / "br.docx")

    assert [(s.heading, s.page_start, s.page_end) for s in doc.iter_sections()] == [
        ("First", 1, 1),
        ("Second", 2, 2),
        ("Third", 3, 3),
        ("Fourth", 4, 4),
    ]
    assert doc.meta.pages is None  # manual breaks give a lower bound, not a page count
    assert [w.code for w in doc.warnings] == ["approximate-pages"]


def test_breaks_on_an_empty_page_add_no_page(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'  # before any text: no blank first page
        + p("Cover")
        + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        + p("Chapter", "Heading1", ppr="<w:pageBreakBefore/>")  # already at the top of page 2
        + p(FILLER)
    )
    doc = parse(raw_docx(tmp_path / "empty-page.docx", body))
    assert [(b.text, b.page) for _, b in doc.iter_blocks()] == [("Cover", 1), (FILLER, 2)]
    assert section(doc, "Chapter").page_start == 2
    assert doc.meta.pages is None  # manual breaks give a lower bound, not a page count


def test_app_xml_page_count_is_used_when_the_application_counted(tmp_path: Path) -> None:
    app = (
        '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Pages>7</Pages><Words>15</Words></Properties>"
    )
    doc = parse(raw_docx(tmp_path / "app.docx", p(FILLER), extra={"docProps/app.xml": app}))
    assert doc.meta.pages == 7
    assert all(b.page is None for _, b in doc.iter_blocks())


# --------------------------------------------------------------------------- bad input


def _patch_central_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the declared uncompressed size of one entry in the zip's central directory."""
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if data[pos + 46 : pos + 46 + name_len] == name:
            return data[: pos + 24] + struct.pack("<I", size) + data[pos + 28 :]
        pos = data.find(b"PK\x01\x02", pos + 46)
    raise AssertionError("entry not found")


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, expected reason) for every refused input."""
    good = raw_docx(tmp_path / "good.docx", p(FILLER))
    good_bytes = good.read_bytes()
    files: dict[str, tuple[Path, str]] = {}

    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(good_bytes[: len(good_bytes) // 2])
    files["corrupt"] = (corrupt, "corrupt")

    not_word = tmp_path / "notword.docx"
    with zipfile.ZipFile(not_word, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    files["not-word"] = (not_word, "wrong-type")

    encrypted = tmp_path / "encrypted.docx"
    with zipfile.ZipFile(encrypted, "w") as zf:
        zf.writestr("EncryptedPackage", b"\x00" * 64)
        zf.writestr("word/document.xml", "<x/>")
    files["encrypted-zip"] = (encrypted, "encrypted")

    ole = tmp_path / "ole.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    files["ole"] = (ole, "encrypted")

    declared = tmp_path / "declared-bomb.docx"
    declared.write_bytes(_patch_central_sizes(good_bytes, b"word/document.xml", 0xFFFFFFF0))
    files["declared-bomb"] = (declared, "too-large")

    ratio = tmp_path / "ratio-bomb.docx"
    raw_docx(ratio, p(FILLER), extra={"word/media/blank.bin": b"\x00" * (3 * 1024 * 1024)})
    files["ratio-bomb"] = (ratio, "too-large")

    lying = tmp_path / "lying.docx"
    lying.write_bytes(_patch_central_sizes(good_bytes, b"word/document.xml", 40))
    files["understated-size"] = (lying, "corrupt")

    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f"<w:document {NAMESPACES}><w:body>{p('&lol3;')}{p(FILLER)}</w:body></w:document>"
    )
    files["entity-expansion"] = (raw_docx(tmp_path / "laughs.docx", "", document=laughs), "corrupt")

    empty = raw_docx(tmp_path / "empty.docx", "<w:p/>")
    files["no-text"] = (empty, "empty")

    bad_xml = raw_docx(tmp_path / "badxml.docx", "", document="<w:document><w:body><w:p>")
    files["bad-xml"] = (bad_xml, "corrupt")
    return files


BAD_CASES = [
    "corrupt",
    "not-word",
    "encrypted-zip",
    "ole",
    "declared-bomb",
    "ratio-bomb",
    "understated-size",
    "entity-expansion",
    "no-text",
    "bad-xml",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_inputs_raise_document_error_with_reason(tmp_path: Path, case: str) -> None:
    path, reason = _bad_files(tmp_path)[case]
    with pytest.raises(DocumentError) as info:
        parse(path)
    assert info.value.reason == reason
    assert str(path) in str(info.value)


def test_limits_are_configurable(tmp_path: Path) -> None:
    path = raw_docx(tmp_path / "ok.docx", p(FILLER))
    with pytest.raises(DocumentError) as info:
        parse(path, Limits(max_inflated_bytes=100))
    assert info.value.reason == "too-large"


@pytest.mark.parametrize("case", BAD_CASES)
def test_cli_outline_refuses_bad_inputs_with_one_line_and_exit_3(tmp_path: Path, case: str) -> None:
    from clirun import invoke


    path, _reason = _bad_files(tmp_path)[case]
    result = invoke(["outline", str(path)])
    assert result.exit_code == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"jfp: {path}: "), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_outline_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path, _reason = _bad_files(tmp_path)["entity-expansion"]
    result = subprocess.run(
        [sys.executable, "-m", "jfp", "outline", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_outline_shows_the_tree(tmp_path: Path) -> None:
    d = WordDocument()
    d.add_heading("Alpha chapter", 1)
    d.add_paragraph(FILLER)
    d.add_heading("Beta part", 2)
    d.add_table(rows=1, cols=2).cell(0, 0).text = "cell"
    d.save(tmp_path / "cli.docx")
    result = subprocess.run(
        [sys.executable, "-m", "jfp", "outline", str(tmp_path / "cli.docx")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "H1 Alpha chapter" in result.stdout and "  H2 Beta part" in result.stdout
    assert "tables 1" in result.stdout


# --------------------------------------------------------------------------- corpus (structure only)


def _corpus_docx() -> list[Path]:
    for folder in CORPUS_DIRS:
        if folder.is_dir():
            return sorted(folder.glob("*.docx"))
    return []


@pytest.mark.parametrize("path", _corpus_docx(), ids=lambda p: p.name)
def test_corpus_documents_read_as_styled_two_level_plans(path: Path) -> None:
    doc = parse(path)
    levels = [s.level for s in doc.iter_sections() if s.level > 0]
    assert levels and set(levels) <= {1, 2} and levels.count(1) >= 5
    assert any(b.kind == "table" for _, b in doc.iter_blocks())
    assert any(b.kind == "list_item" for _, b in doc.iter_blocks())
    assert doc.meta.title
    tops = [s.heading.lower() for s in doc.sections]
    assert "contents" not in tops


# --------------------------------------------------------------------------- robustness

_TAGS = ["p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent", "ins", "del", "hyperlink", "pPr", "rPr",
         "fldChar", "instrText", "br", "lastRenderedPageBreak", "tab", "sectPr", "numPr", "tcPr", "vMerge",
         "txbxContent", "b", "sz", "pStyle", "outlineLvl", "fldSimple"]
_VALUES = ["", "0", "1", "9", "-3", "x", "page", "begin", "end", "separate", "Heading1", "TOC1", "continue",
           "99999999999"]


def _xml_tree(draw, depth: int = 0) -> str:
    from hypothesis import strategies as st

    tag = draw(st.sampled_from(_TAGS))
    attrs = ""
    if draw(st.booleans()):
        name = draw(st.sampled_from(["val", "type", "fldCharType", "instr"]))
        attrs = f' w:{name}="{draw(st.sampled_from(_VALUES))}"'
    if tag == "t" or depth >= 4:
        return f"<w:{tag}{attrs}>{draw(st.sampled_from(['word', 'Two words', ' ', '3.2 Research']))}</w:{tag}>"
    children = "".join(_xml_tree(draw, depth + 1) for _ in range(draw(st.integers(0, 3))))
    return f"<w:{tag}{attrs}>{children}</w:{tag}>"


def test_random_wordprocessingml_never_crashes_the_parser(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from jfp.parsers import DEFAULT_LIMITS, sha256_of
    from jfp.parsers.builder import DocumentBuilder
    from jfp.parsers.docx_read import read_into

    def parse_docx(path, data, limits):  # the reader itself: a crash must not become a DocumentError here
        return read_into(str(path), data, limits, DocumentBuilder(str(path), "docx", sha256_of(data), len(data)))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(data) -> None:
        body = "".join(_xml_tree(data.draw) for _ in range(data.draw(st.integers(1, 4))))
        path = raw_docx(tmp_path / "fuzz.docx", body)
        try:
            doc = parse_docx(path, path.read_bytes(), DEFAULT_LIMITS)
        except DocumentError:
            return
        assert all(s.level >= 0 for s in doc.iter_sections())

    check()
