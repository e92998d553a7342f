"""Tests for ``jfp batch``: discovery, fault isolation, summaries, resume, CLI and heat map.

Most tests run the real batch machinery (worker processes, watchdog, manifest,
summaries) with ``batch_fake.check`` standing in for the rule engine, so they assert the
batch's behaviour rather than the engine's; ``test_real_pipeline_end_to_end`` uses the
real parsers and engine once they are installed.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import re
import sqlite3
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clirun import invoke as invoke_cli

from jfp.batch import discover, run_batch
from jfp.batch.outputs import FORMAT_SUFFIX, output_stem
from jfp.batch.progress import NullProgress
from jfp.batch.results import BatchResult, DocResult, error_row, find_icb
from jfp.batch.runner import PackId
from jfp.batch.summary import neutralise
from batch_fake import batch_options
from jfp.options import Options

FAKE = "batch_fake:check"
FAKE_PACK = PackId("fake-pack", "1", "Fake pack")
ENCRYPTED_FIXTURE = Path(__file__).parent / "fixtures" / "pdf" / "encrypted.pdf"


def _docx(path: Path, *paragraphs: str) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(path)
    return path


def _encrypted_pdf(path: Path) -> Path:
    if ENCRYPTED_FIXTURE.exists():
        path.write_bytes(ENCRYPTED_FIXTURE.read_bytes())
        return path
    # A minimal PDF whose trailer names a standard-security /Encrypt dictionary.
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"3 0 obj<</Filter/Standard/V 1/R 2/O<" + b"00" * 32 + b">/U<" + b"00" * 32 + b">/P -4>>endobj\n"
        b"trailer<</Root 1 0 R/Encrypt 3 0 R/ID[<01><01>]>>\n%%EOF\n"
    )
    return path


def _run(files, out, progress=None, options=None, **kw):
    kw.setdefault("jobs", 2)
    kw.setdefault("timeout", 30)
    return run_batch(files, out, batch_options(options or Options(), **kw), progress=progress or NullProgress(),
                     check=FAKE, pack=FAKE_PACK)


def _by_name(result):
    return {Path(r.file).name: r for r in result.rows}


@pytest.fixture()
def faults(monkeypatch):
    """Turn on the test-only fault hook for workers started by this test."""

    def set_faults(spec: str) -> None:
        monkeypatch.setenv("JFP_TESTING", "1")
        monkeypatch.setenv("JFP_TEST_FAULT", spec)

    return set_faults


@pytest.fixture()
def plans(tmp_path) -> Path:
    """A folder of good plans: two DOCX (one failing the gate) and one Markdown."""
    d = tmp_path / "plans"
    d.mkdir()
    _docx(d / "kestrel.docx", "NHS Kestrel Integrated Care Board joint forward plan", "S01=met S02=met P01=partial")
    _docx(d / "heron.docx", "Heron joint forward plan", "S01=partial")
    (d / "osprey.md").write_text("# NHS Osprey and Teal ICB plan\n\nS01=met S02=partial R01=met\n", encoding="utf-8")
    return d


# --------------------------------------------------------------------------- discovery and names


def test_discover_scans_folders_globs_and_files(tmp_path, monkeypatch):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ["a/one.docx", "a/deep/two.PDF", "a/three.md", "a/four.txt", "a/~$one.docx",
                "a/.secret.md", "a/sheet.xlsx", ".hidden/x.md", "b.pdf", "notes.xlsx"]:
        (tmp_path / rel).write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    found = discover(["a", "*.pdf", "a/one.docx", "./a/three.md", "notes.xlsx", "missing.docx"])
    assert [p.as_posix() for p in found] == [
        "a/deep/two.PDF", "a/four.txt", "a/one.docx", "a/three.md", "b.pdf", "missing.docx", "notes.xlsx",
    ]
    assert discover(["a/**/two.*"]) == [Path("a/deep/two.PDF")]
    assert discover(["."], exclude=["a"]) == [Path("b.pdf")]


def test_output_names_are_safe_unique_and_stable(tmp_path):
    nasty = [Path("../../etc/passwd.md"), Path("x/plan 2025 (final)!.docx"), Path("Bérénice–plan.pdf"),
             Path("a/<script>.md"), Path("...."), Path("x/" + "long" * 50 + ".md")]
    for p in nasty:
        stem = output_stem(p)
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,60}-[0-9a-f]{8}", stem), stem
    assert output_stem(Path("Bérénice–plan.pdf")).startswith("Berenice-plan_pdf-")
    assert output_stem(Path("one/plan.docx")) != output_stem(Path("two/plan.docx"))
    assert output_stem(Path("one/plan.docx")) != output_stem(Path("one/plan.pdf"))
    assert output_stem(Path("one/plan.docx")) == output_stem(Path("one/../one/plan.docx"))


def test_every_report_format_has_a_file_suffix():
    from jfp.report import Format

    assert set(FORMAT_SUFFIX) == {f.value for f in Format}
    assert len(set(FORMAT_SUFFIX.values())) == len(FORMAT_SUFFIX)


def test_find_icb_from_title_or_text():
    assert find_icb(["Joint forward plan", "Welcome to NHS Kestrel Integrated Care Board's plan"]) == (
        "NHS Kestrel Integrated Care Board")
    assert find_icb(["NHS England asks NHS Bath and North East Somerset, Swindon and Wiltshire ICB"]) == (
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board")
    assert find_icb(["A plan for the NHS", None]) is None


def test_neutralise_formula_cells():
    for bad in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralise(bad) == "'" + bad
    assert neutralise("plain") == "plain"
    assert neutralise(None) == ""
    assert neutralise(81.5) == "81.5"


# --------------------------------------------------------------------------- fault isolation


def test_bad_documents_become_error_rows_and_good_results_are_kept(tmp_path, plans, faults):
    (plans / "corrupt.docx").write_bytes(b"PK\x03\x04" + os.urandom(200))
    _encrypted_pdf(plans / "locked.pdf")
    (plans / "empty.md").write_bytes(b"")
    (plans / "stuck.md").write_text("S01=met\n", encoding="utf-8")
    faults("hang:stuck.md")
    out = tmp_path / "out"
    started = time.monotonic()
    result = _run(discover([plans]), out, timeout=2.5)
    assert time.monotonic() - started < 25
    rows = _by_name(result)
    assert set(rows) == {"kestrel.docx", "heron.docx", "osprey.md", "corrupt.docx", "locked.pdf", "empty.md", "stuck.md"}
    assert {n: rows[n].error_reason for n in rows if rows[n].outcome == "error"} == {
        "corrupt.docx": "corrupt", "locked.pdf": "encrypted", "empty.md": "empty", "stuck.md": "timeout"}
    assert all(rows[n].error for n in ("corrupt.docx", "locked.pdf", "empty.md", "stuck.md"))
    assert rows["kestrel.docx"].icb == "NHS Kestrel Integrated Care Board"
    assert rows["osprey.md"].icb == "NHS Osprey and Teal Integrated Care Board"
    assert [c.status for c in rows["kestrel.docx"].requirements] == ["met", "met", "partial", "missing"]
    assert rows["heron.docx"].gate_passed is False
    if sys.platform.startswith("linux"):
        assert 10 < rows["kestrel.docx"].peak_mb < 2048
    for name in ("kestrel.docx", "heron.docx", "osprey.md"):
        report = json.loads((out / rows[name].reports["json"]).read_text())
        assert report["document"]["path"].endswith(name)
    assert result.exit_code == 3
    assert not any((out / "reports").glob(output_stem(plans / "stuck.md") + ".*"))


def test_dying_crashing_and_oversized_workers_lose_only_their_document(tmp_path, plans, faults):
    for name in ("dies.md", "boom.md", "huge.md"):
        (plans / name).write_text("S01=met S02=met\n", encoding="utf-8")
    faults("exit:dies.md|crash:boom.md|oom:huge.md")
    result = _run(discover([plans]), tmp_path / "out", max_memory_mb=1024)
    rows = _by_name(result)
    assert rows["dies.md"].error_reason == "worker-died" and "exit code 70" in rows["dies.md"].error
    assert rows["boom.md"].error_reason == "crash" and "simulated parser crash" in rows["boom.md"].error
    assert rows["huge.md"].error_reason == "memory"
    assert [rows[n].outcome for n in ("kestrel.docx", "heron.docx", "osprey.md")] == ["checked"] * 3


def test_exit_code_is_the_worst_outcome():
    ok = DocResult(file="a", stem="a", outcome="checked", gate_passed=True)
    failed = ok.model_copy(update={"gate_passed": False})
    broken = error_row("c", "c", "corrupt", "bad zip.")
    assert BatchResult(rows=[ok, ok], total=2).exit_code == 0
    assert BatchResult(rows=[ok, failed], total=2).exit_code == 1
    assert BatchResult(rows=[broken, failed, ok], total=3).exit_code == 3
    assert BatchResult(rows=[], total=0).exit_code == 0
    assert BatchResult(rows=[ok], total=3, interrupted=True).exit_code == 130


# --------------------------------------------------------------------------- summaries


def test_summary_csv_and_json(tmp_path, plans, monkeypatch):
    (plans / "+evil.md").write_text('=HYPERLINK("http://x","click")\nS01=met\n', encoding="utf-8")
    (plans / "nothing.txt").write_bytes(b"")
    out = tmp_path / "out"
    monkeypatch.chdir(plans)  # relative paths, so the file cell itself starts with "+"
    result = _run(discover(["."]), out, formats=["json"])
    with open(out / "summary.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [Path(r["file"].lstrip("'")).name for r in table] == [Path(r.file).name for r in result.rows]
    evil = next(r for r in table if "evil" in r["file"])
    assert evil["file"].startswith("'") and evil["title"] == "'=HYPERLINK(\"http://x\",\"click\")"
    kestrel = next(r for r in table if r["file"].endswith("kestrel.docx"))
    assert (kestrel["S01 integration"], kestrel["P01 consultation-summary"], kestrel["gate"]) == ("met", "partial", "pass")
    assert kestrel["met"] == "2" and kestrel["report"].startswith("reports/")
    empty = next(r for r in table if r["file"].endswith("nothing.txt"))
    assert (empty["outcome"], empty["error_reason"], empty["S01 integration"]) == ("error", "empty", "")
    for row in table:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())

    summary = json.loads((out / "summary.json").read_text())
    assert summary["run"]["total"] == 5 and summary["run"]["errors"] == 1 and summary["run"]["exit_code"] == 3
    assert summary["rulepack"]["id"]
    s01 = next(r for r in summary["requirements"] if r["code"] == "S01")
    assert (s01["met"], s01["partial"]) == (3, 1)  # kestrel, osprey, evil; heron
    assert [Path(d["file"]).name for d in summary["documents"]] == [Path(r.file).name for r in result.rows]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.stack, self.text = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "input", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_heatmap_is_self_contained_and_escaped(tmp_path, plans):
    name = "<img src=x onerror=alert(1)>&.md"
    (plans / name).write_text("# <b>NHS Fake & Co ICB</b>\nS01=met\n", encoding="utf-8")
    out = tmp_path / "out"
    _run(discover([plans]), out)
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;&amp;.md" in page
    assert ">kestrel.docx</a>" in page and f'title="{plans / "kestrel.docx"}"' in page  # shared folder dropped
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert "link" not in parser.tags and "img" not in parser.tags
    assert not any("src" in a for t, a in parser.attrs if t == "script")
    assert not re.search(r"https?://", page)
    hrefs = [a["href"] for t, a in parser.attrs if t == "a"]
    assert hrefs and all((out / h.split("#")[0]).is_file() for h in hrefs)
    headers = "".join(parser.text)
    assert "3/4 met" in headers  # S01: kestrel, osprey and the escaped-name plan; heron is partial


# --------------------------------------------------------------------------- resume


def test_rerun_skips_unchanged_and_force_redoes(tmp_path, plans, faults):
    (plans / "empty.md").write_bytes(b"")
    (plans / "dies.md").write_text("S01=met\n", encoding="utf-8")
    faults("exit:dies.md")
    out = tmp_path / "out"
    files = discover([plans])
    first = _run(files, out)
    assert not any(r.reused for r in first.rows)
    (plans / "osprey.md").write_text("# Osprey\nS01=missing\n", encoding="utf-8")
    second = _by_name(_run(files, out))
    assert {n for n, r in second.items() if r.reused} == {"kestrel.docx", "heron.docx", "empty.md"}
    assert second["osprey.md"].gate_passed is False  # re-checked: the new content counts
    assert second["dies.md"].error_reason == "worker-died" and not second["dies.md"].reused  # retried
    third = _run(files, out, force=True)
    assert not any(r.reused for r in third.rows)
    changed = _run(files, out, options=Options(fail_on="none"))
    assert not any(r.reused for r in changed.rows)
    more = _run(files, out, options=Options(fail_on="none"), formats=["json"])
    assert sum(r.reused for r in more.rows) == 4


class _StopAfter(NullProgress):
    def __init__(self, n):
        self.n = n

    def finished(self, row):
        self.n -= 1
        if self.n == 0:
            raise KeyboardInterrupt


def test_interrupted_run_keeps_finished_work_and_resumes(tmp_path, plans):
    out = tmp_path / "out"
    files = discover([plans])
    result = _run(files, out, jobs=1, progress=_StopAfter(1))
    assert result.interrupted and result.exit_code == 130
    assert len(result.rows) == 1
    summary = json.loads((out / "summary.json").read_text())
    assert summary["run"]["interrupted"] is True and len(summary["documents"]) == 1
    resumed = _run(files, out, jobs=1)
    assert len(resumed.rows) == 3 and sum(r.reused for r in resumed.rows) == 1


def test_progress_bar_and_log_lines_survive_odd_file_names():
    import io

    from rich.console import Console

    from jfp.batch.progress import LineProgress, RichProgress

    ok = DocResult(file="plans/[bold]north.docx", stem="n", outcome="checked", score=81.5, gate_passed=True)
    bad = error_row("plans/[red]south.pdf", "s", "encrypted", "is password-protected.")
    buf = io.StringIO()
    bar = RichProgress(Console(file=buf, force_terminal=True, width=160))
    bar.begin(3, 1)
    bar.started(ok.file)
    bar.started(bad.file)
    bar.finished(bad)
    bar.finished(ok)
    bar.end()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buf.getvalue())
    assert "ERROR plans/[red]south.pdf: encrypted" in text and "1 failed" in text and "3/3" in text
    lines = io.StringIO()
    log = LineProgress(lines)
    log.begin(2, 0)
    log.finished(bad)
    log.finished(ok)
    assert lines.getvalue().splitlines() == [
        "jfp batch: 2 documents",
        "[1/2] ERROR plans/[red]south.pdf: encrypted: is password-protected.",
        "[2/2] pass  plans/[bold]north.docx  score 81.5",
    ]


# --------------------------------------------------------------------------- CLI


@pytest.fixture()
def cli(monkeypatch):
    """``jfp batch`` on the command line, checking with the fake engine."""
    import jfp.batch.command as command

    monkeypatch.setattr(command, "run_batch", functools.partial(run_batch, check=FAKE, pack=FAKE_PACK))

    def invoke(*args):
        return invoke_cli(["batch", *map(str, args)])

    return invoke


def test_cli_runs_a_folder_and_reports_exit_codes(tmp_path, plans, cli):
    out = tmp_path / "out"
    res = cli(plans, "--out", out, "--jobs", "2", "--quiet")
    assert res.exit_code == 1, res.output  # heron fails the statutory gate
    assert "[3/3]" in res.output and "summary.html" in res.output
    assert (out / "summary.csv").is_file()
    res = cli(plans / "kestrel.docx", plans / "osprey.md", "--out", out, "--quiet")
    assert res.exit_code == 0 and "2 unchanged" in res.output
    (plans / "empty.md").write_bytes(b"")
    res = cli(plans, "--out", out, "--quiet")
    assert res.exit_code == 3 and "empty" in res.output


def test_cli_reads_config_and_options_override_it(tmp_path, plans, cli, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / "jfp.toml").write_text('fail_on = "none"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    assert cli(plans, "--out", tmp_path / "o1", "-q").exit_code == 0  # heron's gap is not gated
    assert cli(plans, "--out", tmp_path / "o2", "-q", "--no-config").exit_code == 1
    assert cli(plans, "--out", tmp_path / "o3", "-q", "--fail-on", "statutory").exit_code == 1
    monkeypatch.chdir(tmp_path)
    assert cli(plans, "--out", tmp_path / "o4", "-q", "--config", project / "jfp.toml").exit_code == 0
    (project / "jfp.toml").write_text('fail-on = "none"\n', encoding="utf-8")
    res = cli(plans, "--out", tmp_path / "o5", "--config", project / "jfp.toml")
    assert res.exit_code == 2 and "fail-on" in res.output


def test_cli_usage_errors(tmp_path, plans, cli):
    assert cli(plans, "--out", tmp_path / "o", "--format", "bogus").exit_code == 2
    assert cli(plans, "--out", tmp_path / "o", "--fail-on", "sometimes").exit_code == 2
    assert cli(tmp_path / "nothing-here" / "*.docx", "--out", tmp_path / "o").exit_code == 2
    (tmp_path / "afile").write_text("x")
    assert cli(plans, "--out", tmp_path / "afile").exit_code == 2
    res = cli(plans, "--out", tmp_path / "afile" / "below")
    assert res.exit_code == 2 and "cannot write" in res.output


# --------------------------------------------------------------------------- real engine


def test_real_pipeline_end_to_end(tmp_path):
    pytest.importorskip("jfp.engine.evaluate")
    pytest.importorskip("jfp.parsers.docx_read")
    d = tmp_path / "plans"
    d.mkdir()
    _docx(d / "plan.docx", "NHS Kestrel Integrated Care Board joint forward plan 2025/26 to 2029/30",
          "We will publish a research strategy with the NIHR clinical research network by March 2026.")
    (d / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (d / "empty.pdf").write_bytes(b"")
    _encrypted_pdf(d / "locked.pdf")
    options = batch_options(Options(), jobs=2, timeout=60, formats=["html"])
    result = run_batch(discover([d]), tmp_path / "out", options, progress=NullProgress())
    rows = _by_name(result)
    plan = rows["plan.docx"]
    assert plan.outcome == "checked" and plan.icb == "NHS Kestrel Integrated Care Board"
    assert len(plan.requirements) >= 30 and plan.rulepack.id == "jfp-2025-26"  # picked from the title's 2025/26 period
    assert {n: r.error_reason for n, r in rows.items() if r.outcome == "error"} == {
        "broken.docx": "corrupt", "empty.pdf": "empty", "locked.pdf": "encrypted"}
    assert result.exit_code == 3
    report = (tmp_path / "out" / plan.reports["html"]).read_text(encoding="utf-8")
    assert all(f'id="req-{c.id}"' in report for c in plan.requirements)  # the heat map's link targets


_CLI_SCRIPT = """
import sys
from jfp.__main__ import main
sys.argv = ["jfp", "batch", *sys.argv[1:]]
main()
"""


def test_ctrl_c_keeps_finished_plans_and_exits_130(tmp_path):
    """A real Ctrl-C (SIGINT to the whole process group) while one plan hangs."""
    import signal
    import subprocess

    pytest.importorskip("jfp.engine.evaluate")
    d = tmp_path / "plans"
    d.mkdir()
    for name in ("one.md", "two.md", "stuck.md"):
        (d / name).write_text("# NHS Kestrel ICB joint forward plan\n\nWe will publish a research strategy.\n")
    out = tmp_path / "out"
    env = {**os.environ, "JFP_TESTING": "1", "JFP_TEST_FAULT": "hang:stuck.md"}
    # A shell without job control starts background commands with SIGINT ignored, and an
    # ignored signal stays ignored across exec: a suite run as "pytest &" would hand the child
    # a Ctrl-C it can never see. The child gets the default action, as a terminal's command has.
    proc = subprocess.Popen([sys.executable, "-c", _CLI_SCRIPT, str(d), "--out", str(out), "--jobs", "2", "--quiet"],
                            env=env, start_new_session=True, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with contextlib.closing(sqlite3.connect(out / "state.sqlite3", timeout=5)) as db:
                if db.execute("SELECT count(*) FROM plans").fetchone()[0] == 2:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted after 2 of 3" in err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["run"]["interrupted"] is True
    assert sorted(Path(doc["file"]).name for doc in summary["documents"]) == ["one.md", "two.md"]


def test_batch_workers_check_each_document_alone(tmp_path, monkeypatch):
    # The workers already share the cores between documents; a helper per document would
    # compete with them, and --jobs 1 would quietly use two cores. The worker's check runs
    # everything in its own process, whatever --jobs says.
    from jfp.batch.worker import check_document
    from jfp.engine.loader import load_pack
    from jfp.runner import share

    def no_sharing(*args, **kwargs):
        raise AssertionError("a batch worker's check shared its work with a helper")

    monkeypatch.setattr(share, "map_across", no_sharing)
    plan = _docx(tmp_path / "plan.docx", "We will act.",
                 *[f"We will publish plan number {i} by March 2026 with partners." for i in range(1500)])
    report, _ = check_document(plan, Options(jobs=2), load_pack())
    assert len(report.results) >= 30
