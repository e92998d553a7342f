"""Property-based: random text and random DOCX structures go through parse -> engine -> every reporter.

Whatever the content (headings at any level, empty cells, any Unicode a Word file can hold,
markup characters, right-to-left text), the pipeline either reads the document and renders
every format without an exception, with JSON valid against docs/report.schema.json, or
refuses it with a DocumentError saying it has no text. Bounded so the module takes seconds.
"""
from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jfp.errors import DocumentError
from jfp.parsers import parse
from jfp.engine.loader import load_pack
from jfp.options import Options
from jfp.pipeline import check_documents
from jfp.report import Format, render

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
# JFP_PROPERTY_EXAMPLES=500 runs a longer search (docs/reliability.md).
PROPERTY = settings(max_examples=int(os.environ.get("JFP_PROPERTY_EXAMPLES", "20")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters an XML 1.0 document (so a .docx) can hold: no C0 controls but tab and
# newline, no surrogates. Markup-like and bidirectional characters are welcome.
XML_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    list("\t<>&\"'*_#|`[]()\\\u202e\u200f")
)
# Plan vocabulary mixed in, so the engine finds evidence and the reporters have something to show.
PHRASES = st.sampled_from([
    "We will work with the health and wellbeing board", "research", "NIHR", "2024/25 to 2028/29",
    "reduce health inequalities", "workforce", "# Research", "## 1.2 Delivery", "- we will publish",
    "| a | b |", "|---|---|", "<script>alert(1)</script>", "&amp;", "\u00a0", "",
])
WORDS = st.one_of(st.text(XML_CHARS, max_size=60), PHRASES)
TEXT = st.lists(
    st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200), PHRASES),
    max_size=30,
).flatmap(lambda parts: st.sampled_from(["\n", " ", "\n\n", "\r\n"]).map(lambda sep: sep.join(parts)))


PACK = load_pack()


def _check_everything(path: Path, verbose: bool, refusals: tuple[str, ...] = ("empty", "no-text")) -> None:
    """Parse, evaluate and render every format; the only allowed refusals are ``refusals``."""
    try:
        doc = parse(path)
    except DocumentError as exc:
        assert exc.reason in refusals, str(exc)
        assert "\n" not in str(exc)
        return
    report = check_documents([doc], PACK, Options())
    for fmt in Format:
        out = render(report, fmt, verbose=verbose)
        assert isinstance(out, str) and out
        if fmt is Format.json:
            VALIDATOR.validate(json.loads(out))


@PROPERTY
@given(text=TEXT, suffix=st.sampled_from([".md", ".txt"]), verbose=st.booleans())
def test_random_text_goes_through_every_reporter(text: str, suffix: str, verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        if not path.stat().st_size:
            return
        # NUL bytes make a file binary: refused as the wrong type, never a crash.
        _check_everything(path, verbose, ("empty", "no-text", "wrong-type") if "\x00" in text else ("empty",))


BLOCK = st.one_of(
    st.tuples(st.just("heading"), st.integers(0, 9), WORDS),
    st.tuples(st.just("paragraph"), st.sampled_from([None, "List Bullet", "List Number", "Quote"]), WORDS),
    st.tuples(st.just("bold"), st.integers(8, 40), WORDS),
    st.tuples(st.just("table"), st.integers(1, 4), st.lists(WORDS, min_size=1, max_size=8)),
    st.tuples(st.just("break"), st.just(0), st.just("")),
)


def _docx(blocks: list[tuple], title: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = title
    for kind, n, content in blocks:
        if kind == "heading":
            doc.add_heading(content, n)
        elif kind == "paragraph":
            doc.add_paragraph(content, style=n)
        elif kind == "bold":
            run = doc.add_paragraph().add_run(content)
            run.bold = True
            run.font.size = Pt(n)
        elif kind == "table":
            cols = max(1, len(content) // n)
            table = doc.add_table(rows=n, cols=cols)
            for i, text in enumerate(content[: n * cols]):
                table.cell(i // cols, i % cols).text = text
        else:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@PROPERTY
@given(blocks=st.lists(BLOCK, max_size=25), title=WORDS, verbose=st.booleans())
def test_random_docx_goes_through_every_reporter(blocks: list[tuple], title: str, verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.docx"
        path.write_bytes(_docx(blocks, title))
        _check_everything(path, verbose)
