"""jfp.prefetch: the head start on a PDF or DOCX named on the command line.

It may make ``jfp outline`` and ``jfp check`` faster, never different: the same output,
the same errors, and no stream used for other bytes or beyond the parser's limits.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from jfpenv import jfp_env

from jfp import prefetch
from jfp.parsers import DEFAULT_LIMITS, sha256_of
from jfp.parsers.recording import Recording

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "harrowfield-thin.pdf"
SAMPLE_DOCX = ROOT / "samples" / "harrowfield-thin.docx"
FIX = ROOT / "tests" / "fixtures" / "pdf"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the head start needs os.fork")


@pytest.fixture(autouse=True)
def _no_leftover_child():
    yield
    prefetch.finish()


@pytest.fixture
def enabled(monkeypatch):
    monkeypatch.delenv("JFP_NO_PREFETCH", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_the_document_argument_is_the_first_existing_pdf_or_docx_of_outline_or_check(tmp_path):
    plan, annex, notes, word = tmp_path / "plan.PDF", tmp_path / "annex.pdf", tmp_path / "notes.md", tmp_path / "plan.docx"
    for f in (plan, annex, notes, word):
        f.write_bytes(b"x")
    assert prefetch.document_argument(["outline", str(plan)]) == str(plan)
    assert prefetch.document_argument(["check", "--format", "json", str(tmp_path / "gone.pdf"), str(annex), str(plan)]) == str(annex)
    assert prefetch.document_argument(["check", str(notes), str(word), str(plan)]) == str(word)
    assert prefetch.document_argument(["check", str(notes)]) is None
    assert prefetch.document_argument(["batch", str(plan)]) is None
    assert prefetch.document_argument(["rules", "show", str(plan)]) is None
    assert prefetch.document_argument([]) is None


def test_switched_off_by_the_environment(monkeypatch):
    monkeypatch.setenv("JFP_NO_PREFETCH", "1")
    assert not prefetch.enabled()
    prefetch.start(["outline", str(SAMPLE)])
    assert not prefetch.pending(SAMPLE)


def _read_here(path: Path) -> Recording:
    from jfp.parsers import docx_read, pdf_read

    reader = pdf_read if path.suffix == ".pdf" else docx_read
    return reader.read_into(str(path), path.read_bytes(), DEFAULT_LIMITS, Recording())


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_DOCX], ids=["pdf", "docx"])
def test_what_is_read_ahead_is_what_is_read_here(enabled, sample):
    data = sample.read_bytes()
    prefetch.start(["outline", str(sample)])
    assert prefetch.pending(sample)
    got = prefetch.take(str(sample), sha256_of(data), DEFAULT_LIMITS)
    assert got is not None and got.calls
    assert got == _read_here(sample)
    # Used once.
    assert not prefetch.pending(sample)
    assert prefetch.take(str(sample), sha256_of(data), DEFAULT_LIMITS) is None


@pytest.mark.parametrize("sample", [SAMPLE, SAMPLE_DOCX], ids=["pdf", "docx"])
def test_replaying_the_recording_builds_the_document_parse_builds(sample):
    from jfp.parsers import parse
    from jfp.parsers.builder import DocumentBuilder

    data = sample.read_bytes()
    fmt = sample.suffix[1:]
    replayed = _read_here(sample).replay(DocumentBuilder(str(sample), fmt, sha256_of(data), len(data)))
    assert replayed == parse(sample)


def test_a_recording_is_replayed_only_once_its_parse_finished():
    with pytest.raises(ValueError):
        Recording().replay(object())


def test_no_recording_for_other_bytes_or_another_path(enabled, tmp_path):
    prefetch.start(["outline", str(SAMPLE)])
    other = tmp_path / "other.pdf"
    shutil.copy(SAMPLE, other)
    assert prefetch.take(str(other), sha256_of(SAMPLE.read_bytes()), DEFAULT_LIMITS) is None
    assert prefetch.take(str(SAMPLE), "0" * 64, DEFAULT_LIMITS) is None  # the file changed meanwhile


def test_no_recording_beyond_the_parsers_page_limit(enabled):
    prefetch.start(["outline", str(SAMPLE)])
    tight = replace(DEFAULT_LIMITS, max_pages=1)
    assert prefetch.take(str(SAMPLE), sha256_of(SAMPLE.read_bytes()), tight) is None


def test_no_recording_when_the_child_needed_more_memory_than_the_parser_may(enabled, monkeypatch):
    import jfp.sandbox

    # The child is a fork of this process, so it reports this (huge) peak.
    monkeypatch.setattr(jfp.sandbox, "peak_address_space", lambda: 1 << 50)
    prefetch.start(["outline", str(SAMPLE)])
    assert prefetch.take(str(SAMPLE), sha256_of(SAMPLE.read_bytes()), DEFAULT_LIMITS) is None


def test_a_file_the_child_cannot_read_gives_no_recording(enabled):
    bad = FIX / "encrypted.pdf"
    prefetch.start(["outline", str(bad)])
    assert prefetch.take(str(bad), sha256_of(bad.read_bytes()), DEFAULT_LIMITS) is None


def test_no_recording_of_a_docx_when_the_run_has_stricter_zip_limits(enabled):
    prefetch.start(["outline", str(SAMPLE_DOCX)])
    strict = replace(DEFAULT_LIMITS, max_zip_ratio=DEFAULT_LIMITS.max_zip_ratio / 2)
    assert prefetch.take(str(SAMPLE_DOCX), sha256_of(SAMPLE_DOCX.read_bytes()), strict) is None


def test_finish_stops_and_reaps_a_child_nobody_took(enabled):
    prefetch.start(["check", str(SAMPLE)])
    pid = prefetch._pending.pid
    prefetch.finish()
    assert not prefetch.pending(SAMPLE)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _python(args: list[str], cwd: Path, prefetching: bool = True) -> subprocess.CompletedProcess:
    """``python ARGS`` in a fresh interpreter, with the head start on or off."""
    env = jfp_env(prefetching)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd)


def _jfp(args: list[str], prefetching: bool, cwd: Path) -> subprocess.CompletedProcess:
    return _python(["-m", "jfp", *args], cwd, prefetching)


@pytest.mark.parametrize(
    "args",
    [
        ["outline", str(SAMPLE), "--format", "json"],
        ["check", str(SAMPLE), "--format", "json"],
        ["outline", str(SAMPLE_DOCX), "--format", "json"],
        ["check", str(SAMPLE_DOCX), "--format", "json"],
        ["outline", str(FIX / "encrypted.pdf")],
        ["outline", str(FIX / "image-only.pdf")],
    ],
    ids=["outline", "check", "outline-docx", "check-docx", "encrypted", "scanned"],
)
def test_the_command_says_the_same_with_and_without_a_head_start(args, tmp_path):
    ahead, plain = _jfp(args, True, tmp_path), _jfp(args, False, tmp_path)
    assert (ahead.returncode, ahead.stdout, ahead.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert ahead.stdout or ahead.stderr


def test_the_command_line_uses_the_head_start(tmp_path):
    marker = tmp_path / "taken"
    script = (
        "import sys\n"
        "from jfp import prefetch\n"
        "real = prefetch.take\n"
        "def take(*args, **kwargs):\n"
        "    stream = real(*args, **kwargs)\n"
        f"    open({str(marker)!r}, 'w').write(str(stream is not None))\n"
        "    return stream\n"
        "prefetch.take = take\n"
        f"sys.argv = ['jfp', 'outline', {str(SAMPLE)!r}]\n"
        "from jfp.__main__ import main\n"
        "main()\n"
    )
    done = _python(["-c", script], tmp_path)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == str((os.cpu_count() or 1) > 1)


def test_an_orphaned_child_outlives_no_default_time_limit():
    assert DEFAULT_LIMITS.timeout_seconds < prefetch._ALARM_SECONDS <= DEFAULT_LIMITS.timeout_seconds + 5


def test_a_damaged_docx_gets_the_same_sentence_with_and_without_a_head_start(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(SAMPLE_DOCX.read_bytes()[: 3000])  # a zip cut short
    ahead, plain = _jfp(["check", str(broken)], True, tmp_path), _jfp(["check", str(broken)], False, tmp_path)
    assert (ahead.returncode, ahead.stdout, ahead.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert ahead.returncode == 3 and "broken.docx" in ahead.stderr


def test_waiting_for_a_head_start_is_bounded_by_the_time_limit(enabled, monkeypatch):
    import time

    from jfp.errors import DocumentError
    from jfp.parsers import pdf_read

    # The child is a fork of this process: it hangs as pdfium would on a hostile file.
    monkeypatch.setattr(pdf_read, "read_into", lambda *args: time.sleep(30))
    prefetch.start(["outline", str(SAMPLE)])
    pid = prefetch._pending.pid
    started = time.monotonic()
    with pytest.raises(DocumentError) as err:
        prefetch.take(str(SAMPLE), sha256_of(SAMPLE.read_bytes()), DEFAULT_LIMITS, timeout=0.5)
    assert err.value.reason == "timeout" and "0.5-second time limit" in str(err.value)
    assert time.monotonic() - started < 5
    prefetch.finish()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(ROOT / "samples" / "harrowfield-gaps.docx"), "--format", "json"],
        ["check", str(ROOT / "samples" / "harrowfield-strong.docx"), "--format", "json"],
        ["outline", str(SAMPLE_DOCX)],
        ["check", "missing.pdf"],
        ["outline", str(SAMPLE), "--format", "yaml"],
    ],
    ids=["gate-fails", "gate-passes", "outline", "unreadable", "usage"],
)
def test_the_console_entry_point_says_what_the_cli_says(args, tmp_path):
    """The entry point's quick exit (no interpreter teardown) keeps output and exit code."""
    from typer.testing import CliRunner

    from jfp.cli import app

    expected = CliRunner().invoke(app, args)
    got = _jfp(args, True, tmp_path)
    assert got.returncode == expected.exit_code
    assert got.stdout == expected.stdout


@pytest.mark.parametrize("command, raised", [("outline", 5), ("check", 0)])
def test_only_outline_yields_the_cpu_to_its_reader(command, raised, tmp_path):
    # In a child interpreter: a lowered priority cannot be raised again.
    script = (
        "import os\n"
        "from jfp import prefetch\n"
        "before = os.nice(0)\n"
        f"prefetch.start([{command!r}, {str(SAMPLE)!r}])\n"
        "print(os.nice(0) - before)\n"
        "prefetch.finish()\n"
    )
    done = _python(["-c", script], tmp_path)
    assert done.returncode == 0, done.stderr
    expected = raised if (os.cpu_count() or 1) > 1 else 0
    assert int(done.stdout) == min(expected, 19 - os.nice(0))
