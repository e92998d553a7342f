"""Text that does not read as text is set aside in every format, with a garbled-text warning.

The fixtures are made here: a sentence run through the shifted alphabet a font without a
ToUnicode map produces ("and" -> "dqg"), with U+FFFD where the spaces were, as plain-text
exports of such PDFs show.
"""
from __future__ import annotations

import docx
import pytest

from jfp.engine.evaluate import evaluate
from jfp.parsers import parse
from enginedata import shipped_pack

_CLEAR = "We will publish our green plan by June 2025 and cut carbon emissions by 20% by 2027."
_GARBLE_SOURCE = ("We will open two community diagnostic centres by March 2026 and recruit forty research "
                  "nurses to support clinical trials in primary care across the county.")


def _shift(text: str) -> str:
    out = []
    for c in text:
        if c.islower():
            out.append(chr((ord(c) - 97 + 3) % 26 + 97))
        elif c.isupper():
            out.append(chr((ord(c) - 65 + 3) % 26 + 65))
        else:
            out.append("\ufffd" if c == " " else c)
    return "".join(out)


def _shift_only(text: str) -> str:
    """The shifted alphabet with the spaces kept: no replacement characters to give it away."""
    return "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in text)


@pytest.fixture
def garbled_paragraphs():
    return [_shift(_GARBLE_SOURCE) for _ in range(4)]


def _check(path):
    doc = parse(path)
    return doc, evaluate([doc], shipped_pack())


def _assert_set_aside(doc, report):
    codes = [w.code for w in doc.warnings]
    assert "garbled-text" in codes
    statuses = {r.id: r.status.value for r in report.results}
    assert statuses["research"] == "missing"  # the garbled paragraphs were about research
    assert statuses["climate-change"] != "missing"  # the clear one still counts
    assert all("\ufffd" not in b.text for _, b in doc.iter_blocks())


def test_plain_text(tmp_path, garbled_paragraphs):
    p = tmp_path / "plan.txt"
    p.write_text("Our plan\n\n" + "\n\n".join(garbled_paragraphs) + f"\n\n{_CLEAR}\n", encoding="utf-8")
    _assert_set_aside(*_check(p))


def test_markdown(tmp_path, garbled_paragraphs):
    p = tmp_path / "plan.md"
    p.write_text("# Research\n\n" + "\n\n".join(garbled_paragraphs) + f"\n\n# Climate\n\n{_CLEAR}\n", encoding="utf-8")
    _assert_set_aside(*_check(p))


def test_docx(tmp_path, garbled_paragraphs):
    d = docx.Document()
    d.add_heading("Research", level=1)
    for text in garbled_paragraphs:
        d.add_paragraph(text)
    d.add_heading("Climate", level=1)
    d.add_paragraph(_CLEAR)
    p = tmp_path / "plan.docx"
    d.save(p)
    _assert_set_aside(*_check(p))


def test_a_shifted_alphabet_without_replacement_characters_is_found_over_several_short_paragraphs(tmp_path):
    lines = [_shift_only(s) for s in (
        "we will open two community diagnostic centres by march",
        "and recruit forty research nurses to support clinical trials",
        "in primary care across the county with our partners",
        "so that people in every town can take part in studies",
        "and we will report on progress to the board each quarter",
        "with the help of the university and the local council",
    )]
    p = tmp_path / "plan.md"
    p.write_text("# Research\n\n" + "\n\n".join(lines) + f"\n\n# Climate\n\n{_CLEAR}\n", encoding="utf-8")
    doc, report = _check(p)
    assert "garbled-text" in [w.code for w in doc.warnings]
    assert {r.id: r.status.value for r in report.results}["research"] == "missing"


def test_ordinary_prose_and_tables_of_numbers_are_not_garbled(tmp_path):
    p = tmp_path / "plan.md"
    p.write_text("# Performance\n\n| Measure | 2025 | 2026 |\n|---|---|---|\n| A&E 4 hours | 78% | 80% |\n\n"
                 f"# Climate\n\n{_CLEAR}\n\nWe will train 40 nurses in 2026 with the NHS and our partners.\n",
                 encoding="utf-8")
    doc, _ = _check(p)
    assert "garbled-text" not in [w.code for w in doc.warnings]
