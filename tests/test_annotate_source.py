"""The DOCX reader records where each block and heading came from (``source``), and it is right.

``source`` is the position of the block's ``w:p`` among every ``w:p`` of ``w:body`` in
document order; ``jfp annotate`` finds the paragraph a report cites by it. Fixtures are
built in code with python-docx; the samples are read as they ship.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree

from jfp.parsers import parse
from jfp.parsers.words import clean

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def body_paragraphs(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return list(root.find(W + "body").iter(W + "p"))


def text_of(p: etree._Element) -> str:
    return clean("".join(t.text or "" for t in p.iter(W + "t")))


def _plan(tmp_path: Path) -> Path:
    doc = WordDocument()
    doc.add_paragraph("Kestrel ICB Joint Forward Plan", style="Title")
    doc.add_paragraph("")  # an empty paragraph still counts in the body's order
    doc.add_heading("1 Research", level=1)
    doc.add_paragraph("We will support providers to take part in research delivery from 2025/26.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Measure", "Target"
    table.cell(1, 0).text, table.cell(1, 1).text = "Studies", "40"
    doc.add_paragraph("Each trust will host a research lead.", style="List Bullet")
    doc.add_heading("1.1 Using research evidence", level=2)
    doc.add_paragraph("Commissioning decisions will use research evidence.")
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    return path


def _check_sources(path: Path) -> int:
    doc = parse(path)
    paragraphs = body_paragraphs(path)
    checked = 0
    for section in doc.iter_sections():
        if section.level > 0:
            assert section.source is not None, section.heading
            assert clean(text_of(paragraphs[section.source])) == section.heading
            checked += 1
    for _, block in doc.iter_blocks():
        assert block.source is not None, block.text[:40]
        p = paragraphs[block.source]
        if block.kind == "table":
            table = next(p.iterancestors(W + "tbl"))
            assert next(table.iter(W + "p")) is p  # a table's source is its first paragraph
            assert text_of(p) == clean(block.rows[0][0])
        else:
            assert text_of(p) == clean(block.text)
        checked += 1
    return checked


def test_every_block_and_heading_of_a_built_plan_names_its_paragraph(tmp_path):
    path = _plan(tmp_path)
    assert _check_sources(path) == 7  # 2 headings; the title, 2 paragraphs, a table and a list item
    doc = parse(path)
    sources = [b.source for _, b in doc.iter_blocks()]
    assert sources == sorted(sources)
    assert sources[0] == 0 and doc.sections[0].blocks[0].style == "Title"
    # The empty paragraph after the title is not a block, but it still has its place.
    assert doc.sections[1].source == 2


@pytest.mark.parametrize("name", ["harrowfield-gaps", "harrowfield-strong", "harrowfield-thin"])
def test_every_block_of_the_samples_names_its_paragraph(name):
    assert _check_sources(SAMPLES / f"{name}.docx") > 50


def test_other_formats_have_no_source(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# Research\n\nWe will support research delivery.\n", encoding="utf-8")
    doc = parse(md)
    assert [s.source for s in doc.iter_sections()] == [None]
    assert [b.source for _, b in doc.iter_blocks()] == [None]
