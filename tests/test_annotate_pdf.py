"""``jfp annotate`` of a PDF: highlights on the quotes the JSON report cites, notes for the gaps.

The copy is read back with pypdfium2's helpers and raw API (an independent reader of the
annotations pdfium wrote): each highlight's text, under its quad points, must be the quote;
each gap note must sit beside its section's heading; the pages' text must be unchanged.
"""
from __future__ import annotations

import ctypes
import hashlib
import json
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from clirun import invoke
from hostile.generate import build_cases
from jfp import __version__

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = ["harrowfield-gaps", "harrowfield-strong", "harrowfield-thin"]


def letters(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011|\u2026\x02]", "", text)


def _string(annot, key: bytes) -> str:
    size = raw.FPDFAnnot_GetStringValue(annot, key, None, 0)
    buf = ctypes.create_string_buffer(size)
    raw.FPDFAnnot_GetStringValue(annot, key, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size)
    return buf.raw.decode("utf-16-le").rstrip("\x00")


def annotations(path: Path) -> list[dict]:
    """Every annotation: page, subtype, author, contents, rect, and the text under its quads."""
    pdf = pdfium.PdfDocument(str(path))
    found = []
    for number in range(len(pdf)):
        page = pdf[number]
        text = page.get_textpage()
        for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
            annot = raw.FPDFPage_GetAnnot(page.raw, k)
            rect = raw.FS_RECTF()
            raw.FPDFAnnot_GetRect(annot, rect)
            under = []
            for q in range(raw.FPDFAnnot_CountAttachmentPoints(annot)):
                quad = raw.FS_QUADPOINTSF()
                raw.FPDFAnnot_GetAttachmentPoints(annot, q, quad)
                under.append(text.get_text_bounded(quad.x1, quad.y3, quad.x2, quad.y1))
            found.append({"page": number + 1, "subtype": raw.FPDFAnnot_GetSubtype(annot), "author": _string(annot, b"T"),
                          "contents": _string(annot, b"Contents"), "rect": (rect.left, rect.bottom, rect.right, rect.top),
                          "under": "".join(under),
                          "beside": text.get_text_bounded(rect.right, rect.bottom - 2, page.get_width(), rect.top + 2)})
            raw.FPDFPage_CloseAnnot(annot)
    return found


def page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    found = {}
    for name in NAMES:
        plan = out / f"{name}.pdf"
        shutil.copyfile(SAMPLES / f"{name}.pdf", plan)
        before = hashlib.sha256(plan.read_bytes()).hexdigest()
        run = invoke(["annotate", "--no-config", plan])
        copy = out / f"{name}.jfp.pdf"
        assert run.exit_code in (0, 1) and run.stdout.startswith(f"Wrote {copy}: "), run.output
        assert hashlib.sha256(plan.read_bytes()).hexdigest() == before
        report = json.loads(invoke(["check", "--no-config", "--format", "json", plan]).stdout)
        found[name] = (plan, copy, report, annotations(copy), run.stdout)
    return found


@pytest.mark.parametrize("name", NAMES)
def test_every_note_is_jfps_and_there_is_one_per_quote_gap_and_summary(annotated, name):
    _, _, report, notes, stdout = annotated[name]
    quotes = {(e["page"], " ".join(e["text"].split())) for r in report["results"] for e in r["evidence"]}
    gaps = [r for r in report["results"] if r["status"] != "met" or r["waived"]]
    ours = [n for n in notes if n["subtype"] in (raw.FPDF_ANNOT_HIGHLIGHT, raw.FPDF_ANNOT_TEXT)]
    assert len(ours) == len(quotes) + len(gaps) + 1
    assert all(n["author"] == f"jfp {__version__}" for n in ours)
    highlights = [n for n in ours if n["subtype"] == raw.FPDF_ANNOT_HIGHLIGHT]
    assert f"{len(highlights)} of {len(quotes)} quoted passages highlighted" in stdout
    assert len(highlights) == len(quotes)  # every quote of the samples found again and verified


