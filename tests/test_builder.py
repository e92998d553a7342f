"""DocumentBuilder: how sections nest and what each block records, and that what it makes is valid.

The builder makes its models with ``model_construct`` (no validation, for speed), so the
last tests check that every parser's output survives a full validation round trip.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from jfp.models import Document
from jfp.parsers import parse
from jfp.parsers.builder import DocumentBuilder

ROOT = Path(__file__).resolve().parent.parent


def _build():
    b = DocumentBuilder("plan.pdf", "pdf", "0" * 64, 1234)
    b.block("paragraph", "  Cover   text\u00a0here ", page=1)
    b.heading("1 Introduction", 1, page=2)
    b.block("paragraph", "Our plan sets out five years.", page=2)
    b.heading("1.1 Scope", 2, page=3)
    b.block("list_item", "Adults and children", page=3)
    b.block("table", "", page=4, rows=[["Year", " Target "], ["", ""], ["2025/26", "90%"]])
    b.block("paragraph", "   ", page=4)  # empty: dropped
    b.heading("2 Delivery", 1, page=5)
    b.block("paragraph", "We will deliver.", page=6)
    b.warn("garbled-text", "Page 7 is unreadable.", 7)
    return b.build(pages=7, title="Harrowfield plan")


def test_sections_nest_by_level_with_paths_and_page_spans():
    doc = _build()
    tree = [(s.level, s.heading, s.path, s.page_start, s.page_end) for s in doc.iter_sections()]
    assert tree == [
        (0, "", [], 1, 1),
        (1, "1 Introduction", ["1 Introduction"], 2, 4),
        (2, "1.1 Scope", ["1 Introduction", "1.1 Scope"], 3, 4),
        (1, "2 Delivery", ["2 Delivery"], 5, 6),
    ]
    assert doc.section_count == 3


def test_blocks_are_cleaned_indexed_in_order_and_counted():
    doc = _build()
    blocks = [b for _, b in doc.iter_blocks()]
    assert [b.index for b in blocks] == list(range(5))
    assert blocks[0].text == "Cover text here"
    table = blocks[3]
    assert table.kind == "table" and table.rows == [["Year", "Target"], ["2025/26", "90%"]]
    assert table.text == "Year | Target\n2025/26 | 90%"
    assert doc.meta.words == 3 + 6 + 3 + 5 + 3  # headings are not counted; "2025/26" is two words
    assert doc.meta.pages == 7 and doc.meta.title == "Harrowfield plan"
    assert [(w.code, w.page) for w in doc.warnings] == [("garbled-text", 7)]


def test_built_models_are_frozen():
    doc = _build()
    with pytest.raises(Exception):
        doc.meta.pages = 3  # type: ignore[misc]


def _round_trip(doc: Document) -> None:
    again = Document.model_validate(doc.model_dump())
    assert again == doc
    assert Document.model_validate_json(doc.model_dump_json()) == doc


def test_what_the_builder_makes_validates():
    _round_trip(_build())


@pytest.mark.parametrize("name", ["harrowfield-gaps.docx", "harrowfield-gaps.pdf", "harrowfield-thin.pdf"])
def test_every_parser_output_validates(name):
    _round_trip(parse(ROOT / "samples" / name))


def test_markdown_parser_output_validates(tmp_path):
    md = tmp_path / "plan.md"
    md.write_text("# 1 Introduction\n\nWe will act.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    _round_trip(parse(md))



def _calls(b) -> None:
    b.block("paragraph", "Cover \u2014 draft", page=1)
    b.heading("1 Introduction", 1, page=2)
    b.block("table", "", page=2, rows=[["Year", "Target"], ["2025/26", "90%"]])
    b.heading("1.1 Scope", 2, page=3)
    b.block("list_item", "Adults\tand \u201cchildren\u201d", page=3, style="List Bullet")
    b.warn("garbled-text", "Page 4 is unreadable.", 4)


def test_as_data_the_builder_makes_exactly_the_models_json_form():
    import json

    from jfp.parsers.builder import AS_DATA

    models = DocumentBuilder("plan.pdf", "pdf", "0" * 64, 99)
    data = DocumentBuilder("plan.pdf", "pdf", "0" * 64, 99, AS_DATA)
    _calls(models)
    _calls(data)
    doc, plain = models.build(pages=4), data.build(pages=4)
    assert plain == doc.model_dump()
    # Same keys in the same order: the JSON text is the models' own.
    assert json.dumps(plain, indent=2, ensure_ascii=False) == doc.model_dump_json(indent=2)


@pytest.mark.parametrize("name", ["harrowfield-gaps.docx", "harrowfield-strong.pdf", "harrowfield-thin.pdf"])
def test_parse_data_of_a_real_plan_is_the_models_json_form(name):
    import json

    from jfp.outline import render_json
    from jfp.parsers import parse_data

    path = ROOT / "samples" / name
    doc, plain = parse(path), parse_data(path)
    assert render_json(plain) == doc.model_dump_json(indent=2) + "\n"
    assert plain == json.loads(doc.model_dump_json())


def test_jfp_outline_of_a_pdf_or_docx_never_loads_pydantic():
    import subprocess
    import sys

    for name in ("harrowfield-thin.pdf", "harrowfield-gaps.docx"):
        # The command line in this process, then the sandboxed child's work (reading and
        # rendering) in this process too, since a forked child's imports are not seen here.
        code = ("import sys, io, contextlib; from jfp.cli import main; from jfp.runner import _outline\n"
                "from jfp.options import Options; from pathlib import Path\n"
                f"path = {str(ROOT / 'samples' / name)!r}\n"
                "with contextlib.redirect_stdout(io.StringIO()): assert main(['outline', path]) == 0\n"
                "assert _outline(Path(path), Options(jobs=1)).startswith(path)\n"
                "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]", name
