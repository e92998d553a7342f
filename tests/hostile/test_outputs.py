"""Outputs under hostile content: an HTML report of a plan full of markup runs no script in a
real browser; names from documents never become paths; unreadable files are one sentence.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document as WordDocument

from browser import launched
from hostile import forkcli
from jfp.errors import DocumentError
from jfp.parsers import parse

SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=\"window.__pwned=2\">"


def hostile_plan(path: Path) -> Path:
    """A DOCX whose title, headings, evidence and tables carry script and event-handler markup."""
    doc = WordDocument()
    doc.core_properties.title = f"Plan {SCRIPT}"
    doc.add_heading(f"Research {IMG}", 1)
    doc.add_paragraph(f"We will double the number of people taking part in NIHR research studies by 2027 {SCRIPT}.")
    doc.add_paragraph(f"We will use evidence from research when commissioning services {IMG}.")
    doc.add_heading(f"Workforce {SCRIPT}", 1)
    doc.add_paragraph(f"Our workforce plan will grow research capacity {IMG} across the system.")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = SCRIPT
    table.cell(0, 1).text = IMG
    doc.save(path)
    return path


@pytest.mark.browser
def test_html_report_of_a_hostile_plan_runs_no_script(tmp_path: Path) -> None:
    # A file name that is itself markup: the report shows the path too.
    plan = hostile_plan(tmp_path / "plan <img src=y onerror=window.__pwned=3>.docx")
    report = tmp_path / "r.html"
    forkcli.warm_up()
    (run,) = forkcli.run_many([["check", "--no-config", "--verbose", "--output", str(report), str(plan)]], tmp_path)
    assert run.returncode in (0, 1), run.stderr
    html = report.read_text(encoding="utf-8")
    assert SCRIPT not in html and IMG not in html  # escaped, not pasted

    with launched() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        # Open every collapsed detail so hidden evidence is rendered too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        text = page.inner_text("body")
        assert "window.__pwned=1" in text  # shown to the reader, as text
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert not errors, errors


def test_per_document_outputs_stay_in_the_output_folder(tmp_path: Path) -> None:
    """Several plans, one --output: ONE file holding both plans (issue 13.2), where it was asked for;
    hostile plan names never become file names."""
    out = tmp_path / "out"
    plans = [hostile_plan(tmp_path / "a..b.docx"), hostile_plan(tmp_path / "-rf .docx")]
    forkcli.warm_up()
    (run,) = forkcli.run_many([["check", "--no-config", "--output", str(out / "r.json"), *map(str, plans)]], tmp_path)
    assert run.returncode in (0, 1), run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r.json"]
    assert not list(tmp_path.glob("*.json"))
    import json

    reports = json.loads((out / "r.json").read_text(encoding="utf-8"))["reports"]
    assert sorted(Path(r["document"]["path"]).name for r in reports) == ["-rf .docx", "a..b.docx"]


def test_zip_entry_names_are_never_paths(tmp_path: Path) -> None:
    from hostile.generate import PROSE, _para, docx_from_parts, document_xml

    inner = tmp_path / "deep" / "er"
    inner.mkdir(parents=True)
    plan = inner / "plan.docx"
    plan.write_bytes(docx_from_parts({"word/document.xml": document_xml(_para(PROSE)),
                                      "../../escaped.txt": "x", "/tmp/absolute-jfp.txt": "x"}))
    assert parse(plan).meta.words > 0
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/absolute-jfp.txt").exists()


def test_unreadable_file_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads through chmod 000, so the refusal of the read itself is simulated."""
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\nWords.\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DocumentError) as info:
        parse(plan)
    assert info.value.reason == "unreadable"
    assert str(info.value) == f"{plan}: cannot be read (Permission denied)."


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; see the simulated test above")
def test_unreadable_file_through_the_cli(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\nWords.\n", encoding="utf-8")
    plan.chmod(0)
    forkcli.warm_up()
    (run,) = forkcli.run_many([["outline", str(plan)]], tmp_path)
    assert run.returncode == 3 and run.stderr.strip() == f"jfp: {plan}: cannot be read (Permission denied)."
