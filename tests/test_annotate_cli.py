"""``jfp annotate`` as a command: check's options and refusals, inputs left alone, existing
comments and tracked changes kept, waivers shown, PDFs and hostile files refused."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from clirun import invoke
from hostile.generate import build_cases
from jfp import __version__
from jfp.models import Report
from jfp.report.terminal import gate_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def plan(tmp_path) -> Path:
    path = tmp_path / "draft.docx"
    shutil.copyfile(SAMPLES / "harrowfield-gaps.docx", path)
    return path


def checks_gate_line(*args) -> str:
    """The gate line check's report gives (what annotate -q prints): from check's JSON report."""
    import json

    (report,) = json.loads(invoke(["check", "-f", "json", *map(str, args)]).stdout)["reports"]
    return gate_line(Report.model_validate(report))


def test_default_copy_sits_beside_the_plan_and_the_plan_is_untouched(plan):
    before, mtime = sha(plan), plan.stat().st_mtime_ns
    run = invoke(["annotate", "--no-config", plan])
    copy = plan.with_name("draft.jfp.docx")
    assert run.exit_code == 1  # the sample fails the statutory gate: check's exit code
    assert run.stdout.startswith(f"Wrote {copy}: ")
    assert checks_gate_line("--no-config", plan) in run.stdout
    assert copy.is_file() and sha(plan) == before and plan.stat().st_mtime_ns == mtime
    assert oct(copy.stat().st_mode & 0o777) != oct(0o600)  # a normal file, not a private temporary one
    assert not [p for p in plan.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
def test_an_output_that_would_overwrite_the_plan_is_refused(plan, how, monkeypatch):
    before = sha(plan)
    target = plan
    if how == "relative":
        monkeypatch.chdir(plan.parent)
        target = Path("sub/../draft.docx")
        (plan.parent / "sub").mkdir()
    elif how == "symlink":
        target = plan.with_name("link.docx")
        target.symlink_to(plan)
    elif how == "hardlink":
        target = plan.with_name("hard.docx")
        os.link(plan, target)
    run = invoke(["annotate", "--no-config", plan, "-o", target])
    assert run.exit_code == 2
    assert run.stderr == f"jfp: {target} is the plan itself; jfp annotate never overwrites its input, give another --output.\n"
    assert sha(plan) == before


@pytest.mark.parametrize("plan_name, copy_name", [("draft.docx", "copy.pdf"), ("draft.pdf", "copy.docx")])
def test_the_copy_has_the_plans_format(tmp_path, plan_name, copy_name):
    plan = tmp_path / plan_name
    shutil.copyfile(SAMPLES / f"harrowfield-thin{plan.suffix}", plan)
    run = invoke(["annotate", "--no-config", plan, "-o", tmp_path / copy_name])
    assert run.exit_code == 2
    assert f"must be a {plan.suffix} file, not '{copy_name}'" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [plan_name]


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_text_plan_is_sent_to_the_html_report(tmp_path, suffix):
    plan = tmp_path / f"draft{suffix}"
    plan.write_text("# Plan\n\nWe will publish a plan.\n", encoding="utf-8")
    run = invoke(["annotate", "--no-config", plan])
    assert run.exit_code == 2
    assert "annotate writes into a copy of a Word .docx or a PDF, and this is a text file" in run.stderr
    assert f"jfp check {plan} -o {tmp_path / 'draft.jfp.html'}" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [plan.name]


def test_a_bad_rule_pack_is_the_same_usage_error_as_checks(plan):
    check = invoke(["check", "--no-config", "--rules", "no-such-pack", plan])
    run = invoke(["annotate", "--no-config", "--rules", "no-such-pack", plan])
    assert run.exit_code == check.exit_code == 2
    assert run.stderr == check.stderr


def test_a_waived_requirement_says_it_is_waived_and_why(plan):
    (plan.parent / "jfp.toml").write_text(
        '[[waivers]]\nid = "research"\nreason = "Research strategy is annex D"\nexpires = 2099-06-30\n',
        encoding="utf-8")
    run = invoke(["annotate", "--config", plan.parent / "jfp.toml", plan])  # the reviewer's config, as check's
    copy = docx.Document(str(plan.with_name("draft.jfp.docx")))
    texts = [c.text for c in copy.comments]
    research = [t for t in texts if t.startswith("S13 ")]
    assert research == [t for t in texts if "Research strategy is annex D" in t]
    assert research[0].splitlines()[0] == (
        "S13 Duty in respect of research: missing, waived until 2099-06-30: Research strategy is annex D")
    summary = next(t for t in texts if t.startswith("jfp "))
    assert "· 1 waived" in summary
    # the same gate line as check's report with the same config
    assert run.stdout.splitlines()[-1] == checks_gate_line("--config", plan.parent / "jfp.toml", plan)


def _plan_with_comment_and_revisions(path: Path) -> None:
    """A plan that already has a reviewer's comment, an insertion and a deletion."""
    word = docx.Document()
    word.add_paragraph("Kestrel ICB Joint Forward Plan", style="Title")
    word.add_heading("1 Research and innovation", level=1)
    para = word.add_paragraph("We will support providers to take part in research delivery from 2025/26.")
    word.add_comment(para.runs, text="Is this funded?", author="Ann Reviewer", initials="AR")
    para2 = word.add_paragraph("The ICB will publish its research strategy by March 2026.")
    ins = etree.SubElement(para2._p, W + "ins", {W + "id": "900", W + "author": "Bo", W + "date": "2025-01-01T00:00:00Z"})
    run = etree.SubElement(ins, W + "r")
    etree.SubElement(run, W + "t").text = " Partners agreed it."
    dele = etree.SubElement(para2._p, W + "del", {W + "id": "901", W + "author": "Bo", W + "date": "2025-01-01T00:00:00Z"})
    run = etree.SubElement(dele, W + "r")
    etree.SubElement(run, W + "delText").text = " Old words."
    word.add_heading("2 Climate", level=1)
    word.add_paragraph("We will cut carbon emissions from our estate by 2028 in line with the green plan.")
    word.save(str(path))


