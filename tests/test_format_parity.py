"""DOCX/PDF parity: the DOCX of a plan and the PDF made from it read as the same document.

For each pair the two parses must give the same heading tree (text, level, order), the
same body text up to whitespace (the word sequence of every block, tables flattened row by
row and cell by cell) and the same requirement statuses. Differences are shown as a
word-level diff so a failure says where the PDF reading went wrong.
"""
from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pytest

from jfp.models import Document
from jfp.parsers import parse
from jfp.options import Options
from jfp.runner import check

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "samples"

PAIRS = [
    pytest.param(CORPUS / "kestrel-full", id="corpus-kestrel-full"),
    pytest.param(SAMPLES / "harrowfield-strong", id="harrowfield-strong"),
    pytest.param(SAMPLES / "harrowfield-gaps", id="harrowfield-gaps"),
    pytest.param(SAMPLES / "harrowfield-thin", id="harrowfield-thin"),
]


def _need(stem: Path) -> None:
    for suffix in (".docx", ".pdf"):
        path = stem.with_suffix(suffix)
        if not path.exists():
            where = "the shared corpus folder" if stem.parent == CORPUS else "samples/"
            pytest.skip(f"{path.name} is not in {where} ({path.parent}); nothing to compare")


@cache
def _parsed(path: Path) -> Document:
    return parse(path)


def _pair(stem: Path) -> tuple[Document, Document]:
    _need(stem)
    return _parsed(stem.with_suffix(".docx")), _parsed(stem.with_suffix(".pdf"))


def _tree(doc: Document) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for s in doc.iter_sections() if s.level > 0]


def _words(doc: Document) -> list[str]:
    """Every word of every heading-free block in reading order; tables row by row, cell by cell."""
    words: list[str] = []
    for _, block in doc.iter_blocks():
        if block.kind == "table" and block.rows is not None:
            for row in block.rows:
                for cell in row:
                    words += cell.split()
        else:
            words += block.text.split()
    return words


def _diff(a: list[str], b: list[str], context: int = 4) -> str:
    """A readable word-level diff, one hunk per line, for the failure message."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(
                f"{op}: DOCX [{' '.join(a[max(0, a1 - context):a2 + context])}]\n"
                f"{' ' * len(op)}   PDF  [{' '.join(b[max(0, b1 - context):b2 + context])}]"
            )
    return "\n".join(out[:20])


@pytest.mark.parametrize("stem", PAIRS)
def test_same_heading_tree(stem: Path) -> None:
    docx, pdf = _pair(stem)
    tree_docx, tree_pdf = _tree(docx), _tree(pdf)
    assert tree_docx, "the DOCX gave no headings: the comparison would prove nothing"
    diff = "\n".join(difflib.unified_diff([str(t) for t in tree_docx], [str(t) for t in tree_pdf], lineterm="", n=1))
    assert tree_docx == tree_pdf, diff


@pytest.mark.parametrize("stem", PAIRS)
def test_same_body_words(stem: Path) -> None:
    docx, pdf = _pair(stem)
    words_docx, words_pdf = _words(docx), _words(pdf)
    assert len(words_docx) > 500, "the DOCX gave almost no text: the comparison would prove nothing"
    assert words_docx == words_pdf, _diff(words_docx, words_pdf)


@pytest.mark.parametrize("stem", PAIRS)
def test_same_blocks(stem: Path) -> None:
    """Paragraphs, list items and tables break in the same places (evidence quotes the same text)."""
    docx, pdf = _pair(stem)

    def blocks(doc: Document) -> list[str]:
        return [f"{b.kind}: {' '.join(b.text.split())}" for _, b in doc.iter_blocks()]

    a, b = blocks(docx), blocks(pdf)
    diff = "\n".join(line[:300] for line in difflib.unified_diff(a, b, lineterm="", n=0))
    assert a == b, diff


@pytest.mark.parametrize("stem", PAIRS)
def test_same_title(stem: Path) -> None:
    docx, pdf = _pair(stem)
    assert docx.meta.title and docx.meta.title == pdf.meta.title


@pytest.mark.parametrize("stem", PAIRS)
def test_same_statuses(stem: Path) -> None:
    _need(stem)
    reports = [check([stem.with_suffix(s)], Options()) for s in (".docx", ".pdf")]
    statuses = [{r.id: r.status.value for r in report.results} for report in reports]
    assert len(statuses[0]) >= 30
    changed = {k: (v, statuses[1].get(k)) for k, v in statuses[0].items() if statuses[1].get(k) != v}
    assert not changed, f"status differs (DOCX, PDF): {changed}"
