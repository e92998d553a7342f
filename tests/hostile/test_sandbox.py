"""The per-document sandbox: time and memory limits, crashes, errors passed through, fork overhead."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from hostile import forkcli
from hostile.generate import PROSE, document_xml, docx_from_parts, good_docx_bytes
from jfp.options import Options
from jfp.runner import check, read, sandbox
from jfp.errors import DocumentError, UsageError
from jfp.parsers import DEFAULT_LIMITS

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="needs os.fork and resource limits")


def _sleep() -> None:
    time.sleep(30)


def _hog() -> int:
    return len(bytearray(4 * 1024**3))


def _abort() -> None:
    os.abort()


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _refuse() -> None:
    raise DocumentError("plan.docx", "is damaged.", "corrupt")


def _bad_option() -> None:
    raise UsageError("bad rule pack")


def _bug() -> None:
    raise ValueError("boom")


def _bounded(fn, timeout=5.0, memory=256.0):
    return sandbox.bounded(fn, label="plan.docx", timeout=timeout, max_memory_mb=memory)


def test_result_comes_back_through_the_pipe() -> None:
    big = "x" * 3_000_000  # larger than a pipe buffer, so the parent must read while the child writes
    assert sandbox.bounded(str.upper, big, label="x", timeout=10, max_memory_mb=256) == big.upper()


def test_hang_becomes_a_timeout_and_the_child_is_gone() -> None:
    start = time.monotonic()
    with pytest.raises(DocumentError) as info:
        _bounded(_sleep, timeout=0.5)
    assert info.value.reason == "timeout"
    assert "0.5-second time limit" in str(info.value) and str(info.value).startswith("plan.docx: ")
    assert time.monotonic() - start < 3
    # No zombie left behind. Other tests' long-lived children (batch's forkserver) may still
    # run, so "no children at all" is too strict: none may be waiting to be reaped.
    try:
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        pass


def test_memory_blow_up_becomes_too_large() -> None:
    with pytest.raises(DocumentError) as info:
        _bounded(_hog, memory=200)
    assert info.value.reason == "too-large" and "200 MB memory limit" in str(info.value)


@pytest.mark.parametrize("fn", [_abort, _killed])
def test_a_crashing_child_is_one_sentence(fn) -> None:
    with pytest.raises(DocumentError) as info:
        _bounded(fn)
    assert info.value.reason in ("crashed", "too-large")
    assert "\n" not in str(info.value)


def test_errors_raised_in_the_child_come_back_unchanged() -> None:
    with pytest.raises(DocumentError) as info:
        _bounded(_refuse)
    assert (info.value.path, info.value.detail, info.value.reason) == ("plan.docx", "is damaged.", "corrupt")
    with pytest.raises(UsageError, match="bad rule pack"):
        _bounded(_bad_option)
    with pytest.raises(DocumentError) as info:
        _bounded(_bug)
    assert info.value.reason == "crashed" and "ValueError: boom" in str(info.value)


def test_no_limits_runs_in_process() -> None:
    assert sandbox.bounded(os.getpid, label="x", timeout=None, max_memory_mb=None) == os.getpid()
    assert _bounded(os.getpid) != os.getpid()


def test_fork_overhead_is_small() -> None:
    forkcli.warm_up()
    start = time.perf_counter()
    for _ in range(10):
        sandbox.bounded(len, "abc", label="x", timeout=10, max_memory_mb=256)
    per_call = (time.perf_counter() - start) / 10
    assert per_call < 0.1, f"{per_call * 1000:.0f} ms per bounded call"


def test_the_options_limits_reach_the_sandbox(tmp_path: Path) -> None:
    plan = tmp_path / "plan.docx"
    plan.write_bytes(good_docx_bytes())
    report = check([plan], Options(limits=replace(DEFAULT_LIMITS, timeout_seconds=60)))
    assert report.document.path == str(plan)
    with pytest.raises(DocumentError) as info:
        check([plan], Options(limits=replace(DEFAULT_LIMITS, timeout_seconds=0.001)))
    assert info.value.reason == "timeout" and str(plan) in str(info.value)


def test_cli_options_set_the_limits(tmp_path: Path) -> None:
    plan = tmp_path / "plan.docx"
    plan.write_bytes(good_docx_bytes())
    big = tmp_path / "big.docx"
    paras = "".join(f"<w:p><w:r><w:t>{PROSE} {i}</w:t></w:r></w:p>" for i in range(20000))
    big.write_bytes(docx_from_parts({"word/document.xml": document_xml(paras)}))
    forkcli.warm_up()
    ok, slow, bad = forkcli.run_many([
        ["check", "--no-config", "--format", "json", "--timeout", "60", "--max-memory", "512", str(plan)],
        ["check", "--no-config", "--timeout", "0.001", str(plan)],
        ["check", "--no-config", "--timeout", "-1", str(plan)],
    ], tmp_path)
    # A fresh interpreter: a long-lived parent's free heap would let the child grow without
    # new address space, so the same budget would not bite.
    small = subprocess.run([sys.executable, "-m", "jfp", "outline", "--max-memory", "20", str(big)],
                           capture_output=True, text=True, timeout=60)
    assert ok.returncode == 1 and ok.stdout.startswith("{")  # the one-heading plan misses requirements
    assert slow.returncode == 3 and "time limit" in slow.stderr and len(slow.stderr.splitlines()) == 1
    assert small.returncode == 3 and "20 MB memory limit" in small.stderr and len(small.stderr.splitlines()) == 1
    assert bad.returncode == 2


def _gone(pid: int, within: float) -> bool:
    """Whether ``pid`` has exited (gone, or a zombie nobody reaped yet) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_a_page_reading_helper_dies_with_a_document_stopped_at_the_time_limit(monkeypatch, tmp_path):
    from pagereaders import in_page_reading_helper

    pid_file = tmp_path / "helper.pid"

    def hang() -> None:  # the helper hangs on its first chunk, as on a hostile page
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    in_page_reading_helper(monkeypatch, hang)
    layout = Path(__file__).resolve().parent.parent / "fixtures" / "pdf" / "layout.pdf"
    with pytest.raises(DocumentError) as err:
        read(layout, Options(jobs=2, limits=replace(DEFAULT_LIMITS, timeout_seconds=1.5)))
    assert err.value.reason == "timeout"
    helper = int(pid_file.read_text())
    assert _gone(helper, within=5.0), "the page-reading helper outlived the document it was reading for"