@pytest.mark.parametrize("name", NAMES)
def test_each_highlight_is_on_its_quote_on_the_page_the_json_report_cites(annotated, name):
    _, _, report, notes, _ = annotated[name]
    highlights = [n for n in notes if n["subtype"] == raw.FPDF_ANNOT_HIGHLIGHT]
    for h in highlights:
        assert h["under"].strip(), h["contents"]
    checked = 0
    for result in report["results"]:
        line = f"{result['code']} {result['title']}: {result['status']}"
        for ev in result["evidence"]:
            mine = [h for h in highlights if h["page"] == ev["page"] and any(x.startswith(line) for x in h["contents"].splitlines())]
            on_quote = [h for h in mine if letters(ev["text"].replace(" | ", " ")).startswith(letters(h["under"])[:30])]
            if not on_quote:
                # Not found again: a note at the top of the same page says so, never a highlight elsewhere.
                noted = [n for n in notes if n["subtype"] == raw.FPDF_ANNOT_TEXT and n["page"] == ev["page"]
                         and line in n["contents"]]
                assert noted, (name, result["code"], ev["text"][:60])
                continue
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("name", NAMES)
def test_gap_notes_sit_beside_their_heading_or_the_title(annotated, name):
    _, _, report, notes, _ = annotated[name]
    gaps = [r for r in report["results"] if r["status"] != "met" or r["waived"]]
    for result in gaps:
        head = f"{result['code']} {result['title']}: {result['status']}"
        (note,) = [n for n in notes if n["subtype"] == raw.FPDF_ANNOT_TEXT and n["contents"].startswith(head + "\n")]
        assert f"Add: {result['advice']}" in note["contents"].splitlines()
        beside = " ".join(note["beside"].split())
        assert beside, (name, head)  # a heading or the title is on the note's line
    (summary,) = [n for n in notes if n["contents"].startswith(f"jfp {__version__}: score ")]
    assert summary["page"] == 1


@pytest.mark.parametrize("name", NAMES)
def test_the_pages_text_is_unchanged_and_the_copy_checks_the_same(annotated, name):
    plan, copy, report, _, _ = annotated[name]
    assert page_texts(copy) == page_texts(plan)
    again = json.loads(invoke(["check", "--no-config", "--format", "json", copy]).stdout)
    assert again["results"] == report["results"]


def test_a_pdf_check_refuses_is_refused_by_annotate_with_the_same_code_and_sentence(tmp_path):
    cases = [c for c in build_cases(tmp_path / "cases") if c.path.suffix == ".pdf"]
    refused = 0
    for case in cases:
        copy = tmp_path / f"{case.name}.jfp.pdf"
        check = invoke(["check", "--no-config", "-q", "--timeout", "20", case.path])
        run = invoke(["annotate", "--no-config", "-q", "--timeout", "20", case.path, "-o", copy])
        assert "Traceback" not in run.output, case.name
        if check.exit_code == 3:
            refused += 1
            assert run.exit_code == 3 and run.stderr == check.stderr, case.name
            assert not copy.exists()
        else:
            assert run.exit_code == check.exit_code, (case.name, run.output)
            assert pdfium.PdfDocument(str(copy)) is not None
    assert refused >= 5


def test_a_quote_not_found_again_is_a_note_at_the_top_of_its_page_never_a_highlight(tmp_path):
    from jfp.annotate.notes import Note
    from jfp.annotate.pdf_notes import write_pdf_notes

    data = (SAMPLES / "harrowfield-thin.pdf").read_bytes()
    first_words = page_texts(SAMPLES / "harrowfield-thin.pdf")[1].split()[:12]
    notes = [
        Note(anchor=None, kind="evidence", lines=["X01 Found: met, commitment"], page=2, find=" ".join(first_words)),
        # The same first words, then text the page does not have before 40 letters: not
        # verified, so not highlighted.
        Note(anchor=None, kind="evidence", lines=["X02 Altered: met, commitment"], page=2,
             find=" ".join(first_words[:3]) + " and then words this page never had in it at all"),
        Note(anchor=None, kind="evidence", lines=["X03 Nowhere: met, mention"], page=99, find="anything"),
    ]
    copy, placed = write_pdf_notes(data, notes, "jfp test", "2026-12-03T00:00:00Z")
    assert placed == {"highlighted": 1, "noted": 1, "skipped": 1}
    path = tmp_path / "copy.pdf"
    path.write_bytes(copy)
    found = {n["contents"].split(":")[0]: n for n in annotations(path)}
    assert found["X01 Found"]["subtype"] == raw.FPDF_ANNOT_HIGHLIGHT
    assert letters(" ".join(first_words)).startswith(letters(found["X01 Found"]["under"]))
    altered = found["X02 Altered"]
    assert altered["subtype"] == raw.FPDF_ANNOT_TEXT and altered["rect"][0] < 10  # the page's top-left corner
    assert "X03 Nowhere" not in found
