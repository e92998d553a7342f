"""``jfp annotate``: the copy's comments (count, anchors, text), and the document left as it was.

The samples are annotated once per module; the copy is read back two ways: python-docx
1.2 (``Document.comments``, ``Paragraph.text``) as an independent reader, and lxml for
where each comment is anchored. The JSON report that ``jfp check`` writes for the same
plan says which paragraphs the comments must be on.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree

from clirun import invoke
from jfp import __version__
from jfp.parsers import parse
from jfp.parsers.words import clean

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = ["harrowfield-gaps", "harrowfield-strong", "harrowfield-thin"]
CHANGED_PARTS = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "word/comments.xml"}


@dataclass
class Copy:
    """An annotated copy, read back."""

    path: Path
    comments: dict[str, docx.comments.Comment]  # by id, read by python-docx
    anchors: dict[str, int]  # comment id -> position of its paragraph among the body's w:p
    paragraphs: list[etree._Element]  # the copy's body w:p in document order


def read_copy(path: Path) -> Copy:
    word = docx.Document(str(path))
    comments = {str(c.comment_id): c for c in word.comments}
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    paragraphs = list(root.find(W + "body").iter(W + "p"))
    anchors = {}
    for i, p in enumerate(paragraphs):
        for start in p.iter(W + "commentRangeStart"):
            anchors[start.get(W + "id")] = i
    return Copy(path, comments, anchors, paragraphs)


def text_of(p: etree._Element) -> str:
    return clean("".join(t.text or "" for t in p.iter(W + "t")))


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> dict[str, tuple[Copy, dict, object]]:
    """name -> (the copy read back, check's JSON report, the plan's Document)."""
    out = tmp_path_factory.mktemp("annotated")
    found = {}
    for name in NAMES:
        plan = SAMPLES / f"{name}.docx"
        copy = out / f"{name}.jfp.docx"
        run = invoke(["annotate", "--no-config", plan, "-o", copy])
        assert run.exit_code in (0, 1), run.output
        assert f"Wrote {copy}" in run.stdout
        check = invoke(["check", "--no-config", "--format", "json", plan])
        assert check.exit_code == run.exit_code  # the same gate, so the same exit code
        found[name] = (read_copy(copy), json.loads(check.stdout), parse(plan))
    return found


def _comment_lines(comment) -> list[str]:
    return [p.text for p in comment.paragraphs]


@pytest.mark.parametrize("name", NAMES)
def test_the_copy_has_one_comment_per_quoted_paragraph_gap_and_summary(annotated, name):
    copy, report, doc = annotated[name]
    blocks = {b.index: b for _, b in doc.iter_blocks()}
    quoted = {(blocks[e["paragraph"]].source, e["text"] if blocks[e["paragraph"]].kind == "table" else None)
              for r in report["results"] for e in r["evidence"]}
    gaps = [r for r in report["results"] if r["status"] != "met" or r["waived"]]
    # One per quoted paragraph (table row), one per gap, the summary.
    assert len(copy.comments) == 1 + len(gaps) + len(quoted)
    assert set(copy.anchors) == set(copy.comments)
    for comment in copy.comments.values():
        assert comment.author == f"jfp {__version__}" and comment.initials == "jfp"
        assert comment.text.strip()


@pytest.mark.parametrize("name", NAMES)
def test_evidence_comments_are_on_the_paragraphs_the_json_report_cites(annotated, name):
    copy, report, doc = annotated[name]
    blocks = {b.index: b for _, b in doc.iter_blocks()}
    by_anchor: dict[int, list[str]] = {}
    for cid, at in copy.anchors.items():
        by_anchor.setdefault(at, []).extend(_comment_lines(copy.comments[cid]))
    title = report["document"]["title"]
    checked = 0
    for result in report["results"]:
        line = f"{result['code']} {result['title']}: {result['status']}"
        for ev in result["evidence"]:
            block = blocks[ev["paragraph"]]
            if ev["text"] == title and clean(title) not in clean(block.text):
                continue  # read from the title: on the title's paragraph (test below)
            if block.kind == "table":
                # On the quoted row: a paragraph of the same table whose row starts the quote.
                table = next(copy.paragraphs[block.source].iterancestors(W + "tbl"))
                spots = [i for i, p in enumerate(copy.paragraphs)
                         if table in p.iterancestors(W + "tbl") and any(line in x for x in by_anchor.get(i, []))]
                rows = [next(copy.paragraphs[i].iterancestors(W + "tr")) for i in spots]
                assert any(clean(ev["text"]).startswith(text_of(next(row.iter(W + "p")))[:30]) for row in rows), (
                    name, result["code"], ev["text"][:50])
            else:
                assert clean(ev["text"].rstrip("\u2026")) in clean(block.text)
                assert text_of(copy.paragraphs[block.source]) == clean(block.text)
                assert any(x.startswith(line) for x in by_anchor.get(block.source, [])), (name, line, ev["text"][:60])
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("name", NAMES)
def test_each_gap_is_on_a_heading_or_the_title_and_says_what_to_add(annotated, name):
    copy, report, doc = annotated[name]
    headings = {s.source: s for s in doc.iter_sections() if s.level > 0}
    title_at = next(at for cid, at in copy.anchors.items() if copy.comments[cid].text.startswith("jfp "))
    for result in report["results"]:
        if result["status"] == "met" and not result["waived"]:
            continue
        head = f"{result['code']} {result['title']}: {result['status']}"
        found = [cid for cid, c in copy.comments.items() if _comment_lines(c)[0] == head]
        assert len(found) == 1, (name, head)
        lines = _comment_lines(copy.comments[found[0]])
        at = copy.anchors[found[0]]
        assert at in headings or at == title_at
        assert f"Gap: {result['gap']}" in lines
        assert f"Add: {result['advice']}" in lines
        assert any(x.startswith(f"Guidance ({result['basis']}): ") for x in lines)
        if at in headings and result["evidence"]:
            # A partial requirement's gap goes where its evidence is, or to a heading naming it.
            assert headings[at].heading_path in {e["section"] for e in result["evidence"]} or at in headings


@pytest.mark.parametrize("name", NAMES)
def test_the_summary_is_on_the_title(annotated, name):
    copy, report, doc = annotated[name]
    summaries = [cid for cid, c in copy.comments.items() if c.text.startswith(f"jfp {__version__}: score ")]
    assert len(summaries) == 1
    lines = _comment_lines(copy.comments[summaries[0]])
    gate = "PASS" if report["gate"]["passed"] else "FAIL"
    score = f"{report['score']:.1f}".removesuffix(".0")
    assert lines[0].startswith(f"jfp {__version__}: score {score} of 100, gate {gate}")
    assert lines[1].startswith(f"Rule pack: {report['rulepack']['id']} (")
    s = report["summary"]
    assert lines[2] == f"Requirements: {s['met']} met · {s['partial']} partial · {s['missing']} missing"
    at = copy.anchors[summaries[0]]
    title_block = next(b for _, b in doc.iter_blocks() if b.style == "Title")
    assert at == title_block.source


@pytest.mark.parametrize("name", NAMES)
def test_the_documents_own_text_styles_and_parts_are_unchanged(annotated, name):
    copy, _, _ = annotated[name]
    plan = SAMPLES / f"{name}.docx"
    before, after = docx.Document(str(plan)), docx.Document(str(copy.path))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    cells = lambda d: [c.text for t in d.tables for row in t.rows for c in row.cells]  # noqa: E731
    assert cells(after) == cells(before)
    with zipfile.ZipFile(plan) as a, zipfile.ZipFile(copy.path) as b:
        assert set(a.namelist()) | {"word/comments.xml"} == set(b.namelist())
        for part in a.namelist():
            if part not in CHANGED_PARTS:
                assert a.read(part) == b.read(part), part
        # The body without the comments' markers is the body as it was.
        original = etree.fromstring(a.read("word/document.xml"))
        marked = etree.fromstring(b.read("word/document.xml"))
    for el in list(marked.iter(W + "commentRangeStart", W + "commentRangeEnd")):
        el.getparent().remove(el)
    for ref in list(marked.iter(W + "commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    assert etree.tostring(marked, method="c14n") == etree.tostring(original, method="c14n")


@pytest.mark.parametrize("name", NAMES)
def test_checking_the_copy_gives_the_same_report(annotated, name):
    copy, report, _ = annotated[name]
    again = json.loads(invoke(["check", "--no-config", "--format", "json", copy.path]).stdout)
    assert again["results"] == report["results"]
    assert again["score"] == report["score"]
