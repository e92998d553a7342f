"""Hostile batch inputs (issue 12.3): devices, FIFOs and symlink loops never hang a batch.

Only regular files are opened: a FIFO, a link to ``/dev/zero`` or ``/dev/urandom``, in a
folder or on the command line, gets a row "not a regular file"; links are resolved and
de-duplicated by real path; loops in a folder or glob neither hang nor multiply a plan; a
link leaving the input folders is skipped with a row saying so; hashing a plan is under
the time limit. The batch runs in a forked ``jfp`` (``forkcli``) killed after
``KILL_AFTER``, so a hang fails the test rather than the suite.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from hostile import forkcli
from jfp.batch.discover import NOT_REGULAR, OUTSIDE_INPUTS, find_plans

KILL_AFTER = 40.0
PLAN = "# NHS Heron Integrated Care Board Joint Forward Plan 2025/26\n\nWe will publish a research strategy by 2026.\n"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """inbox/ with two real plans, a duplicate link, two loops, a FIFO, device links and a link out."""
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "heron.md").write_text(PLAN, encoding="utf-8")
    (inbox / "sub" / "osprey.md").write_text(PLAN.replace("Heron", "Osprey"), encoding="utf-8")
    (inbox / "again.md").symlink_to(inbox / "heron.md")
    (inbox / "sub" / "loop").symlink_to(inbox)
    (inbox / "loop2").symlink_to(inbox / "sub")
    os.mkfifo(inbox / "pipe.md")
    (inbox / "zero.md").symlink_to("/dev/zero")
    (inbox / "random.txt").symlink_to("/dev/urandom")
    (tmp_path / "private.md").write_text("# Reviewer's private notes: confidential\n", encoding="utf-8")
    (inbox / "notes.md").symlink_to(tmp_path / "private.md")
    return inbox


def _names(paths) -> list[str]:
    return sorted(Path(p).name for p in paths)


@pytest.mark.parametrize("spelling", ["{inbox}", "{inbox}/**", "{inbox}/**/*.md", "{inbox}/*", "{inbox}/**/**/*"])
def test_discovery_keeps_each_real_plan_once_and_sets_the_rest_aside(tree, spelling):
    start = time.perf_counter()
    found = find_plans([spelling.format(inbox=tree)])
    assert time.perf_counter() - start < 2
    assert _names(found.files) == ["heron.md", "osprey.md"]
    reasons = {Path(p).name: why[0] for p, why in found.skipped.items()}
    expected = {"pipe.md": NOT_REGULAR, "zero.md": NOT_REGULAR, "random.txt": NOT_REGULAR, "notes.md": OUTSIDE_INPUTS}
    if spelling.endswith("*.md"):
        expected.pop("random.txt")
    assert reasons == expected


def test_a_glob_through_two_loops_finds_each_plan_once(tree):
    start = time.perf_counter()
    found = find_plans([f"{tree}/*/**/*", f"{tree}/sub/loop/**/*.md", f"{tree}/loop2/**"])
    assert time.perf_counter() - start < 2
    # Links to folders found while walking are not followed, so loop/ and loop2/ add nothing;
    # a folder typed as a glob's base (sub/loop) is walked as typed, and its plans are still each counted once.
    assert _names(found.files) == ["heron.md", "osprey.md"]


def test_devices_named_on_the_command_line_are_rows_not_reads(tree):
    found = find_plans([tree / "zero.md", "/dev/zero", tree / "pipe.md", tree / "heron.md", tree / "again.md",
                        "/dev/urandom"])
    assert _names(found.files) == ["heron.md"]  # again.md is the same file
    assert {why[0] for why in found.skipped.values()} == {NOT_REGULAR}
    assert _names(found.skipped) == ["pipe.md", "urandom", "zero.md"]  # zero.md is /dev/zero: one row


def test_a_file_named_outright_is_read_wherever_its_link_points(tree):
    found = find_plans([tree / "notes.md"])
    assert _names(found.files) == ["notes.md"] and not found.skipped


def test_batch_of_a_hostile_folder_finishes_with_a_row_for_each_path(tree, tmp_path):
    forkcli.warm_up()
    out = tmp_path / "out"
    (run,) = forkcli.run_many([["batch", str(tree), str(tree / "zero.md"), "/dev/urandom", "--out", str(out),
                                "--no-config", "--jobs", "1", "--quiet", "--timeout", "20"]], tmp_path,
                              kill_after=KILL_AFTER)
    assert run.seconds < KILL_AFTER / 2, run
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 3, run.stderr  # some paths were not read
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {Path(d["file"]).name: d for d in summary["documents"]}
    # /dev/urandom is random.txt's real file: one row, under the name found first
    assert sorted(rows) == ["heron.md", "notes.md", "osprey.md", "pipe.md", "random.txt", "zero.md"]
    for name in ("pipe.md", "random.txt", "zero.md"):
        assert rows[name]["error_reason"] == NOT_REGULAR and "not a regular file" in rows[name]["error"]
    assert rows["notes.md"]["error_reason"] == OUTSIDE_INPUTS and "outside the input folders" in rows["notes.md"]["error"]
    assert rows["heron.md"]["outcome"] == rows["osprey.md"]["outcome"] == "checked"
    assert "confidential" not in (out / "summary.html").read_text(encoding="utf-8")


def test_hashing_is_under_the_time_limit(tmp_path, monkeypatch):
    """A plan whose bytes come slowly (a stalled network share) becomes a timeout row, not a stuck parent."""
    from jfp.batch import manifest
    from jfp.batch.manifest import HashTimeout, file_sha256

    plan = tmp_path / "big.md"
    plan.write_bytes(b"x" * (3 << 20))
    real_read = os.read

    def slow_read(fd, n):
        time.sleep(0.2)
        return real_read(fd, n)

    monkeypatch.setattr(manifest.os, "read", slow_read)
    start = time.perf_counter()
    with pytest.raises(HashTimeout):
        file_sha256(plan, deadline=time.monotonic() + 0.3)
    assert time.perf_counter() - start < 1.5
    monkeypatch.setattr(manifest.os, "read", real_read)
    assert file_sha256(plan) is not None
    assert file_sha256(plan, max_bytes=1 << 20) is None  # over the size limit: the worker says so
    os.mkfifo(tmp_path / "pipe.md")
    assert file_sha256(tmp_path / "pipe.md") is None  # opened non-blocking: no hang