def test_existing_comments_and_tracked_changes_are_kept(tmp_path):
    plan = tmp_path / "reviewed.docx"
    _plan_with_comment_and_revisions(plan)
    run = invoke(["annotate", "--no-config", plan])
    assert run.exit_code in (0, 1), run.output
    copy_path = plan.with_name("reviewed.jfp.docx")
    before, after = docx.Document(str(plan)), docx.Document(str(copy_path))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    old = [c for c in after.comments if c.author == "Ann Reviewer"]
    assert [(c.text, c.initials, c.comment_id) for c in old] == [("Is this funded?", "AR", 0)]
    ours = [c for c in after.comments if c.author == f"jfp {__version__}"]
    assert len(ours) == len(list(after.comments)) - 1 >= 2
    assert min(c.comment_id for c in ours) > 901  # above every w:id the document had
    with zipfile.ZipFile(copy_path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    assert [e.get(W + "id") for e in root.iter(W + "ins", W + "del")] == ["900", "901"]
    assert [t.text for t in root.iter(W + "delText")] == [" Old words."]
    # The reviewer's comment keeps its anchor: the research paragraph.
    start = next(e for e in root.iter(W + "commentRangeStart") if e.get(W + "id") == "0")
    assert "research delivery" in "".join(start.getparent().itertext())


def test_a_plan_with_no_content_types_still_gets_a_copy_word_can_read(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(SAMPLES / "harrowfield-thin.docx") as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                out.writestr(info, src.read(info))
    plan = tmp_path / "bare.docx"
    plan.write_bytes(buf.getvalue())
    assert invoke(["annotate", "--no-config", plan]).exit_code in (0, 1)
    with zipfile.ZipFile(plan.with_name("bare.jfp.docx")) as z:
        assert b"/word/comments.xml" in z.read("[Content_Types].xml")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return [c for c in build_cases(folder) if c.path.suffix == ".docx"]


def test_a_docx_check_refuses_is_refused_by_annotate_with_the_same_code_and_sentence(hostile, tmp_path):
    refused = 0
    for case in hostile:
        copy = tmp_path / f"{case.name}.jfp.docx"
        check = invoke(["check", "--no-config", "-q", "--timeout", "20", case.path])
        run = invoke(["annotate", "--no-config", "-q", "--timeout", "20", case.path, "-o", copy])
        assert "Traceback" not in run.output, case.name
        if check.exit_code == 3:
            refused += 1
            assert run.exit_code == 3 and run.stderr == check.stderr, case.name
            assert run.stdout == "" and not copy.exists(), case.name
        else:
            assert run.exit_code == check.exit_code, (case.name, run.output)
            assert run.stdout.splitlines()[-1] == checks_gate_line("--no-config", "--timeout", "20", case.path), case.name
            assert zipfile.ZipFile(copy).testzip() is None
    assert refused >= 20


def test_a_paragraph_wholly_inside_a_hyperlink_or_an_insertion_is_anchored_whole(tmp_path):
    """No direct run to hang a comment on (python-docx's add_comment would need one)."""
    from jfp.annotate.docx_comments import write_comments
    from jfp.annotate.notes import Note
    from jfp.options import DEFAULT_LIMITS
    from jfp.parsers import parse

    word = docx.Document()
    word.add_heading("1 Research", level=1)
    for wrapper in ("hyperlink", "ins"):
        p = word.add_paragraph()._p
        outer = etree.SubElement(p, W + wrapper, {W + "id": "7", W + "author": "Bo"} if wrapper == "ins" else {})
        etree.SubElement(etree.SubElement(outer, W + "r"), W + "t").text = f"Text inside a {wrapper}."
    plan = tmp_path / "wrapped.docx"
    word.save(str(plan))
    doc = parse(plan)
    blocks = [b for _, b in doc.iter_blocks()]
    assert [b.text for b in blocks] == ["Text inside a hyperlink.", "Text inside a ins."]
    notes = [Note(anchor=b.source, kind="evidence", lines=[f"note {i}"]) for i, b in enumerate(blocks)]
    data, written = write_comments(str(plan), plan.read_bytes(), DEFAULT_LIMITS, notes, "jfp", "jfp",
                                   "2026-01-01T00:00:00Z")
    assert written == 2
    copy = tmp_path / "wrapped.jfp.docx"
    copy.write_bytes(data)
    root = etree.fromstring(zipfile.ZipFile(copy).read("word/document.xml"))
    paragraphs = list(root.iter(W + "p"))
    for i, block in enumerate(blocks):
        p = paragraphs[block.source]
        wrapper = "hyperlink" if i == 0 else "ins"
        assert [etree.QName(c).localname for c in p] == ["commentRangeStart", wrapper, "commentRangeEnd", "r"]
        assert [e.get(W + "id") for e in p if e.tag == W + "commentRangeStart"] == [str(8 + i)]
        assert p.find(f"{W}r/{W}commentReference") is not None
    assert [b.text for _, b in parse(copy).iter_blocks()] == [b.text for b in blocks]


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"  # read at run time, never copied


@pytest.mark.parametrize("name", ["kestrel-full.docx", "kestrel-gaps.docx", "kestrel-restated.docx",
                                  "kestrel-full.pdf", "kestrel-thin.pdf"])
def test_the_shared_corpus_annotates_and_its_copies_check_the_same(tmp_path, name):
    import json

    plan = CORPUS / name
    if not plan.exists():
        pytest.skip(f"{name} is not in the shared corpus folder ({CORPUS})")
    copy = tmp_path / f"copy{plan.suffix}"
    run = invoke(["annotate", "--no-config", plan, "-o", copy])
    assert run.exit_code in (0, 1) and run.stdout.startswith(f"Wrote {copy}: "), run.output
    first = json.loads(invoke(["check", "--no-config", "-f", "json", plan]).stdout)
    again = json.loads(invoke(["check", "--no-config", "-f", "json", copy]).stdout)
    assert again["results"] == first["results"]


def test_checks_gate_and_pack_flags_reach_the_annotation(plan):
    """--fail-on, --fail-under and --hwb are check's: the same gate line and exit code, the summary says so."""
    flags = ["--no-config", "--fail-on", "none", "--fail-under", "50", "--hwb", "Harrowfield"]
    check = invoke(["check", "-q", *flags, plan])
    run = invoke(["annotate", "-q", *flags, plan])
    assert run.exit_code == check.exit_code == 0
    assert run.stdout.strip() == checks_gate_line(*flags, plan)
    summary = next(c.text for c in docx.Document(str(plan.with_name("draft.jfp.docx"))).comments
                   if c.text.startswith("jfp "))
    assert "gate PASS (fail on none, fail under 50)" in summary.splitlines()[0]
    strict = invoke(["annotate", "-q", "--no-config", "--fail-under", "99", plan])
    assert strict.exit_code == 1 and "is under 99" in strict.stdout
